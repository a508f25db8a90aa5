//! The missing-data rule of an aggregate, in one place: which schools get a score, and why the
//! others do not. The index engine and the sensitivity evaluator both use it.

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

impl Coverage {
    /// Counts a school's inputs: `applies(i)`/`present(i)` of descendant indicator `i`, and
    /// `child(j)` = (applies, present) of child `j`.
    pub(crate) fn of(
        dom: &Domain,
        applies: impl Fn(usize) -> bool,
        present: impl Fn(usize) -> bool,
        child: impl Fn(usize) -> (bool, bool),
    ) -> Coverage {
        let mut c =
            Coverage { applicable: 0, present: 0, children_present: 0, first_missing: None };
        for &i in &dom.indicators {
            c.applicable += usize::from(applies(i));
            c.present += usize::from(present(i));
        }
        for j in 0..dom.children.len() {
            match child(j) {
                (false, _) => {}
                (true, true) => c.children_present += 1,
                (true, false) => {
                    c.first_missing.get_or_insert(j);
                }
            }
        }
        c
    }

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
