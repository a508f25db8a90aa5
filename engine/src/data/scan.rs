//! One pass over a CSV body whose shape is already checked (every record has the header's
//! number of fields): the wanted columns' cells as spans, numeric columns read as numbers on the
//! way. A body without quotes is split at line breaks and scanned in parallel blocks.

use super::shape::Quotes;
use super::table::{Body, RawColumn, Span};
use rayon::prelude::*;
use std::sync::Arc;

/// How a column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// As text cells.
    Text,
    /// As numbers; cells that are not plain finite numbers are set aside.
    Number,
}

/// What to read: for each header field, whether and how; and the texts that mark a missing
/// number (set aside, never read as numbers).
pub(crate) struct Plan<'a> {
    pub(crate) fields: Vec<Option<Want>>,
    pub(crate) markers: &'a [String],
}

/// The cells of one block of records, per wanted field (in field order).
enum Cells {
    Spans(Vec<Span>),
    Numbers(Vec<f64>, Vec<(u32, Span)>),
}

/// Bytes per parallel block.
const BLOCK: usize = 1 << 20;

/// Scans the records of `body[start..]` (the header excluded) into one column per wanted
/// field, in field order.
pub(crate) fn scan(body: Arc<Body>, start: usize, sep: u8, plan: &Plan) -> (Vec<RawColumn>, usize) {
    let bytes: &[u8] = &body;
    let blocks = if bytes[start..].contains(&b'"') {
        vec![(start, bytes.len())]
    } else {
        split_at_lines(bytes, start)
    };
    let scanned: Vec<(Vec<Cells>, usize)> =
        blocks.par_iter().map(|&(from, to)| scan_block(bytes, from, to, sep, plan)).collect();
    let rows = scanned.iter().map(|(_, n)| n).sum();
    (gather(body.clone(), scanned, plan), rows)
}

/// Blocks of about [`BLOCK`] bytes that end at a line break.
fn split_at_lines(bytes: &[u8], start: usize) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut from = start;
    while from < bytes.len() {
        let mut to = (from + BLOCK).min(bytes.len());
        while to < bytes.len() && bytes[to - 1] != b'\n' {
            to += 1;
        }
        blocks.push((from, to));
        from = to;
    }
    blocks
}

/// The records of one block, and how many there are.
fn scan_block(bytes: &[u8], from: usize, to: usize, sep: u8, plan: &Plan) -> (Vec<Cells>, usize) {
    let mut cells: Vec<Cells> = plan
        .fields
        .iter()
        .flatten()
        .map(|w| match w {
            Want::Text => Cells::Spans(Vec::new()),
            Want::Number => Cells::Numbers(Vec::new(), Vec::new()),
        })
        .collect();
    let slots: Vec<Option<usize>> = {
        let mut k = 0;
        plan.fields.iter().map(|w| w.map(|_| (k, k += 1).0)).collect()
    };
    let (mut row, mut field, mut cell_start) = (0u32, 0usize, from);
    let mut quotes = Quotes::FieldStart;
    let mut i = from;
    while i <= to {
        let b = if i < to { bytes[i] } else { b'\n' };
        if quotes.ends_field(b, &[sep]) {
            let end = if b == b'\n' && i > cell_start && bytes[i - 1] == b'\r' { i - 1 } else { i };
            let blank_tail = b == b'\n' && field == 0 && end == cell_start;
            if !blank_tail && let Some(Some(k)) = slots.get(field) {
                let span = Span { start: cell_start as u32, len: (end - cell_start) as u32 };
                push(&mut cells[*k], bytes, span, row, plan.markers);
            }
            if b == b'\n' {
                if !blank_tail {
                    row += 1;
                }
                field = 0;
            } else {
                field += 1;
            }
            cell_start = i + 1;
        }
        i += 1;
    }
    (cells, row as usize)
}

/// Adds a cell to its column: a span, or a number (set aside when it is not a plain finite
/// number or is a missing-value marker).
fn push(cells: &mut Cells, bytes: &[u8], span: Span, row: u32, markers: &[String]) {
    match cells {
        Cells::Spans(v) => v.push(span),
        Cells::Numbers(values, aside) => {
            let raw = &bytes[span.start as usize..(span.start + span.len) as usize];
            if raw.is_empty() {
                values.push(f64::NAN);
                return;
            }
            let marked = markers.iter().any(|m| m.as_bytes() == raw);
            let plain = (!marked)
                .then(|| std::str::from_utf8(raw).ok()?.parse::<f64>().ok())
                .flatten()
                .filter(|v| v.is_finite());
            match plain {
                Some(v) => values.push(v),
                None => {
                    values.push(f64::NAN);
                    aside.push((row, span));
                }
            }
        }
    }
}

/// The blocks' cells joined into one column per wanted field (rows renumbered in order).
fn gather(body: Arc<Body>, scanned: Vec<(Vec<Cells>, usize)>, plan: &Plan) -> Vec<RawColumn> {
    let wanted: Vec<Want> = plan.fields.iter().flatten().copied().collect();
    let mut out: Vec<RawColumn> = wanted
        .iter()
        .map(|w| match w {
            Want::Text => RawColumn::Cells(Arc::clone(&body), Vec::new()),
            Want::Number => RawColumn::Numbers {
                values: Vec::new(),
                body: Arc::clone(&body),
                aside: Vec::new(),
            },
        })
        .collect();
    let mut offset = 0u32;
    for (cells, rows) in scanned {
        for (col, block) in out.iter_mut().zip(cells) {
            match (col, block) {
                (RawColumn::Cells(_, all), Cells::Spans(v)) => all.extend(v),
                (RawColumn::Numbers { values, aside, .. }, Cells::Numbers(v, a)) => {
                    values.extend(v);
                    aside.extend(a.into_iter().map(|(r, s)| (r + offset, s)));
                }
                _ => unreachable!("a column keeps its kind in every block"),
            }
        }
        offset += rows as u32;
    }
    out
}
