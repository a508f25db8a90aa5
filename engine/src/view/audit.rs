//! Views of an audit: tables by need quintile, student group and affected schools, the findings
//! in words, and the JSON summary.

use super::allocation::by_tier_table;
use super::discipline::discipline_findings;
use crate::analysis::areas::Areas;
use crate::analysis::audit::{AffectedRow, Audit, GroupRow, QuintileRow};
use crate::analysis::discipline::Discipline;
use crate::num::dollars;
use crate::table::{Cell, Table, TableName};
use serde::Serialize;
use std::fmt::Write;

/// Dollars per pupil by need quintile (highest need first).
pub fn quintiles_table(rows: &[QuintileRow], unit: &str) -> Table {
    let cells = rows
        .iter()
        .map(|q| {
            vec![
                Cell::Text(q.label.clone()),
                Cell::Int(q.schools as i64),
                Cell::Num(q.pupils, None),
                Cell::Money(q.total),
                Cell::Dollars(q.per_pupil),
            ]
        })
        .collect();
    Table::new(
        TableName::ByNeedQuintile,
        &["quintile", unit, "pupils", "total", "per_pupil"],
        cells,
    )
}

/// Dollars per pupil experienced by the average student of each group.
pub fn groups_table(rows: &[GroupRow]) -> Table {
    let cells = rows
        .iter()
        .map(|g| {
            vec![
                Cell::Text(g.label.clone()),
                Cell::Num(g.students, Some(0)),
                Cell::Dollars(g.per_pupil),
                Cell::Dollars(g.all_per_pupil),
                Cell::Num(g.per_pupil / g.all_per_pupil, Some(3)),
                g.in_first_tier.map_or(Cell::Missing, |s| Cell::rounded(s, Some(4))),
            ]
        })
        .collect();
    let columns = [
        "group",
        "students",
        "per_pupil_experienced",
        "all_students_per_pupil",
        "ratio",
        "share_in_first_tier",
    ];
    Table::new(TableName::Groups, &columns, cells)
}

/// The run by area (`by_<group column>`): units, pupils, the share of pupils in the first tier,
/// pupils in each tier, and the money.
pub fn areas_table(areas: &Areas, unit: &str) -> Table {
    let mut columns: Vec<String> =
        vec![areas.column.clone(), unit.to_string(), "pupils".into(), "share_in_first_tier".into()];
    columns.extend(areas.tiers.iter().map(|t| format!("pupils: {t}")));
    columns.extend(["total".to_string(), "per_pupil".to_string()]);
    let rows = areas
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(r.area.clone()),
                Cell::Int(r.units as i64),
                Cell::Num(r.pupils, Some(0)),
                Cell::rounded(r.first_tier_share(), Some(4)),
            ];
            row.extend(r.tier_pupils.iter().map(|p| Cell::Num(*p, Some(0))));
            row.push(Cell::Money(r.total));
            row.push(Cell::dollars((r.pupils > 0.0).then(|| r.total as f64 / 100.0 / r.pupils)));
            row
        })
        .collect();
    Table { name: format!("by_{}", areas.column), columns, rows }
}

/// Students of each group in the listed schools (whole students: a group estimated from
/// shares is rounded as the money-by-group table rounds it).
pub fn affected_table(rows: &[AffectedRow]) -> Table {
    let cells = rows
        .iter()
        .map(|a| {
            vec![
                Cell::Text(a.label.clone()),
                // Students of a group estimated from shares are not whole: say them as students.
                Cell::Num(a.affected, Some(0)),
                Cell::Num(a.total, Some(0)),
                Cell::Num(a.share, Some(4)),
                Cell::Num(a.ratio, Some(3)),
            ]
        })
        .collect();
    let columns =
        ["group", "affected_students", "group_students", "share_affected", "ratio_to_all"];
    Table::new(TableName::Affected, &columns, cells)
}

