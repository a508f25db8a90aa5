//! What an exporter renders, and the one trait every format implements.

use super::meta::Meta;
use crate::error::Result;
use crate::table::Tabular;
use std::io::Write;

/// Everything one output file holds.
#[derive(Clone)]
pub struct Document<'a> {
    /// Tables; formats that hold one table (CSV) write the first.
    pub tables: Vec<&'a dyn Tabular>,
    /// Formula, data and version facts.
    pub meta: &'a Meta,
    /// Text for a missing value.
    pub missing: &'a str,
    /// A summary object written beside the tables (JSON only), under its key.
    pub summary: Option<(&'a str, serde_json::Value)>,
    /// Start CSV output with `# key: value` metadata lines.
    pub header_comment: bool,
}

/// Renders a document as the bytes of one file format.
pub trait Exporter {
    /// The file's bytes.
    fn render(&self, doc: &Document) -> Result<Vec<u8>>;

    /// Writes the file's bytes (formats that can stream override this to hold less).
    fn write(&self, doc: &Document, out: &mut dyn Write) -> Result<()> {
        let bytes = self.render(doc)?;
        out.write_all(&bytes).map_err(|e| crate::error::Error::io("output", e, ""))
    }
}
