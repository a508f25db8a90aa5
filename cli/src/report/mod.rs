//! The report of a run: one self-contained HTML page (no server, no network) that opens with
//! the findings and the key picture, lets people ask "what if?" with the engine itself compiled
//! to WebAssembly (`web/`, embedded from `assets/seni.wasm`), then gives the details and, last,
//! the method.

mod html;
mod page;
mod sections;

pub(crate) use page::Shipped;

use html::esc;
use sections::{Analyses, look, method};
use seni::allocate::AllocationResult;
use seni::error::Result;
use seni::index::Computation;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The page of a run (and its allocation, when the formula allocates); `shipped` is what the
/// what-if panel opens: the formula, its scenarios and the data, as given.
pub(crate) fn report_page(
    c: &Computation,
    a: Option<&AllocationResult>,
    shipped: &Shipped,
) -> Result<String> {
    let f = &c.formula();
    let analyses = Analyses::of(c, a)?;
    let look = look(c);
    let title = esc(&format!("{} — need index and allocation", f.title()));
    let mut body = format!(
        "<header>\n<h1 data-source=\"title\">{title}</h1>\n{}</header>\n<main>\n",
        meta_line(c)
    );
    body.push_str(&findings(&analyses, &look)?);
    body.push_str(&page::what_if());
    for s in analyses.details(&look)? {
        body.push_str(&s.html());
    }
    body.push_str(&method(c).html());
    body.push_str("</main>\n");
    body.push_str(&page::payload(shipped)?);
    // The policy pins the script and the style sheet by hash: exactly the text between the tags.
    let (style, script) = (format!("\n{}{STYLE}", page::palette_css()), format!("\n{SCRIPT}"));
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}<script>{script}</script>\n</body>\n</html>\n",
        page::csp(&script, &style)
    ))
}

/// Formula, hash, scenarios, data and version: every number on the page traces to them.
fn meta_line(c: &Computation) -> String {
    let f = &c.formula();
    let scen = if f.scenarios().is_empty() {
        String::new()
    } else {
        format!(" · scenarios {}", esc(&f.scenarios().join(", ")))
    };
    format!(
        "<p class=\"meta\" data-source=\"meta\">formula <b>{}</b> (<code id=\"formula-hash\">{}</code>){scen} · data {} (<code>{}</code>) · seni {}</p>\n",
        esc(f.name()),
        esc(f.hash()),
        esc(c.district().source()),
        esc(c.district().source_hash()),
        env!("CARGO_PKG_VERSION")
    )
}

/// "What the numbers say": the headline sentences and the key picture.
fn findings(analyses: &Analyses, look: &seni::chart::Look) -> Result<String> {
    let mut s = String::from(
        "<section id=\"findings\" data-drawn-in=\"\">\n<h2>What the numbers say</h2>\n<ul class=\"headlines\">\n",
    );
    for (source, line) in analyses.headlines() {
        s.push_str(&format!("<li data-source=\"{}\">{}</li>\n", esc(&source), esc(&line)));
    }
    s.push_str("</ul>\n");
    if let Some(chart) = analyses.key_picture() {
        s.push_str(&format!(
            "<figure class=\"key\" data-drawn=\"\"><div class=\"scroll\">{}</div><figcaption>{}</figcaption></figure>\n",
            html::readable(&chart.svg_with(look)?),
            esc(&chart.title())
        ));
    }
    s.push_str("</section>\n");
    Ok(s)
}
