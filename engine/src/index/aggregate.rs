//! One aggregate for every school, a column at a time: the missing-data rule (which schools get a
//! score, and why the others do not — weights never change it), the score under its
//! aggregation, flag counts, and, on demand, the slope of the score in each child (for
//! contributions).

use super::computation::{DomainValues, IndicatorValues, Reasons, RowWeights};
use super::coverage::{Coverage, Coverages, Has, Verdict};
use crate::formula::{Aggregation, Child, Domain, Formula, MissingRule};
use crate::num::{ExactColumn, exact_sum, round_half_up, unit_scale};

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

    /// The schools the child applies to (a weight that is not `NaN`).
    fn applies(&self) -> Has<'_> {
        match self {
            ChildWeight::PerRow(w) => Has::Value(w),
            ChildWeight::Fixed(w) if w.is_nan() => Has::Nothing,
            ChildWeight::Fixed(_) => Has::All,
        }
    }
}

/// The children of an aggregate, column by column.
struct Children<'a> {
    values: Vec<&'a [f64]>,
    weights: Vec<ChildWeight<'a>>,
    reasons: Vec<Option<&'a Reasons>>,
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
        self.reasons[j].and_then(|cr| cr.get(r)).map(str::to_owned)
    }
}

/// What weights never change of aggregate `d` (children are earlier in `doms`): why each school
/// has no score (None: it has one) and, when the formula asks, each school's count of flags.
pub(crate) fn coverage(
    formula: &Formula,
    d: usize,
    inds: &[IndicatorValues],
    doms: &[DomainValues],
    n: usize,
) -> (Reasons, Option<Vec<f64>>) {
    let dom = &formula.domains[d];
    let ch = Children::of(formula, dom, inds, doms);
    let cov = Coverages::count(
        dom,
        n,
        |i| (inds[i].applying(), Has::Value(&inds[i].value)),
        |j| (ch.weights[j].applies(), Has::Value(ch.values[j])),
    );
    let reasons =
        Reasons::from_rows((0..n).map(|r| missing_reason(formula, dom, &ch, &cov.at(r), r)));
    let flags =
        dom.flags_output.as_ref().map(|_| (0..n).map(|r| flag_count(dom, inds, r)).collect());
    (reasons, flags)
}

/// Buffers the scores of an aggregate reuse: the exact sums of its terms and of its weights,
/// each school's scale and a child's shares, and one school's present children.
#[derive(Default)]
pub(crate) struct ScoreScratch {
    terms: ExactColumn,
    weights: ExactColumn,
    scale: Vec<f64>,
    share: Vec<f64>,
    present: Vec<(usize, f64, f64)>,
}

/// Every school's score of aggregate `d` (`NaN` where `reasons` says why there is none), from
/// its children's values and weights (children are earlier in `doms`).
pub(crate) fn scores(
    formula: &Formula,
    d: usize,
    inds: &[IndicatorValues],
    doms: &[DomainValues],
    reasons: &Reasons,
    scratch: &mut ScoreScratch,
) -> Vec<f64> {
    let dom = &formula.domains[d];
    let ch = Children::of(formula, dom, inds, doms);
    let mut score = vec![f64::NAN; reasons.len()];
    match dom.aggregation {
        Aggregation::Mean | Aggregation::Sum => {
            linear_scores(dom, &ch, reasons, &mut score, scratch)
        }
        _ => {
            // Scratch that nothing reads: slopes are worked out again on demand (`slopes_at`).
            let mut slopes = vec![f64::NAN; dom.children.len()];
            for r in (0..reasons.len()).filter(|&r| reasons.has_score(r)) {
                score[r] = score_of(dom, &ch, r, &mut slopes, &mut scratch.present);
            }
        }
    }
    if let Some(dp) = dom.round {
        for (r, x) in score.iter_mut().enumerate() {
            if reasons.has_score(r) {
                *x = round_half_up(*x, dp);
            }
        }
    }
    score
}

