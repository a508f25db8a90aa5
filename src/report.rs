//! A self-contained HTML report (summary, tables, inline SVG charts) an advocate can open or print.

use crate::chart::Chart;
use crate::error::Result;
use crate::export::{Cell, Meta, Sheet};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn table(sheet: &Sheet, max_rows: usize) -> String {
    let mut s = String::from("<table>\n<thead><tr>");
    for c in &sheet.columns {
        s.push_str(&format!("<th>{}</th>", esc(c)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in sheet.rows.iter().take(max_rows) {
        s.push_str("<tr>");
        for c in r {
            let (text, num) = match c {
                Cell::Text(t) => (t.clone(), false),
                other => (crate::export::human_text(other), true),
            };
            s.push_str(&format!("<td{}>{}</td>", if num { " class=\"n\"" } else { "" }, esc(&text)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
    if sheet.rows.len() > max_rows {
        s.push_str(&format!("<p class=\"note\">First {max_rows} of {} rows; the full table is in the CSV/JSON output.</p>\n", sheet.rows.len()));
    }
    s
}

/// A section of the report: heading, paragraphs, tables and charts.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Paragraphs of plain text.
    pub paragraphs: Vec<String>,
    /// Tables with a row limit.
    pub tables: Vec<(Sheet, usize)>,
    /// Charts, inlined as SVG.
    pub charts: Vec<Chart>,
}

/// Renders the HTML page.
pub fn html(title: &str, meta: &Meta, sections: &[Section]) -> Result<String> {
    let mut body = String::new();
    for sec in sections {
        body.push_str(&format!("<section>\n<h2>{}</h2>\n", esc(&sec.heading)));
        for p in &sec.paragraphs {
            body.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        for ch in &sec.charts {
            body.push_str(&format!("<figure>{}<figcaption>{}</figcaption></figure>\n", ch.svg()?, esc(&ch.title())));
        }
        for (t, max) in &sec.tables {
            body.push_str(&table(t, *max));
        }
        body.push_str("</section>\n");
    }
    let scen = if meta.scenarios.is_empty() { String::new() } else { format!(" · scenarios {}", esc(&meta.scenarios.join(", "))) };
    Ok(format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1150px; color: #222; }}
h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
h2 {{ border-bottom: 2px solid #800026; padding-bottom: 0.2em; margin-top: 1.6em; }}
.meta, .note {{ color: #555; font-size: 0.9em; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; }}
th {{ background: #f3e6ea; text-align: left; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
figure {{ margin: 1em 0; }}
figure svg {{ max-width: 100%; height: auto; }}
figcaption {{ color: #555; font-size: 0.9em; }}
@media print {{ section {{ page-break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">formula {formula} ({hash}){scen} · data {data} ({dhash}) · seni {version}</p>
{body}</body>
</html>
"#,
        title = esc(title),
        formula = esc(&meta.formula),
        hash = esc(&meta.formula_hash),
        data = esc(&meta.data),
        dhash = esc(&meta.data_hash),
        version = esc(&meta.version),
    ))
}
