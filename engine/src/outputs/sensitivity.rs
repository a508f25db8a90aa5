//! `sensitivity`: how sure is each school's tier — rank bands, tier probabilities, Sobol indices.

use super::Outputs;
use crate::analysis::sensitivity::Sensitivity;
use crate::chart::Chart;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{
    SensitivitySummary, run_header, sensitivity_findings, sensitivity_table, sensitivity_text,
    sobol_table,
};

/// Tables `schools` (rank bands and tier probabilities) and `sobol` (with Sobol indices);
/// summary `sensitivity`. `note` says what varied when the formula did not say (the text and the
/// summary's `note`; see `analysis::sensitivity::default_uncertainty`).
pub fn sensitivity<'a>(c: &Computation, s: &Sensitivity, note: Option<&str>) -> Outputs<'a> {
    let mut out = Outputs::new(Meta::of(c));
    out.held(sensitivity_table(s));
    if let Some(t) = sobol_table(s) {
        out.held(t);
    }
    out.summary_as("sensitivity", SensitivitySummary::of(s, note));
    let note = note.map(|n| format!("note: {n}\n")).unwrap_or_default();
    out.text = format!("{}{note}\n{}", run_header(c), sensitivity_text(s));
    out.findings = sensitivity_findings(s);
    out.charts = Chart::sensitivity(s);
    out
}
