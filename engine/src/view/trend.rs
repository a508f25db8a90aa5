//! Views of a trend: every school by period, the tier changes between periods, and the
//! findings in words.

use super::run::percent;
use crate::analysis::trend::{Transition, Trend};
use crate::table::{Cell, Table, TableName};
use serde::Serialize;
use std::fmt::Write;

/// Every school in every period: id, name, period, index, rank, tier.
pub fn trend_table(t: &Trend) -> Table {
    let cells = t
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.id.clone()),
                Cell::Text(r.name.clone()),
                Cell::Text(t.periods[r.period].clone()),
                Cell::num(r.index),
                Cell::count(r.rank),
                r.tier.map(|k| Cell::Text(t.tier_names[k].clone())).unwrap_or(Cell::Missing),
            ]
        })
        .collect();
    Table::new(TableName::Trend, &["id", "name", "period", "index", "rank", "tier"], cells)
}

/// One line per pair of consecutive periods: schools in both, tier changes, churn, big moves.
pub fn transitions_table(t: &Trend) -> Table {
    let cells = t
        .transitions
        .iter()
        .map(|x| {
            vec![
                Cell::Text(t.periods[x.from].clone()),
                Cell::Text(t.periods[x.to].clone()),
                Cell::Int(x.both as i64),
                Cell::Int(x.changed as i64),
                Cell::rounded(x.churn(), Some(4)),
                Cell::Int(x.big_moves.len() as i64),
            ]
        })
        .collect();
    let columns = ["from", "to", "schools_in_both", "changed_tier", "churn", "moved_two_or_more"];
    Table::new(TableName::TierChanges, &columns, cells)
}

/// A transition's matrix: schools by tier in the earlier period (rows) and the later one.
pub fn transition_matrix(t: &Trend, x: &Transition) -> Table {
    let mut columns = vec![format!("{} \\ {}", t.periods[x.from], t.periods[x.to])];
    columns.extend(t.tier_names.iter().cloned());
    let cells = x
        .matrix
        .iter()
        .enumerate()
        .map(|(a, row)| {
            let mut cells = vec![Cell::Text(t.tier_names[a].clone())];
            cells.extend(row.iter().map(|&n| Cell::Int(n as i64)));
            cells
        })
        .collect();
    Table { name: format!("tiers_{}_{}", t.periods[x.from], t.periods[x.to]), columns, rows: cells }
}

/// The findings in words.
pub fn trend_findings(t: &Trend) -> Vec<String> {
    let mut out = vec![format!(
        "{} periods: {} … {}",
        t.periods.len(),
        t.periods.first().map_or("", String::as_str),
        t.periods.last().map_or("", String::as_str)
    )];
    for x in &t.transitions {
        out.push(format!(
            "{} → {}: {} of {} schools ({}) changed tier; {} moved two tiers or more",
            t.periods[x.from],
            t.periods[x.to],
            x.changed,
            x.both,
            percent(x.changed, x.both),
            x.big_moves.len()
        ));
    }
    out.push(format!(
        "{} of {} schools tiered in every period ({}) kept the same tier throughout",
        t.stable,
        t.in_every_period,
        percent(t.stable, t.in_every_period)
    ));
    out
}

/// The trend in plain text: findings, the last transition's matrix, the largest moves.
pub fn trend_text(t: &Trend) -> String {
    let mut s = String::new();
    for line in trend_findings(t) {
        let _ = writeln!(s, "{line}");
    }
    if let Some(last) = t.transitions.last() {
        let _ = writeln!(
            s,
            "\nSchools by tier, {} (rows) and {} (columns):\n{}",
            t.periods[last.from],
            t.periods[last.to],
            transition_matrix(t, last).aligned()
        );
        if !last.big_moves.is_empty() {
            let _ = writeln!(
                s,
                "Moved two tiers or more, {} → {}:",
                t.periods[last.from], t.periods[last.to]
            );
            for m in last.big_moves.iter().take(10) {
                let _ = writeln!(
                    s,
                    "  {:<44} {} → {}",
                    m.name, t.tier_names[m.from], t.tier_names[m.to]
                );
            }
            if last.big_moves.len() > 10 {
                let _ =
                    writeln!(s, "  … and {} more (all in the output)", last.big_moves.len() - 10);
            }
        }
    }
    s
}

/// The JSON summary of a trend.
#[derive(Debug, Serialize)]
pub struct TrendSummary {
    periods: Vec<String>,
    churn: Vec<(String, String, f64)>,
    stable: usize,
    in_every_period: usize,
}

impl TrendSummary {
    /// The summary of a trend.
    pub fn of(t: &Trend) -> TrendSummary {
        TrendSummary {
            periods: t.periods.clone(),
            churn: t
                .transitions
                .iter()
                .map(|x| (t.periods[x.from].clone(), t.periods[x.to].clone(), x.churn()))
                .collect(),
            stable: t.stable,
            in_every_period: t.in_every_period,
        }
    }
}
