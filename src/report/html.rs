//! The HTML page: sections of paragraphs, inline SVG charts and tables.

use crate::chart::Chart;
use crate::error::Result;
use crate::export::Meta;
use crate::table::{Cell, Table};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn table(t: &Table, max_rows: usize) -> String {
    let mut s = String::from("<table>\n<thead><tr>");
    for c in &t.columns {
        s.push_str(&format!("<th>{}</th>", esc(c)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in t.rows.iter().take(max_rows) {
        s.push_str("<tr>");
        for c in r {
            let (text, num) = match c {
                Cell::Text(t) => (t.clone(), false),
                other => (other.human(), true),
            };
            s.push_str(&format!(
                "<td{}>{}</td>",
                if num { " class=\"n\"" } else { "" },
                esc(&text)
            ));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
    if t.rows.len() > max_rows {
        let n = t.rows.len();
        s.push_str(&format!("<p class=\"note\">First {max_rows} of {n} rows; the full table is in the CSV/JSON output.</p>\n"));
    }
    s
}

/// A section of the report: heading, paragraphs, tables and charts.
#[derive(Debug, Clone, Default)]
pub(super) struct Section {
    /// Heading.
    pub(super) heading: String,
    /// Paragraphs of plain text.
    pub(super) paragraphs: Vec<String>,
    /// Tables with a row limit.
    pub(super) tables: Vec<(Table, usize)>,
    /// Charts, inlined as SVG.
    pub(super) charts: Vec<Chart>,
}

impl Section {
    pub(super) fn new(heading: impl Into<String>) -> Section {
        Section { heading: heading.into(), ..Default::default() }
    }
}

const STYLE: &str = r#"body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1150px; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #800026; padding-bottom: 0.2em; margin-top: 1.6em; }
.meta, .note { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
th { background: #f3e6ea; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
@media print { section { page-break-inside: avoid; } }"#;

fn section(sec: &Section) -> Result<String> {
    let mut body = format!("<section>\n<h2>{}</h2>\n", esc(&sec.heading));
    for p in &sec.paragraphs {
        body.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    for ch in &sec.charts {
        body.push_str(&format!(
            "<figure>{}<figcaption>{}</figcaption></figure>\n",
            ch.svg()?,
            esc(&ch.title())
        ));
    }
    for (t, max) in &sec.tables {
        body.push_str(&table(t, *max));
    }
    body.push_str("</section>\n");
    Ok(body)
}

/// Renders the HTML page.
pub(super) fn html(title: &str, meta: &Meta, sections: &[Section]) -> Result<String> {
    let mut body = String::new();
    for sec in sections {
        body.push_str(&section(sec)?);
    }
    let scen = if meta.scenarios.is_empty() {
        String::new()
    } else {
        format!(" · scenarios {}", esc(&meta.scenarios.join(", ")))
    };
    let title = esc(title);
    let (formula, hash) = (esc(&meta.formula), esc(&meta.formula_hash));
    let (data, dhash, version) = (esc(&meta.data), esc(&meta.data_hash), esc(&meta.version));
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">formula {formula} ({hash}){scen} · data {data} ({dhash}) · seni {version}</p>\n{body}</body>\n</html>\n"
    ))
}
