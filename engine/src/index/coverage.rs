//! The missing-data rule of an aggregate, in one place: which schools get a score, and why the
//! others do not. The index engine and the sensitivity evaluator both count with [`Coverages`]
//! and judge with [`Coverage::verdict`].

use super::computation::{IndicatorValues, RowWeights};
use crate::formula::{Domain, MissingRule};

/// What one school has of one aggregate's inputs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Coverage {
    /// Descendant indicators that apply to the school.
    pub(crate) applicable: usize,
    /// Descendant indicators with a value.
    pub(crate) present: usize,
    /// Children (indicators or domains) that apply and have a value.
    pub(crate) children_present: usize,
    /// The first child that applies but has no value.
    pub(crate) first_missing: Option<usize>,
}

/// Whether a school gets a score for an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// It does.
    Covered,
    /// No descendant indicator applies to the school.
    NoneApplies,
    /// A child is missing and the aggregate propagates missing values.
    Propagates { child: usize },
    /// Fewer indicators present than the rule needs (or no child present).
    TooFewIndicators { need: usize },
    /// Fewer children present than `min_children`.
    TooFewChildren { min_children: usize },
}

/// Which schools have something, as a column: every school, those whose value is not `NaN`, or
/// those flagged.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Has<'a> {
    /// Every school.
    All,
    /// No school.
    Nothing,
    /// The schools whose value is not `NaN`.
    Value(&'a [f64]),
    /// The schools flagged `true`.
    Flag(&'a [bool]),
}

impl Has<'_> {
    fn at(&self, r: usize) -> bool {
        match self {
            Has::All => true,
            Has::Nothing => false,
            Has::Value(v) => !v[r].is_nan(),
            Has::Flag(f) => f[r],
        }
    }

    /// Adds 1 to the count of each school that has it.
    fn count_into(&self, counts: &mut [u32]) {
        match self {
            Has::All => counts.iter_mut().for_each(|c| *c += 1),
            Has::Nothing => {}
            Has::Value(v) => {
                counts.iter_mut().zip(*v).for_each(|(c, x)| *c += u32::from(!x.is_nan()))
            }
            Has::Flag(f) => counts.iter_mut().zip(*f).for_each(|(c, b)| *c += u32::from(*b)),
        }
    }
}

impl IndicatorValues {
    /// The schools the indicator applies to (those with a weight that is not `NaN`).
    pub(crate) fn applying(&self) -> Has<'_> {
        match &self.weight {
            RowWeights::Fixed(w) if w.is_nan() => Has::Nothing,
            RowWeights::Fixed(_) => Has::All,
            RowWeights::PerRow(w) => Has::Value(w),
        }
    }
}

/// No child missing, in [`Coverages::first_missing`].
const NONE: u32 = u32::MAX;

/// Every school's [`Coverage`] of one aggregate, counted a column at a time.
pub(crate) struct Coverages {
    applicable: Vec<u32>,
    present: Vec<u32>,
    children_present: Vec<u32>,
    first_missing: Vec<u32>,
}

impl Coverages {
    /// Counts every school's inputs: `indicator(i)` = (applies, present) of descendant
    /// indicator `i`, and `child(j)` the same of child `j`.
    pub(crate) fn count<'a, 'b>(
        dom: &Domain,
        n: usize,
        indicator: impl Fn(usize) -> (Has<'a>, Has<'a>),
        child: impl Fn(usize) -> (Has<'b>, Has<'b>),
    ) -> Coverages {
        let mut c = Coverages {
            applicable: vec![0; n],
            present: vec![0; n],
            children_present: vec![0; n],
            first_missing: vec![NONE; n],
        };
        for &i in &dom.indicators {
            let (applies, present) = indicator(i);
            applies.count_into(&mut c.applicable);
            present.count_into(&mut c.present);
        }
        for j in 0..dom.children.len() {
            let (applies, present) = child(j);
            for r in 0..n {
                match (applies.at(r), present.at(r)) {
                    (false, _) => {}
                    (true, true) => c.children_present[r] += 1,
                    (true, false) if c.first_missing[r] == NONE => c.first_missing[r] = j as u32,
                    (true, false) => {}
                }
            }
        }
        c
    }

    /// One school's coverage.
    pub(crate) fn at(&self, r: usize) -> Coverage {
        Coverage {
            applicable: self.applicable[r] as usize,
            present: self.present[r] as usize,
            children_present: self.children_present[r] as usize,
            first_missing: (self.first_missing[r] != NONE)
                .then_some(self.first_missing[r] as usize),
        }
    }
}

impl Coverage {
    /// The verdict of a missing-data rule.
    pub(crate) fn verdict(&self, rule: MissingRule) -> Verdict {
        if self.applicable == 0 {
            return Verdict::NoneApplies;
        }
        match rule {
            MissingRule::Propagate => match self.first_missing {
                Some(child) => Verdict::Propagates { child },
                None => Verdict::Covered,
            },
            MissingRule::Drop { min_children, .. } => {
                let need = rule.required(self.applicable);
                if self.present < need || self.children_present == 0 {
                    Verdict::TooFewIndicators { need }
                } else if self.children_present < min_children {
                    Verdict::TooFewChildren { min_children }
                } else {
                    Verdict::Covered
                }
            }
        }
    }
}
