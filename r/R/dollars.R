# Money. The engine counts whole cents (64-bit integers); R gets doubles of dollars, each the
# nearest double to its amount (cents / 100, exact to the cent up to about $90 trillion), with
# class "seni_dollars": they print as $1,234.56, and sum() and friends add whole cents, so the
# allocations of a run add up to its budget exactly. Dollars that are not whole cents (dollars
# per pupil) keep their value and print rounded to the cent.

#' Dollar amounts
#'
#' Numbers of dollars that print as dollars (`$1,234.56`) and add up in whole cents. Money
#' columns of seni's tables have this class; `as.numeric()` gives plain numbers.
#' @param x numbers of dollars
#' @return a `seni_dollars` vector
#' @export
dollars <- function(x = double()) {
  structure(as.double(unclass(x)), class = "seni_dollars")
}

#' Whole cents of dollar amounts
#' @param x dollars (a `seni_dollars` vector or numbers)
#' @return doubles holding whole numbers of cents (exact)
#' @export
as_cents <- function(x) round(as.double(unclass(x)) * 100)

#' @export
format.seni_dollars <- function(x, ...) {
  v <- unclass(x)
  out <- paste0(ifelse(v < 0, "-", ""), "$",
                formatC(abs(v), format = "f", digits = 2, big.mark = ","))
  out[is.na(v)] <- NA_character_
  out
}

#' @export
as.character.seni_dollars <- function(x, ...) format(x, ...)

#' @export
print.seni_dollars <- function(x, ...) {
  if (length(x) == 0) cat("<seni_dollars[0]>\n") else print(format(x), quote = FALSE)
  invisible(x)
}

#' @export
`[.seni_dollars` <- function(x, ...) structure(NextMethod(), class = "seni_dollars")

#' @export
c.seni_dollars <- function(...) dollars(unlist(lapply(list(...), unclass)))

#' @export
as.data.frame.seni_dollars <- function(x, ...) as.data.frame.vector(x, ...)

# sum/min/max/range in whole cents when every amount is whole cents (money), so that sum() of
# an allocation is its budget exactly; otherwise (dollars per pupil) as plain numbers.
#' @export
Summary.seni_dollars <- function(..., na.rm = FALSE) {
  values <- unlist(lapply(list(...), function(x) as.double(unclass(x))))
  if (.Generic %in% c("all", "any")) return(get(.Generic)(values, na.rm = na.rm))
  cents <- values * 100
  whole <- all(is.na(cents) | abs(cents - round(cents)) < 1e-6)
  v <- if (whole) get(.Generic)(round(cents), na.rm = na.rm) / 100 else get(.Generic)(values, na.rm = na.rm)
  dollars(v)
}

#' @export
Ops.seni_dollars <- function(e1, e2) {
  v <- if (missing(e2)) get(.Generic)(unclass(e1)) else get(.Generic)(unclass(e1), unclass(e2))
  if (.Generic %in% c("+", "-", "*", "/")) dollars(v) else v
}

#' @export
mean.seni_dollars <- function(x, ...) dollars(mean(unclass(x), ...))

# ggplot2 (when installed) draws dollars on a continuous scale.
scale_type.seni_dollars <- function(x) "continuous"

register_ggplot2 <- function(...) {
  registerS3method("scale_type", "seni_dollars", scale_type.seni_dollars,
                   envir = asNamespace("ggplot2"))
}

.onLoad <- function(libname, pkgname) {
  if (isNamespaceLoaded("ggplot2")) register_ggplot2()
  setHook(packageEvent("ggplot2", "onLoad"), register_ggplot2)
}