/// Means and sums, a child column at a time: the exact sum of each school's terms (and of its
/// weights, for a mean) is built in [`ExactColumn`]s; the rare school whose sum that cannot
/// prove is worked out on its own by [`score_of`]. The same numbers as `score_of` for every
/// school, bit for bit.
fn linear_scores(
    dom: &Domain,
    ch: &Children,
    reasons: &Reasons,
    score: &mut [f64],
    s: &mut ScoreScratch,
) {
    let n = score.len();
    let mean = dom.aggregation == Aggregation::Mean;
    s.terms.reset(n);
    s.weights.reset(if mean { n } else { 0 });
    s.scale.clear();
    s.scale.resize(n, if mean { 0.0 } else { 1.0 });
    if mean {
        // Each school's largest present weight, then the power of two that scales it near 1.
        for (v, w) in ch.values.iter().zip(&ch.weights) {
            each_weight(&mut s.scale, v, w, |top, x, w| if x.is_nan() { top } else { top.max(w) });
        }
        let mut last = (f64::NAN, 1.0);
        for top in s.scale.iter_mut() {
            if top.to_bits() != last.0.to_bits() {
                last = (*top, unit_scale(*top));
            }
            *top = last.1;
        }
    }
    for (v, w) in ch.values.iter().zip(&ch.weights) {
        // Each school's share (weight × scale), −0 where the child does not count: then
        // share × value is the term, and −0 × 0 = −0 adds nothing.
        s.share.clear();
        s.share.extend_from_slice(&s.scale);
        each_weight(&mut s.share, v, w, |scale, x, w| if x.is_nan() { -0.0 } else { w * scale });
        let value = |x: &f64| if x.is_nan() { 0.0 } else { *x };
        s.terms.add(s.share.iter().zip(*v).map(|(h, x)| h * value(x)));
        if mean {
            s.weights.add(s.share.iter().copied());
        }
    }
    let mut slopes = vec![f64::NAN; dom.children.len()];
    for r in (0..reasons.len()).filter(|&r| reasons.has_score(r)) {
        let proved = match (s.terms.rounded(r), mean) {
            (Some(acc), true) => s.weights.rounded(r).map(|sw| acc / sw * dom.multiplier),
            (Some(acc), false) => Some(acc * dom.multiplier),
            (None, _) => None,
        };
        score[r] = match proved {
            Some(x) => x,
            None => score_of(dom, ch, r, &mut slopes, &mut s.present),
        };
    }
}

/// `acc[r] = f(acc[r], value, weight)` for every school, where the child's weight is a number
/// (`NaN` values stand for schools it does not apply to); a loop per weight kind, so each
/// vectorises.
fn each_weight(acc: &mut [f64], v: &[f64], w: &ChildWeight, f: impl Fn(f64, f64, f64) -> f64) {
    let nan = f64::NAN;
    match w {
        ChildWeight::Fixed(w) if w.is_nan() => {
            acc.iter_mut().for_each(|a| *a = f(*a, nan, *w));
        }
        ChildWeight::Fixed(w) => {
            acc.iter_mut().zip(v).for_each(|(a, x)| *a = f(*a, *x, *w));
        }
        ChildWeight::PerRow(ws) => {
            let rows = acc.iter_mut().zip(v).zip(*ws);
            rows.for_each(|((a, x), w)| *a = f(*a, if w.is_nan() { nan } else { *x }, *w));
        }
    }
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
    if doms[d].reasons.has_score(r) {
        let ch = Children::of(formula, dom, inds, doms);
        score_of(dom, &ch, r, &mut slopes, &mut Vec::new());
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
fn score_of(
    dom: &Domain,
    ch: &Children,
    r: usize,
    slopes: &mut [f64],
    present: &mut Vec<(usize, f64, f64)>,
) -> f64 {
    let k = dom.children.len();
    present.clear();
    present.extend((0..k).filter_map(|j| ch.at(j, r).map(|(v, w)| (j, v, w))));
    let present = &present[..];
    let top = present.iter().fold(0.0f64, |m, p| m.max(p.2));
    let scale = unit_scale(top);
    let share = |w: f64| w * scale;
    match dom.aggregation {
        Aggregation::Mean => {
            let acc = exact_sum(present.iter().map(|&(_, v, w)| share(w) * v));
            let sw = exact_sum(present.iter().map(|&(_, _, w)| share(w)));
            for &(j, _, w) in present {
                slopes[j] = share(w) / sw * dom.multiplier;
            }
            acc / sw * dom.multiplier
        }
        Aggregation::Sum => {
            for &(j, _, w) in present {
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
