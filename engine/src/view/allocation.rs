//! Views of an allocation: the per-school table, money by tier, the programs in words, and the
//! JSON summary.

use super::state::{SolveSummary, against_prior, prior_total};
use crate::allocate::{AllocationResult, Bound, TierRow};
use crate::formula::Funding;
use crate::index::Computation;
use crate::num::{dollars, format_num, percent, thousands, whole_dollars};
use crate::table::{Cell, LazyTable, Table, TableName};
use serde::Serialize;

/// [`allocation_table`] with each row made when it is written.
pub fn allocation_rows<'a>(c: &'a Computation, a: &'a AllocationResult) -> LazyTable<'a> {
    let mut columns: Vec<String> = vec!["id".into(), "name".into()];
    if c.formula.data.group.is_some() {
        columns.push("group".into());
    }
    columns.extend(["tier".to_string(), "index".to_string(), "pupils".to_string()]);
    columns.extend(a.values.iter().map(|v| v.id.clone()));
    columns.extend(a.programs.iter().map(|p| p.id.clone()));
    if a.on_top().is_some() {
        columns.push("hold_harmless".into());
    }
    columns.extend(["total".to_string(), "per_pupil".to_string()]);
    if a.prior.is_some() {
        columns.extend(["prior".to_string(), "change".to_string()]);
    }
    columns.push("bound".into());
    LazyTable::new(TableName::Allocation, columns, c.len(), move |r| allocation_row(c, a, r))
}

fn allocation_row(c: &Computation, a: &AllocationResult, r: usize) -> Vec<Cell> {
    let mut row =
        vec![Cell::Text(c.district.ids[r].clone()), Cell::Text(c.district.names[r].clone())];
    if let Some(g) = &c.district.groups {
        row.push(Cell::Text(g[r].clone()));
    }
    row.push(Cell::Text(c.tier_name(r).to_string()));
    row.push(Cell::num(c.index[r]));
    row.push(Cell::num(a.pupils[r]));
    row.extend(a.values.iter().map(|v| v.values[r].map_or(Cell::Missing, Cell::num)));
    row.extend(a.programs.iter().map(|p| Cell::Money(p.amounts[r])));
    if let Some(h) = a.on_top() {
        row.push(Cell::Money(h.extra[r]));
    }
    row.push(Cell::Money(a.total[r]));
    row.push(if a.pupils[r] > 0.0 {
        Cell::Dollars(a.total[r] as f64 / 100.0 / a.pupils[r])
    } else {
        Cell::Missing
    });
    if let Some(prior) = &a.prior {
        row.push(prior[r].map_or(Cell::Missing, Cell::Money));
        row.push(prior[r].map_or(Cell::Missing, |p| Cell::Money(a.total[r] - p)));
    }
    let bounds: Vec<String> = a
        .programs
        .iter()
        .filter(|p| p.bound[r] != Bound::None)
        .map(|p| format!("{}: {}", p.id, p.bound[r].as_str()))
        .collect();
    row.push(Cell::Text(bounds.join("; ")));
    row
}

/// Totals and dollars per pupil by tier (schools with no tier when there are any, and all
/// schools last).
pub fn by_tier_table(rows: &[TierRow], all: &TierRow, unit: &str) -> Table {
    let cells = rows
        .iter()
        .chain(std::iter::once(all))
        .map(|t| {
            vec![
                Cell::Text(t.tier.clone()),
                Cell::Int(t.schools as i64),
                Cell::Num(t.pupils, None),
                Cell::Money(t.total),
                Cell::dollars(t.per_pupil()),
            ]
        })
        .collect();
    Table::new(TableName::ByTier, &["tier", unit, "pupils", "total", "per_pupil"], cells)
}

/// The programs (and the lines of the calculation, not paid), hold-harmless, budget lines and
/// total in words (one line each).
pub fn programs_text(a: &AllocationResult, unit: &str) -> String {
    let mut s = String::new();
    for p in &a.programs {
        let budget = p.budget.map(|b| format!(" of a {} pot", dollars(b))).unwrap_or_default();
        let (what, to) = if p.in_total { ("program", "to") } else { ("line", "over") };
        s.push_str(&format!(
            "{what} {} ({}): {} {to} {} {unit}{budget}\n",
            p.id,
            p.label,
            dollars(p.total),
            p.funded
        ));
    }
    if let Some(h) = &a.hold_harmless {
        let how = match h.funding {
            Funding::OnTop => "added on top",
            Funding::FromPot => "funded from the pot",
        };
        let share = format_num(h.share * 100.0);
        s.push_str(&format!(
            "hold-harmless ({share}% of prior year, {how}): {} {unit}, cost {}\n",
            h.schools,
            dollars(h.cost)
        ));
    }
    for l in &a.lines {
        s.push_str(&format!("line {}: {} → {}\n", l.name, dollars(l.before), dollars(l.after)));
    }
    s.push_str(&format!("total allocated: {}\n", dollars(a.grand_total())));
    s
}

