//! A data file as read: every column as text, with facts about how it was read.

use crate::error::{Error, Location, Result, suggest_or};
use polars::prelude::{DataFrame, DataType};

/// A data file read into a frame of text columns.
#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    /// Display name of the source.
    pub(crate) source: String,
    /// The columns read, as text (or as given, for a frame supplied by an embedder).
    pub(crate) frame: DataFrame,
    /// SHA-256 (first 16 hex digits) of the file bytes.
    pub(crate) hash: String,
    /// Notes on how the file was read (encoding, delimiter).
    pub(crate) notes: Vec<String>,
    /// Every column name of the header, read or not (for "did you mean").
    pub(crate) header: Vec<String>,
}

impl RawTable {
    /// The names of the columns read.
    pub(crate) fn names(&self) -> Vec<String> {
        self.frame.get_column_names().iter().map(|s| s.to_string()).collect()
    }

    /// A column's cells as text (empty for a null); an error names a missing column.
    pub(crate) fn text(&self, column: &str) -> Result<Vec<String>> {
        let col = self.frame.column(column).map_err(|_| self.missing_column(column))?;
        let s = col.cast(&DataType::String).map_err(|e| self.column_error(column, e))?;
        let ca = s.str().expect("cast to string");
        Ok(ca.iter().map(|v| v.unwrap_or("").to_string()).collect())
    }

    /// "no such column", with the closest header name.
    pub(crate) fn missing_column(&self, column: &str) -> Error {
        let fix = suggest_or(column, self.header.iter().map(String::as_str), || {
            "check the column name (headers are case-sensitive)".to_string()
        });
        Error::data(Location::file(&self.source).column(column), "no such column", fix)
    }

    /// A polars failure on a column.
    pub(crate) fn column_error(&self, column: &str, e: impl std::fmt::Display) -> Error {
        Error::data(Location::file(&self.source).column(column), e.to_string(), "")
    }
}
