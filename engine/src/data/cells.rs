//! Cells read as numbers: plain numbers, empty cells, missing-value markers, and every other
//! text reported with what to do about it.

use super::table::{RawColumn, RawTable, cell_text};
use crate::error::{Location, Problem, Result};
use std::sync::Arc;

/// How a cell's text reads as a number.
enum CellReading {
    Value(f64),
    Missing,
    Marker,
    Bad(String, &'static str),
}

/// A cell as a finite number: plain (`1204.5`, `-3e2`), with thousands separators (`1,204.5`),
/// or — where the comma is the decimal mark — `1204,5` and `1.204,5`. None otherwise.
pub(crate) fn lenient_number(s: &str, decimal_comma: bool) -> Option<f64> {
    let s = s.trim();
    let letters = s.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E');
    if let Ok(v) = s.parse::<f64>() {
        return (v.is_finite() && !letters).then_some(v);
    }
    let grouped_by = |mark: char, whole: &str| {
        whole.split(mark).skip(1).all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    let plain: String = if decimal_comma {
        let (whole, frac) = s.rsplit_once(',').unwrap_or((s, ""));
        if !s.contains(',') || frac.contains('.') || !grouped_by('.', whole) {
            return None;
        }
        format!("{}.{frac}", whole.replace('.', ""))
    } else {
        let whole = s.split('.').next().unwrap_or("");
        if !whole.contains(',') || !grouped_by(',', whole) {
            return None;
        }
        s.replace(',', "")
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn read_cell(raw: &str, markers: &[String], decimal_comma: bool) -> CellReading {
    let s = raw.trim();
    if s.is_empty() {
        return CellReading::Missing;
    }
    if markers.iter().any(|m| m == s || m.trim() == s) {
        return CellReading::Marker;
    }
    if let Some(v) = lenient_number(s, decimal_comma) {
        return CellReading::Value(v);
    }
    if s.parse::<f64>().is_ok() {
        return CellReading::Bad(
            s.to_string(),
            "write a finite number, or leave the cell empty if the value is unknown",
        );
    }
    if s.ends_with('%') && s[..s.len() - 1].trim().parse::<f64>().is_ok() {
        return CellReading::Bad(
            s.to_string(),
            "remove the % sign and write the number on the column's scale (e.g. 45 for 45%)",
        );
    }
    if s.starts_with('<')
        || s.starts_with('>')
        || s == "*"
        || s.eq_ignore_ascii_case("n/a")
        || s.eq_ignore_ascii_case("na")
    {
        return CellReading::Bad(
            s.to_string(),
            "this looks like a suppressed value: add it to missing_values under [data] to treat it as missing",
        );
    }
    CellReading::Bad(
        s.to_string(),
        "write a number, or add this text to missing_values under [data] if it marks a missing value",
    )
}

/// A numeric column read: values (`NaN` = missing; the table's own column when every cell was a
/// plain number), cell problems, and the count of marker cells.
pub(crate) struct NumericColumn {
    pub(crate) values: Arc<[f64]>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) marked: usize,
}

/// Reads a column as numbers; `source_rows` gives each row's line in the source for messages.
pub(crate) fn numeric_column(
    t: &RawTable,
    column: &str,
    markers: &[String],
    source_rows: &[usize],
) -> Result<NumericColumn> {
    let at = |i: usize| t.cell_at(column, source_rows[i]);
    let mut out = NumericColumn { values: Arc::default(), problems: Vec::new(), marked: 0 };
    let mut values = Vec::new();
    match t.column(column)? {
        RawColumn::Numbers { values: read, aside, .. } if aside.is_empty() => {
            out.values = Arc::clone(read);
        }
        RawColumn::Numbers { values: read, body, aside } => {
            values = read.to_vec();
            for (row, span) in aside {
                let r = *row as usize;
                let text = cell_text(body, *span);
                values[r] = reading(&mut out, &text, markers, t.decimal_comma, || at(r));
            }
        }
        RawColumn::Given(given) => {
            for (i, v) in given.iter().enumerate() {
                values.push(match v {
                    Some(x) if !x.is_finite() => {
                        let fix = "give a finite number or leave it missing";
                        out.problems.push(Problem::new(
                            at(i),
                            format!("value {x} is not finite"),
                            fix,
                        ));
                        f64::NAN
                    }
                    Some(x) => *x,
                    None => f64::NAN,
                });
            }
        }
        text => {
            for (i, c) in text.texts().iter().enumerate() {
                let plain = (!markers.iter().any(|m| m == c))
                    .then(|| c.parse::<f64>().ok())
                    .flatten()
                    .filter(|v| v.is_finite());
                let v = match plain {
                    Some(v) => v,
                    None => reading(&mut out, c, markers, t.decimal_comma, || at(i)),
                };
                values.push(v);
            }
        }
    }
    if out.values.is_empty() {
        out.values = values.into();
    }
    out.problems = one_per_kind(std::mem::take(&mut out.problems));
    Ok(out)
}

/// Cells of a column that fail alike (the same fix) are one problem naming the first cell and
/// the rows of the others, not one line each: a column of `64.8%` is one thing to fix.
fn one_per_kind(problems: Vec<Problem>) -> Vec<Problem> {
    const ALONE: usize = 3;
    let mut kinds: Vec<(String, Vec<Problem>)> = Vec::new();
    for p in problems {
        match kinds.iter_mut().find(|(fix, _)| *fix == p.fix) {
            Some((_, v)) => v.push(p),
            None => kinds.push((p.fix.clone(), vec![p])),
        }
    }
    let mut out = Vec::new();
    for (_, mut v) in kinds {
        if v.len() <= ALONE {
            out.extend(v);
            continue;
        }
        let rows: Vec<String> =
            v[1..].iter().filter_map(|p| p.location.row).take(10).map(|r| r.to_string()).collect();
        let more = if v.len() - 1 > rows.len() { ", …" } else { "" };
        let mut first = v.swap_remove(0);
        first.message = format!(
            "{}, and so are {} more cells of this column (rows {}{more})",
            first.message,
            v.len(),
            rows.join(", ")
        );
        out.push(first);
    }
    out
}

/// A cell that is not a plain number, read with every rule: a value, missing, a marker
/// (counted) or a problem (named).
fn reading(
    out: &mut NumericColumn,
    raw: &str,
    markers: &[String],
    decimal_comma: bool,
    at: impl Fn() -> Location,
) -> f64 {
    match read_cell(raw, markers, decimal_comma) {
        CellReading::Value(v) => v,
        CellReading::Missing => f64::NAN,
        CellReading::Marker => {
            out.marked += 1;
            f64::NAN
        }
        CellReading::Bad(s, fix) => {
            out.problems.push(Problem::new(at(), format!("'{s}' is not a number"), fix));
            f64::NAN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lenient_number;

    #[test]
    fn commas_are_thousands_or_decimal_marks_by_the_file() {
        assert_eq!(lenient_number("1,204.5", false), Some(1204.5));
        assert_eq!(lenient_number("1,204", false), Some(1204.0));
        assert_eq!(lenient_number("50,5", false), None);
        assert_eq!(lenient_number("50,5", true), Some(50.5));
        assert_eq!(lenient_number("1,204", true), Some(1.204));
        assert_eq!(lenient_number("-1.234,5", true), Some(-1234.5));
        assert_eq!(lenient_number("12,34,5", true), None);
        assert_eq!(lenient_number("1.23,4", true), None);
        assert_eq!(lenient_number("inf", false), None);
        assert_eq!(lenient_number("0x10", false), None);
    }
}
