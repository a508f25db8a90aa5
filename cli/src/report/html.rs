//! The page's building blocks: sections of paragraphs, inline SVG charts and tables that read
//! well (numbers rounded for reading, long tables searchable and paginated by the page's
//! script, rows as cards on a phone).

use seni::chart::{Chart, Look};
use seni::error::Result;
use seni::format::{dollars, fixed, thousands};
use seni::table::{Cell, Table};

/// Text safe inside HTML.
pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A cell as people read it: indices and other numbers to 3 decimals (or the column's own
/// rounding), counts with thousands separators, money in dollars and cents.
pub(super) fn reading(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Num(x, Some(d)) => fixed(*x, *d),
        Cell::Num(x, None) if x.fract() == 0.0 && x.abs() < 1e15 => thousands_signed(*x as i64),
        Cell::Num(x, None) => fixed(*x, 3),
        Cell::Int(i) => thousands_signed(*i),
        Cell::Money(m) => dollars(*m),
        Cell::Dollars(x) => dollars((x * 100.0).round() as i64),
        Cell::Missing => "–".to_string(),
    }
}

fn thousands_signed(i: i64) -> String {
    let sign = if i < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(i.unsigned_abs()))
}

/// The value a numeric cell sorts by.
fn sort_value(c: &Cell) -> Option<f64> {
    match c {
        Cell::Text(_) => None,
        Cell::Num(x, _) | Cell::Dollars(x) => Some(*x),
        Cell::Int(i) => Some(*i as f64),
        Cell::Money(m) => Some(*m as f64 / 100.0),
        Cell::Missing => Some(f64::NEG_INFINITY),
    }
}

fn cell_html(c: &Cell, column: &str) -> String {
    let label = esc(column);
    match sort_value(c) {
        None => format!("<td data-label=\"{label}\">{}</td>", esc(&reading(c))),
        Some(v) => {
            let v = if v.is_finite() { v.to_string() } else { "-1e308".into() };
            format!(
                "<td class=\"n\" data-label=\"{label}\" data-v=\"{v}\">{}</td>",
                esc(&reading(c))
            )
        }
    }
}

/// A table people can read: a caption, every row (the page's script shows `page` at a time
/// with a search box when there are more), sortable by a click on a column name.
pub(super) fn table(t: &Table, caption: &str, page: usize) -> String {
    let mut s = format!("<div class=\"table\" data-page=\"{page}\">\n<table>");
    if !caption.is_empty() {
        s.push_str(&format!("<caption>{}</caption>", esc(caption)));
    }
    s.push_str("<thead><tr>");
    for c in &t.columns {
        s.push_str(&format!("<th scope=\"col\">{}</th>", esc(&c.replace('_', " "))));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        s.push_str("<tr>");
        for (c, col) in r.iter().zip(&t.columns) {
            s.push_str(&cell_html(c, &col.replace('_', " ")));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n</div>\n");
    s
}

/// A section of the page.
#[derive(Default)]
pub(super) struct Section {
    pub(super) id: String,
    pub(super) heading: String,
    pub(super) body: String,
}

impl Section {
    pub(super) fn new(id: &str, heading: impl Into<String>) -> Section {
        Section { id: id.to_string(), heading: heading.into(), body: String::new() }
    }

    /// A paragraph of plain text.
    pub(super) fn para(&mut self, text: &str) {
        self.body.push_str(&format!("<p>{}</p>\n", esc(text)));
    }

    /// A chart, inline as SVG, with its finding as the caption.
    pub(super) fn chart(&mut self, chart: &Chart, look: &Look) -> Result<()> {
        self.body.push_str(&format!(
            "<figure>{}<figcaption>{}</figcaption></figure>\n",
            chart.svg_with(look)?,
            esc(&chart.title())
        ));
        Ok(())
    }

    /// A table (see [`table`]).
    pub(super) fn table(&mut self, t: &Table, caption: &str, page: usize) {
        self.body.push_str(&table(t, caption, page));
    }

    pub(super) fn html(&self) -> String {
        format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
            esc(&self.id),
            esc(&self.heading),
            self.body
        )
    }
}
