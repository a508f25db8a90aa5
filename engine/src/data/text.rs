//! A data file read as text, for tools that look at a file before any formula exists (the
//! CLI's `seni init`): every column's cells as written, and the one reading of a cell as a
//! number that `compute` uses.

use super::cells::lenient_number;
use super::read::read_body;
use super::scan::Want;
use super::table::{Body, RawTable};
use crate::error::Result;

/// A data file's columns as text, in header order (the same decoding, delimiter and shape
/// checks as a formula's data).
#[derive(Debug, Clone)]
pub struct TextTable {
    table: RawTable,
}

impl TextTable {
    /// Reads a data file's bytes (`source` names it in messages).
    pub fn read(source: &str, bytes: Vec<u8>) -> Result<TextTable> {
        let table = read_body(source, Body::Owned(bytes), &|_| Some(Want::Text), &[])?;
        Ok(TextTable { table })
    }

    /// The column names, as in the header (trimmed).
    pub fn names(&self) -> Vec<String> {
        self.table.names()
    }

    /// Data rows (the header not counted).
    pub fn rows(&self) -> usize {
        self.table.rows
    }

    /// A column's cells as text (empty for an empty cell); an error names a missing column.
    pub fn text(&self, column: &str) -> Result<Vec<String>> {
        self.table.text(column)
    }

    /// A cell as a number, read as `compute` reads it: plain, with digit groups (`1,204.5`) or,
    /// in a `;`-separated file, with a decimal comma (`50,5`). None for anything else.
    pub fn number(&self, cell: &str) -> Option<f64> {
        lenient_number(cell, self.table.decimal_comma)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blank lines before the header are skipped by the header and the rows alike (they were
    /// read as the header's line by one and skipped by the other: a row of the whole line).
    #[test]
    fn blank_lines_before_the_header_are_skipped() {
        let t = TextTable::read("a.csv", b"\r\n\nid,name\ns1,Oak\n".to_vec()).unwrap();
        assert_eq!(t.names(), ["id", "name"]);
        assert_eq!(t.rows(), 1);
        assert_eq!(t.text("name").unwrap(), ["Oak"]);
        let e = TextTable::read("b.csv", b"\n;\",\"\"\"".to_vec()).unwrap_err();
        assert!(e.to_string().contains("header but no data rows"), "{e}");
        // A line of carriage returns alone is blank to the shape check, the row count and the
        // scan alike (the scan read one as a row of one cell).
        let e = TextTable::read("c.csv", b"\"a\nb\";c\n\r\r".to_vec()).unwrap_err();
        assert!(e.to_string().contains("header but no data rows"), "{e}");
        let t = TextTable::read("d.csv", b"id,v\r\ns1,2\r\n\r\r".to_vec()).unwrap();
        assert_eq!((t.rows(), t.text("v").unwrap()), (1, vec!["2".to_string()]));
        // The header ends where the rows' delimiter says: with ';' the quote after a comma is
        // text, so the header is `,"` and the row a quoted cell (the header was read to the
        // second line break, as if the comma opened a field, and the row lost its cell).
        let t = TextTable::read("e.csv", b",\"\n\";\n\"".to_vec()).unwrap();
        assert_eq!(t.names(), [",\""]);
        assert_eq!((t.rows(), t.text(",\"").unwrap()), (1, vec![";\n".to_string()]));
    }
}
