//! A district from columns an embedder already holds (a data frame, Arrow arrays): text and
//! numbers by column name, checked cell by cell as a CSV file is.

use super::district::District;
use super::table::{RawColumn, RawTable};
use crate::error::{Error, Location, Result};
use crate::formula::Formula;

/// One column given by an embedder.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text cells (None: missing). Numeric columns given as text are parsed, and bad cells named.
    Text(Vec<Option<String>>),
    /// Numbers (None: missing; a value that is not finite is named as a problem).
    Numbers(Vec<Option<f64>>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Text(t) => t.len(),
            Column::Numbers(n) => n.len(),
        }
    }
}

impl District {
    /// Builds a district from named columns (every column the same length), checking every cell
    /// as for a CSV file; `source` names the data in messages. Also reads every numeric column
    /// `extra` accepts (e.g. student-group counts for an audit).
    pub fn from_columns(
        source: &str,
        columns: Vec<(String, Column)>,
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<District> {
        District::from_table(&raw_table(source, columns)?, formula, extra)
    }

    /// Every period of named columns, oldest first, each with the earlier ones as its history
    /// (one district when the formula names no period column): [`District::load_periods`] for
    /// columns an embedder holds (a panel data frame).
    pub fn periods_from_columns(
        source: &str,
        columns: Vec<(String, Column)>,
        formula: &Formula,
    ) -> Result<Vec<District>> {
        District::periods_of(&raw_table(source, columns)?, formula, &|_| false, false)
    }
}

/// The columns as a table read from a file would be (every column the same length, one row or
/// more); `source` names them in messages.
fn raw_table(source: &str, columns: Vec<(String, Column)>) -> Result<RawTable> {
    let rows = columns.first().map_or(0, |(_, c)| c.len());
    if let Some((name, c)) = columns.iter().find(|(_, c)| c.len() != rows) {
        return Err(Error::data(
            Location::file(source).column(name.clone()),
            format!("the column has {} rows, the first {rows}", c.len()),
            "give every column the same number of rows",
        ));
    }
    if rows == 0 {
        let fix = "give one row per school";
        return Err(Error::data(Location::file(source), "the data have no rows", fix));
    }
    let header: Vec<String> = columns.iter().map(|(n, _)| n.trim().to_string()).collect();
    let columns = columns
        .into_iter()
        .map(|(n, c)| {
            let raw = match c {
                Column::Text(t) => RawColumn::Text(t),
                Column::Numbers(v) => RawColumn::Given(v),
            };
            (n.trim().to_string(), raw)
        })
        .collect();
    Ok(RawTable {
        source: source.to_string(),
        columns,
        rows,
        hash: String::new(),
        notes: Vec::new(),
        header,
        decimal_comma: false,
    })
}
