//! Building an explanation from a computation (and its allocation).

use super::moves::tier_moves;
use super::types::{DomainLine, Explanation, IndicatorLine, MoneyLine, Status};
use crate::allocate::AllocationResult;
use crate::error::{Error, Result};
use crate::formula::Child;
use crate::index::Computation;

fn opt(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

/// Finds a school by id, or by exact name when one school has it (an error suggests the
/// closest ids).
pub fn find_school(c: &Computation, id: &str) -> Result<usize> {
    c.district.find(id).ok_or_else(|| {
        let hint = c.district.id_hint(id, || {
            format!(
                "ids look like {}",
                c.district.ids.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            )
        });
        let message = format!("no {} with id '{id}' in {}", c.unit(), c.district.source);
        Error::usage(message, hint)
    })
}

/// Explains one school of a computation (and its allocation, when given).
pub fn explain(c: &Computation, alloc: Option<&AllocationResult>, row: usize) -> Explanation {
    let f = &c.formula;
    let root = f.domains.len() - 1;
    let index_score = opt(c.domains[root].score[row]);
    let contributions = c.contributions(row);
    let linear = contributions.iter().all(|x| !x.is_nan());
    let (up, down) = tier_moves(c, row);
    let mut e = Explanation {
        id: c.district.ids[row].clone(),
        name: c.district.names[row].clone(),
        group: c.district.groups.as_ref().map(|g| g[row].clone()),
        index: opt(c.index[row]),
        index_score,
        reason: c.reason(row).map(str::to_string),
        rank: c.rank[row],
        ranked: c.rank.iter().filter(|r| r.is_some()).count(),
        tier: f.tiers.as_ref().map(|_| c.tier_name(row).to_string()),
        indicators: indicator_lines(c, row, &contributions),
        domains: domain_lines(c, row, &contributions),
        contributions_sum: if linear && index_score.is_some() {
            Some(contributions.iter().sum())
        } else {
            None
        },
        up,
        down,
        money: Vec::new(),
        hold_harmless: None,
        total: None,
        pupils: None,
        prior: None,
    };
    if let Some(a) = alloc {
        add_money(&mut e, a, row);
    }
    e
}

fn indicator_lines(c: &Computation, row: usize, contributions: &[f64]) -> Vec<IndicatorLine> {
    let f = &c.formula;
    f.indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let v = &c.indicators[i];
            let applicable = v.applies(row);
            let status = if !applicable {
                Status::NotApplicable
            } else if v.imputed[row] {
                Status::Imputed
            } else if v.raw[row].is_nan() {
                Status::Missing
            } else {
                Status::Present
            };
            let parent = ind.parent;
            let j = f.domains[parent]
                .children
                .iter()
                .position(|ch| *ch == Child::Indicator(i))
                .expect("child");
            let slope = opt(c.slopes(parent, row)[j]);
            let value = opt(v.value[row]);
            IndicatorLine {
                id: ind.id.clone(),
                label: ind.label.clone(),
                unit: ind.unit.clone(),
                domain: f.domains[parent].id.clone(),
                raw: if applicable { opt(v.input(row)) } else { None },
                value,
                status,
                normaliser: ind.normaliser.describe(),
                weight: slope,
                to_domain: value.zip(slope).map(|(a, b)| a * b),
                to_index: value.and(opt(contributions[i])),
                note: v.notes.as_ref().and_then(|n| n[row].clone()),
            }
        })
        .collect()
}

fn domain_lines(c: &Computation, row: usize, contributions: &[f64]) -> Vec<DomainLine> {
    let f = &c.formula;
    let root = f.domains.len() - 1;
    f.domain_output_order()
        .into_iter()
        .filter(|&d| d != root)
        .map(|d| {
            let dom = &f.domains[d];
            let to_index: f64 = dom.indicators.iter().map(|&i| contributions[i]).sum();
            DomainLine {
                id: dom.id.clone(),
                label: dom.label.clone(),
                score: opt(c.domains[d].score[row]),
                normalised: c.domains[d].normalised.as_ref().and_then(|n| opt(n[row])),
                to_index: opt(to_index),
            }
        })
        .collect()
}

fn add_money(e: &mut Explanation, a: &AllocationResult, row: usize) {
    e.money = a
        .programs
        .iter()
        .map(|p| MoneyLine {
            program: p.id.clone(),
            label: p.label.clone(),
            cents: p.amounts[row],
            bound: p.bound[row],
        })
        .collect();
    e.hold_harmless = a.hold_harmless.as_ref().map(|h| h.extra[row]).filter(|x| *x > 0);
    e.total = Some(a.total[row]);
    e.pupils = opt(a.pupils[row]);
    e.prior = a.prior.as_ref().and_then(|p| p[row]);
}
