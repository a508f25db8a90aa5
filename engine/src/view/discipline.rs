//! Views of the discipline and police-contact audit: rates by group and area, the schools with
//! the largest gaps, the money reaching them, and the findings in words.

use crate::allocate::AllocationResult;
use crate::analysis::discipline::{Discipline, GapList, MoneyRow, RateRow};
use crate::formula::Counts;
use crate::index::Computation;
use crate::num::{format_num, thousands};
use crate::table::{Cell, Table, TableName};
use std::fmt::Write;

/// Every outcome's rate by group, in all schools and in each district.
pub fn rates_table(rows: &[RateRow]) -> Table {
    let cells = rows.iter().map(rate_cells).collect();
    let columns = [
        "area",
        "outcome",
        "group",
        "schools",
        "students",
        "with_outcome",
        "per_100",
        "risk_ratio",
        "risk_difference",
        "note",
    ];
    Table::new(TableName::DisciplineRates, &columns, cells)
}

fn rate_cells(r: &RateRow) -> Vec<Cell> {
    vec![
        Cell::Text(r.area.clone().unwrap_or_else(|| "All schools".into())),
        Cell::Text(r.outcome.clone()),
        Cell::Text(r.group.clone().unwrap_or_else(|| "all students".into())),
        Cell::Int(r.rate.schools as i64),
        Cell::Num(r.rate.students, None),
        Cell::Num(r.rate.events, None),
        Cell::rounded(r.rate.per_100(), Some(2)),
        r.ratio.map(|x| Cell::Num(x, Some(3))).unwrap_or(Cell::Missing),
        r.difference.map(|x| Cell::rounded(x, Some(2))).unwrap_or(Cell::Missing),
        r.note.clone().map(Cell::Text).unwrap_or(Cell::Missing),
    ]
}

/// Every school's gap for each outcome and group, largest ratio first.
pub fn gaps_table(c: &Computation, a: Option<&AllocationResult>, d: &Discipline) -> Table {
    let mut columns = vec!["outcome", "group", "reference", "rank", "id", "name"];
    if c.district.groups.is_some() {
        columns.push("area");
    }
    columns.extend([
        "tier",
        "index",
        "group_students",
        "group_with_outcome",
        "group_per_100",
        "reference_students",
        "reference_with_outcome",
        "reference_per_100",
        "risk_ratio",
        "risk_difference",
    ]);
    if a.is_some() {
        columns.push("per_pupil");
    }
    let rows = d.gaps.iter().flat_map(|g| gap_rows(c, a, g)).collect();
    Table::new(TableName::DisciplineGaps, &columns, rows)
}

fn gap_rows(c: &Computation, a: Option<&AllocationResult>, g: &GapList) -> Vec<Vec<Cell>> {
    let d = &c.district;
    g.schools
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let r = s.row;
            let mut row = vec![
                Cell::Text(g.outcome.clone()),
                Cell::Text(g.group.clone()),
                Cell::Text(g.reference.clone()),
                Cell::Int(k as i64 + 1),
                Cell::Text(d.ids[r].clone()),
                Cell::Text(d.names[r].clone()),
            ];
            if let Some(groups) = &d.groups {
                row.push(Cell::Text(groups[r].clone()));
            }
            row.extend([
                Cell::Text(c.tier_name(r).to_string()),
                Cell::num(c.index[r]),
                Cell::Num(s.group.students, None),
                Cell::Num(s.group.events, None),
                Cell::rounded(s.group.per_100(), Some(2)),
                Cell::Num(s.reference.students, None),
                Cell::Num(s.reference.events, None),
                Cell::rounded(s.reference.per_100(), Some(2)),
                Cell::Num(s.ratio, Some(3)),
                Cell::rounded(s.difference, Some(2)),
            ]);
            if let Some(a) = a {
                row.push(per_pupil(a, r));
            }
            row
        })
        .collect()
}

