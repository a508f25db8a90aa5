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

test_that("a formula whose [uncertainty] varies nothing varies every weight, as the command line does", {
  doc <- cli_json("sensitivity", "-f", "seni-lausd-open", "--draws", "30", "--seed", "2")
  expect_no_warning(s <- seni_sensitivity(formula = "seni-lausd-open", draws = 30, seed = 2))
  # The formula drawn from is the run's with the command line's --weights dirichlet:50.
  expect_identical(s$metadata$formula_hash, doc$metadata$formula_hash)
  expect_false(identical(s$metadata$formula_hash, seni_formula("seni-lausd-open")$hash))
  expect_identical(s$sensitivity$inputs, unlist(doc$sensitivity$inputs))
  expect_match(s$sensitivity$note, paste0(
    "formula seni-lausd-open has no [uncertainty] that varies anything, so every weight varies ",
    "around its own (set = list(uncertainty.weights"), fixed = TRUE)
  expect_match(paste(utils::capture.output(print(s)), collapse = "\n"), "note: formula", fixed = TRUE)
  expect_identical(r_columns(s), json_columns(doc))
  for (tier in grep("^p\\(", names(s$schools), value = TRUE)) {
    expect_equal(s$schools[[tier]], vapply(doc$schools, function(r) r[[tier]], 0), info = tier)
  }
  expect_gt(sum(s$schools$stable == "no"), 50)
  # A formula that varies something is drawn as it is, with no note.
  expect_null(seni_sensitivity(draws = 10, seed = 2)$sensitivity$note)
})

# Each column of an R table is the JSON rows' column: text and whole numbers alike, other
# numbers to 12 digits, dollars to the cent (JSON writes them to the cent; R holds them whole).
expect_same_rows <- function(df, rows) {
  expect_identical(names(df), names(rows[[1]]))
  expect_identical(nrow(df), length(rows))
  for (name in names(df)) {
    theirs <- unlist(lapply(rows, function(r) r[[name]] %||% NA))
    ours <- df[[name]]
    if (is.character(ours)) {
      expect_identical(ours, theirs, info = name)
    } else if (inherits(ours, "seni_dollars")) {
      expect_identical(is.na(ours), is.na(theirs), info = name)
      expect_lte(max(abs(as.numeric(ours) - theirs), 0, na.rm = TRUE), 0.005 + 1e-9)
    } else {
      expect_equal(as.numeric(ours), as.numeric(theirs), tolerance = 1e-12, info = name)
    }
  }
}

test_that("equity: the command line's tables, numbers and findings (today's revenue by state)", {
  doc <- cli_json("equity", "-f", "us-districts-2018")
  e <- seni_equity(formula = "us-districts-2018")
  expect_s3_class(e, "seni_equity")
  expect_identical(e$metadata$formula_hash, doc$metadata$formula_hash)
  expect_identical(e$metadata$data_hash, doc$metadata$data_hash)
  expect_identical(r_columns(e), json_columns(doc))
  expect_same_rows(e$horizontal, doc$horizontal)
  expect_same_rows(e$vertical, doc$vertical)
  expect_identical(e$findings, unlist(doc$summary$findings))
  expect_identical(e$summary$money, doc$summary$money)
  # The README's national figure: children in poverty get 0.953 of everyone else's money.
  v <- e$vertical
  national <- v[v$area == "all districts" & v$dimension == "children in poverty", ]
  expect_equal(round(national$ratio, 3), 0.953)
  expect_s3_class(national$group_per_pupil, "seni_dollars")
  expect_lt(national$group_per_pupil, national$others_per_pupil)
  h <- e$horizontal
  several <- h$area[h$area != "all districts" & h$districts > 1]
  expect_length(several, 49)
  states <- v[v$area %in% several & v$dimension == "children in poverty", ]
  expect_identical(sum(states$ratio < 1), 30L) # the finding: in 30 of 49 states
})

test_that("equity with a baseline: the command line's proposal against the base", {
  root <- repo_root()
  need(!is.na(root), "the repository")
  redirect <- file.path(root, "examples", "redirect-police.toml")
  doc <- cli_json("equity", "base", redirect, "--poverty", "pct_low_income")
  poverty <- list(equity.poverty = list(share = I("pct_low_income")))
  proposal <- seni_run(scenario = redirect, set = poverty)
  e <- seni_equity(proposal, baseline = seni_run(set = poverty))
  expect_identical(e$metadata$formula_hash, doc$metadata$formula_hash)
  expect_identical(unique(e$horizontal$run), c("baseline", "proposal", "change"))
  expect_same_rows(e$horizontal, doc$horizontal)
  expect_same_rows(e$vertical, doc$vertical)
  expect_identical(e$findings, unlist(doc$summary$findings))
  expect_error(seni_equity(proposal, draws = 10), "add estimates = TRUE",
               class = "seni_usage_error")
  expect_error(seni_equity(proposal, baseline = "base"), "not a run", class = "seni_usage_error")
  other <- seni_run(formula = "seni-lausd-open")
  expect_error(seni_equity(proposal, baseline = other), "different rows", class = "seni_usage_error")
})
