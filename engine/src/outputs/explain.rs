//! `explain`: one school — contributions, tier boundaries, the smallest change, money.

use super::Outputs;
use crate::analysis::explain::Explanation;
use crate::chart::Chart;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{ExplainJson, explain_lead, explain_text};

/// No tables; summary `explanation` (metadata and the school, as data), the plain-language text, and the
/// school's contributions and position on the index distribution.
pub fn explain<'a>(c: &Computation, e: &Explanation) -> Outputs<'a> {
    let f = &c.formula;
    let mut out = Outputs::new(Meta::of(c));
    out.summary_as("explanation", ExplainJson::new(c, e));
    out.text = explain_text(e, &f.name, &f.hash);
    out.findings = explain_lead(e, &f.name, &f.hash);
    out.charts.push(Chart::contributions(e));
    out.charts.extend(Chart::school_position(c, e));
    out
}
