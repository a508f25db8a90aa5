//! The whole page's story of a run on data the page was given (own data): the title naming the
//! file, each analysis's findings and tables as the report lays them out, the highest-need
//! school — so nothing on the page still describes the bundled data.

use crate::contract::Story;
use crate::table::whole;
use seni::Run;
use seni::analysis::audit::student_groups;
use seni::analysis::explain::explain;
use seni::outputs::{self, Outputs};
use std::collections::BTreeMap;

/// Rows of a table the page lists (the report's every-school table holds as many).
const ROWS: usize = 5000;

/// The story of a run.
pub(crate) fn story(run: &Run) -> seni::Result<Story> {
    let c = run.computation();
    let f = c.formula();
    let groups = student_groups(c, &[])?;
    let mut analyses: Vec<(&str, Outputs)> = vec![("compute", outputs::compute(c))];
    if let Some(a) = run.allocation() {
        analyses.push(("allocate", outputs::allocate(c, a)));
    }
    if let Ok(o) = outputs::audit(c, run.allocation(), &groups, None) {
        analyses.push(("audit", o));
    }
    let mut findings = BTreeMap::new();
    let mut tables = BTreeMap::new();
    for (name, o) in &analyses {
        findings.insert(name.to_string(), o.findings().to_vec());
        for t in o.tables() {
            tables.insert(format!("{name}/{}", t.name()), whole(t, ROWS));
        }
    }
    // The every-school table: the allocation's per-school table, else the index's.
    let every =
        analyses.iter().rev().find(|(n, _)| *n != "audit").and_then(|(_, o)| o.tables().next());
    if let Some(t) = every {
        tables.insert("every".to_string(), whole(t, ROWS));
    }
    let mut headings = BTreeMap::new();
    if let Some(top) = c.top_school() {
        let e = explain(c, run.allocation(), top);
        findings.insert("top".to_string(), outputs::explain(c, &e).findings().to_vec());
        headings.insert("top".to_string(), format!("The highest-need {}: {}", c.unit(), e.name()));
    }
    Ok(Story {
        title: format!("{} — your data: {}", f.title(), c.district().source()),
        meta: format!(
            "formula {} · data {} · fingerprint {} · seni {}",
            f.name(),
            c.district().source(),
            &f.hash()[..8.min(f.hash().len())],
            env!("CARGO_PKG_VERSION")
        ),
        findings,
        tables,
        headings,
    })
}
