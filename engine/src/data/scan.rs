//! One pass over a CSV body whose shape is already checked (every record has the header's
//! number of fields): the wanted columns' cells as spans, numeric columns read as numbers on the
//! way, straight into their final columns. A body without quotes is split at line breaks and
//! scanned in parallel blocks: the blocks' records are counted first, so each block writes its
//! numbers into its own stretch of every column and no block's numbers are copied again.

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

/// The cells of one block of records, per wanted field (in field order): a text column's spans,
/// or the cells of a numeric column set aside (by row in the block) as not plain numbers.
enum Cells {
    Spans(Vec<Span>),
    Aside(Vec<(u32, Span)>),
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
    let counts: Vec<usize> =
        blocks.par_iter().map(|&(from, to)| records(&bytes[from..to], sep)).collect();
    let rows = counts.iter().sum();
    let numeric = plan.fields.iter().flatten().filter(|w| **w == Want::Number).count();
    let mut columns: Vec<Arc<[f64]>> =
        (0..numeric).map(|_| std::iter::repeat_n(f64::NAN, rows).collect()).collect();
    let mut stretches: Vec<Vec<&mut [f64]>> = blocks.iter().map(|_| Vec::new()).collect();
    for column in &mut columns {
        let mut rest = Arc::get_mut(column).expect("a column just made is not shared");
        for (stretch, &n) in stretches.iter_mut().zip(&counts) {
            let (mine, after) = rest.split_at_mut(n);
            stretch.push(mine);
            rest = after;
        }
    }
    let scanned: Vec<Vec<Cells>> = blocks
        .par_iter()
        .zip(stretches)
        .map(|(&(from, to), mut values)| scan_block(bytes, (from, to), sep, plan, &mut values))
        .collect();
    (gather(body.clone(), scanned, &counts, columns, plan), rows)
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

/// The records of a block, as [`scan_block`] counts them: its lines (a line break inside quotes
/// is part of a cell; a quote opens one only at the start of a field) that are not blank
/// (empty, or carriage returns alone).
fn records(block: &[u8], sep: u8) -> usize {
    let blank = |line: &[u8]| line.iter().all(|&b| b == b'\r');
    if !block.contains(&b'"') {
        return block.split(|&b| b == b'\n').filter(|l| !blank(l)).count();
    }
    let (mut rows, mut line_start, mut quotes) = (0, 0, Quotes::FieldStart);
    for (i, &b) in block.iter().enumerate() {
        if quotes.ends_field(b, &[sep]) && b == b'\n' {
            rows += usize::from(!blank(&block[line_start..i]));
            line_start = i + 1;
        }
    }
    rows + usize::from(!blank(&block[line_start..]))
}

/// The records of one block: text cells as spans, numbers written into the block's stretch of
/// each numeric column (`values`, in field order).
fn scan_block(
    bytes: &[u8],
    (from, to): (usize, usize),
    sep: u8,
    plan: &Plan,
    values: &mut [&mut [f64]],
) -> Vec<Cells> {
    let mut cells: Vec<Cells> = plan
        .fields
        .iter()
        .flatten()
        .map(|w| match w {
            Want::Text => Cells::Spans(Vec::new()),
            Want::Number => Cells::Aside(Vec::new()),
        })
        .collect();
    // Each read field's slot in `cells` and, for a numeric one, in `values`.
    let slots: Vec<Option<(usize, usize)>> = {
        let (mut k, mut j) = (0, 0);
        let mut slot = |w: Want| {
            let s = (k, j);
            k += 1;
            j += usize::from(w == Want::Number);
            s
        };
        plan.fields.iter().map(|w| w.map(&mut slot)).collect()
    };
    let (mut row, mut field, mut cell_start) = (0u32, 0usize, from);
    let mut quotes = Quotes::FieldStart;
    let mut i = from;
    while i <= to {
        let b = if i < to { bytes[i] } else { b'\n' };
        if quotes.ends_field(b, &[sep]) {
            let end = if b == b'\n' && i > cell_start && bytes[i - 1] == b'\r' { i - 1 } else { i };
            let blank_tail =
                b == b'\n' && field == 0 && bytes[cell_start..end].iter().all(|&c| c == b'\r');
            if !blank_tail && let Some(Some((k, j))) = slots.get(field) {
                let span = Span { start: cell_start as u32, len: (end - cell_start) as u32 };
                match &mut cells[*k] {
                    Cells::Spans(v) => v.push(span),
                    Cells::Aside(aside) => {
                        values[*j][row as usize] = number(bytes, span, plan.markers)
                            .unwrap_or_else(|| {
                                aside.push((row, span));
                                f64::NAN
                            });
                    }
                }
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
    cells
}

/// A cell as a plain finite number; `NaN` for an empty cell; None (to be set aside) when it is
/// anything else or a missing-value marker.
fn number(bytes: &[u8], span: Span, markers: &[String]) -> Option<f64> {
    let raw = &bytes[span.start as usize..(span.start + span.len) as usize];
    if raw.is_empty() {
        return Some(f64::NAN);
    }
    if markers.iter().any(|m| m.as_bytes() == raw) {
        return None;
    }
    std::str::from_utf8(raw).ok()?.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The blocks' cells joined into one column per wanted field, each column in parallel (rows
/// renumbered in order); a numeric column is the one its blocks wrote into.
fn gather(
    body: Arc<Body>,
    scanned: Vec<Vec<Cells>>,
    counts: &[usize],
    numbers: Vec<Arc<[f64]>>,
    plan: &Plan,
) -> Vec<RawColumn> {
    let wanted: Vec<Want> = plan.fields.iter().flatten().copied().collect();
    let rows = counts.iter().sum();
    let offsets: Vec<u32> = counts
        .iter()
        .scan(0u32, |at, n| {
            let first = *at;
            *at += *n as u32;
            Some(first)
        })
        .collect();
    let mut numbers = numbers.into_iter();
    let columns: Vec<(usize, Option<Arc<[f64]>>)> = wanted
        .iter()
        .enumerate()
        .map(|(k, w)| (k, (*w == Want::Number).then(|| numbers.next().expect("a column"))))
        .collect();
    let column = |(k, values): (usize, Option<Arc<[f64]>>)| -> RawColumn {
        let blocks = scanned.iter().map(|cells| &cells[k]).zip(&offsets);
        match values {
            None => {
                let mut spans = Vec::with_capacity(rows);
                for (c, _) in blocks {
                    let Cells::Spans(v) = c else { unreachable!("a column keeps its kind") };
                    spans.extend_from_slice(v);
                }
                RawColumn::Cells(Arc::clone(&body), spans)
            }
            Some(values) => {
                let mut aside = Vec::new();
                for (c, &offset) in blocks {
                    let Cells::Aside(a) = c else { unreachable!("a column keeps its kind") };
                    aside.extend(a.iter().map(|&(r, s)| (r + offset, s)));
                }
                RawColumn::Numbers { values, body: Arc::clone(&body), aside }
            }
        }
    };
    columns.into_par_iter().map(column).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers of the second field of `text` (after its header line), and the records.
    fn second_field(text: &str) -> (Vec<f64>, usize) {
        let body = Arc::new(Body::Owned(text.as_bytes().to_vec()));
        let start = text.find('\n').unwrap() + 1;
        let plan = Plan { fields: vec![Some(Want::Text), Some(Want::Number)], markers: &[] };
        let (columns, rows) = scan(body, start, b',', &plan);
        let RawColumn::Numbers { values, .. } = &columns[1] else { panic!("a numeric column") };
        (values.to_vec(), rows)
    }

    #[test]
    fn blank_lines_carriage_returns_and_quoted_line_breaks_count_as_the_scan_reads_them() {
        let (v, rows) = second_field("a,b\n1,2\n\n3,4\r\n\r\nx,6");
        assert_eq!((v, rows), (vec![2.0, 4.0, 6.0], 3));
        let (v, rows) = second_field("a,b\n\"one\ntwo\",2\n\n3,\n5,7\n");
        assert_eq!(rows, 3);
        assert_eq!((v[0], v[1].is_nan(), v[2]), (2.0, true, 7.0));
        // A quote inside a cell that does not start with one is text: two records, not one.
        let (v, rows) = second_field("a,b\n12\" wing,2\n15\" wing,3\n");
        assert_eq!((v, rows), (vec![2.0, 3.0], 2));
    }

    #[test]
    fn blocks_write_their_own_stretch_of_each_column_in_row_order() {
        let rows = 60_000; // 2.5 MB: three blocks of BLOCK bytes
        let mut text = String::from("id,value\n");
        for r in 0..rows {
            text.push_str(&format!("school-{r:08}-{},{r}\n", "x".repeat(20)));
        }
        let (v, n) = second_field(&text);
        assert!(text.len() > 2 * BLOCK);
        assert_eq!(n, rows);
        assert!(v.iter().enumerate().all(|(r, x)| *x == r as f64));
    }
}
