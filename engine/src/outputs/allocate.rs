//! `allocate`: the money for every school, money by tier, programs and hold-harmless.

use super::Outputs;
use crate::allocate::{AllocationResult, by_tier};
use crate::chart::Chart;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{
    AllocationSummary, allocation_rows, by_tier_table, money_headlines, program_findings,
    programs_text, run_header,
};

/// Tables `allocation` (per school, made as it is written) and `by_tier`; summary `summary`;
/// findings: the money and its spread over the tiers, then each program, hold-harmless and
/// budget line in a sentence.
pub fn allocate<'a>(c: &'a Computation, a: &'a AllocationResult) -> Outputs<'a> {
    let (rows, all) = by_tier(c, a);
    let by_tier = by_tier_table(&rows, &all, c.unit_plural());
    let mut out = Outputs::new(Meta::of(c));
    let programs = programs_text(a, c.unit_plural());
    out.text = format!("{}\n{}\n{programs}", run_header(c), by_tier.aligned());
    out.findings = money_headlines(c, a);
    out.findings.extend(program_findings(a, c.unit_plural()));
    out.charts = vec![
        Chart::per_pupil_stacked(c, a),
        Chart::allocation_by_tier(&rows),
        Chart::index_distribution(c),
    ];
    out.lazy(allocation_rows(c, a));
    out.held(by_tier);
    out.summary_as("summary", AllocationSummary::of(a));
    out
}
