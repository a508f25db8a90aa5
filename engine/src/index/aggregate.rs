//! One aggregate for every school: the missing-data rule, the score under its aggregation, the
//! slope of the score in each child (for contributions), and flag counts.

use super::computation::{DomainValues, IndicatorValues, RowWeights};
use super::coverage::{Coverage, Verdict};
use crate::formula::{Aggregation, Child, Domain, Formula, MissingRule};
use crate::num::{exact_sum, round_half_up, unit_scale};

/// A child's weight: one per school, or one for all.
enum ChildWeight<'a> {
    PerRow(&'a [f64]),
    Fixed(f64),
}

impl ChildWeight<'_> {
    fn at(&self, r: usize) -> f64 {
        match self {
            ChildWeight::PerRow(w) => w[r],
            ChildWeight::Fixed(w) => *w,
        }
    }
}

/// The children of an aggregate, column by column.
struct Children<'a> {
    values: Vec<&'a [f64]>,
    weights: Vec<ChildWeight<'a>>,
    reasons: Vec<Option<&'a [Option<String>]>>,
}

impl<'a> Children<'a> {
    fn of(
        formula: &Formula,
        dom: &Domain,
        inds: &'a [IndicatorValues],
        doms: &'a [DomainValues],
    ) -> Children<'a> {
        let k = dom.children.len();
        let mut c = Children {
            values: Vec::with_capacity(k),
            weights: Vec::with_capacity(k),
            reasons: Vec::with_capacity(k),
        };
        for child in &dom.children {
            match *child {
                Child::Indicator(i) => {
                    c.values.push(&inds[i].value);
                    c.weights.push(match &inds[i].weight {
                        RowWeights::Fixed(w) => ChildWeight::Fixed(*w),
                        RowWeights::PerRow(w) => ChildWeight::PerRow(w),
                    });
                    c.reasons.push(None);
                }
                Child::Domain(d) => {
                    let cd = &formula.domains[d];
                    c.values.push(doms[d].feed(cd.feeds_normalised));
                    c.weights.push(ChildWeight::Fixed(cd.weight));
                    c.reasons.push(Some(&doms[d].reasons));
                }
            }
        }
        c
    }

    /// Whether child `j` counts for row `r`, and its (value, weight) when it does.
    fn at(&self, j: usize, r: usize) -> Option<(f64, f64)> {
        let (v, w) = (self.values[j][r], self.weights[j].at(r));
        (!v.is_nan() && !w.is_nan()).then_some((v, w))
    }

    /// Why child `j` has no value for row `r`, when it is a domain that says.
    fn reason(&self, j: usize, r: usize) -> Option<String> {
        self.reasons[j].and_then(|cr| cr[r].clone())
    }
}

/// Aggregate `d` of `formula` from its children's values (children are earlier in `doms`).
pub(crate) fn aggregate(
    formula: &Formula,
    d: usize,
    inds: &[IndicatorValues],
    doms: &[DomainValues],
    n: usize,
) -> DomainValues {
    let dom = &formula.domains[d];
    let ch = Children::of(formula, dom, inds, doms);
    let k = dom.children.len();
    let mut score = vec![f64::NAN; n];
    // Scratch that nothing reads: slopes are worked out again on demand (`slopes_at`).
    let mut slopes = vec![f64::NAN; k];
    let mut reasons = vec![None; n];
    for r in 0..n {
        let cov = Coverage::of(
            dom,
            |i| inds[i].applies(r),
            |i| !inds[i].value[r].is_nan(),
            |j| (!ch.weights[j].at(r).is_nan(), !ch.values[j][r].is_nan()),
        );
        if let Some(why) = missing_reason(formula, dom, &ch, &cov, r) {
            reasons[r] = Some(why);
            continue;
        }
        score[r] = score_of(dom, &ch, r, &mut slopes);
        if let Some(dp) = dom.round {
            score[r] = round_half_up(score[r], dp);
        }
    }
    let flags =
        dom.flags_output.as_ref().map(|_| (0..n).map(|r| flag_count(dom, inds, r)).collect());
    DomainValues { score, normalised: None, flags, extra: Vec::new(), classes: None, reasons }
}

/// The slope of aggregate `d`'s score in each of its children for school `r` (formula order;
/// `NaN` when the step is not linear or the child is absent, all `NaN` when the school has no
/// score). Worked out again from the children's values, the same way as the score.
pub(crate) fn slopes_at(
    formula: &Formula,
    d: usize,
    inds: &[IndicatorValues],
    doms: &[DomainValues],
    r: usize,
) -> Vec<f64> {
    let dom = &formula.domains[d];
    let mut slopes = vec![f64::NAN; dom.children.len()];
    if doms[d].reasons[r].is_none() {
        let ch = Children::of(formula, dom, inds, doms);
        score_of(dom, &ch, r, &mut slopes);
    }
    slopes
}

