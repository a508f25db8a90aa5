# Errors are R conditions with classes (seni_<kind>_error, seni_error, error, condition)
# carrying the file, line, row, column, key and fix of the first problem, every problem in
# `problems`, the command line's text as the message and the user's call.

district <- function() {
  root <- repo_root()
  need(!is.na(root), "the repository")
  utils::read.csv(file.path(root, "data", "district.csv"), stringsAsFactors = TRUE)
}

test_that("a bad cell is a seni_data_error naming the data frame, row, column and fix", {
  bad <- district()
  bad$enrollment[2] <- -5L
  row <- tryCatch(seni_compute(bad), seni_data_error = function(e) e$row)
  expect_identical(row, 2L)
  e <- tryCatch(seni_allocate(bad, budget = 1e6), error = function(e) e)
  expect_s3_class(e, c("seni_data_error", "seni_error", "error", "condition"), exact = TRUE)
  expect_identical(e$file, "bad")
  expect_identical(e$column, "enrollment")
  expect_match(e$fix, "0 or more")
  expect_identical(conditionMessage(e),
                   paste0("data error: bad, row 2, column 'enrollment': enrolment is negative (-5)\n",
                          "  fix: give every school its enrolment (0 or more students)"))
  expect_identical(deparse(conditionCall(e)), "seni_allocate(bad, budget = 1e+06)")
  expect_error(seni_compute(bad), class = "seni_data_error")
  expect_error(seni_compute(bad), class = "seni_error")
})

test_that("every bad cell is reported at once", {
  bad <- district()
  bad$pct_foster <- as.character(bad$pct_foster)
  bad$pct_foster[c(1, 7)] <- "lots"
  e <- tryCatch(seni_compute(bad), seni_error = function(e) e)
  expect_s3_class(e, "seni_data_error")
  expect_identical(e$problems$row, c(1L, 7L))
  expect_identical(e$problems$column, c("pct_foster", "pct_foster"))
  expect_identical(e$problems$message, rep("'lots' is not a number", 2))
  expect_match(conditionMessage(e), "data error (2 problems)", fixed = TRUE)
})

test_that("a bad formula value is a seni_formula_error naming the argument and key", {
  e <- tryCatch(seni_formula(set = list(indicators.chronic_absence.weight = -2)),
                seni_formula_error = function(e) e)
  expect_identical(e$file, "argument set = list(indicators.chronic_absence.weight = -2)")
  expect_identical(e$key, "indicators.chronic_absence.weight")
  expect_identical(e$fix, "set weight > 0")
  expect_error(seni_formula(set = list(nope = 1)), class = "seni_formula_error")
})

test_that("arguments that cannot be used are seni_usage_errors naming the argument", {
  e <- tryCatch(seni_allocate(budget = -5), seni_usage_error = function(e) e)
  expect_match(conditionMessage(e), "argument budget = -5: '-5' is negative", fixed = TRUE)
  expect_error(seni_formula(set = list(tiers.k = NA)), "NA is not a formula value",
               class = "seni_usage_error")
  expect_error(seni_formula(set = list(2)), "named list", class = "seni_usage_error")
  expect_error(seni_formula("no-such-formula"), "no such formula", class = "seni_usage_error")
  expect_error(seni_explain(school = "no such school"), class = "seni_usage_error")
  for (draws in list(0, 1, 2.5, "3", TRUE)) {
    expect_error(seni_sensitivity(draws = draws), "draws must be", class = "seni_usage_error")
  }
  expect_error(seni_sensitivity(draws = 10, seed = -1), "seed must be at least 0",
               class = "seni_usage_error")
  no_money <- tempfile(fileext = ".toml")
  writeLines(c("[formula]", "name = \"x\"", "[data]", "id = \"id\"", "[indicators.x]",
               "column = \"x\"", "[index]", "[tiers]", "method = \"quantile\"", "k = 2",
               "names = [\"High\", \"Low\"]"),
             no_money)
  expect_error(seni_allocate(data.frame(id = c("a", "b"), x = 1:2), no_money),
               "has no \\[allocation\\]", class = "seni_usage_error")
  expect_error(seni_compute(budgt = 5), "unknown argument 'budgt'", class = "seni_usage_error")
  expect_error(seni_compute(data.frame(id = 1, x = I(list(1)))), "column 'x' is AsIs",
               class = "seni_usage_error")
  expect_error(seni_compute(seni_run(), budget = 5), "already has its formula",
               class = "seni_usage_error")
})

test_that("a run too big for memory is refused before it starts, saying what fits", {
  e <- tryCatch(seni_sensitivity(draws = 1e9), seni_usage_error = function(e) e)
  expect_match(conditionMessage(e), "1,000,000,000 draws of 1,000 schools need about")
  expect_match(e$fix, "ask for at most")
})

test_that("a missing file is a seni_io_error naming it", {
  missing <- file.path(tempdir(), "no-such.csv")
  e <- tryCatch(seni_compute(missing), seni_io_error = function(e) e)
  expect_identical(e$file, missing)
  expect_s3_class(e, "seni_error")
})

test_that("a panic in the engine would be an R error, not a crash", {
  # Nothing in the engine panics on purpose; the release profile unwinds (see Cargo.toml), and
  # the session goes on after any error.
  expect_error(seni_compute(data.frame()), class = "seni_data_error")
  expect_s3_class(seni_compute(), "seni_outputs")
})
