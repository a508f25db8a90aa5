# One formula and budget, three front ends: the command line, Python and R give the same
# formula hash and the same cents for every school, the same tier probabilities when a
# formula's [uncertainty] varies nothing, and the same equity statistics.

# Python with the seni package (SENI_PYTHON, else the virtual environment .ci/run makes).
python_path <- function() {
  root <- repo_root()
  candidates <- c(Sys.getenv("SENI_PYTHON"), file.path(root, "target", "ci-venv", "bin", "python"))
  found <- candidates[nzchar(candidates) & file.exists(candidates)]
  need(length(found) > 0, "Python with the seni package (pip install ./python)")
  found[[1]]
}

# Python's allocation as JSON: the formula hash and each school's cents.
python_allocation <- function(formula, budget) {
  script <- tempfile(fileext = ".py")
  writeLines(c(
    "import json, sys, seni",
    "schools, summary = seni.allocate(formula=sys.argv[1], budget=int(sys.argv[2]))",
    "f = seni.load_formula(sys.argv[1], budget=int(sys.argv[2]))",
    "cents = {str(i): round(t * 100) for i, t in zip(schools['id'], schools['total'])}",
    "print(json.dumps({'hash': f.hash, 'cents': cents}))"
  ), script)
  out <- suppressWarnings(system2(python_path(), c(script, formula,
                                                  format(budget, scientific = FALSE)),
                                  stdout = TRUE, stderr = TRUE))
  if (!is.null(attr(out, "status"))) stop("Python failed:\n", paste(out, collapse = "\n"))
  jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
}

for (formula in c("seni", "seni-lausd-open")) {
  test_that(paste("the command line, Python and R agree to the cent:", formula), {
    py <- python_allocation(formula, 900000000)
    doc <- cli_json("allocate", "-f", formula, "--budget", "900000000")
    a <- seni_allocate(formula = formula, budget = 900e6)
    expect_identical(a$metadata$formula_hash, doc$metadata$formula_hash)
    expect_identical(py$hash, doc$metadata$formula_hash)
    ours <- r_cents(a)
    expect_identical(ours, cli_cents(doc))
    expect_identical(ours, vapply(py$cents, as.numeric, 0)[names(ours)])
    main <- a$summary$programs$id[1]
    expect_identical(sum(as_cents(a$allocation[[main]])), 90000000000) # the pot, to the cent
  })
}

# Python's sensitivity run as JSON: the formula hash drawn from and each tier's probabilities.
python_sensitivity <- function(formula, draws, seed) {
  script <- tempfile(fileext = ".py")
  writeLines(c(
    "import json, sys, seni",
    "s = seni.sensitivity(seni.run(formula=sys.argv[1]), draws=int(sys.argv[2]), seed=int(sys.argv[3]))",
    "tiers = {c: s.schools[c].to_list() for c in s.schools.columns if c.startswith('p(')}",
    "print(json.dumps({'hash': s.metadata['formula_hash'], 'note': s.summary.get('note'), 'tiers': tiers}))"
  ), script)
  out <- suppressWarnings(system2(python_path(), c(script, formula, draws, seed),
                                  stdout = TRUE, stderr = TRUE))
  if (!is.null(attr(out, "status"))) stop("Python failed:\n", paste(out, collapse = "\n"))
  jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
}

test_that("the command line, Python and R vary the same weights when a formula's [uncertainty] varies nothing", {
  py <- python_sensitivity("seni-lausd-open", 30, 2)
  doc <- cli_json("sensitivity", "-f", "seni-lausd-open", "--draws", "30", "--seed", "2")
  s <- seni_sensitivity(formula = "seni-lausd-open", draws = 30, seed = 2)
  expect_identical(s$metadata$formula_hash, doc$metadata$formula_hash)
  expect_identical(py$hash, doc$metadata$formula_hash)
  expect_match(py$note, "so every weight varies around its own", fixed = TRUE)
  tiers <- grep("^p\\(", names(s$schools), value = TRUE)
  expect_identical(names(py$tiers), tiers)
  for (tier in tiers) {
    cli <- vapply(doc$schools, function(r) r[[tier]], 0)
    expect_equal(s$schools[[tier]], cli, info = tier)
    expect_equal(vapply(py$tiers[[tier]], as.numeric, 0), cli, info = tier)
  }
})

# Python's equity of today's revenue: the national progressivity ratio of children in poverty.
test_that("the command line, Python and R give the same equity statistics", {
  script <- tempfile(fileext = ".py")
  writeLines(c(
    "import json, seni",
    "import polars as pl",
    "e = seni.equity(seni.run(formula='us-districts-2018'))",
    "v = e.vertical.filter(pl.col('area') == 'all districts')",
    "print(json.dumps({'ratio': v['ratio'].to_list(), 'gini': e.horizontal['gini'].to_list()}))"
  ), script)
  out <- suppressWarnings(system2(python_path(), script, stdout = TRUE, stderr = TRUE))
  if (!is.null(attr(out, "status"))) stop("Python failed:\n", paste(out, collapse = "\n"))
  py <- jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
  e <- seni_equity(formula = "us-districts-2018")
  expect_identical(e$vertical$ratio[e$vertical$area == "all districts"],
                   vapply(py$ratio, as.numeric, 0))
  expect_identical(e$horizontal$gini, vapply(py$gini, function(x) x %||% NA_real_, 0))
})
