//! Aligned plain text, as on a terminal: each table under its name.

use super::document::{Document, Exporter};
use crate::error::Result;

/// The plain-text exporter.
pub(super) struct Text;

impl Exporter for Text {
    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let m = doc.meta;
        let mut s = format!(
            "formula {} ({}) · data {} ({}) · seni {}\n",
            m.formula, m.formula_hash, m.data, m.data_hash, m.version
        );
        for t in &doc.tables {
            let t = t.materialise();
            s.push_str(&format!("\n{}\n{}", t.name, t.aligned()));
        }
        Ok(s.into_bytes())
    }
}
