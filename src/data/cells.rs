//! Cells read as numbers: plain numbers, empty cells, missing-value markers, and every other
//! text reported with what to do about it.

use super::table::{RawColumn, RawTable, cell_text};
use crate::error::{Location, Problem, Result};

/// How a cell's text reads as a number.
enum CellReading {
    Value(f64),
    Missing,
    Marker,
    Bad(String, &'static str),
}

fn read_cell(raw: &str, markers: &[String]) -> CellReading {
    let s = raw.trim();
    if s.is_empty() {
        return CellReading::Missing;
    }
    if markers.iter().any(|m| m == s || m.trim() == s) {
        return CellReading::Marker;
    }
    if let Ok(v) = s.parse::<f64>() {
        if v.is_finite() && !s.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
            return CellReading::Value(v);
        }
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
    let grouped = s.split('.').next().unwrap_or("");
    if grouped.contains(',')
        && grouped.split(',').skip(1).all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    {
        let plain: String = s.chars().filter(|c| *c != ',').collect();
        if let Ok(v) = plain.parse::<f64>() {
            return CellReading::Value(v);
        }
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

/// A numeric column read: values (`NaN` = missing), cell problems, and the count of marker cells.
pub(crate) struct NumericColumn {
    pub(crate) values: Vec<f64>,
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
    let at = |i: usize| Location::file(&t.source).row(source_rows[i]).column(column);
    let mut out = NumericColumn { values: Vec::new(), problems: Vec::new(), marked: 0 };
    match t.column(column)? {
        RawColumn::Numbers { values, body, aside } => {
            out.values = values.clone();
            for (row, span) in aside {
                let r = *row as usize;
                out.values[r] = reading(&mut out, &cell_text(body, *span), markers, || at(r));
            }
        }
        RawColumn::Given(given) => {
            for (i, v) in given.iter().enumerate() {
                out.values.push(match v {
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
                    None => reading(&mut out, c, markers, || at(i)),
                };
                out.values.push(v);
            }
        }
    }
    Ok(out)
}

/// A cell that is not a plain number, read with every rule: a value, missing, a marker
/// (counted) or a problem (named).
fn reading(
    out: &mut NumericColumn,
    raw: &str,
    markers: &[String],
    at: impl Fn() -> Location,
) -> f64 {
    match read_cell(raw, markers) {
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
