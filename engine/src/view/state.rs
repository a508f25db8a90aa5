//! Views of a state formula's allocation: what the state pays (its cost against last year),
//! money by a column (e.g. district type), and the parameters a solve found and how.

use crate::allocate::{AllocationResult, GroupRow, Solved};
use crate::index::Computation;
use crate::num::{dollars, format_num, signed_dollars, thousands, whole_dollars};
use crate::table::{Cell, Table, TableName};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Write;

/// Money by the values of a column (`by_group`): rows, pupils, total, per pupil, and last
/// year's total with the change when the allocation has prior amounts.
pub fn by_group_table(rows: &[GroupRow], all: &GroupRow, column: &str, unit: &str) -> Table {
    let with_prior = all.prior.is_some();
    let mut columns = vec![column, unit, "pupils", "total", "per_pupil"];
    if with_prior {
        columns.extend(["prior", "change"]);
    }
    let cells = rows
        .iter()
        .chain(std::iter::once(all))
        .map(|g| {
            let mut row = vec![
                Cell::Text(g.group.clone()),
                Cell::Int(g.rows as i64),
                Cell::Num(g.pupils, None),
                Cell::Money(g.total),
                Cell::dollars(g.per_pupil()),
            ];
            if let Some(p) = g.prior {
                row.extend([Cell::Money(p), Cell::Money(g.total - p)]);
            }
            row
        })
        .collect();
    Table::new(TableName::ByGroup, &columns, cells)
}

/// Rows that gain, lose and keep the same against last year (None without prior amounts).
pub(crate) fn against_prior(a: &AllocationResult) -> Option<(usize, usize, usize)> {
    let prior = a.prior.as_ref()?;
    let change: Vec<i64> =
        prior.iter().zip(&a.total).filter_map(|(p, t)| p.map(|p| t - p)).collect();
    let count = |f: fn(&i64) -> bool| change.iter().filter(|c| f(c)).count();
    Some((count(|c| *c > 0), count(|c| *c < 0), count(|c| *c == 0)))
}

/// Last year's total over every row (None without prior amounts).
pub(crate) fn prior_total(a: &AllocationResult) -> Option<i64> {
    a.prior.as_ref().map(|p| p.iter().map(|x| x.unwrap_or(0)).sum())
}

/// "State cost (…): $X for 592 districts; last year $Y, change $Z (303 gain, 176 lose)".
pub fn cost_text(c: &Computation, a: &AllocationResult, label: &str) -> String {
    let mut s = format!(
        "{label}: {} for {} {}",
        dollars(a.grand_total()),
        thousands(c.len() as u64),
        c.unit_plural()
    );
    if let (Some(p), Some((gain, lose, _))) = (prior_total(a), against_prior(a)) {
        let _ = write!(
            s,
            "; last year {}, change {} ({gain} gain, {lose} lose)",
            dollars(p),
            dollars(a.grand_total() - p)
        );
    }
    s.push('\n');
    s
}

/// The parameters a solve found, each step and the formula hash with the values found.
pub fn solve_text(s: &Solved) -> String {
    let mut out = format!(
        "Found by the solve ({}, until the total of {} is within {} of its target): {}\n",
        s.method,
        s.total_of,
        dollars((s.tolerance * 100.0).round() as i64),
        pairs(&s.values)
    );
    for st in &s.steps {
        let _ = write!(
            out,
            "  step {}: {} from {} to {} in {} evaluations",
            st.step,
            st.parameter,
            format_num(st.start),
            format_num(st.value),
            st.evaluations
        );
        if !st.with.is_empty() {
            let _ = write!(out, " (moving with it: {})", pairs(&st.with));
        }
        if !st.held.is_empty() {
            let _ = write!(out, " (held: {})", pairs(&st.held));
        }
        let _ = writeln!(
            out,
            "; total {}, target {}",
            whole_dollars(i64::try_from(st.total).unwrap_or(i64::MAX)),
            dollars((st.target * 100.0).round() as i64)
        );
    }
    let _ = writeln!(
        out,
        "  formula hash with these values: {} (in every output's metadata)",
        s.formula_hash
    );
    out
}

fn pairs(values: &[(String, f64)]) -> String {
    let parts: Vec<String> =
        values.iter().map(|(k, v)| format!("{k} = {}", format_num(*v))).collect();
    parts.join(", ")
}

/// Headline sentences of a state formula: what the state pays against last year, and the
/// parameters found.
pub fn cost_findings(c: &Computation, a: &AllocationResult, label: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut s =
        format!("{label}: {} for {} {}", whole_dollars(a.grand_total()), c.len(), c.unit_plural());
    if let (Some(p), Some((gain, lose, _))) = (prior_total(a), against_prior(a)) {
        let _ = write!(
            s,
            ", {} on last year's {}; {gain} {} gain and {lose} lose",
            signed_dollars(a.grand_total() - p),
            whole_dollars(p),
            c.unit_plural()
        );
    }
    s.push('.');
    lines.push(s);
    if let Some(solved) = &a.solved {
        // In words: the program's label, the parameters' names without underscores.
        let total = a.programs().iter().find(|p| p.id() == solved.total_of);
        let values: Vec<String> = solved
            .values
            .iter()
            .map(|(k, v)| format!("{} = {}", k.replace('_', " "), format_num(*v)))
            .collect();
        lines.push(format!(
            "Found so that the total of {} meets its target: {}.",
            total.map_or(solved.total_of.as_str(), |p| p.label()),
            values.join(", ")
        ));
    }
    lines
}

/// A solve in the JSON summary.
#[derive(Debug, Serialize)]
pub struct SolveSummary {
    total_of: String,
    method: String,
    tolerance: f64,
    values: Map<String, Value>,
    steps: Vec<Value>,
    formula_hash: String,
}

impl SolveSummary {
    /// The summary of a solve.
    pub fn of(s: &Solved) -> SolveSummary {
        let map = |v: &[(String, f64)]| -> Map<String, Value> {
            v.iter().map(|(k, x)| (k.clone(), Value::from(*x))).collect()
        };
        let steps = s
            .steps
            .iter()
            .map(|st| {
                serde_json::json!({
                    "step": st.step,
                    "parameter": st.parameter,
                    "start": st.start,
                    "value": st.value,
                    "with": map(&st.with),
                    "held": map(&st.held),
                    "evaluations": st.evaluations,
                    "total": st.total as f64 / 100.0,
                    "target": st.target,
                })
            })
            .collect();
        SolveSummary {
            total_of: s.total_of.clone(),
            method: s.method.to_string(),
            tolerance: s.tolerance,
            values: map(&s.values),
            steps,
            formula_hash: s.formula_hash.clone(),
        }
    }
}
