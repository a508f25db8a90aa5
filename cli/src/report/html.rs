//! The page's building blocks: sections of paragraphs, inline SVG charts and tables that read
//! well (numbers rounded for reading, long tables searchable and paginated by the page's
//! script, rows as cards on a phone).

use seni::chart::{Chart, Look};
use seni::error::Result;
use seni::table::{Cell, Table, column_label};

/// Text safe inside HTML.
pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn cell_html(c: &Cell, column: &str) -> String {
    let label = esc(column);
    match c.sort_key() {
        None => format!("<td data-label=\"{label}\">{}</td>", esc(&c.reading())),
        Some(v) => {
            let v = if v.is_finite() { v.to_string() } else { "-1e308".into() };
            format!(
                "<td class=\"n\" data-label=\"{label}\" data-v=\"{v}\">{}</td>",
                esc(&c.reading())
            )
        }
    }
}

/// Where a table's or a paragraph's content comes from: an analysis's output the page's
/// script can tell again for other data (`allocate/by_tier`, `audit/findings/2`), or something
/// drawn for this data only (a picture, a table cut from another).
#[derive(Clone, Copy)]
pub(super) enum Content<'a> {
    /// The output named so (`data-source`).
    Output(&'a str),
    /// Drawn for this data (`data-drawn`).
    Drawn,
}

impl Content<'_> {
    fn attribute(self) -> String {
        match self {
            Content::Output(name) => format!(" data-source=\"{}\"", esc(name)),
            Content::Drawn => " data-drawn=\"\"".to_string(),
        }
    }
}

/// A table people can read: a caption, every row (the page's script shows `page` at a time
/// with a search box when there are more), sortable by a click on a column name.
pub(super) fn table(t: &Table, caption: &str, page: usize, from: Content) -> String {
    let signed: Vec<String> =
        t.columns.iter().filter(|c| c.starts_with("change")).map(|c| column_label(c)).collect();
    let mut s = format!(
        "<div class=\"table\" data-page=\"{page}\" data-signed=\"{}\"{}>\n<table>",
        esc(&signed.join(" ")),
        from.attribute()
    );
    if !caption.is_empty() {
        s.push_str(&format!("<caption>{}</caption>", esc(caption)));
    }
    s.push_str("<thead><tr>");
    for c in &t.columns {
        s.push_str(&format!("<th scope=\"col\">{}</th>", esc(&column_label(c))));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        s.push_str("<tr>");
        for (c, col) in r.iter().zip(&t.columns) {
            s.push_str(&cell_html(c, &column_label(col)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n</div>\n");
    s
}

/// The smallest text a picture may have on screen, in CSS pixels.
const SMALLEST_TEXT: f64 = 11.0;

/// An SVG drawn at least as wide as makes its smallest text [`SMALLEST_TEXT`] pixels (its
/// `width` and `height` scaled; the page's style lets a narrow screen scroll it sideways).
pub(super) fn readable(svg: &str) -> String {
    let smallest = svg
        .split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    let Some(tag_end) = svg.find('>') else { return svg.to_string() };
    if !smallest.is_finite() || smallest >= SMALLEST_TEXT {
        return svg.to_string();
    }
    let scale = SMALLEST_TEXT / smallest;
    let mut tag = svg[..tag_end].to_string();
    for attr in ["width", "height"] {
        let key = format!(" {attr}=\"");
        let Some(at) = tag.find(&key) else { continue };
        let from = at + key.len();
        let Some(len) = tag[from..].find('"') else { continue };
        if let Ok(v) = tag[from..from + len].parse::<f64>() {
            tag.replace_range(from..from + len, &format!("{}", (v * scale).ceil()));
        }
    }
    format!("{tag}{}", &svg[tag_end..])
}

/// A section of the page.
#[derive(Default)]
pub(super) struct Section {
    pub(super) id: String,
    pub(super) heading: String,
    /// Where the heading comes from, when it names the data (`headings/top`).
    pub(super) heading_from: Option<String>,
    pub(super) body: String,
    /// Whether something in it was drawn for this data only.
    drawn: bool,
}

impl Section {
    pub(super) fn new(id: &str, heading: impl Into<String>) -> Section {
        Section { id: id.to_string(), heading: heading.into(), ..Section::default() }
    }

    /// A paragraph of plain text.
    pub(super) fn para(&mut self, text: &str) {
        self.body.push_str(&format!("<p>{}</p>\n", esc(text)));
    }

    /// A paragraph of an analysis's output (or drawn for this data).
    pub(super) fn said(&mut self, text: &str, from: Content) {
        self.drawn |= matches!(from, Content::Drawn);
        self.body.push_str(&format!("<p{}>{}</p>\n", from.attribute(), esc(text)));
    }

    /// A chart, inline as SVG, with its finding as the caption.
    pub(super) fn chart(&mut self, chart: &Chart, look: &Look) -> Result<()> {
        self.drawn = true;
        self.body.push_str(&format!(
            "<figure data-drawn=\"\"><div class=\"scroll\">{}</div><figcaption>{}</figcaption></figure>\n",
            readable(&chart.svg_with(look)?),
            esc(&chart.title())
        ));
        Ok(())
    }

    /// A table (see [`table`]).
    pub(super) fn table(&mut self, t: &Table, caption: &str, page: usize, from: Content) {
        self.drawn |= matches!(from, Content::Drawn);
        self.body.push_str(&table(t, caption, page, from));
    }

    pub(super) fn html(&self) -> String {
        let drawn = if self.drawn { " data-drawn-in=\"\"" } else { "" };
        let heading_from = self
            .heading_from
            .as_ref()
            .map(|h| format!(" data-source=\"{}\"", esc(h)))
            .unwrap_or_default();
        format!(
            "<section id=\"{}\"{drawn}>\n<h2{heading_from}>{}</h2>\n{}</section>\n",
            esc(&self.id),
            esc(&self.heading),
            self.body
        )
    }
}