/// The programs, hold-harmless and budget lines in sentences for people (labels, not ids;
/// whole dollars; counts with separators).
pub fn program_findings(a: &AllocationResult, unit: &str) -> Vec<String> {
    let mut lines: Vec<String> = a
        .programs
        .iter()
        .map(|p| {
            let pot =
                p.budget.map(|b| format!(" (a {} pot)", whole_dollars(b))).unwrap_or_default();
            let funded = thousands(p.funded as u64);
            format!("{}: {} to {funded} {unit}{pot}.", p.label, whole_dollars(p.total))
        })
        .collect();
    if let Some(h) = &a.hold_harmless {
        let how = match h.funding {
            Funding::OnTop => "added on top",
            Funding::FromPot => "taken from the pot",
        };
        lines.push(format!(
            "Hold-harmless keeps {} {unit} at {} of last year's money, {how}: {}.",
            thousands(h.schools as u64),
            percent(h.share),
            whole_dollars(h.cost)
        ));
    }
    for l in &a.lines {
        let (b, n) = (whole_dollars(l.before), whole_dollars(l.after));
        lines.push(format!("Budget line {}: {b} → {n}.", l.name));
    }
    lines
}

/// Cents as JSON dollars.
fn usd(c: i64) -> f64 {
    c as f64 / 100.0
}

/// One program in the JSON summary.
#[derive(Debug, Serialize)]
pub struct ProgramSummary {
    id: String,
    label: String,
    total: f64,
    budget: Option<f64>,
    schools_funded: usize,
    /// False for a line of the calculation, not paid (not in the total); left out when paid.
    #[serde(skip_serializing_if = "is_true")]
    in_total: bool,
}

fn is_true(x: &bool) -> bool {
    *x
}

/// Hold-harmless in the JSON summary.
#[derive(Debug, Serialize)]
pub struct HoldHarmlessSummary {
    program: String,
    share: f64,
    schools: usize,
    cost: f64,
    funding: &'static str,
}

/// A budget line in the JSON summary.
#[derive(Debug, Serialize)]
pub struct LineSummary {
    line: String,
    before: f64,
    after: f64,
}

/// The JSON summary of an allocation (dollars).
#[derive(Debug, Serialize)]
pub struct AllocationSummary {
    programs: Vec<ProgramSummary>,
    hold_harmless: Option<HoldHarmlessSummary>,
    lines: Vec<LineSummary>,
    total: f64,
    /// What the total is (e.g. "State cost (FY2021 general fund aid)"), when the formula says.
    #[serde(skip_serializing_if = "Option::is_none")]
    total_label: Option<String>,
    /// Last year's total, when the allocation has prior amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    prior_total: Option<f64>,
    /// The total minus last year's.
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<f64>,
    /// Rows that gain, lose and keep the same against last year.
    #[serde(skip_serializing_if = "Option::is_none")]
    against_prior: Option<Counts>,
    /// The parameters a solve found, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    solved: Option<SolveSummary>,
}

/// Rows that gain, lose and keep the same.
#[derive(Debug, Serialize)]
pub struct Counts {
    gain: usize,
    lose: usize,
    unchanged: usize,
}

impl AllocationSummary {
    /// The summary of an allocation, `total_label` naming its total (e.g. a state's cost).
    pub fn of(a: &AllocationResult, total_label: Option<&str>) -> AllocationSummary {
        let prior = prior_total(a);
        AllocationSummary {
            total_label: total_label.map(str::to_string),
            prior_total: prior.map(usd),
            change: prior.map(|p| usd(a.grand_total() - p)),
            against_prior: against_prior(a).map(|(gain, lose, unchanged)| Counts {
                gain,
                lose,
                unchanged,
            }),
            solved: a.solved.as_ref().map(SolveSummary::of),
            programs: a
                .programs
                .iter()
                .map(|p| ProgramSummary {
                    id: p.id.clone(),
                    label: p.label.clone(),
                    total: usd(p.total),
                    budget: p.budget.map(usd),
                    schools_funded: p.funded,
                    in_total: p.in_total,
                })
                .collect(),
            hold_harmless: a.hold_harmless.as_ref().map(|h| HoldHarmlessSummary {
                program: h.program.clone(),
                share: h.share,
                schools: h.schools,
                cost: usd(h.cost),
                funding: match h.funding {
                    Funding::OnTop => "on_top",
                    Funding::FromPot => "from_pot",
                },
            }),
            lines: a
                .lines
                .iter()
                .map(|l| LineSummary {
                    line: l.name.clone(),
                    before: usd(l.before),
                    after: usd(l.after),
                })
                .collect(),
            total: usd(a.grand_total()),
        }
    }
}
