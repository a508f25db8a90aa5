//! Writing a command's outputs: the document in its format to a file or standard output, charts
//! into a directory, and the summary to the terminal.

use super::args::{ChartArgs, Output, Target};
use seni::chart::{Chart, Look};
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::export::{Meta, write_atomic};
use seni::outputs::Outputs;
use std::io::Write;
use std::path::Path;

/// Writes an analysis's outputs (tables, summary, metadata) in the output's format: to
/// standard output, or staged in `files` (in place when the run commits them).
pub(crate) fn write_outputs(output: &Output, o: &Outputs, files: &mut OutputFiles) -> Result<()> {
    let doc = o.document(output.header_comment);
    match &output.target {
        Target::Stdout => emit(None, &output.format.render(&doc)?),
        Target::File(p) => files.write_with(p, &mut |w| output.format.write(&doc, w)),
    }
}

/// Writes bytes to a file atomically, or to standard output when `path` is None (a closed pipe,
/// e.g. `| head`, is not an error).
pub(crate) fn emit(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) => write_atomic(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::io("standard output", e, ""))
                }
                _ => Ok(()),
            }
        }
    }
}

/// `-` means standard output.
pub(crate) fn out_path(out: &str) -> Option<&Path> {
    (out != "-").then(|| Path::new(out))
}

/// Prints to stdout, or to stderr when stdout carries the table.
pub(crate) fn say(output: &Output, text: &str) {
    if output.target == Target::Stdout {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
}

/// "wrote PATH" for a file output.
pub(crate) fn written(output: &Output) -> String {
    match &output.target {
        Target::File(p) => format!("wrote {}\n", p.display()),
        Target::Stdout => String::new(),
    }
}

/// Makes the chart directory before any work (recorded in `files`: removed if the run fails).
pub(crate) fn chart_dir(charts: &ChartArgs, files: &mut OutputFiles) -> Result<()> {
    match &charts.charts {
        Some(d) => files.create_dir(d),
        None => Ok(()),
    }
}

/// Stages charts (SVG and PNG, with the run's provenance footer) for the --charts directory;
/// "wrote PATH" lines.
pub(crate) fn write_charts(
    args: &ChartArgs,
    meta: &Meta,
    charts: &[Chart],
    files: &mut OutputFiles,
) -> Result<String> {
    let Some(d) = &args.charts else { return Ok(String::new()) };
    let look = Look::of(meta, args.size.size());
    let mut s = String::new();
    for ch in charts {
        for (p, bytes) in ch.files(d, &look)? {
            files.write(&p, &bytes)?;
            s.push_str(&format!("wrote {}\n", p.display()));
        }
    }
    Ok(s)
}
