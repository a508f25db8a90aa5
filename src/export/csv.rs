//! CSV: the first table, text cells neutralised and quoted when needed, optionally preceded by
//! `# key: value` metadata lines.

use super::document::{Document, Exporter};
use crate::error::Result;
use crate::num::{fixed, write_cents};
use crate::table::{Cell, neutralise};
use rayon::prelude::*;
use std::fmt::Write as _;

/// The CSV exporter.
pub(super) struct Csv;

impl Exporter for Csv {
    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let table = doc.tables[0];
        let mut out =
            String::with_capacity(64 * table.rows.len().max(1) * table.columns.len().max(1) / 4);
        if doc.header_comment {
            for (k, v) in doc.meta.lines() {
                let _ = writeln!(out, "# {k}: {v}");
            }
        }
        for (j, c) in table.columns.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            field(&mut out, &neutralise(c));
        }
        out.push('\n');
        // Rows are formatted in parallel chunks and joined in order (same bytes as one pass).
        let chunks: Vec<String> = table
            .rows
            .par_chunks(4096)
            .map(|rows| {
                let mut out = String::with_capacity(rows.len() * 96);
                for row in rows {
                    row_text(&mut out, row, doc.missing);
                }
                out
            })
            .collect();
        for c in chunks {
            out.push_str(&c);
        }
        Ok(out.into_bytes())
    }
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
