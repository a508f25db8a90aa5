# The analyses. Each takes a run (seni_run()) or the data and formula to make one, and returns
# its outputs (a "seni_outputs" list laid out as the command line's --format json: metadata,
# the summary, the tables by name as data frames, findings).

outputs_of <- function(run, raw, analysis, call) {
  new_outputs(check_result(raw, call), analysis, attr(run, "tibble"))
}

native <- function(run) attr(run, "native")

#' The need index of every school
#'
#' @inheritParams seni_run
#' @param data a [seni_run()], or the data to run `formula` on (see [seni_run()])
#' @return outputs with `$schools`: id, name, indicators, domains, index, rank, tier, and the
#'   reason a school has no index
#' @examples
#' seni_compute()$schools
#' @export
seni_compute <- function(data = NULL, formula = "seni", ...) {
  call <- sys.call()
  run <- as_run(data, formula, list(...), data_label(substitute(data)), call)
  outputs_of(run, native(run)$compute(), "compute", call)
}

#' The allocation of every school
#'
#' Whole cents per school and program; the amounts add up to the budget exactly. Money
#' columns are [dollars()]. A `seni_infeasible_error` says when the rules cannot be met.
#'
#' @inheritParams seni_compute
#' @param budget the main program's budget in dollars (see [seni_formula()])
#' @return outputs with `$allocation` (per school: programs, total, per pupil …), `$by_tier`
#'   (schools, pupils, total and per pupil by tier) and `$summary` (programs, hold-harmless)
#' @examples
#' a <- seni_allocate(formula = "seni-lausd-open", budget = 900e6)
#' a$by_tier
#' @export
seni_allocate <- function(data = NULL, formula = "seni", budget = NULL, ...) {
  call <- sys.call()
  changes <- c(if (!is.null(budget)) list(budget = budget), list(...))
  run <- as_run(data, formula, changes, data_label(substitute(data)), call)
  if (!run$allocates) {
    usage_error(sprintf("formula '%s' has no [allocation]", run$formula$name),
                "use a formula that allocates money (see seni_formulas())", call)
  }
  outputs_of(run, native(run)$allocate(), "allocate", call)
}

#' Why a school has its index, tier and money
#'
#' @inheritParams seni_compute
#' @param school the school's id
#' @return outputs with `$explanation`: the school's indicators (raw, normalised, weight,
#'   contribution — the contributions add up to the index), domains, rank, tier, the nearest
#'   tier boundaries and the smallest change that crosses them, and its money
#' @examples
#' e <- seni_explain(school = "1900205")
#' e$explanation$school$tier
#' @export
seni_explain <- function(data = NULL, school, formula = "seni", ...) {
  call <- sys.call()
  run <- as_run(data, formula, list(...), data_label(substitute(data)), call)
  if (missing(school) || !(is.character(school) || is.numeric(school)) || length(school) != 1) {
    usage_error("school must be one school's id", "e.g. school = \"1900205\"", call)
  }
  outputs_of(run, native(run)$explain(as.character(school)), "explain", call)
}

#' Two runs school by school
#'
#' Who gains, who loses, who changes tier between run `a` and run `b` (schools matched by id).
#'
#' @param a,b runs ([seni_run()]), or data to run the bundled formula on
#' @return outputs with `$changes`, `$tier_changes`, `$index_change_by_indicator` (when the
#'   index moved), `$by_tier_a` and `$by_tier_b` (when both allocate) and `$summary`
#' @examples
#' seni_compare(seni_run(budget = 700e6), seni_run(budget = 900e6))$summary$total_change
#' @export
seni_compare <- function(a, b) {
  call <- sys.call()
  a <- as_run(a, "seni", list(), data_label(substitute(a)), call)
  b <- as_run(b, "seni", list(), data_label(substitute(b)), call)
  outputs_of(a, native(a)$compare(native(b)), "compare", call)
}

#' Is the money progressive?
#'
#' Dollars per pupil by need quintile and tier, how much of the money reaches need, what the
#' average student of each group receives, who is affected by a list of schools, and (with an
#' `[audit]` in the formula) discipline and police contact by student group.
#'
#' @inheritParams seni_compute
#' @param groups student-group count columns (default: every `*_count` column, else the
#'   formula's `[audit]` groups)
#' @param affected school ids (closures, cuts): who is affected
#' @return outputs with `$by_need_quintile`, `$by_tier`, `$groups` (and `$affected`), the
#'   discipline tables with an `[audit]`, and `$summary`
#' @examples
#' seni_audit()$by_need_quintile
#' @export
seni_audit <- function(data = NULL, formula = "seni", ..., groups = NULL, affected = NULL) {
  call <- sys.call()
  run <- as_run(data, formula, list(...), data_label(substitute(data)), call)
  groups <- as.character(groups)
  affected <- if (!is.null(affected)) as.character(affected)
  outputs_of(run, native(run)$audit(groups, affected), "audit", call)
}

#' The formula over every period of the data
#'
#' Tiers per period, churn and tier flows, for data with one row per school and period and a
#' formula that names its period column (e.g. `ky-equity-2017`).
#'
#' @inheritParams seni_compute
#' @param data a panel: a data frame, the paths of CSV files, `NULL` (the formula's bundled
#'   data) or a [seni_run()] (its data and formula)
#' @return outputs with `$trend` (index, rank and tier per school and period),
#'   `$tier_changes`, a tier matrix per pair of periods, and `$summary`
#' @examples
#' t <- seni_trend(formula = "ky-equity-2017", set = list(data.bundled = "ky-panel"))
#' t$tier_changes
#' @export
seni_trend <- function(data = NULL, formula = "seni", ...) {
  call <- sys.call()
  label <- data_label(substitute(data))
  if (inherits(data, "seni_run")) {
    formula <- data$formula
    label <- attr(data, "label")
    data <- attr(data, "data")
  }
  f <- attr(make_formula(formula, list(...), call), "native")
  raw <- if (is.data.frame(data)) {
    trend_outputs(f, character(), label, df_to_columns(data, call))
  } else {
    trend_outputs(f, data_paths(data, call), label)
  }
  new_outputs(check_result(raw, call), "trend", wants_tibble(data))
}
