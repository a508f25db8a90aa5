//! CSV: the first table, text cells neutralised and quoted when needed, optionally preceded by
//! `# key: value` metadata lines.

use super::document::{Document, Exporter};
use crate::error::{Error, Result};
use crate::num::{fixed, write_cents};
use crate::table::{Cell, Tabular, neutralise};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::Write;

/// The CSV exporter.
pub(super) struct Csv;

/// Rows formatted at a time (in parallel), then written: the file is never held whole.
const BLOCK: usize = 8192;

impl Exporter for Csv {
    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write(doc, &mut out)?;
        Ok(out)
    }

    fn write(&self, doc: &Document, out: &mut dyn Write) -> Result<()> {
        let table = doc.tables[0];
        let mut head = String::new();
        if doc.header_comment {
            for (k, v) in doc.meta.lines() {
                let _ = writeln!(head, "# {k}: {v}");
            }
        }
        for (j, c) in table.columns().iter().enumerate() {
            if j > 0 {
                head.push(',');
            }
            field(&mut head, &neutralise(c));
        }
        head.push('\n');
        out.write_all(head.as_bytes()).map_err(io)?;
        write_rows(table, doc.missing, out)
    }
}

fn io(e: std::io::Error) -> Error {
    Error::io("output", e, "check the disk has space")
}

/// Writes a table's rows as CSV, without the header line (for a file written in parts: the
/// same bytes as one document).
pub fn write_rows(table: &dyn Tabular, missing: &str, out: &mut dyn Write) -> Result<()> {
    // Blocks of rows are formatted in parallel chunks and written in order (the same bytes as
    // one pass).
    for start in (0..table.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(table.len());
        let chunks: Vec<String> = (start..end)
            .into_par_iter()
            .chunks(512)
            .map(|rows| {
                let mut text = String::with_capacity(rows.len() * 128);
                for i in rows {
                    row_text(&mut text, &table.row(i), missing);
                }
                text
            })
            .collect();
        for c in chunks {
            out.write_all(c.as_bytes()).map_err(io)?;
        }
    }
    Ok(())
}

fn field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn row_text(out: &mut String, row: &[Cell], missing: &str) {
    for (j, c) in row.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        match c {
            Cell::Text(s) => field(out, &neutralise(s)),
            Cell::Num(x, None) if x.is_finite() && (*x != x.trunc() || x.abs() >= 1e15) => {
                let _ = write!(out, "{x}");
            }
            Cell::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Cell::Money(m) => write_cents(out, *m),
            Cell::Num(x, Some(d)) if x.is_finite() => out.push_str(&fixed(*x, *d)),
            Cell::Dollars(x) if x.is_finite() => out.push_str(&fixed(*x, 2)),
            other => field(out, &other.text(missing)),
        }
    }
    out.push('\n');
}
