//! Writing a command's outputs: the document in its format to a file or standard output, charts
//! into a directory, and the summary to the terminal.

use super::args::{ChartArgs, Output, Target};
use seni::chart::{Chart, Look};
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::export::{Document, Format, Meta, write_atomic};
use seni::outputs::Outputs;
use seni::table::Tabular;
use std::io::Write;
use std::path::Path;

/// Ends an analysis command: writes its outputs and charts (`also`: lines saying what else the
/// command staged, e.g. sensitivity's samples), commits every staged file at once, then says
/// the analysis's text and what was written.
pub(crate) fn finish(
    output: &Output,
    o: &Outputs,
    charts: &ChartArgs,
    mut files: OutputFiles,
    also: &str,
) -> Result<()> {
    let mut s = o.text().to_string();
    s.push_str(&write_outputs(output, o, &mut files)?);
    s.push_str(also);
    s.push_str(&write_charts(charts, o.meta(), o.charts(), &mut files)?);
    files.commit()?;
    say(output, &s);
    Ok(())
}

/// Writes an analysis's outputs (tables, summary, metadata) in the output's format: to
/// standard output, or staged in `files` (in place when the run commits them); "wrote PATH"
/// lines. CSV holds one table: a file gets the first, and each further table its own file
/// beside it (`out/audit_by_state.csv`); standard output gets the first, and a note says where
/// the others are.
pub(crate) fn write_outputs(
    output: &Output,
    o: &Outputs,
    files: &mut OutputFiles,
) -> Result<String> {
    let doc = o.document(output.header_comment);
    let more: Vec<&dyn Tabular> =
        if output.format == Format::Csv { doc.tables[1..].to_vec() } else { Vec::new() };
    match &output.target {
        Target::Stdout => {
            emit(None, &output.format.render(&doc)?)?;
            if !more.is_empty() {
                let names: Vec<&str> = more.iter().map(|t| t.name()).collect();
                let note = format!(
                    "note: standard output holds the table {}; the others ({}) are in --format json, or with --out FILE.csv one file each\n",
                    doc.tables[0].name(),
                    names.join(", ")
                );
                let _ = std::io::stderr().write_all(note.as_bytes());
            }
            Ok(String::new())
        }
        Target::File(p) => {
            files.write_with(p, &mut |w| output.format.write(&doc, w))?;
            let mut wrote = format!("wrote {}\n", p.display());
            for t in more {
                let path = sibling(p, t.name());
                let one = Document { tables: vec![t], ..o.document(output.header_comment) };
                files.write_with(&path, &mut |w| output.format.write(&one, w))?;
                wrote.push_str(&format!("wrote {} ({})\n", path.display(), t.name()));
            }
            Ok(wrote)
        }
    }
}

/// The file of a further table beside an output: `out/audit.csv` and `by_state` give
/// `out/audit_by_state.csv`.
fn sibling(path: &Path, table: &str) -> std::path::PathBuf {
    let stem = path.file_stem().map_or("out".into(), |s| s.to_string_lossy().into_owned());
    let ext = path.extension().map_or("csv".into(), |e| e.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}_{table}.{ext}"))
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
        let _ = std::io::stderr().write_all(text.as_bytes());
    } else {
        print_out(text);
    }
}

/// Prints to standard output; a closed pipe (`seni formulas | head -1`) is not an error: the
/// rest is not printed, and the command ends with its own exit code.
pub(crate) fn print_out(text: &str) {
    let _ = emit(None, text.as_bytes());
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
