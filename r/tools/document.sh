#!/bin/sh
# Regenerate the package's generated files (commit them):
#   R/000-wrappers.R, src/init.c, src/rust/api.h  after a #[savvy] signature changes (savvy-cli:
#                                                 cargo install savvy-cli --version 0.11.0 --locked)
#   man/*.Rd                                      after a function's documentation changes (roxygen2;
#                                                 NAMESPACE is written by hand)
set -eu
PKG=$(cd "$(dirname "$0")/.." && pwd)
# savvy-cli resolves the engine's path dependency: run it in the repository.
(cd "$PKG/.." && savvy-cli update r)
cd "$PKG"
Rscript -e 'roxygen2::roxygenise(".", roclets = "rd", load_code = roxygen2::load_source)'
# savvy's wrappers are internal: no help pages for them.
grep -l "Please edit documentation in R/000-wrappers.R" man/*.Rd | xargs rm -f
ls man
