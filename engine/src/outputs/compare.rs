//! `compare`: two runs on the same district — who gains, who loses, who changes tier.

use super::Outputs;
use crate::analysis::Run;
use crate::analysis::compare::Comparison;
use crate::chart::Chart;
use crate::export::Meta;
use crate::table::{Table, TableName};
use crate::view::{
    CompareSummary, by_tier_now_table, by_tier_table, changes_table, compare_findings,
    compare_text, cross_table, lines_table, shifts_rows,
};

/// Tables `changes`, `tier_changes`, `index_change_by_indicator` (one formula in two periods,
/// made as it is written), `by_tier_a`, `by_tier_b` and `by_tier_now` (B's tiers, the same
/// schools' money under A and B; when both runs allocate). Summary `summary`.
pub fn compare<'a>(cmp: &'a Comparison, a: &Run, b: &Run) -> Outputs<'a> {
    let mut meta = Meta::compared(&a.computation, &cmp.a, &b.computation, &cmp.b);
    meta.formula_hash = format!("{} | {}", a.formula_hash(), b.formula_hash());
    let mut out = Outputs::new(meta);
    out.held(changes_table(cmp));
    out.held(cross_table(cmp));
    if !cmp.lines.is_empty() {
        out.held(lines_table(cmp));
    }
    if let Some(s) = cmp.moved_shifts() {
        out.lazy(shifts_rows(cmp, s));
    }
    if let (Some((a_rows, a_all)), Some((b_rows, b_all))) = (&cmp.by_tier_a, &cmp.by_tier_b) {
        // Named apart: one JSON key and one Excel sheet each.
        let unit = &cmp.unit.1;
        out.held(renamed(by_tier_table(a_rows, a_all, unit), TableName::ByTierA));
        out.held(renamed(by_tier_table(b_rows, b_all, unit), TableName::ByTierB));
    }
    if let Some(t) = by_tier_now_table(cmp) {
        out.held(t);
    }
    out.summary_as("summary", CompareSummary::of(cmp));
    out.text = compare_text(cmp);
    out.findings = compare_findings(cmp);
    out.charts = charts(cmp, b);
    out
}

fn renamed(mut t: Table, name: TableName) -> Table {
    t.name = name.as_str().to_string();
    t
}

/// Change per pupil by tier, change against need, tier moves, money moves, before/after.
fn charts(cmp: &Comparison, b: &Run) -> Vec<Chart> {
    let label = &b.computation.formula.index().label;
    let mut charts: Vec<Chart> = Chart::per_pupil_change(cmp).into_iter().collect();
    charts.extend(Chart::change_vs_need(cmp, label));
    charts.push(Chart::tier_heatmap(cmp));
    charts.extend(Chart::money_moves(b));
    charts.push(Chart::before_after(cmp));
    if let Some((rows, _)) = &cmp.by_tier_b {
        charts.push(Chart::allocation_by_tier(rows));
    }
    charts
}
