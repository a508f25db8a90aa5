//! `trend`: the formula over every period — index, rank and tier per school and period, tier
//! changes between periods.

use super::Outputs;
use crate::analysis::trend::{Trend, most_moved};
use crate::chart::Chart;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{
    TrendSummary, run_header, transition_matrix, transitions_table, trend_findings, trend_table,
    trend_text,
};

/// Tables `trend`, `tier_changes` and one tier matrix per pair of periods; summary `summary`.
/// `runs` are the periods, oldest first (two or more); `school` is the one whose rank is
/// charted (default: the one whose rank moved most; None when it is in no period).
pub fn trend<'a>(t: &Trend, runs: &[Computation], school: Option<&str>) -> Option<Outputs<'a>> {
    let last = runs.last().expect("two or more periods");
    let mut out = Outputs::new(Meta::of(last));
    out.held(trend_table(t));
    out.held(transitions_table(t));
    for x in &t.transitions {
        out.held(transition_matrix(t, x));
    }
    out.summary_as("summary", TrendSummary::of(t));
    out.text = format!("{}\n{}", run_header(last), trend_text(t));
    out.findings = trend_findings(t);
    out.charts.extend(t.transitions.last().map(|x| Chart::tier_flow(t, x)));
    let id = school.map_or_else(|| most_moved(t), str::to_string);
    out.charts.push(Chart::rank_history(t, &id)?);
    Some(out)
}
