library(testthat)
library(seni)
test_check("seni")
