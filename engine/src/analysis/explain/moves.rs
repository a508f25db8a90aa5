//! The nearest tier boundaries of a school and the single-indicator changes that would reach
//! them, holding every other school's values and the tier cut-offs fixed.

use super::types::{Change, TierMove};
use crate::formula::Direction;
use crate::index::Computation;
use crate::normalise::Normaliser;

/// The nearest schools in a higher and a lower tier (same tier group), holding cut-offs fixed.
pub(super) fn tier_moves(c: &Computation, row: usize) -> (Option<TierMove>, Option<TierMove>) {
    let Some(t) = &c.formula.tiers else { return (None, None) };
    let Some(own) = c.tier(row) else { return (None, None) };
    let x = c.index[row];
    let groups = c.district.groups_by(t.within.as_ref());
    let members = groups.members_of(row);
    let other_tier = |r: usize| c.tier(r).is_some_and(|p| p != own);
    let up_school = members
        .iter()
        .copied()
        .filter(|&r| other_tier(r) && c.index[r] > x)
        .min_by(|&a, &b| c.index[a].total_cmp(&c.index[b]));
    let down_school = members
        .iter()
        .copied()
        .filter(|&r| other_tier(r) && c.index[r] < x)
        .max_by(|&a, &b| c.index[a].total_cmp(&c.index[b]));
    let make = |target: usize, up: bool| {
        let tv = c.index[target];
        let passed = |&&r: &&usize| {
            if up { c.index[r] > x && c.index[r] < tv } else { c.index[r] < x && c.index[r] > tv }
        };
        TierMove {
            tier: c.tier_name(target).to_string(),
            index_gap: tv - x,
            schools_between: members.iter().filter(passed).count(),
            changes: changes(c, row, target, up),
        }
    };
    (up_school.map(|s| make(s, true)), down_school.map(|s| make(s, false)))
}

/// Single-indicator changes that bring the school's index score to the target school's score.
fn changes(c: &Computation, row: usize, target: usize, up: bool) -> Vec<Change> {
    let root = c.formula.domains.len() - 1;
    let gap = c.domains[root].score[target] - c.domains[root].score[row];
    if gap.is_nan() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, ind) in c.formula.indicators.iter().enumerate() {
        let v = &c.indicators[i];
        let (x0, n0) = (v.input(row), v.value[row]);
        let slope = c.index_slope(i, row);
        if x0.is_nan() || n0.is_nan() || v.imputed[row] || slope.is_nan() || slope <= 0.0 {
            continue;
        }
        let target_n = n0 + gap / slope;
        let reaches = |n: f64| if up { n >= target_n - 1e-12 } else { n <= target_n + 1e-12 };
        // Raw values only move the normalised value one way: search along that way.
        let raise = up == (ind.direction == Direction::Higher);
        let Some(to_raw) = search(c, i, row, raise, &reaches) else { continue };
        out.push(Change {
            indicator: ind.id.clone(),
            label: ind.label.clone(),
            from_raw: x0,
            to_raw,
            from_value: n0,
            to_value: c.normalised_with(i, row, to_raw),
        });
    }
    out.sort_by(|a, b| {
        (a.to_value - a.from_value).abs().total_cmp(&(b.to_value - b.from_value).abs())
    });
    out
}

/// The nearest raw value (moving up if `raise`, else down) whose normalised value `reaches` the
/// target; None when even the most extreme value its unit allows (a percentage stays in 0–100,
/// see `Indicator::raw_bounds`) does not.
fn search(
    c: &Computation,
    i: usize,
    row: usize,
    raise: bool,
    reaches: &dyn Fn(f64) -> bool,
) -> Option<f64> {
    let iv = &c.indicators[i];
    let x0 = iv.input(row);
    let norm = &c.formula.indicators[i].normaliser;
    let others: Vec<f64> =
        (0..c.len()).filter(|&r| r != row).map(|r| iv.input(r)).filter(|x| !x.is_nan()).collect();
    let (lo, hi) = others.iter().fold((x0, x0), |(a, b), &x| (a.min(x), b.max(x)));
    let span = (hi - lo).max(x0.abs()).max(1.0);
    let (min, max) = c.formula.indicators[i].raw_bounds();
    let allowed = |x: f64| x >= min && x <= max;
    let eval = |x: f64| allowed(x) && reaches(c.normalised_with(i, row, x));
    let rank_based = matches!(
        norm,
        Normaliser::Percentile { .. }
            | Normaliser::Rank { .. }
            | Normaliser::Quantile { .. }
            | Normaliser::Points { .. }
    );
    if rank_based {
        let mut cands = rank_candidates(norm, &others, x0, raise, span);
        // Passing the most extreme school goes only as far as the unit allows.
        cands.iter_mut().for_each(|x| *x = x.clamp(min, max));
        cands.dedup();
        if !cands.last().is_some_and(|&l| eval(l)) {
            return None;
        }
        let k = cands.partition_point(|&x| !eval(x));
        return cands.get(k).copied();
    }
    // Continuous normalisers: bisection between now and far beyond the observed range.
    let far = if raise { (hi + span).min(max) } else { (lo - span).max(min) };
    if !eval(far) {
        return None;
    }
    let (mut a, mut b) = (x0, far);
    for _ in 0..100 {
        let m = 0.5 * (a + b);
        if eval(m) { b = m } else { a = m }
    }
    Some(b)
}

/// Candidates for rank-based normalisers: tying each other value, or just passing it (mid-way
/// to the next value), in the direction of the move.
fn rank_candidates(norm: &Normaliser, others: &[f64], x0: f64, raise: bool, span: f64) -> Vec<f64> {
    let beyond = |x: f64| if raise { x > x0 } else { x < x0 };
    let mut vals: Vec<f64> = others.iter().copied().filter(|&x| beyond(x)).collect();
    if let Normaliser::Points { cutoffs, .. } = norm {
        vals.extend(cutoffs.iter().copied().filter(|&x| beyond(x)));
    }
    vals.sort_by(|a, b| if raise { a.total_cmp(b) } else { b.total_cmp(a) });
    vals.dedup();
    let mut cands = Vec::with_capacity(2 * vals.len() + 1);
    for (k, &v) in vals.iter().enumerate() {
        cands.push(v);
        let next = vals.get(k + 1).copied().unwrap_or(if raise {
            v + 0.01 * span
        } else {
            v - 0.01 * span
        });
        cands.push((v + next) / 2.0);
    }
    cands
}
