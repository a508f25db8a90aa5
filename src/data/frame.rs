//! polars interop: a district from an in-memory frame.

use super::district::District;
use super::table::RawTable;
use crate::error::Result;
use crate::formula::Formula;
use polars::prelude::DataFrame;

impl District {
    /// Builds a district from a polars frame (text columns are parsed, numeric ones used as
    /// they are), checking every cell as for a CSV file; `source` names it in messages.
    pub fn from_frame(source: &str, frame: &DataFrame, formula: &Formula) -> Result<District> {
        District::from_frame_with(source, frame, formula, &|_| false)
    }

    /// As [`District::from_frame`], also reading every numeric column `extra` accepts (e.g.
    /// student-group counts for an audit).
    pub fn from_frame_with(
        source: &str,
        frame: &DataFrame,
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<District> {
        let header = frame.get_column_names().iter().map(|s| s.to_string()).collect();
        let table = RawTable {
            source: source.to_string(),
            frame: frame.clone(),
            hash: String::new(),
            notes: Vec::new(),
            header,
        };
        District::from_table(&table, formula, extra)
    }
}
