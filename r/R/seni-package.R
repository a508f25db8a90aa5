#' seni: student equity need index
#'
#' The seni engine (the same as the `seni` command line and the Python package) for R: a
#' formula ([seni_formula()], [seni_formulas()]) turns school-level data into a need index and
#' tiers and allocates a budget in whole cents. Make a run with [seni_run()] and analyse it:
#' [seni_compute()], [seni_allocate()], [seni_explain()], [seni_compare()], [seni_audit()],
#' [seni_sensitivity()], [seni_trend()]. Each returns the command line's `--format json`
#' document as R data: `metadata`, the summary, the tables by name as data frames, `findings`.
#'
#' Tables are data frames; tibbles when the data given were a tibble, or with
#' `options(seni.tibble = TRUE)` (and tibble installed).
#'
#' Money columns are [dollars()]. Errors are conditions of class `seni_data_error`,
#' `seni_formula_error`, `seni_usage_error`, `seni_infeasible_error` or `seni_io_error`, and
#' `seni_error`, with `file`, `line`, `row`, `column`, `key`, `fix` and `problems`.
#'
#' The engine works on several threads (rayon); do not use it in a process forked after it
#' has run (e.g. `parallel::mclapply`), where the threads do not exist.
#' @keywords internal
"_PACKAGE"
