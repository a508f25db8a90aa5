//! A what-if on a computation. When only fixed weights moved (what a what-if slider does), the
//! district, every indicator column and every aggregate the changed weights do not reach are
//! shared with the computation it starts from; only the aggregates above a changed weight are
//! summed again (over the kept normalised columns), then the index, ranks and tiers — the same
//! numbers as [`compute`], bit for bit, for a fraction of the work. A change of budget, money
//! or tiers alone sums nothing again. Any other change computes in full.

use super::aggregate::ScoreScratch;
use super::computation::{Computation, IndicatorValues, RowWeights};
use super::compute::{Context, Ranked, compute, consequential_first};
use crate::error::Result;
use crate::formula::{Domain, Formula, Weight};
use std::sync::Arc;

/// `formula` on the district of `before`, redoing only what its changes reach (see the module).
pub fn recompute(before: &Computation, formula: &Formula) -> Result<Computation> {
    if !only_weights_differ(&before.formula, formula) {
        return compute(formula, (*before.district).clone());
    }
    let cx = Context::new(formula, &before.district);
    let indicators: Vec<IndicatorValues> = (before.indicators.iter())
        .zip(&formula.indicators)
        .map(|(iv, ind)| reweighted(iv, &ind.weight))
        .collect();
    let dirty = changed_aggregates(&before.formula, formula);
    let mut domains = Vec::with_capacity(dirty.len());
    let mut warnings = before.input_warnings.to_vec();
    let mut scratch = ScoreScratch::default();
    for (d, kept) in before.domains.iter().enumerate() {
        let v = match dirty[d] {
            true => {
                let (reasons, flags) = (kept.reasons.clone(), kept.flags.clone());
                cx.domain(d, &indicators, &domains, reasons, flags, &mut scratch)?
            }
            false => kept.clone(),
        };
        warnings.extend(v.warnings.iter().cloned());
        domains.push(v);
    }
    let root = domains.last().expect("index");
    let (index, rank, tiers): Ranked =
        match (dirty[dirty.len() - 1], formula.tiers == before.formula.tiers) {
            (true, _) => cx.ranked(root.final_value()),
            (false, true) => (before.index.clone(), before.rank.clone(), before.tiers.clone()),
            (false, false) => {
                (before.index.clone(), before.rank.clone(), cx.tiers_of(&before.index))
            }
        };
    let (warnings, consequential) =
        consequential_first(formula, &before.district, &index, tiers.as_deref(), warnings);
    Ok(Computation {
        formula: formula.clone(),
        district: before.district.clone(),
        indicators,
        domains,
        index,
        rank,
        tiers,
        missing: before.missing.clone(),
        imputed: before.imputed.clone(),
        warnings,
        consequential,
        input_warnings: before.input_warnings.clone(),
    })
}

/// Whether two formulas read and normalise the data alike: the same data settings and the same
/// indicators and aggregates but for their fixed weights (tiers, money and audits may differ).
fn only_weights_differ(a: &Formula, b: &Formula) -> bool {
    let unweighted = |f: &Formula| {
        let inds: Vec<_> = f
            .indicators
            .iter()
            .map(|i| {
                let mut i = i.clone();
                if matches!(i.weight, Weight::Fixed(_)) {
                    i.weight = Weight::Fixed(1.0);
                }
                i
            })
            .collect();
        let doms: Vec<_> = f.domains.iter().map(|d| Domain { weight: 1.0, ..d.clone() }).collect();
        (inds, doms)
    };
    a.data == b.data && unweighted(a) == unweighted(b)
}

/// An indicator's values under its weight in the new formula: the same columns, with a fixed
/// weight set where the indicator applies.
fn reweighted(iv: &IndicatorValues, weight: &Weight) -> IndicatorValues {
    let mut iv = iv.clone();
    let Weight::Fixed(w) = *weight else { return iv };
    iv.weight = match &iv.weight {
        RowWeights::Fixed(_) => RowWeights::Fixed(w),
        RowWeights::PerRow(old) if old.iter().all(|x| x.is_nan() || x.to_bits() == w.to_bits()) => {
            RowWeights::PerRow(old.clone())
        }
        // An `applies` rule: the weight where it applies, `NaN` where it does not.
        RowWeights::PerRow(old) => RowWeights::PerRow(Arc::new(
            old.iter().map(|x| if x.is_nan() { *x } else { w }).collect(),
        )),
    };
    iv
}

/// The aggregates whose score a change from `a` to `b` reaches: the parent of each indicator or
/// aggregate whose weight changed, and the ancestors of those (children come before parents).
fn changed_aggregates(a: &Formula, b: &Formula) -> Vec<bool> {
    let bits = |w: &Weight| match w {
        Weight::Fixed(x) => Some(x.to_bits()),
        Weight::Column(_) => None,
    };
    let mut dirty = vec![false; b.domains.len()];
    for (x, y) in a.indicators.iter().zip(&b.indicators) {
        if bits(&x.weight) != bits(&y.weight) {
            dirty[y.parent] = true;
        }
    }
    for (x, y) in a.domains.iter().zip(&b.domains) {
        if let Some(p) = y.parent.filter(|_| x.weight.to_bits() != y.weight.to_bits()) {
            dirty[p] = true;
        }
    }
    for (d, dom) in b.domains.iter().enumerate() {
        if let Some(p) = dom.parent.filter(|_| dirty[d]) {
            dirty[p] = true;
        }
    }
    dirty
}
