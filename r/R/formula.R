# Formulas: a bundled name or a TOML file, then scenario files, then changes. Each argument
# (budget, set, period, a sensitivity's estimates) becomes a change of one key, named by the
# argument as the user wrote it, so that an error says "argument budget = -5: ..." and the
# formula (and its hash) is the command line's for the same values: never TOML text.

#' A formula
#'
#' Loads and checks a formula: a bundled name (see [seni_formulas()]) or the path of a `.toml`
#' file, then scenario files, then changes. Every problem is reported at once, as a
#' `seni_formula_error` naming the file, line and key.
#'
#' Values in `set` are scalars when of length one (a whole number is an integer, as
#' `--set key=2` reads it, so both give the same formula and hash), arrays when longer or
#' given as an unnamed `list()` or `I(x)`, tables when a named `list()`.
#'
#' @param formula a bundled name, a path, or a `seni_formula` to change further
#' @param budget the main program's budget in dollars (a number, or text such as `"900M"`)
#' @param set named list of other changes, e.g. `list(indicators.chronic_absence.weight = 2)`
#' @param scenario paths of scenario files, applied in order
#' @param period the period to compute, when the data hold several
#' @return a `seni_formula`: `$name`, `$title`, `$description`, `$hash` (identifies the
#'   effective formula), `$notes`, `$indicators`, `$scenarios`, `$allocates`,
#'   `$uncertain_inputs` (how many inputs its `[uncertainty]` varies)
#' @examples
#' f <- seni_formula("seni-lausd-open", budget = 900e6)
#' f$hash
#' @export
seni_formula <- function(formula = "seni", budget = NULL, set = NULL, scenario = NULL,
                         period = NULL) {
  args <- list(budget = budget, set = set, scenario = scenario, period = period)
  make_formula(formula, args, sys.call())
}

# The formula `formula` (a name, a path or a seni_formula) changed by `args` (budget, set,
# scenario, period: the arguments of seni_formula(), also taken by every analysis), checked;
# an error is raised as one of `call`.
make_formula <- function(formula, args, call) {
  known <- c("budget", "set", "scenario", "period")
  unknown <- setdiff(names(args) %||% rep("", length(args)), known)
  if (length(unknown)) {
    usage_error(sprintf("unknown argument '%s'", unknown[1]),
                "the formula's arguments are budget, set, scenario and period", call)
  }
  recipe <- if (inherits(formula, "seni_formula")) {
    attr(formula, "recipe")
  } else {
    if (!is.character(formula) || length(formula) != 1 || is.na(formula)) {
      usage_error("formula must be a bundled name or the path of a .toml file",
                  "e.g. formula = \"seni\" (see seni_formulas())", call)
    }
    list(source = path.expand(formula), scenarios = character(), changes = list())
  }
  recipe$scenarios <- c(recipe$scenarios, path.expand(as.character(args$scenario)))
  recipe$changes <- c(recipe$changes, argument_changes(args$budget, args$set, args$period, call))
  load_formula(recipe, call)
}

`%||%` <- function(x, y) if (is.null(x)) y else x

# budget, set and period as changes: list(key, value, origin) each.
argument_changes <- function(budget, set, period, call) {
  changes <- list()
  if (!is.null(set)) {
    if (!is.list(set) || is.null(names(set)) || any(names(set) == "")) {
      usage_error("set must be a named list of key = value",
                  "e.g. set = list(indicators.chronic_absence.weight = 2)", call)
    }
    for (key in names(set)) {
      origin <- sprintf("set = list(%s = %s)", key, deparse1(set[[key]]))
      changes[[length(changes) + 1]] <- list(key = key, value = set[[key]], origin = origin)
    }
  }
  if (!is.null(budget)) {
    if (!(is.numeric(budget) || is.character(budget)) || length(budget) != 1) {
      usage_error(sprintf("budget = %s is not an amount", deparse1(budget)),
                  "give one number of dollars, e.g. budget = 900e6 or budget = \"900M\"", call)
    }
    origin <- paste("budget =", deparse1(budget))
    changes[[length(changes) + 1]] <- list(key = "budget", value = unclass(budget), origin = origin)
  }
  if (!is.null(period)) {
    origin <- paste("period =", deparse1(period))
    changes[[length(changes) + 1]] <-
      list(key = "data.use_period", value = as.character(period), origin = origin)
  }
  changes
}

# A checked formula from its recipe (source, scenario paths, changes).
load_formula <- function(recipe, call = NULL) {
  ch <- recipe$changes
  native <- check_result(formula_load(
    recipe$source, recipe$scenarios,
    vapply(ch, `[[`, "", "key"), lapply(ch, `[[`, "value"), vapply(ch, `[[`, "", "origin")
  ), call)
  native <- .savvy_wrap_SeniFormula(native)
  structure(native$info(), class = "seni_formula", native = native, recipe = recipe)
}

#' @export
print.seni_formula <- function(x, ...) {
  cat(sprintf("<seni formula> %s (%s)\n%s\n", x$name, x$hash, x$title))
  if (length(x$scenarios)) cat("scenarios:", paste(x$scenarios, collapse = ", "), "\n")
  cat(length(x$indicators), "indicators;", if (x$allocates) "allocates money" else "no allocation", "\n")
  invisible(x)
}

#' The bundled formulas
#'
#' @return a data frame: name, title, description
#' @examples
#' seni_formulas()$name
#' @export
seni_formulas <- function() {
  columns_to_df(check_result(formulas_bundled(), sys.call()))
}
