#' How sure is each school's tier?
#'
#' Monte Carlo over the formula's `[uncertainty]`: per school the probability of each tier,
#' rank bands and allocation bands, and (with `sobol`) Sobol indices. The same seed gives the
#' same result, whatever the number of threads. R's interrupt (Esc, Ctrl-C) stops the draws
#' within a second. A run that would need more memory than is free is refused before it
#' starts, saying how many draws fit. A formula whose `[uncertainty]` varies nothing gives a
#' `seni_warning` (vary the weights with
#' `set = list(uncertainty.weights = list(kind = "dirichlet"))`).
#'
#' @inheritParams seni_compute
#' @param draws number of draws (default: the formula's, else 1,000)
#' @param seed random seed (default: the formula's)
#' @param estimates `TRUE` to draw every survey estimate from its margin of error (indicators
#'   with `moe`), alone or with the formula's other uncertain inputs
#' @param sobol base samples for Sobol indices (`sobol * (k + 2)` model runs)
#' @param school the school whose allocation the Sobol indices explain
#' @return outputs with `$schools` (tier probabilities, rank and allocation bands),
#'   `$sobol` (with `sobol`) and `$sensitivity` (the summary)
#' @examples
#' s <- seni_sensitivity(draws = 200, seed = 7)
#' head(s$schools)
#' @export
seni_sensitivity <- function(data = NULL, formula = "seni", ..., draws = NULL, seed = NULL,
                             estimates = FALSE, sobol = NULL, school = NULL) {
  call <- sys.call()
  draws <- whole_number("draws", draws, 2, call)
  seed <- whole_number("seed", seed, 0, call)
  sobol <- whole_number("sobol", sobol, 1, call)
  if (!is.null(school) && (length(school) != 1 || is.na(school))) {
    usage_error("school must be one school's id", "e.g. school = \"1900205\"", call)
  }
  if (!isTRUE(estimates) && !isFALSE(estimates)) {
    usage_error("estimates must be TRUE or FALSE", "e.g. estimates = TRUE", call)
  }
  label <- data_label(substitute(data))
  if (estimates) {
    # The survey estimates vary: a change of the formula, named by this argument.
    if (inherits(data, "seni_run")) {
      formula <- data$formula
      label <- attr(data, "label")
      data <- attr(data, "data")
    }
    formula <- make_formula(formula, list(...), call)
    recipe <- attr(formula, "recipe")
    recipe$changes[[length(recipe$changes) + 1]] <-
      list(key = "uncertainty.estimates", value = TRUE, origin = "estimates = TRUE")
    run <- as_run(data, load_formula(recipe, call), list(), label, call)
  } else {
    run <- as_run(data, formula, list(...), label, call)
  }
  if (run$formula$uncertain_inputs == 0) nothing_varies(run$formula$name, call)
  raw <- native(run)$sensitivity(draws, seed, sobol, if (!is.null(school)) as.character(school))
  outputs_of(run, raw, "sensitivity", call)
}

# A formula whose [uncertainty] varies nothing gives every school a certain tier: said as a
# warning (class seni_warning) with the fix, instead of silently (the command line then varies
# every weight, with a note).
nothing_varies <- function(name, call) {
  message <- sprintf(paste0(
    "formula '%s' has no [uncertainty] that varies anything, so every draw is the formula ",
    "itself and every tier is certain\n  fix: vary the weights with ",
    "set = list(uncertainty.weights = list(kind = \"dirichlet\")), or give estimates = TRUE ",
    "for a formula with margins of error"), name)
  warning(structure(class = c("seni_warning", "warning", "condition"),
                    list(message = message, call = call)))
}

# An optional whole-number argument of at least `least` (a double for Rust; NULL stays NULL).
whole_number <- function(name, value, least, call) {
  if (is.null(value)) return(NULL)
  ok <- (is.numeric(value) || inherits(value, "integer64")) && length(value) == 1 &&
    !is.na(value) && as.double(value) == round(as.double(value))
  if (!ok) {
    usage_error(sprintf("%s must be a whole number, got %s", name, deparse1(value)),
                sprintf("e.g. %s = 1000", name), call)
  }
  value <- as.double(value)
  if (value < least) {
    usage_error(sprintf("%s must be at least %d, got %s", name, least, format(value)),
                sprintf("give %s = %d or more", name, least), call)
  }
  if (value > 2^53) {
    usage_error(sprintf("%s = %s is more than this machine can count", name, format(value)),
                sprintf("give a smaller %s", name), call)
  }
  value
}
