# The command line and R: the same formula (hash), the same data (hash) and the same cents for
# every school, on the bundled formulas; every analysis with the same tables and columns.

for (formula in c("seni", "seni-lausd-open", "ky-equity-2017", "us-districts-2018")) {
  test_that(paste("the same cents and hashes as the command line:", formula), {
    doc <- cli_json("allocate", "-f", formula, "--budget", "900M")
    a <- seni_allocate(formula = formula, budget = 900e6)
    expect_identical(a$metadata$formula_hash, doc$metadata$formula_hash)
    expect_identical(a$metadata$data_hash, doc$metadata$data_hash)
    expect_identical(seni_formula(formula, budget = "900M")$hash, doc$metadata$formula_hash)
    cli <- cli_cents(doc)
    ours <- r_cents(a)
    expect_identical(names(ours), names(cli))
    expect_identical(ours, cli)
    # The main program's pot, to the cent, and the whole allocation's total.
    expect_identical(as_cents(sum(a$allocation$total)), round(doc$summary$total * 100))
    expect_identical(a$summary$total, doc$summary$total)
  })
}

test_that("a change given in set is the command line's --set (same hash, same cents)", {
  doc <- cli_json("allocate", "--set", "indicators.chronic_absence.weight=2", "--budget", "700M")
  a <- seni_allocate(budget = 700e6, set = list(indicators.chronic_absence.weight = 2))
  expect_identical(a$metadata$formula_hash, doc$metadata$formula_hash)
  expect_identical(r_cents(a), cli_cents(doc))
  expect_false(identical(a$metadata$formula_hash, seni_formula(budget = 700e6)$hash))
})

test_that("every analysis has the command line's tables and columns", {
  root <- repo_root()
  need(!is.na(root), "the repository")
  run <- seni_run()
  expect_identical(r_columns(seni_allocate(run)), json_columns(cli_json("allocate")))
  expect_identical(r_columns(seni_compute(run)), json_columns(cli_json("compute")))
  audit_doc <- cli_json("audit")
  au <- seni_audit(run)
  expect_identical(r_columns(au), json_columns(audit_doc))
  expect_equal(au$summary$concentration, audit_doc$summary$concentration)

  scenario <- tempfile(fileext = ".toml")
  writeLines(c("[scenario]", "name = \"b\"", "[allocation]", "budget = 900_000_000",
               "[indicators.chronic_absence]", "weight = 2"), scenario)
  cmp_doc <- cli_json("compare", "base", scenario)
  cmp <- seni_compare(run, seni_run(scenario = scenario))
  expect_identical(r_columns(cmp), json_columns(cmp_doc))
  expect_equal(cmp$summary, lapply(cmp_doc$summary, function(x) if (is.list(x)) unlist(x) else x))

  explain_doc <- cli_json("explain", "1900205")
  e <- seni_explain(run, "1900205")
  # The command line writes explain's summary (metadata and the school) as its document.
  expect_identical(e$explanation$school$tier, explain_doc$school$tier)
  expect_equal(e$explanation$school$total, explain_doc$school$total) # cents
  expect_equal(e$explanation$school$indicators$to_index,
               vapply(explain_doc$school$indicators, function(i) i$to_index %||% NA_real_, 0))

  panel <- file.path(root, "data", "kentucky", "ky_schools_panel_2012_2017.csv")
  trend_doc <- cli_json("trend", "-f", "ky-equity-2017", "-d", panel)
  t <- seni_trend(panel, "ky-equity-2017")
  expect_identical(r_columns(t), json_columns(trend_doc))
  churn <- function(s) vapply(s$churn, function(x) x[[3]], 0)
  expect_identical(churn(t$summary), churn(trend_doc$summary))
  expect_identical(t$summary$periods, unlist(trend_doc$summary$periods))

  sens_doc <- cli_json("sensitivity", "--draws", "60", "--seed", "11")
  s <- seni_sensitivity(run, draws = 60, seed = 11)
  expect_identical(r_columns(s), json_columns(sens_doc))
  cli_top <- vapply(sens_doc$schools, function(r) r[["p(Highest need)"]], 0)
  expect_equal(s$schools[["p(Highest need)"]], cli_top)
})

test_that("survey estimates drawn from their margins of error: the command line's --estimates", {
  doc <- cli_json("sensitivity", "-f", "us-districts-2018", "--estimates", "--draws", "20",
                  "--seed", "3")
  s <- seni_sensitivity(formula = "us-districts-2018", estimates = TRUE, draws = 20, seed = 3)
  expect_identical(s$metadata$formula_hash, doc$metadata$formula_hash)
  expect_identical(r_columns(s), json_columns(doc))
  cli_median <- vapply(doc$schools, function(r) r$rank_median %||% NA_real_, 0)
  expect_equal(s$schools$rank_median, cli_median)
})

test_that("a formula whose [uncertainty] varies nothing says so; varying the weights is the command line's default", {
  expect_warning(s <- seni_sensitivity(formula = "seni-lausd-open", draws = 20, seed = 2),
                 "varies anything", class = "seni_warning")
  expect_true(all(s$schools$stable == "yes"))
  expect_no_warning(seni_sensitivity(draws = 20, seed = 2))
  doc <- cli_json("sensitivity", "-f", "seni-lausd-open", "--draws", "30", "--seed", "2")
  weights <- list(uncertainty.weights = list(kind = "dirichlet", concentration = 50))
  s <- seni_sensitivity(formula = "seni-lausd-open", set = weights, draws = 30, seed = 2)
  expect_identical(r_columns(s), json_columns(doc))
  expect_equal(s$schools$rank_median,
               vapply(doc$schools, function(r) r$rank_median %||% NA_real_, 0))
})
