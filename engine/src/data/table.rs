//! A data file as read: the columns a formula wants, each as the cells of the CSV text (text
//! columns), as numbers read while scanning with the cells that are not plain numbers kept aside
//! (numeric columns), or as an embedder gave them.

use crate::error::{Error, Location, Result, suggest_or};
use crate::num::format_num;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The bytes of a CSV file, shared by its text columns.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Bytes compiled into the binary (bundled data).
    Static(&'static [u8]),
    /// Bytes read from a file or given by a caller.
    Owned(Vec<u8>),
}

impl std::ops::Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Body::Static(b) => b,
            Body::Owned(b) => b,
        }
    }
}

/// Where a cell is in the body: `start..start + len`; a quoted cell's quotes are included and
/// removed when read. A missing cell (a row added by a join) has `start == u32::MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl Span {
    pub(crate) const MISSING: Span = Span { start: u32::MAX, len: 0 };
}

/// A column's cells.
#[derive(Debug, Clone)]
pub(crate) enum RawColumn {
    /// Cells of the CSV body.
    Cells(Arc<Body>, Vec<Span>),
    /// Numbers read while scanning (`NaN` for an empty cell or one set aside), in the column a
    /// district shares when every cell was a plain number; the cells that were not plain finite
    /// numbers (or matched a missing-value marker), by row, to be read again with every rule and
    /// named when bad.
    Numbers { values: Arc<[f64]>, body: Arc<Body>, aside: Vec<(u32, Span)> },
    /// Text given by an embedder (None: missing).
    Text(Vec<Option<String>>),
    /// Numbers given by an embedder (None: missing).
    Given(Vec<Option<f64>>),
}

impl RawColumn {
    /// The rows `rows` of this column, in that order (None: a missing row).
    pub(crate) fn take(&self, rows: &[Option<usize>]) -> RawColumn {
        match self {
            RawColumn::Cells(body, cells) => RawColumn::Cells(
                Arc::clone(body),
                rows.iter().map(|r| r.map_or(Span::MISSING, |r| cells[r])).collect(),
            ),
            RawColumn::Numbers { values, body, aside } => {
                let mut at = vec![u32::MAX; values.len()];
                for (k, (row, _)) in aside.iter().enumerate() {
                    at[*row as usize] = k as u32;
                }
                let mut kept = Vec::new();
                for (new, r) in rows.iter().enumerate() {
                    if let Some(&k) = r.and_then(|r| at.get(r)).filter(|k| **k != u32::MAX) {
                        kept.push((new as u32, aside[k as usize].1));
                    }
                }
                RawColumn::Numbers {
                    values: rows.iter().map(|r| r.map_or(f64::NAN, |r| values[r])).collect(),
                    body: Arc::clone(body),
                    aside: kept,
                }
            }
            RawColumn::Text(t) => {
                RawColumn::Text(rows.iter().map(|r| r.and_then(|r| t[r].clone())).collect())
            }
            RawColumn::Given(g) => {
                RawColumn::Given(rows.iter().map(|r| r.and_then(|r| g[r])).collect())
            }
        }
    }

    /// Every cell as text (empty for a missing cell; numbers given by an embedder written as
    /// people write them, whole numbers without a decimal point).
    pub(crate) fn texts(&self) -> Vec<String> {
        match self {
            RawColumn::Cells(body, cells) => {
                cells.iter().map(|s| cell_text(body, *s).into_owned()).collect()
            }
            RawColumn::Numbers { values, body, aside } => {
                let mut out: Vec<String> = values
                    .iter()
                    .map(|v| if v.is_nan() { String::new() } else { format_num(*v) })
                    .collect();
                for (row, span) in aside {
                    out[*row as usize] = cell_text(body, *span).into_owned();
                }
                out
            }
            RawColumn::Text(t) => t.iter().map(|c| c.clone().unwrap_or_default()).collect(),
            RawColumn::Given(g) => {
                g.iter().map(|c| c.map(format_num).unwrap_or_default()).collect()
            }
        }
    }
}

