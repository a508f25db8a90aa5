# Runs: a formula applied to a district (the index, tiers and, when the formula allocates, the
# money), made once and read by every analysis.

#' A run: a formula on a district
#'
#' Computes the need index, ranks and tiers of every school and, when the formula allocates,
#' the money in whole cents. The analyses ([seni_compute()], [seni_allocate()],
#' [seni_explain()], [seni_compare()], [seni_audit()], [seni_sensitivity()]) take a run, or the
#' same arguments as this function.
#'
#' Bad data stop the run with a `seni_data_error` naming the data (the variable you passed, or
#' the file), the row, the column and the fix; every bad cell is reported at once.
#'
#' @param data `NULL` (the formula's bundled data), the paths of CSV files (several are joined
#'   by id), or a data frame (a tibble, a data.table): numbers, text, factors, logicals,
#'   `bit64::integer64`, Dates; `NA` is missing
#' @param formula a bundled name, a path, or a [seni_formula()]
#' @param ... changes of the formula: `budget`, `set`, `scenario`, `period` (see
#'   [seni_formula()])
#' @return a `seni_run`: `$formula`, `$label`, `$source`, `$source_hash`, `$warnings`,
#'   `$allocates`
#' @examples
#' r <- seni_run(formula = "seni-lausd-open", budget = 900e6)
#' r$formula$hash
#' @export
seni_run <- function(data = NULL, formula = "seni", ...) {
  new_run(data, formula, list(...), data_label(substitute(data)), sys.call())
}

new_run <- function(data, formula, changes, label, call) {
  f <- make_formula(formula, changes, call)
  native_f <- attr(f, "native")
  native <- if (is.data.frame(data)) {
    run_new(native_f, character(), label, df_to_columns(data, call))
  } else {
    run_new(native_f, data_paths(data, call), label)
  }
  native <- .savvy_wrap_SeniRun(check_result(native, call))
  structure(c(list(formula = f), native$info()), class = "seni_run", native = native,
            data = data, label = label, tibble = wants_tibble(data))
}

# The CSV paths of `data` (none: the formula's bundled data).
data_paths <- function(data, call) {
  if (is.null(data)) return(character())
  if (!is.character(data) || anyNA(data)) {
    usage_error(sprintf("data is %s", class(data)[1]),
                "give a data frame, the paths of CSV files, or NULL for the formula's own data",
                call)
  }
  path.expand(data)
}

# A run from the first argument of an analysis: a run as it is (no formula changes then), or
# the data to run the formula on.
as_run <- function(data, formula, changes, label, call) {
  if (!inherits(data, "seni_run")) return(new_run(data, formula, changes, label, call))
  if (!identical(formula, "seni") || length(changes)) {
    usage_error("a run already has its formula and changes",
                "give the data instead of a run, or make the run with them (seni_run())", call)
  }
  data
}

#' @export
print.seni_run <- function(x, ...) {
  cat(sprintf("<seni run> %s\ndata: %s (%s)\n", x$label, x$source, x$source_hash))
  for (w in x$warnings) cat("note:", w, "\n")
  invisible(x)
}
