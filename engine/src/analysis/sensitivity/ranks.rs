//! Ranks and tiers of a draw's index, and its dollars per pupil by tier.

use super::model::{AllocShape, Model};
use super::params::Params;
use crate::num::{
    CutRule, RadixScratch, TIE_TOLERANCE, cut_class, percentile_inc_by, radix_order_desc_into,
    rank_class,
};
use crate::tiers::TierRule;

/// No rank / no tier in the per-draw arrays.
pub(super) const NO_TIER: u8 = u8::MAX;

/// [`crate::num::unify_ties`] on values already ordered (highest first): each group of
/// near-equal values takes its smallest.
fn unify_sorted_ties(index: &mut [f64], order: &[u32]) {
    let (Some(&first), Some(&last)) = (order.first(), order.last()) else { return };
    let tol = TIE_TOLERANCE * index[first as usize].abs().max(index[last as usize].abs());
    let mut k = 0;
    while k < order.len() {
        let mut j = k + 1;
        while j < order.len() && index[order[j - 1] as usize] - index[order[j] as usize] <= tol {
            j += 1;
        }
        let low = index[order[j - 1] as usize];
        for &o in &order[k..j] {
            index[o as usize] = low;
        }
        k = j;
    }
}

impl Model<'_> {
    /// Ranks (1 = highest, 0 = none) and tier positions ([`NO_TIER`] = none) of an index;
    /// near-equal values are made equal first, as in the index engine.
    pub(super) fn rank_and_tier(
        &self,
        index: &mut [f64],
        ranks: &mut [u32],
        tiers: &mut [u8],
        sort: &mut RadixScratch,
    ) {
        radix_order_desc_into(index, sort);
        unify_sorted_ties(index, &sort.order);
        let order = &sort.order;
        let m = order.len();
        let value = |k: usize| index[order[k] as usize];
        let mut k = 0;
        while k < m {
            let mut j = k + 1;
            while j < m && value(j) == value(k) {
                j += 1;
            }
            for &o in &order[k..j] {
                ranks[o as usize] = (k + 1) as u32;
            }
            k = j;
        }
        for (r, x) in index.iter().enumerate() {
            if x.is_nan() {
                ranks[r] = 0;
                tiers[r] = NO_TIER;
            }
        }
        let Some(t) = &self.c.formula.tiers else {
            tiers.iter_mut().for_each(|x| *x = NO_TIER);
            return;
        };
        let cuts = match &t.rule {
            TierRule::Cutoffs(cuts) => cuts.clone(),
            TierRule::Quantile { k, rule: CutRule::PercentileInc } => {
                // PERCENTILE.INC from the descending order without building the ascending array.
                let asc = |i: usize| value(m - 1 - i);
                (1..*k).map(|j| percentile_inc_by(m, asc, j as f64 / *k as f64)).collect()
            }
            TierRule::Quantile { k, rule: CutRule::Rank } => {
                // Ascending rank_min of each value: m − (descending rank_max) + 1.
                let mut i = 0;
                while i < m {
                    let mut j = i + 1;
                    while j < m && value(j) == value(i) {
                        j += 1;
                    }
                    let class = rank_class(*k, m - j + 1, m);
                    for &o in &order[i..j] {
                        tiers[o as usize] = t.position(class) as u8;
                    }
                    i = j;
                }
                return;
            }
        };
        for &o in order {
            tiers[o as usize] = t.position(cut_class(&cuts, index[o as usize])) as u8;
        }
    }

    /// Dollars of each tier position per pupil under a draw (None when not expressible).
    pub(super) fn rate(&self, p: &Params, tiers: &[u8]) -> Option<Vec<f64>> {
        match &self.alloc {
            AllocShape::Pot { budget, tier_weight } => {
                let b = p.budget.unwrap_or(*budget);
                let total: f64 = (0..self.n)
                    .filter(|&r| tiers[r] != NO_TIER)
                    .map(|r| self.pupils[r] * tier_weight[tiers[r] as usize])
                    .sum();
                Some(
                    tier_weight
                        .iter()
                        .map(|w| if total > 0.0 { b * w / total } else { 0.0 })
                        .collect(),
                )
            }
            AllocShape::Rates(r) => Some(r.clone()),
            AllocShape::None(_) => None,
        }
    }
}
