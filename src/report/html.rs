//! The HTML page: sections of paragraphs, inline SVG charts and tables.

use crate::chart::{Chart, Look, Size};
use crate::error::Result;
use crate::export::Meta;
use crate::table::{Cell, Table};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A cell's text and, for a number, the value it sorts by.
fn cell_html(c: &Cell) -> String {
    let sort = match c {
        Cell::Text(_) => None,
        Cell::Num(x, _) | Cell::Dollars(x) => Some(*x),
        Cell::Int(i) => Some(*i as f64),
        Cell::Money(m) => Some(*m as f64 / 100.0),
        Cell::Missing => Some(f64::NEG_INFINITY),
    };
    match sort {
        None => format!("<td>{}</td>", esc(&c.human())),
        Some(v) => {
            let v = if v.is_finite() { v.to_string() } else { "-1e308".into() };
            format!("<td class=\"n\" data-v=\"{v}\">{}</td>", esc(&c.human()))
        }
    }
}

/// A table of at most `max_rows` rows (in a box that scrolls sideways on a narrow screen);
/// `search` adds a search box and sortable columns.
fn table(t: &Table, max_rows: usize, search: bool) -> String {
    let mut s = String::new();
    if search {
        s.push_str(&format!(
            "<p><input type=\"search\" class=\"filter\" placeholder=\"Search {} rows (name, id, tier …)\" aria-label=\"Search the table\"> <span class=\"note\">Click a column name to sort.</span></p>\n",
            t.rows.len().min(max_rows)
        ));
    }
    let (boxed, class) = if search { (" sortable-box", " class=\"sortable\"") } else { ("", "") };
    s.push_str(&format!("<div class=\"scroll{boxed}\"><table{class}>\n<thead><tr>"));
    for c in &t.columns {
        s.push_str(&format!("<th>{}</th>", esc(c)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in t.rows.iter().take(max_rows) {
        s.push_str("<tr>");
        for c in r {
            s.push_str(&cell_html(c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
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
    /// A searchable, sortable table with a row limit.
    pub(super) searchable: Option<(Table, usize)>,
    /// Charts, inlined as SVG.
    pub(super) charts: Vec<Chart>,
}

impl Section {
    pub(super) fn new(heading: impl Into<String>) -> Section {
        Section { heading: heading.into(), ..Default::default() }
    }
}

const STYLE: &str = r#"* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; padding: 1em 1.2em; max-width: 1150px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #800026; padding-bottom: 0.2em; margin-top: 1.6em; }
p, h1, h2, figcaption { overflow-wrap: anywhere; }
.meta, .note { color: #555; font-size: 0.9em; }
.scroll { overflow-x: auto; max-width: 100%; }
.sortable-box { max-height: 75vh; overflow: auto; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
th { background: #f3e6ea; text-align: left; position: sticky; top: 0; }
table.sortable th { cursor: pointer; }
table.sortable th[data-dir="asc"]::after { content: " ▲"; }
table.sortable th[data-dir="desc"]::after { content: " ▼"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
input.filter { font-size: 1em; padding: 0.3em 0.5em; width: 100%; max-width: 28em; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
@media (max-width: 600px) { body { padding: 0.6em; font-size: 0.95em; } h1 { font-size: 1.3em; } }
@media print { section { page-break-inside: avoid; } input.filter { display: none; } }"#;

/// Search and sort for `table.sortable`, inline (no external script; works offline).
const SCRIPT: &str = r#"document.querySelectorAll("table.sortable").forEach(function (t) {
  var body = t.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var input = t.closest("section").querySelector("input.filter");
  t.tHead.rows[0].addEventListener("click", function (e) {
    var th = e.target.closest("th"); if (!th) return;
    var k = th.cellIndex, asc = th.getAttribute("data-dir") !== "asc";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("data-dir"); });
    th.setAttribute("data-dir", asc ? "asc" : "desc");
    rows.sort(function (a, b) {
      var x = a.cells[k], y = b.cells[k], vx = x.getAttribute("data-v"), vy = y.getAttribute("data-v");
      var r = (vx !== null && vy !== null) ? parseFloat(vx) - parseFloat(vy) : x.textContent.localeCompare(y.textContent);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
  if (input) input.addEventListener("input", function () {
    var q = input.value.toLowerCase();
    rows.forEach(function (r) { r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0; });
  });
});"#;

fn section(sec: &Section, look: &Look) -> Result<String> {
    let mut body = format!("<section>\n<h2>{}</h2>\n", esc(&sec.heading));
    for p in &sec.paragraphs {
        body.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    for ch in &sec.charts {
        body.push_str(&format!(
            "<figure>{}<figcaption>{}</figcaption></figure>\n",
            ch.svg_with(look)?,
            esc(&ch.title())
        ));
    }
    for (t, max) in &sec.tables {
        body.push_str(&table(t, *max, false));
    }
    if let Some((t, max)) = &sec.searchable {
        body.push_str(&table(t, *max, true));
    }
    body.push_str("</section>\n");
    Ok(body)
}

/// Renders the HTML page.
pub(super) fn html(title: &str, meta: &Meta, sections: &[Section]) -> Result<String> {
    let mut body = String::new();
    let look = Look::of(meta, Size::Natural);
    for sec in sections {
        body.push_str(&section(sec, &look)?);
    }
    let scen = if meta.scenarios.is_empty() {
        String::new()
    } else {
        format!(" · scenarios {}", esc(&meta.scenarios.join(", ")))
    };
    let title = esc(title);
    let (formula, hash) = (esc(&meta.formula), esc(&meta.formula_hash));
    let (data, dhash, version) = (esc(&meta.data), esc(&meta.data_hash), esc(&meta.version));
    let script = if sections.iter().any(|s| s.searchable.is_some()) {
        format!("<script>\n{SCRIPT}\n</script>\n")
    } else {
        String::new()
    };
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">formula {formula} ({hash}){scen} · data {data} ({dhash}) · seni {version}</p>\n{body}{script}</body>\n</html>\n"
    ))
}
