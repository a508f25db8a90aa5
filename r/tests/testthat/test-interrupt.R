# R's interrupt (Esc, Ctrl-C, SIGINT) stops a long sensitivity run within a second, as an
# ordinary `interrupt` condition, and the session goes on. Run in a child R process that a
# background shell sends SIGINT after one second, writing down when it sent it.

interrupt_delay <- function(expr) {
  stamp <- tempfile()
  script <- tempfile(fileext = ".R")
  writeLines(c(
    sprintf(".libPaths(%s)", paste(deparse(.libPaths()), collapse = "")),
    "library(seni)",
    "r <- seni_run()",
    sprintf("stamp <- %s", deparse(stamp)),
    "kill <- sprintf('sleep 1; date +%%s.%%N > %s; kill -INT %d', stamp, Sys.getpid())",
    "system2('sh', c('-c', shQuote(kill)), wait = FALSE)",
    paste0("got <- tryCatch(", expr, ", interrupt = function(c) 'interrupted')"),
    "done <- as.numeric(Sys.time())",
    "sent <- as.numeric(readLines(stamp))",
    "again <- seni_sensitivity(r, draws = 20, seed = 1)",
    "cat(if (is.character(got)) got else 'finished', done - sent, nrow(again$schools), '\\n')"
  ), script)
  out <- system2(file.path(R.home("bin"), "Rscript"), script, stdout = TRUE, stderr = TRUE)
  strsplit(trimws(tail(out, 1)), " ")[[1]]
}

test_that("an interrupt stops the draws within a second, and the session goes on", {
  skip_on_os("windows")
  got <- interrupt_delay("seni_sensitivity(r, draws = 200000)")
  expect_identical(got[1], "interrupted")
  expect_lt(as.numeric(got[2]), 1)
  expect_identical(got[3], "1000")
})

test_that("an interrupt stops the Sobol indices' model runs too", {
  skip_on_os("windows")
  got <- interrupt_delay("seni_sensitivity(r, draws = 10, sobol = 200000)")
  expect_identical(got[1], "interrupted")
  expect_lt(as.numeric(got[2]), 1)
})