fn per_pupil(a: &AllocationResult, r: usize) -> Cell {
    let p = a.pupils_or_zero(r);
    if p > 0.0 { Cell::Dollars(a.total[r] as f64 / 100.0 / p) } else { Cell::Missing }
}

/// The money reaching the schools with large gaps and with the most contact.
pub fn discipline_money_table(rows: &[MoneyRow]) -> Table {
    let cells = rows
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.measure.clone()),
                Cell::Text(m.set.clone()),
                Cell::Int(m.schools as i64),
                Cell::Num(m.pupils, None),
                Cell::Money(m.total),
                if m.per_pupil.is_nan() { Cell::Missing } else { Cell::Dollars(m.per_pupil) },
                Cell::Int(m.first_tier as i64),
            ]
        })
        .collect();
    let columns =
        ["measure", "which_schools", "schools", "pupils", "total", "per_pupil", "in_first_tier"];
    Table::new(TableName::DisciplineMoney, &columns, cells)
}

/// The findings in words: each outcome's rates in all schools, and the large gaps.
pub fn discipline_findings(d: &Discipline) -> Vec<String> {
    let all: Vec<&RateRow> = d.rates.iter().filter(|r| r.area.is_none()).collect();
    let mut out = Vec::new();
    for r in &all {
        out.extend(rate_finding(r, &all));
    }
    for g in &d.gaps {
        out.push(gap_finding(d, g));
    }
    out
}

/// One group's rate against the reference group's (or all students' rate) in words.
fn rate_finding(r: &RateRow, all: &[&RateRow]) -> Option<String> {
    let per = |x: &RateRow| format!("{:.1}", x.rate.per_100());
    let Some(group) = &r.group else {
        let by_group = all.iter().any(|x| x.outcome == r.outcome && x.group.is_some());
        let note = if by_group { "" } else { " (not reported by group)" };
        return Some(format!(
            "{}: {} per 100 students in {} schools{note}.",
            r.outcome,
            per(r),
            thousands(r.rate.schools as u64)
        ));
    };
    if r.is_reference {
        return None;
    }
    let reference = all.iter().find(|x| x.outcome == r.outcome && x.is_reference)?;
    let excess = r.rate.events - r.rate.students * reference.rate.per_100() / 100.0;
    let more = match r.counts {
        Counts::Students => format!("{group} students"),
        Counts::Events => format!("{} of {group} students", r.outcome.to_lowercase()),
    };
    let compared = match (r.ratio, &r.note) {
        (Some(x), _) if excess >= 0.5 => format!(
            "{x:.2}×, or {} more {more} than at the {} rate",
            thousands(excess.round() as u64),
            reference.group.as_deref().unwrap_or_default()
        ),
        (Some(x), _) => format!("{x:.2}×"),
        (None, Some(why)) => format!("no ratio: {why}"),
        (None, None) => return None,
    };
    Some(format!(
        "{}: {} per 100 {group} students against {} per 100 {} students — {compared}.",
        r.outcome,
        per(r),
        per(reference),
        reference.group.as_deref().unwrap_or_default()
    ))
}

fn gap_finding(d: &Discipline, g: &GapList) -> String {
    let large = g.schools.iter().filter(|s| s.ratio >= d.gap_ratio).count();
    let without: usize = g.without.iter().map(|(_, n)| n).sum();
    format!(
        "{} schools have a {}/{} {} ratio; {} of them {} or more. {} have none.",
        thousands(g.schools.len() as u64),
        g.group,
        g.reference,
        g.outcome.to_lowercase(),
        thousands(large as u64),
        format_num(d.gap_ratio),
        thousands(without as u64),
    )
}