/// The findings of the money audit, one line each.
fn audit_findings(au: &Audit) -> Vec<String> {
    let verdict = if au.concentration > 0.0 {
        "progressive: concentrated on higher need"
    } else {
        "regressive: concentrated on lower need"
    };
    vec![
        ratio_finding(au),
        format!(
            "share of the money reaching the highest-need 20% of students: {:.1}%",
            100.0 * au.share_top20
        ),
        format!(
            "share of the money reaching the highest-need 40% of students: {:.1}%",
            100.0 * au.share_top40
        ),
        format!("concentration index of money on need: {:.4} ({verdict})", au.concentration),
    ]
}

/// The highest-need quintile's dollars per pupil against the lowest-need quintile's.
fn ratio_finding(au: &Audit) -> String {
    let (high, low) = (&au.quintiles[0], &au.quintiles[4]);
    if low.per_pupil == 0.0 {
        return format!(
            "highest-need quintile gets {} per pupil; the lowest-need quintile gets nothing",
            dollars((high.per_pupil * 100.0).round() as i64)
        );
    }
    format!(
        "highest-need quintile gets {:.2}× the dollars per pupil of the lowest-need quintile",
        au.ratio_high_low
    )
}

/// Plain-text report.
pub fn audit_text(au: &Audit) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Dollars per pupil by need quintile of {}:\n{}",
        au.unit.1,
        quintiles_table(&au.quintiles, &au.unit.1).aligned()
    );
    let by_tier = by_tier_table(&au.by_tier.0, &au.by_tier.1, &au.unit.1);
    let _ = writeln!(s, "By tier:\n{}", by_tier.aligned());
    for line in audit_findings(au) {
        let _ = writeln!(s, "{line}");
    }
    if au.unranked > 0 {
        let _ = writeln!(
            s,
            "({} {} without an index are left out of the need statistics)",
            au.unranked, au.unit.1
        );
    }
    if !au.groups.is_empty() {
        let _ = writeln!(
            s,
            "\nDollars per pupil experienced by the average student of each group:\n{}",
            groups_table(&au.groups).aligned()
        );
    }
    if let Some(a) = &au.affected {
        let _ = writeln!(
            s,
            "Students affected (share of each group in the listed {} vs share of all students):\n{}",
            au.unit.1,
            affected_table(a).aligned()
        );
    }
    s
}

/// The JSON summary of an audit: the money (with an allocation) and the discipline audit (with
/// an `[audit]` in the formula).
#[derive(Debug, Serialize)]
pub struct AuditSummary {
    #[serde(flatten)]
    money: Option<MoneySummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discipline: Option<DisciplineSummary>,
}

#[derive(Debug, Serialize)]
struct MoneySummary {
    ratio_high_low: f64,
    share_top20: f64,
    share_top40: f64,
    concentration_index: f64,
    unranked: usize,
}

#[derive(Debug, Serialize)]
struct DisciplineSummary {
    findings: Vec<String>,
    gaps: Vec<GapSummary>,
}

#[derive(Debug, Serialize)]
struct GapSummary {
    outcome: String,
    group: String,
    reference: String,
    schools_with_ratio: usize,
    schools_at_gap_ratio: usize,
    gap_ratio: f64,
}

impl AuditSummary {
    /// The summary of an audit.
    pub fn of(au: Option<&Audit>, d: Option<&Discipline>) -> AuditSummary {
        let money = au.map(|au| MoneySummary {
            ratio_high_low: au.ratio_high_low,
            share_top20: au.share_top20,
            share_top40: au.share_top40,
            concentration_index: au.concentration,
            unranked: au.unranked,
        });
        let discipline = d.map(|d| DisciplineSummary {
            findings: discipline_findings(d),
            gaps: d
                .gaps
                .iter()
                .map(|g| GapSummary {
                    outcome: g.outcome.clone(),
                    group: g.group.clone(),
                    reference: g.reference.clone(),
                    schools_with_ratio: g.schools.len(),
                    schools_at_gap_ratio: g
                        .schools
                        .iter()
                        .filter(|s| s.ratio >= d.gap_ratio)
                        .count(),
                    gap_ratio: d.gap_ratio,
                })
                .collect(),
        });
        AuditSummary { money, discipline }
    }
}
