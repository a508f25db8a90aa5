//! Tracing an index back to its inputs: each indicator's contribution to a school's index, the
//! slope of the index in an indicator, and the normalised value a different input would get.

use super::aggregate::slopes_at;
use super::computation::Computation;
use crate::formula::{Child, Direction};
use crate::normalise::transform;

impl Computation {
    /// Each indicator's contribution to the index *score* of a school (before any
    /// re-normalisation of the index): normalised value × the product of the slopes on its path.
    /// They add up to the score when every aggregate on the way is a mean or a sum fed by scores;
    /// otherwise the contribution is `NaN`.
    pub fn contributions(&self, row: usize) -> Vec<f64> {
        let slopes = self.slopes_by_aggregate(row);
        (0..self.formula.indicators.len())
            .map(|i| {
                let v = self.indicators[i].value[row];
                if v.is_nan() { 0.0 } else { v * self.path_slope(i, &|d| &slopes[d]) }
            })
            .collect()
    }

    /// [`Computation::slopes`] of every aggregate for a school, in formula order.
    fn slopes_by_aggregate(&self, row: usize) -> Vec<Vec<f64>> {
        (0..self.domains.len()).map(|d| self.slopes(d, row)).collect()
    }

    /// ∂score/∂child of aggregate `d` for a school, per child in formula order (`NaN` when the
    /// step is not linear, the child is absent or the school has no score). Worked out on demand
    /// from the stored values, so a run keeps no per-school slopes.
    pub fn slopes(&self, d: usize, row: usize) -> Vec<f64> {
        slopes_at(&self.formula, d, &self.indicators, &self.domains, row)
    }

    /// The normalised value a school would get for indicator `i` if its input were `x`, holding
    /// every other school's value fixed (transform and normaliser rerun on its group).
    pub fn normalised_with(&self, i: usize, row: usize, x: f64) -> f64 {
        let ind = &self.formula.indicators[i];
        let groups = self.district.groups_by(self.formula.data.normalise_within.as_ref());
        let members = groups.members_of(row);
        let mut vals: Vec<f64> = members.iter().map(|&r| self.indicators[i].input(r)).collect();
        let pos = members.binary_search(&row).expect("row in its group");
        vals[pos] = x;
        let mut w = Vec::new();
        if let Some(t) = ind.transform {
            vals = transform(&vals, t, &mut w);
        }
        ind.normaliser.apply(&vals, ind.direction == Direction::Lower, ind.round, &mut w)[pos]
    }

    /// ∂(index score)/∂(normalised value of indicator `i`) for a school: the product of the
    /// slopes on the path (`NaN` when a step is not linear, 0 when the value is not used).
    pub fn index_slope(&self, i: usize, row: usize) -> f64 {
        let slopes = self.slopes_by_aggregate(row);
        self.path_slope(i, &|d| &slopes[d])
    }

    /// The product of the slopes from indicator `i` up to the index, reading each aggregate's
    /// slopes for the school from `slopes_of`.
    fn path_slope<'a>(&self, i: usize, slopes_of: &dyn Fn(usize) -> &'a [f64]) -> f64 {
        let f = &self.formula;
        let mut slope = 1.0;
        let mut child = Child::Indicator(i);
        let mut d = f.indicators[i].parent;
        loop {
            let j =
                f.domains[d].children.iter().position(|c| *c == child).expect("child of parent");
            slope *= slopes_of(d)[j];
            match f.domains[d].parent {
                Some(_) if f.domains[d].feeds_normalised => return f64::NAN,
                Some(p) => {
                    child = Child::Domain(d);
                    d = p;
                }
                None => return slope,
            }
        }
    }
}
