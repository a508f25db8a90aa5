//! polars interop (the `polars` feature): a district from an in-memory frame.

use super::columns::Column;
use super::district::District;
use crate::error::{Error, Location, Result};
use crate::formula::Formula;
use polars::prelude::{DataFrame, DataType};

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
        let columns = frame
            .columns()
            .iter()
            .map(|c| {
                let name = c.name().to_string();
                let fail = |e: polars::error::PolarsError| {
                    Error::data(Location::file(source).column(name.clone()), e.to_string(), "")
                };
                let column = if c.dtype().is_primitive_numeric() {
                    let f = c.cast(&DataType::Float64).map_err(fail)?;
                    Column::Numbers(f.f64().map_err(fail)?.iter().collect())
                } else {
                    let s = c.cast(&DataType::String).map_err(fail)?;
                    Column::Text(
                        s.str().map_err(fail)?.iter().map(|v| v.map(str::to_string)).collect(),
                    )
                };
                Ok((name, column))
            })
            .collect::<Result<Vec<_>>>()?;
        District::from_columns(source, columns, formula, extra)
    }
}
