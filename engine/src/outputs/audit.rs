//! `audit`: is the money progressive, who is affected by a list of schools, and (with an
//! `[audit]` in the formula) discipline and police contact by student group.

use super::Outputs;
use crate::allocate::AllocationResult;
use crate::analysis::audit::{Audit, Group, audit as audit_money};
use crate::analysis::discipline::{Discipline, discipline};
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{
    AuditSummary, affected_table, areas_table, audit_text, by_tier_table, concentration_headlines,
    discipline_findings, discipline_money_table, discipline_text, gaps_table, groups_table,
    quintiles_table, rates_table, run_header, tier_share_headlines,
};

/// With money: tables `by_need_quintile`, `by_tier`, `groups` (and `affected` for a list of
/// schools); with an `[audit]`: `discipline_rates`, `discipline_gaps` (and `discipline_money`).
/// Summary `summary`. An error when the run has neither money nor an `[audit]`.
pub fn audit<'a>(
    c: &'a Computation,
    a: Option<&'a AllocationResult>,
    groups: &[Group],
    affected: Option<&[usize]>,
) -> Result<Outputs<'a>> {
    let au = a.map(|a| audit_money(c, a, groups, affected));
    let disc = c
        .formula
        .audit
        .as_ref()
        .filter(|cfg| !cfg.outcomes.is_empty())
        .map(|cfg| discipline(c, a, cfg));
    if au.is_none() && disc.is_none() {
        return Err(Error::usage(
            format!("formula '{}' has no [allocation] and no [audit]", c.formula.name),
            "audit a run of a formula that allocates money or has an [audit] section",
        ));
    }
    let mut out = Outputs::new(Meta::of(c));
    out.text = run_header(c);
    if let Some(au) = &au {
        money(&mut out, au);
    }
    if let Some(d) = &disc {
        discipline_outputs(&mut out, c, a, d);
    }
    out.summary_as("summary", AuditSummary::of(au.as_ref(), disc.as_ref()));
    Ok(out)
}

/// Is the money progressive: the quintile, tier and group tables, findings and charts.
fn money(out: &mut Outputs, au: &Audit) {
    out.held(quintiles_table(&au.quintiles, &au.unit.1));
    out.held(by_tier_table(&au.by_tier.0, &au.by_tier.1, &au.unit.1));
    out.held(groups_table(&au.groups));
    if let Some(x) = &au.affected {
        out.held(affected_table(x));
    }
    if let Some(areas) = &au.areas {
        out.held(areas_table(areas, &au.unit.1));
    }
    out.text.push('\n');
    out.text.push_str(&audit_text(au));
    out.findings.extend(concentration_headlines(au));
    if let Some(first) = au.by_tier.0.first() {
        out.findings.extend(tier_share_headlines(au, &first.tier));
    }
    out.charts.push(Chart::concentration(au));
    out.charts.extend(Chart::group_dots(au));
    out.charts.push(Chart::per_pupil_by_quintile(&au.quintiles));
    out.charts.push(Chart::allocation_by_tier(&au.by_tier.0));
    out.charts.extend(au.areas.as_ref().and_then(Chart::area_shares));
}

/// Discipline and police contact by student group: rates, gaps, money reaching the gaps.
fn discipline_outputs(
    out: &mut Outputs,
    c: &Computation,
    a: Option<&AllocationResult>,
    d: &Discipline,
) {
    out.held(rates_table(&d.rates));
    out.held(gaps_table(c, a, d));
    if !d.money.is_empty() {
        out.held(discipline_money_table(&d.money));
    }
    out.text.push_str(&discipline_text(c, a, d));
    out.findings.extend(discipline_findings(d));
    out.charts.extend(d.gaps.iter().map(|g| Chart::risk_ratios(c, g)));
}
