# What an analysis returns: its outputs as the engine says them once (engine/src/outputs/),
# laid out as the command line's `--format json` document: `metadata`, the summary under its
# key (`summary`, `explanation`, `sensitivity`), each table by name as a data frame, and
# `findings`. Printing shows the command line's terminal text.

new_outputs <- function(raw, analysis, tibble = FALSE) {
  out <- list(metadata = raw$metadata)
  if (length(raw$summary_key) && !is.null(raw$summary)) out[[raw$summary_key]] <- raw$summary
  for (name in names(raw$tables)) out[[name]] <- columns_to_df(raw$tables[[name]], tibble)
  out$findings <- raw$findings
  structure(out, class = c(paste0("seni_", analysis), "seni_outputs"), text = raw$text)
}

#' @export
print.seni_outputs <- function(x, ...) {
  cat(attr(x, "text"))
  tables <- Filter(is.data.frame, unclass(x))
  if (length(tables)) {
    size <- vapply(tables, function(t) sprintf("%d x %d", nrow(t), ncol(t)), "")
    cat("\ntables:", paste0("$", names(tables), " (", size, ")", collapse = ", "), "\n")
  }
  invisible(x)
}

#' The first table of an analysis (its per-school table where it has one)
#' @param x the outputs of an analysis
#' @param ... unused
#' @export
as.data.frame.seni_outputs <- function(x, ...) {
  as.data.frame(Filter(is.data.frame, unclass(x))[[1]])
}
