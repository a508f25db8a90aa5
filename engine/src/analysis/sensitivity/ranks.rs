//! Ranks and tiers of a draw's index, and its dollars per pupil by tier.

use super::model::{AllocShape, Model};
use super::params::Params;
use crate::num::{
    RadixScratch, cut_class, ordered_classes, ordered_ranks, radix_order_desc_into,
    unify_ordered_ties,
};
use crate::tiers::TierRule;

/// No rank / no tier in the per-draw arrays.
pub(super) const NO_TIER: u8 = u8::MAX;

impl Model<'_> {
    /// Ranks (1 = highest, 0 = none) and tier positions ([`NO_TIER`] = none) of an index;
    /// near-equal values are made equal first, as in the index engine (and with its rules).
    pub(super) fn rank_and_tier(
        &self,
        index: &mut [f64],
        ranks: &mut [u32],
        tiers: &mut [u8],
        sort: &mut RadixScratch,
    ) {
        radix_order_desc_into(index, sort);
        unify_ordered_ties(index, &sort.order);
        ranks.iter_mut().for_each(|x| *x = 0);
        tiers.iter_mut().for_each(|x| *x = NO_TIER);
        let order = &sort.order;
        ordered_ranks(index, order, |r, k| ranks[r] = k as u32);
        let Some(t) = &self.c.formula.tiers else { return };
        let mut set = |r: usize, class: usize| tiers[r] = t.position(class) as u8;
        match &t.rule {
            TierRule::Cutoffs(cuts) => {
                for &o in order {
                    set(o as usize, cut_class(cuts, index[o as usize]));
                }
            }
            TierRule::Quantile { k, rule } => ordered_classes(index, order, *k, *rule, set),
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
