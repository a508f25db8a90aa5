//! The report of a run: what it is, where the money goes, whether it is progressive, the index
//! distribution, the highest-need school, and every school.

use super::html::{Section, html};
use crate::allocate::{AllocationResult, by_tier};
use crate::analysis::audit::{audit, count_columns, groups};
use crate::analysis::discipline::{RateRow, discipline};
use crate::analysis::explain::explain;
use crate::analysis::trend::{most_moved, trend};
use crate::chart::Chart;
use crate::error::Result;
use crate::export::Meta;
use crate::formula::AuditConfig;
use crate::index::{Computation, compute};
use crate::view::{
    allocation_table, audit_findings, by_tier_table, discipline_findings, discipline_money_table,
    explain_lead, gaps_table, groups_table, index_table, programs_text, quintiles_table,
    rates_table, transitions_table, trend_findings,
};
use rayon::prelude::*;

/// Schools in the searchable table (a larger district's full table is in the CSV output).
const SCHOOL_ROWS: usize = 5000;

/// The HTML page of a run (and its allocation, when the formula allocates).
pub(crate) fn report_page(c: &Computation, a: Option<&AllocationResult>) -> Result<String> {
    let f = &c.formula;
    let mut sections = vec![about(c)];
    if let Some(a) = a {
        sections.extend(money_sections(c, a)?);
    }
    if let Some(cfg) = &f.audit {
        sections.push(discipline_section(c, a, cfg));
    }
    let mut dist = Section::new("Need index");
    dist.charts.push(Chart::index_distribution(c));
    sections.push(dist);
    if let Some(top) = c.top_school() {
        let e = explain(c, a, top);
        let mut sec = Section::new(format!("The highest-need school: {}", e.name));
        sec.paragraphs.extend(explain_lead(&e, &f.name, &f.hash));
        sec.charts.push(Chart::contributions(&e));
        sec.charts.extend(Chart::school_position(c, &e));
        sections.push(sec);
    }
    if !c.district.history.is_empty() {
        sections.push(years_section(c)?);
    }
    if let Some(map) = Chart::school_map(c) {
        let mut place = Section::new("Where the schools are");
        place.charts.push(map);
        sections.push(place);
    }
    let mut schools = Section::new("Every school");
    let table = a.map(|a| allocation_table(c, a)).unwrap_or_else(|| index_table(c));
    schools.searchable = Some((table, SCHOOL_ROWS));
    sections.push(schools);
    html(&format!("{} — need index and allocation", f.title), &Meta::of(c), &sections)
}

/// "Discipline and police contact": the findings, each gap's per-school ratios by tier, the rates
/// in all schools, the schools with the largest gaps and the money reaching them.
fn discipline_section(c: &Computation, a: Option<&AllocationResult>, cfg: &AuditConfig) -> Section {
    let d = discipline(c, a, cfg);
    let mut sec = Section::new("Discipline and police contact by student group");
    sec.paragraphs.extend(discipline_findings(&d));
    sec.charts.extend(d.gaps.iter().map(|g| Chart::risk_ratios(c, g)));
    let all: Vec<RateRow> = d.rates.iter().filter(|r| r.area.is_none()).cloned().collect();
    sec.tables.push((rates_table(&all), all.len()));
    sec.tables.push((gaps_table(c, a, &d), d.top));
    if !d.money.is_empty() {
        sec.tables.push((discipline_money_table(&d.money), d.money.len()));
    }
    sec
}

/// "Over the years": tier changes between periods, the tier flow into this period, and the
/// school whose rank moved most.
fn years_section(c: &Computation) -> Result<Section> {
    let mut runs: Vec<Computation> = c
        .district
        .history
        .par_iter()
        .map(|d| compute(&c.formula, (**d).clone()))
        .collect::<Result<_>>()?;
    runs.push(c.clone());
    let t = trend(&runs);
    let mut sec = Section::new("Over the years");
    sec.paragraphs.extend(trend_findings(&t));
    if let Some(last) = t.transitions.last() {
        sec.charts.push(Chart::tier_flow(&t, last));
    }
    sec.charts.extend(Chart::rank_history(&t, &most_moved(&t)));
    sec.tables.push((transitions_table(&t), t.transitions.len()));
    Ok(sec)
}

/// "About this run": title, description, method, notes and the data.
fn about(c: &Computation) -> Section {
    let f = &c.formula;
    let mut intro = Section::new("About this run");
    intro.paragraphs.push(format!("{} — {}", f.title, f.description));
    if !f.source.is_empty() {
        intro.paragraphs.push(format!("Method: {}", f.source));
    }
    intro.paragraphs.extend(f.notes.iter().cloned());
    intro.paragraphs.push(format!("{} schools from {}.", c.len(), c.district.source));
    intro
}

/// "Where the money goes" and "Is it progressive?".
fn money_sections(c: &Computation, a: &AllocationResult) -> Result<Vec<Section>> {
    let (rows, all) = by_tier(c, a);
    let mut money = Section::new("Where the money goes");
    money.paragraphs.extend(programs_text(a).lines().map(str::to_string));
    money.charts.push(Chart::per_pupil_stacked(c, a));
    money.charts.push(Chart::allocation_by_tier(&rows));
    money.tables.push((by_tier_table(&rows, &all), 20));
    let au = audit(c, a, &groups(c, &count_columns(c))?, None);
    let mut fair = Section::new("Is it progressive?");
    fair.paragraphs.extend(audit_findings(&au));
    fair.charts.push(Chart::concentration(&au));
    fair.charts.extend(Chart::group_dots(&au));
    fair.charts.push(Chart::per_pupil_by_quintile(&au.quintiles));
    fair.tables.push((quintiles_table(&au.quintiles), 10));
    if !au.groups.is_empty() {
        fair.tables.push((groups_table(&au.groups), 20));
    }
    Ok(vec![money, fair])
}
