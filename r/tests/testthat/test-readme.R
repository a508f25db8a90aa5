# The README's R section, as a new user pastes it: from the clone's root (data/ is there),
# "my_district.csv" being the bundled district; the ggplot2 lines need ggplot2.

readme_blocks <- function(root) {
  text <- readLines(file.path(root, "README.md"), encoding = "UTF-8")
  start <- which(text == "## R")
  end <- start + which(startsWith(text[-seq_len(start)], "## "))[1]
  section <- text[start:end]
  opens <- which(section == "```r")
  closes <- which(section == "```")
  lapply(opens, function(o) section[(o + 1):(min(closes[closes > o]) - 1)])
}

test_that("the README's R example runs as pasted", {
  root <- repo_root()
  need(!is.na(root), "the repository")
  blocks <- readme_blocks(root)
  expect_length(blocks, 3)
  expect_identical(blocks[[1]][1], "library(seni)")
  expect_lte(length(blocks[[1]]), 5)
  dir <- tempfile()
  dir.create(dir)
  file.copy(file.path(root, "data", "district.csv"), file.path(dir, "my_district.csv"))
  file.symlink(file.path(root, "data"), file.path(dir, "data"))
  old <- setwd(dir)
  on.exit(setwd(old), add = TRUE)
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off(), add = TRUE)
  env <- new.env()
  run <- function(lines) {
    utils::capture.output(source(exprs = parse(text = lines), local = env, print.eval = TRUE))
  }
  run(blocks[[1]])
  expect_identical(as_cents(env$a$summary$total), 9e10)
  expect_identical(env$a$metadata$formula, "seni-lausd-open")
  per_pupil <- as.numeric(env$tiers$per_pupil)
  expect_length(per_pupil, 5)
  expect_identical(per_pupil, sort(per_pupil, decreasing = TRUE))
  if (requireNamespace("ggplot2", quietly = TRUE)) run(blocks[[2]])
  run(blocks[[3]])
  expect_identical(env$f$hash, seni_formula(budget = "900M",
                                            set = list(indicators.chronic_absence.weight = 2))$hash)
  expect_identical(nrow(env$schools), 1000L)
})
