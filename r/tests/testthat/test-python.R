# One formula and budget, three front ends: the command line, Python and R give the same
# formula hash and the same cents for every school.

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