/// A cell's text: quotes around it removed and doubled quotes inside made single.
pub(crate) fn cell_text(body: &[u8], span: Span) -> Cow<'_, str> {
    if span.start == u32::MAX {
        return Cow::Borrowed("");
    }
    let bytes = &body[span.start as usize..(span.start + span.len) as usize];
    // The body is UTF-8 already (read made it so): checking is fast, replacing never needed.
    let text =
        std::str::from_utf8(bytes).map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if bytes.len() >= 2 => Cow::Owned(inner.replace("\"\"", "\"")),
        _ => text,
    }
}

/// A data file read: the columns wanted, with facts about how it was read.
#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    /// Display name of the source.
    pub(crate) source: String,
    /// The columns read, by (trimmed) header name, in header order.
    pub(crate) columns: Vec<(String, RawColumn)>,
    /// Data rows.
    pub(crate) rows: usize,
    /// SHA-256 (first 16 hex digits) of the file bytes.
    pub(crate) hash: String,
    /// Notes on how the file was read (encoding, delimiter).
    pub(crate) notes: Vec<String>,
    /// Every column name of the header, read or not (for "did you mean").
    pub(crate) header: Vec<String>,
    /// A comma in a number is the decimal mark (files separated by `;`, as European
    /// spreadsheets write them: `50,5` is 50.5).
    pub(crate) decimal_comma: bool,
    /// The columns joined from other files, with the file and row each cell came from.
    pub(crate) joined: HashMap<String, Arc<JoinedFrom>>,
}

/// Where a joined column's cells are: the file, and for each row of the first file the row of
/// that file (0-based; None when the id is not in it).
#[derive(Debug)]
pub(crate) struct JoinedFrom {
    pub(crate) source: String,
    pub(crate) rows: Vec<Option<usize>>,
}

impl RawTable {
    /// The names of the columns read.
    pub(crate) fn names(&self) -> Vec<String> {
        self.columns.iter().map(|(n, _)| n.clone()).collect()
    }

    /// A column read; an error names a missing column.
    pub(crate) fn column(&self, column: &str) -> Result<&RawColumn> {
        self.columns
            .iter()
            .find(|(n, _)| n == column)
            .map(|(_, c)| c)
            .ok_or_else(|| self.missing_column(column))
    }

    /// A column's cells as text (empty for a missing cell); an error names a missing column.
    pub(crate) fn text(&self, column: &str) -> Result<Vec<String>> {
        Ok(self.column(column)?.texts())
    }

    /// The rows `rows` of every column (None: a row missing in this table).
    pub(crate) fn take(&self, rows: &[Option<usize>]) -> RawTable {
        RawTable {
            columns: self.columns.iter().map(|(n, c)| (n.clone(), c.take(rows))).collect(),
            rows: rows.len(),
            notes: Vec::new(),
            ..self.without_columns()
        }
    }

    /// The table's facts with no columns.
    pub(crate) fn without_columns(&self) -> RawTable {
        RawTable {
            source: self.source.clone(),
            columns: Vec::new(),
            rows: self.rows,
            hash: self.hash.clone(),
            notes: self.notes.clone(),
            header: self.header.clone(),
            decimal_comma: self.decimal_comma,
            joined: self.joined.clone(),
        }
    }

    /// Where a cell is for messages: its file and data row (1-based), for a joined column the
    /// file it came from and its row there. `row` is a row of the first file (1-based).
    pub(crate) fn cell_at(&self, column: &str, row: usize) -> Location {
        match self.joined.get(column) {
            Some(j) => {
                let there = j.rows.get(row.wrapping_sub(1)).copied().flatten();
                let loc = Location::file(&j.source).column(column);
                match there {
                    Some(r) => loc.row(r + 1),
                    None => loc,
                }
            }
            None => Location::file(&self.source).row(row).column(column),
        }
    }

    /// "no such column", with the closest header name.
    pub(crate) fn missing_column(&self, column: &str) -> Error {
        let fix = suggest_or(column, self.header.iter().map(String::as_str), || {
            "check the column name (headers are case-sensitive)".to_string()
        });
        Error::data(Location::file(&self.source).column(column), "no such column", fix)
    }
}
