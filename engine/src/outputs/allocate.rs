//! `allocate`: the money for every school, money by tier (and by a column the formula names),
//! programs and hold-harmless; for a state formula, what the state pays against last year and
//! the parameters a solve found.

use super::Outputs;
use crate::allocate::{AllocationResult, by_group, by_tier};
use crate::chart::Chart;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{
    AllocationSummary, allocation_rows, by_group_table, by_tier_table, cost_findings, cost_text,
    money_headlines, program_findings, programs_text, run_header, solve_text,
};

/// Tables `allocation` (per school, made as it is written), `by_group` (when the formula
/// reports by a column) and `by_tier`; summary `summary`; findings: what the state pays (a state
/// formula), the money and its spread over the tiers, then each program, hold-harmless and
/// budget line in a sentence.
pub fn allocate<'a>(c: &'a Computation, a: &'a AllocationResult) -> Outputs<'a> {
    let (rows, all) = by_tier(c, a);
    let by_tier = by_tier_table(&rows, &all, c.unit_plural());
    let mut out = Outputs::new(meta(c, a));
    let alloc = c.formula.allocation.as_ref().expect("an allocation");
    let mut text = run_header(c);
    if let Some(label) = &alloc.total_label {
        text.push('\n');
        text.push_str(&cost_text(c, a, label));
    }
    if let Some(s) = a.solved() {
        text.push_str(&solve_text(s));
    }
    let by_group = alloc.report_by.as_ref().map(|column| {
        let (groups, all) = by_group(c, a, column);
        by_group_table(&groups, &all, column, c.unit_plural())
    });
    if let Some(t) = &by_group {
        text.push_str(&format!("\nBy {}:\n{}", t.columns[0], t.aligned()));
    }
    let programs = programs_text(a, c.unit_plural());
    out.text = format!("{text}\n{}\n{programs}", by_tier.aligned());
    out.findings = money_headlines(c, a);
    if let Some(label) = &alloc.total_label {
        out.findings.splice(0..0, cost_findings(c, a, label));
    }
    out.findings.extend(program_findings(a, c.unit_plural()));
    out.charts = vec![
        Chart::per_pupil_stacked(c, a),
        Chart::allocation_by_tier(&rows),
        Chart::index_distribution(c),
    ];
    out.lazy(allocation_rows(c, a));
    out.held(by_tier);
    out.held_all(by_group);
    out.summary_as("summary", AllocationSummary::of(a, alloc.total_label.as_deref()));
    out
}

/// The run's metadata; when a solve found parameters, the formula hash is the one with their
/// values set, and they are listed.
pub(crate) fn meta(c: &Computation, a: &AllocationResult) -> Meta {
    let meta = Meta::of(c);
    match a.solved() {
        Some(s) => {
            let values = s.values().iter().map(|(k, v)| format!("{k} = {v}")).collect();
            meta.with_solved(s.formula_hash(), values)
        }
        None => meta,
    }
}
