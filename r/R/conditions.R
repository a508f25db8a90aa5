# Errors as R conditions. The engine's errors come back from Rust as data (a list of class
# "seni_error_record": kind, the command line's text, and every problem's file, line, row,
# column, key, message and fix); here they are raised with the classes
#   c("seni_<kind>_error", "seni_error", "error", "condition")
# (kind: usage, formula, data, infeasible, io), so that
#   tryCatch(seni_allocate(d), seni_data_error = function(e) e$row)
# works. The fields of the first problem are the condition's own; `problems` has them all.

seni_condition <- function(record, call = NULL) {
  p <- record$problems
  first <- function(x) if (length(x)) x[[1]] else NA
  structure(
    class = c(paste0("seni_", record$kind, "_error"), "seni_error", "error", "condition"),
    list(
      message = record$message,
      call = call,
      kind = record$kind,
      file = first(p$file),
      line = first(p$line),
      row = first(p$row),
      column = first(p$column),
      key = first(p$key),
      fix = first(p$fix),
      problems = columns_to_df(p)
    )
  )
}

# Pass a result through, or raise the engine's error as a classed condition of `call`.
check_result <- function(result, call = NULL) {
  if (inherits(result, "seni_error_record")) stop(seni_condition(result, call))
  result
}

# An argument that cannot be used, raised as the engine raises its usage errors (the argument
# named in the message, and the fix).
usage_error <- function(message, fix, call = NULL) {
  record <- list(
    kind = "usage",
    message = paste0("usage error: ", message, "\n  fix: ", fix),
    problems = list(file = NA_character_, line = NA_integer_, row = NA_integer_,
                    column = NA_character_, key = NA_character_, message = message, fix = fix)
  )
  stop(seni_condition(record, call))
}
