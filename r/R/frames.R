# Data frames in and out. In: a data.frame (a tibble, a data.table) becomes a named list of
# vectors the Rust side reads column by column (src/rust/src/convert.rs): numbers (double,
# integer, logical as 1/0, bit64::integer64), text (character, factor by its levels; Dates and
# times as their text). Out: seni's tables come back as named lists of columns and become data
# frames here (tibbles when the data given were one, or with options(seni.tibble = TRUE)).

# The columns of `data`, as Rust reads them; anything else is a usage error naming the column.
df_to_columns <- function(data, call = NULL) {
  cols <- lapply(names(data), function(name) {
    x <- data[[name]]
    if (inherits(x, c("Date", "POSIXt"))) return(enc2utf8(as.character(x)))
    if (is.factor(x)) {
      levels(x) <- enc2utf8(levels(x))
      return(x)
    }
    # savvy reads strings as UTF-8 without translating them: make sure they are.
    if (is.character(x)) return(enc2utf8(x))
    if (inherits(x, "integer64")) return(x)
    if (is.atomic(x) && (is.numeric(x) || is.logical(x)) && is.null(dim(x))) {
      return(as.vector(unclass(x)))
    }
    usage_error(
      sprintf("column '%s' is %s, not numbers or text", name, class(x)[1]),
      "give each column as numbers, text, a factor or logical (e.g. unlist a list column)",
      call
    )
  })
  names(cols) <- enc2utf8(names(data))
  cols
}

# A named list of columns as a data frame (no copy of the columns), or a tibble.
columns_to_df <- function(cols, tibble = FALSE) {
  n <- if (length(cols)) length(cols[[1]]) else 0L
  df <- structure(cols, class = "data.frame", row.names = c(NA_integer_, -n))
  if (tibble) tibble::as_tibble(df) else df
}

# Whether the tables of a run on `data` come back as tibbles.
wants_tibble <- function(data) {
  (isTRUE(getOption("seni.tibble")) || inherits(data, "tbl_df")) &&
    requireNamespace("tibble", quietly = TRUE)
}

# The name of the data in messages: the variable the user passed (`lausd, row 5, column ...`).
data_label <- function(expr) {
  if (is.symbol(expr)) as.character(expr) else "data frame"
}
