//! Tiers and classes: quantiles or fixed cut-offs, with names, order and floors.
//!
//! Tied values always share a tier. With `percentile_inc` cuts, a value exactly on a cut point
//! goes to the higher tier; with `rank` cuts, ties take the tier of their lowest rank.

pub use crate::num::CutRule;
use crate::num::{Groups, cut_class, ordered_classes, quantile_classes};

/// Whether tier names are listed from the highest values or the lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierOrder {
    /// The first name is for the highest values (e.g. "Highest need").
    HighToLow,
    /// The first name is for the lowest values (e.g. "Very Low").
    LowToHigh,
}

/// How values are split into tiers.
#[derive(Debug, Clone, PartialEq)]
pub enum TierRule {
    /// `k` quantiles.
    Quantile {
        /// Number of tiers.
        k: usize,
        /// Cut rule.
        rule: CutRule,
    },
    /// Fixed ascending cut-offs; a value ≥ a cut-off goes to the higher tier.
    Cutoffs(Vec<f64>),
}

impl TierRule {
    /// Number of tiers.
    pub fn count(&self) -> usize {
        match self {
            TierRule::Quantile { k, .. } => *k,
            TierRule::Cutoffs(c) => c.len() + 1,
        }
    }
}

/// A floor: when the minimum of `columns` is at least `at_least`, the tier is at least `tier`.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    /// Columns whose minimum is compared.
    pub columns: Vec<String>,
    /// Threshold.
    pub at_least: f64,
    /// Position of the guaranteed tier in the names.
    pub tier: usize,
}

/// Checked tier settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiers {
    /// Split rule.
    pub rule: TierRule,
    /// Names, in `order`.
    pub names: Vec<String>,
    /// Order of the names.
    pub order: TierOrder,
    /// Name for schools without a value.
    pub missing_name: String,
    /// Output column of the name.
    pub output: String,
    /// Output column of the number (1 = first name).
    pub number_output: String,
    /// Group column to tier within.
    pub within: Option<String>,
    /// Floors.
    pub floors: Vec<Floor>,
}

impl Tiers {
    /// Ascending class (1 = lowest values) → position in `names`.
    pub(crate) fn position(&self, class: usize) -> usize {
        let k = self.rule.count();
        match self.order {
            TierOrder::HighToLow => k - class,
            TierOrder::LowToHigh => class - 1,
        }
    }

    fn class_of_position(&self, pos: usize) -> usize {
        let k = self.rule.count();
        match self.order {
            TierOrder::HighToLow => k - pos,
            TierOrder::LowToHigh => pos + 1,
        }
    }

    /// Ascending classes of one group's values (0 = no value).
    fn classes(&self, values: &[f64]) -> Vec<usize> {
        match &self.rule {
            TierRule::Quantile { k, rule } => quantile_classes(values, *k, *rule),
            TierRule::Cutoffs(cuts) => {
                values.iter().map(|&x| if x.is_nan() { 0 } else { cut_class(cuts, x) }).collect()
            }
        }
    }

    /// Assigns each row a tier position in `names` (None = no value). `floor_values[f]` holds,
    /// per row, the minimum of floor `f`'s columns.
    pub(crate) fn assign(
        &self,
        values: &[f64],
        groups: &Groups,
        floor_values: &[Vec<f64>],
    ) -> Vec<Option<usize>> {
        let classes =
            groups.map(values, |_, v| self.classes(v).into_iter().map(|c| c as f64).collect());
        let class = |c: f64| if c.is_nan() { 0 } else { c as usize };
        self.positions(classes.into_iter().map(class), floor_values)
    }

    /// [`Tiers::assign`] for values in one group whose present values are already ordered,
    /// highest first (`order`): the same tiers without a sort.
    pub(crate) fn assign_ordered(
        &self,
        values: &[f64],
        order: &[u32],
        floor_values: &[Vec<f64>],
    ) -> Vec<Option<usize>> {
        let mut classes = vec![0usize; values.len()];
        match &self.rule {
            TierRule::Quantile { k, rule } => {
                ordered_classes(values, order, *k, *rule, |r, c| classes[r] = c)
            }
            TierRule::Cutoffs(cuts) => {
                for &o in order {
                    classes[o as usize] = cut_class(cuts, values[o as usize]);
                }
            }
        }
        self.positions(classes.into_iter(), floor_values)
    }

    /// Tier positions from ascending classes (0 = no value), raised by the floors.
    fn positions(
        &self,
        classes: impl Iterator<Item = usize>,
        floor_values: &[Vec<f64>],
    ) -> Vec<Option<usize>> {
        classes
            .enumerate()
            .map(|(row, c)| {
                if c == 0 {
                    return None;
                }
                let mut class = c;
                for (f, vals) in self.floors.iter().zip(floor_values) {
                    if vals[row] >= f.at_least {
                        class = class.max(self.class_of_position(f.tier));
                    }
                }
                Some(self.position(class))
            })
            .collect()
    }

    /// The name for a position (or the missing name).
    pub fn name(&self, pos: Option<usize>) -> &str {
        match pos {
            Some(p) => &self.names[p],
            None => &self.missing_name,
        }
    }
}
