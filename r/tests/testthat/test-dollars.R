# Money is exact: whole cents from the engine, doubles of dollars in R that print as dollars and
# add up in whole cents, so an allocation sums to its budget to the cent.

test_that("allocations add up to the budget to the cent", {
  cents <- list(allocation.unit = "cent") # the bundled formula pays whole dollars
  for (budget in c(900e6, 1000000.01, 123456789.99)) {
    a <- seni_allocate(budget = budget, set = cents)
    main <- a$summary$programs$id[1]
    expect_identical(sum(as_cents(a$allocation[[main]])), round(budget * 100))
    expect_identical(as_cents(sum(a$allocation[[main]])), round(budget * 100))
  }
})

test_that("more need never means less money per pupil", {
  by_tier <- seni_allocate(budget = 700e6)$by_tier
  per_pupil <- as.numeric(by_tier$per_pupil[by_tier$tier != "All schools"])
  expect_identical(per_pupil, sort(per_pupil, decreasing = TRUE))
})

test_that("dollars print as dollars and keep their class", {
  expect_identical(format(dollars(c(1234.5, -0.01, NA))), c("$1,234.50", "-$0.01", NA))
  expect_output(print(dollars(1e6)), "$1,000,000.00", fixed = TRUE)
  x <- dollars(c(0.1, 0.2))
  expect_identical(format(sum(x)), "$0.30")
  expect_identical(as_cents(sum(x)), 30)
  expect_s3_class(x[1], "seni_dollars")
  expect_s3_class(x + x, "seni_dollars")
  expect_s3_class(-x, "seni_dollars")
  expect_true(x[2] > x[1])
  expect_s3_class(data.frame(a = x)$a, "seni_dollars")
  expect_output(print(data.frame(a = x)), "$0.10", fixed = TRUE)
  expect_identical(format(mean(dollars(c(1, 2)))), "$1.50")
})

test_that("a budget in dollars, in text or as seni_dollars is the same formula", {
  h <- seni_formula(budget = 900e6)$hash
  expect_identical(seni_formula(budget = "900M")$hash, h)
  expect_identical(seni_formula(budget = "$900,000,000")$hash, h)
  expect_identical(seni_formula(budget = dollars(9e8))$hash, h)
  expect_identical(seni_formula(budget = 900000000L)$hash, h)
  expect_identical(seni_formula(set = list(allocation.budget = 9e8))$hash, h)
  cents <- list(allocation.unit = "cent")
  expect_false(identical(seni_formula(budget = 900e6 + 0.01, set = cents)$hash,
                         seni_formula(budget = 900e6, set = cents)$hash))
})
