# Data frames in: factors, NA, logicals, Dates and 64-bit integers (bit64::integer64, with or
# without bit64 installed) give the numbers the same data give from the file. Tables out: the
# command line's columns as data frames (tibbles for a tibble).

district_path <- function() {
  root <- repo_root()
  need(!is.na(root), "the repository")
  file.path(root, "data", "district.csv")
}

# bit64::integer64 keeps each 64-bit integer in a double's 8 bytes (NA is INT64_MIN): made here
# from high and low 32-bit halves, so no bit64 is needed.
int64 <- function(hi, lo) {
  bytes <- unlist(Map(function(h, l) {
    if (is.na(l)) return(as.raw(c(0, 0, 0, 0, 0, 0, 0, 0x80)))
    as.raw(c(l %% 256, (l %/% 256) %% 256, (l %/% 65536) %% 256, l %/% 16777216,
             h %% 256, (h %/% 256) %% 256, (h %/% 65536) %% 256, h %/% 16777216))
  }, hi, lo))
  structure(readBin(bytes, "double", n = length(lo), endian = "little"), class = "integer64")
}

test_that("a data frame with factors, NA, logicals, Dates and integer64 gives the file's numbers", {
  path <- district_path()
  d <- utils::read.csv(path, stringsAsFactors = TRUE)
  expect_true(is.factor(d$school_name) && is.factor(d$chronic_absence_rate))
  expect_true(anyNA(d$grad_rate))
  d$school_id <- int64(rep(0, nrow(d)), d$school_id)
  d$enrollment <- int64(rep(0, nrow(d)), d$enrollment)
  d$open <- d$enrollment > 0
  d$opened <- as.Date("2001-09-01")
  from_frame <- seni_allocate(d, budget = 900e6)
  from_file <- seni_allocate(path, budget = 900e6)
  expect_identical(r_cents(from_frame), r_cents(from_file))
  expect_identical(from_frame$allocation$tier, from_file$allocation$tier)
  expect_identical(seni_compute(d)$schools$need_index, seni_compute(path)$schools$need_index)
  expect_identical(from_frame$metadata$data, "d")
})

test_that("ids past 2^53 stay exact (integer64 read as text), missing cells stay missing", {
  d <- utils::read.csv(district_path())
  d$grad_rate[1:3] <- NA
  big <- d
  lo <- d$school_id - 1900000
  big$school_id <- int64(rep(2^28, nrow(d)), lo) # 2^60 + lo = 1152921504606846976 + lo
  s_big <- seni_compute(big)$schools
  s <- seni_compute(d)$schools
  expect_identical(s_big$id, paste0("11529215046068", 46976 + lo))
  expect_true(all(is.na(s$graduation[1:3])))
  expect_identical(s_big$need_index, s$need_index)
  expect_identical(s_big$tier, s$tier)
})

test_that("real bit64::integer64 columns work when bit64 is installed", {
  skip_if_not_installed("bit64")
  d <- utils::read.csv(district_path())
  d$enrollment <- bit64::as.integer64(d$enrollment)
  expect_identical(r_cents(seni_allocate(d)), r_cents(seni_allocate(district_path())))
})

test_that("tables come back as data frames with typed columns; tibbles for a tibble", {
  a <- seni_allocate(budget = 900e6)
  expect_s3_class(a, "seni_outputs")
  expect_named(a, c("metadata", "summary", "allocation", "by_tier", "findings"))
  expect_s3_class(a$allocation, "data.frame")
  expect_type(a$allocation$id, "character")
  expect_s3_class(a$allocation$total, "seni_dollars")
  expect_type(a$by_tier$schools, "integer")
  expect_identical(as.data.frame(a), a$allocation)
  expect_output(print(a), "tables: \\$allocation \\(1000 x")
  expect_s3_class(seni_explain(school = "1900205")$explanation$school$indicators, "data.frame")
  skip_if_not_installed("tibble")
  d <- tibble::as_tibble(utils::read.csv(district_path()))
  expect_s3_class(seni_allocate(d)$allocation, "tbl_df")
  expect_false(inherits(seni_allocate()$allocation, "tbl_df"))
})

test_that("a panel data frame gives the trend of its file", {
  root <- repo_root()
  need(!is.na(root), "the repository")
  panel <- file.path(root, "data", "kentucky", "ky_schools_panel_2012_2017.csv")
  from_file <- seni_trend(panel, "ky-equity-2017")
  # Ids with leading zeros (001010) are text: read them as text.
  frame <- utils::read.csv(panel, stringsAsFactors = TRUE, colClasses = c(sch_id = "character"))
  from_frame <- seni_trend(frame, "ky-equity-2017")
  expect_identical(from_frame$trend, from_file$trend)
  expect_identical(from_frame$tier_changes, from_file$tier_changes)
})