/// Why a school has no score for the aggregate (None when it has one).
fn missing_reason(
    formula: &Formula,
    dom: &Domain,
    ch: &Children,
    cov: &Coverage,
    r: usize,
) -> Option<String> {
    let missing_child_reason = || cov.first_missing.and_then(|j| ch.reason(j, r));
    match cov.verdict(dom.missing) {
        Verdict::Covered => None,
        Verdict::NoneApplies => Some(format!("{}: no indicator applies", dom.describe())),
        Verdict::Propagates { child } => Some(ch.reason(child, r).unwrap_or_else(|| {
            format!(
                "{} is missing (and {} propagates missing values)",
                child_name(formula, dom.children[child]),
                dom.describe()
            )
        })),
        Verdict::TooFewIndicators { need } => {
            if cov.children_present == 0
                && let Some(why) = missing_child_reason()
            {
                return Some(why);
            }
            let (present, applicable) = (cov.present, cov.applicable);
            Some(format!(
                "{}: {present} of {applicable} indicators present, at least {} needed",
                dom.describe(),
                need.max(1)
            ))
        }
        Verdict::TooFewChildren { min_children } => {
            let why = missing_child_reason().map(|w| format!(" ({w})")).unwrap_or_default();
            let present = cov.children_present;
            Some(format!(
                "{}: {present} of its parts present, at least {min_children} needed{why}",
                dom.describe()
            ))
        }
    }
}

/// How messages name a child: "indicator 'id'" or "domain 'id'".
fn child_name(formula: &Formula, child: Child) -> String {
    match child {
        Child::Indicator(i) => format!("indicator '{}'", formula.indicators[i].id),
        Child::Domain(d) => format!("domain '{}'", formula.domains[d].id),
    }
}

/// A covered school's score; for means and sums also the slope in each child. Means scale their
/// weights by a power of two near the largest (exact, so 1 and 2 weigh exactly as 2⁹⁰⁰ and
/// 2·2⁹⁰⁰, and nothing overflows), and every sum is exact, so the order of the children never
/// changes a score.
fn score_of(dom: &Domain, ch: &Children, r: usize, slopes: &mut [f64]) -> f64 {
    let k = dom.children.len();
    let present: Vec<(usize, f64, f64)> =
        (0..k).filter_map(|j| ch.at(j, r).map(|(v, w)| (j, v, w))).collect();
    let top = present.iter().fold(0.0f64, |m, p| m.max(p.2));
    let scale = unit_scale(top);
    let share = |w: f64| w * scale;
    match dom.aggregation {
        Aggregation::Mean => {
            let acc = exact_sum(present.iter().map(|&(_, v, w)| share(w) * v));
            let sw = exact_sum(present.iter().map(|&(_, _, w)| share(w)));
            for &(j, _, w) in &present {
                slopes[j] = share(w) / sw * dom.multiplier;
            }
            acc / sw * dom.multiplier
        }
        Aggregation::Sum => {
            for &(j, _, w) in &present {
                slopes[j] = w * dom.multiplier;
            }
            exact_sum(present.iter().map(|&(_, v, w)| w * v)) * dom.multiplier
        }
        Aggregation::Geometric { zero_floor } => {
            let floored = |v: f64| if v <= 0.0 { zero_floor } else { Some(v) };
            if present.iter().any(|&(_, v, _)| floored(v).is_none()) {
                return 0.0;
            }
            let logs = present
                .iter()
                .map(|&(_, v, w)| share(w) * floored(v).unwrap_or(v).max(f64::MIN_POSITIVE).ln());
            let acc = exact_sum(logs);
            let sw = exact_sum(present.iter().map(|&(_, _, w)| share(w)));
            (acc / sw).exp() * dom.multiplier
        }
        Aggregation::Product => {
            present.iter().fold(1.0, |p, &(_, v, w)| p * v.powf(w)) * dom.multiplier
        }
        Aggregation::Min => {
            present.iter().map(|p| p.1).fold(f64::INFINITY, f64::min) * dom.multiplier
        }
        Aggregation::Max => {
            present.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max) * dom.multiplier
        }
    }
}

/// The number of flagged descendant indicators (`NaN` when one is missing and missing
/// values propagate).
fn flag_count(dom: &Domain, inds: &[IndicatorValues], r: usize) -> f64 {
    let mut count = 0.0;
    for &i in &dom.indicators {
        let Some(f) = &inds[i].flag else { continue };
        if !inds[i].applies(r) {
            continue;
        }
        let v = f[r];
        if v.is_nan() {
            if dom.missing == MissingRule::Propagate {
                return f64::NAN;
            }
        } else {
            count += v;
        }
    }
    count
}
