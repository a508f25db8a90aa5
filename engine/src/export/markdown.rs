//! Markdown: a metadata comment, the first table, then each further table under a heading.

use super::document::{Document, Exporter};
use crate::error::Result;
use crate::table::{Cell, Table};

/// The Markdown exporter.
pub(super) struct Markdown;

/// A Markdown table (numbers right-aligned).
fn markdown_table(t: &Table, missing: &str) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut s =
        format!("| {} |\n", t.columns.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | "));
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|j| t.rows.iter().any(|r| !matches!(r[j], Cell::Text(_) | Cell::Missing)))
        .collect();
    s.push_str(&format!(
        "|{}|\n",
        numeric.iter().map(|n| if *n { "---:" } else { "---" }).collect::<Vec<_>>().join("|")
    ));
    for r in &t.rows {
        s.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| esc(&c.text(missing))).collect::<Vec<_>>().join(" | ")
        ));
    }
    s
}

impl Exporter for Markdown {
    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let m = doc.meta;
        let mut s = format!(
            "<!-- formula {} ({}), data {} ({}), seni {} -->\n\n",
            m.formula, m.formula_hash, m.data, m.data_hash, m.version
        );
        s.push_str(&markdown_table(&doc.tables[0].materialise(), doc.missing));
        for t in &doc.tables[1..] {
            let t = t.materialise();
            s.push_str(&format!("\n## {}\n\n{}", t.name, markdown_table(&t, doc.missing)));
        }
        Ok(s.into_bytes())
    }
}