/// The audit in plain text: rates, districts with the largest gaps, the schools, the money.
pub fn discipline_text(c: &Computation, a: Option<&AllocationResult>, d: &Discipline) -> String {
    let mut s = String::from("\nDiscipline and police contact by student group\n");
    let all: Vec<RateRow> = d.rates.iter().filter(|r| r.area.is_none()).cloned().collect();
    let _ = writeln!(s, "All schools:\n{}", brief(&rates_table(&all), RATE_COLUMNS).aligned());
    for line in discipline_findings(d) {
        let _ = writeln!(s, "{line}");
    }
    for g in &d.gaps {
        if d.districts > 1 {
            s.push_str(&district_text(d, g));
        }
        s.push_str(&schools_text(c, a, d, g));
    }
    if !d.money.is_empty() {
        let _ = writeln!(
            s,
            "\nWhere the money goes (schools with large gaps; schools with the most contact):\n{}",
            discipline_money_table(&d.money).aligned()
        );
    }
    s
}

const RATE_COLUMNS: &[&str] =
    &["outcome", "group", "schools", "students", "with_outcome", "per_100", "risk_ratio"];

/// The districts with the largest ratios for one gap.
fn district_text(d: &Discipline, g: &GapList) -> String {
    let of = |area: &Option<String>, group: &str| {
        d.rates.iter().find(|r| {
            r.area == *area && r.outcome == g.outcome && r.group.as_deref() == Some(group)
        })
    };
    let mut rows: Vec<(&RateRow, f64)> = d
        .rates
        .iter()
        .filter(|r| r.area.is_some() && r.outcome == g.outcome)
        .filter(|r| r.group.as_deref() == Some(g.group.as_str()))
        .filter_map(|r| r.ratio.map(|x| (r, x)))
        .collect();
    let with = rows.len();
    rows.sort_by(|x, y| y.1.total_cmp(&x.1));
    let cells = rows
        .iter()
        .take(d.top)
        .map(|(r, ratio)| {
            let reference = of(&r.area, &g.reference).map_or(f64::NAN, |x| x.rate.per_100());
            vec![
                Cell::Text(r.area.clone().unwrap_or_default()),
                Cell::Int(r.rate.schools as i64),
                Cell::rounded(r.rate.per_100(), Some(2)),
                Cell::rounded(reference, Some(2)),
                Cell::Num(*ratio, Some(3)),
            ]
        })
        .collect();
    let columns = ["area", "schools", "group_per_100", "reference_per_100", "risk_ratio"];
    format!(
        "\nDistricts with the largest {}/{} {} ratios ({with} of {} districts have one):\n{}",
        g.group,
        g.reference,
        g.outcome.to_lowercase(),
        d.districts,
        Table::new(TableName::Districts, &columns, cells).aligned()
    )
}

/// The schools with the largest ratios for one gap, and why the others have none.
fn schools_text(
    c: &Computation,
    a: Option<&AllocationResult>,
    d: &Discipline,
    g: &GapList,
) -> String {
    let one = Discipline { gaps: vec![g.clone()], ..d.clone() };
    let mut table = gaps_table(c, a, &one);
    table.rows.truncate(d.top);
    let mut keep = vec!["rank", "name"];
    if d.districts > 1 {
        keep.push("area");
    }
    keep.extend(["tier", "group_per_100", "reference_per_100", "risk_ratio", "risk_difference"]);
    if a.is_some() {
        keep.push("per_pupil");
    }
    let mut s = format!(
        "\nSchools with the largest {}/{} {} ratios (per 100 students of each group):\n{}",
        g.group,
        g.reference,
        g.outcome.to_lowercase(),
        brief(&table, &keep).aligned()
    );
    let reasons: Vec<String> = g.without.iter().map(|(why, n)| format!("{n} {why}")).collect();
    if !reasons.is_empty() {
        let _ = writeln!(s, "No ratio: {}.", reasons.join("; "));
    }
    s
}

/// The named columns of a table, in the order given.
fn brief(t: &Table, keep: &[&str]) -> Table {
    let pos: Vec<usize> =
        keep.iter().filter_map(|k| t.columns.iter().position(|c| c == k)).collect();
    Table {
        name: t.name.clone(),
        columns: pos.iter().map(|&j| t.columns[j].clone()).collect(),
        rows: t.rows.iter().map(|r| pos.iter().map(|&j| r[j].clone()).collect()).collect(),
    }
}
