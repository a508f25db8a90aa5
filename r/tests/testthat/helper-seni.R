# Shared by the tests: the repository (when the package is tested from a clone), the command
# line and the Python package built there. Without them a test that needs them is skipped, or
# fails when the CI variable is set (.ci/run builds them first).

repo_root <- function() {
  root <- normalizePath(file.path(testthat::test_path(), "..", "..", ".."), mustWork = FALSE)
  if (file.exists(file.path(root, "engine", "Cargo.toml"))) root else NA_character_
}

need <- function(ok, what) {
  if (ok) return(invisible(TRUE))
  if (nzchar(Sys.getenv("CI"))) testthat::fail(paste(what, "is missing; .ci/run builds it first"))
  testthat::skip(paste(what, "is missing"))
}

# The seni command line built in the clone (release, else debug; SENI_CLI to choose).
cli_path <- function() {
  root <- repo_root()
  candidates <- c(Sys.getenv("SENI_CLI"), file.path(root, "target", c("release", "debug"), "seni"))
  found <- candidates[nzchar(candidates) & file.exists(candidates)]
  need(length(found) > 0, "the seni command line (cargo build)")
  found[[1]]
}

# The command line's --format json document of an analysis.
cli_json <- function(...) {
  need(requireNamespace("jsonlite", quietly = TRUE), "jsonlite")
  out <- system2(cli_path(), c(..., "--format", "json", "--out", "-"), stdout = TRUE,
                 stderr = FALSE)
  jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
}

# Each school's total in cents, by id, from a command-line allocation document.
cli_cents <- function(doc) {
  rows <- doc$allocation
  stats::setNames(vapply(rows, function(r) round(r$total * 100), 0),
                  vapply(rows, function(r) as.character(r$id), ""))
}

# The same from an R allocation.
r_cents <- function(a) stats::setNames(as_cents(a$allocation$total), a$allocation$id)

# The column names of each non-empty table of a --format json document.
json_columns <- function(doc) {
  tables <- Filter(function(v) is.list(v) && length(v) && is.null(names(v)) &&
                     is.list(v[[1]]) && !is.null(names(v[[1]])), doc[setdiff(names(doc), c("charts", "findings", "metadata"))])
  lapply(tables, function(t) names(t[[1]]))
}

# The same of an R analysis's outputs.
r_columns <- function(o) {
  tables <- Filter(function(t) is.data.frame(t) && nrow(t) > 0, unclass(o))
  lapply(tables, names)
}

`%||%` <- function(x, y) if (is.null(x)) y else x
