//! Every school's index under a draw's inputs.

use super::model::{Model, floored_ln};
use super::params::Params;
use crate::formula::{Aggregation, Child};

impl Model<'_> {
    /// The index of every school under a draw's inputs (`NaN` = no index). When every aggregate
    /// is a mean or sum (or every one is geometric), the index is linear in the school's values
    /// (or their logs) with coefficients that depend only on which values the school has: the
    /// coefficients are worked out once per pattern and each school costs one dot product.
    pub(super) fn evaluate(&self, p: &Params, out: &mut Vec<f64>) {
        let f = &self.c.formula;
        let aggs = self.aggregations(p);
        let linear = aggs.iter().all(|a| a.is_linear());
        let geometric = aggs.iter().all(|a| matches!(a, Aggregation::Geometric { .. }))
            && f.domains.iter().all(|d| d.multiplier == 1.0);
        if !(linear || geometric) {
            return self.evaluate_nested(p, out);
        }
        let coefs: Vec<Option<Vec<f64>>> =
            self.pattern_rows.iter().map(|&r| self.coefficients(p, &aggs, r)).collect();
        let m = self.m;
        let (values, logs) = self.matrix(p);
        let vals: &[f64] = if geometric && !linear { &logs } else { &values };
        out.clear();
        out.extend((0..self.n).map(|r| match &coefs[self.pattern[r] as usize] {
            Some(cf) => {
                let dot: f64 = vals[r * m..(r + 1) * m].iter().zip(cf).map(|(x, c)| x * c).sum();
                if linear { dot } else { dot.exp() }
            }
            None => f64::NAN,
        }));
    }

    /// The index's coefficients in the indicator values of a school like `r` (None = no index).
    fn coefficients(&self, p: &Params, aggs: &[Aggregation], r: usize) -> Option<Vec<f64>> {
        let f = &self.c.formula;
        let valid = &self.valid[p.missing];
        let root = f.domains.len() - 1;
        if !valid[root][r] {
            return None;
        }
        let mut per: Vec<Vec<f64>> = Vec::with_capacity(f.domains.len());
        for (d, dom) in f.domains.iter().enumerate() {
            let mut cf = vec![0.0; self.m];
            if valid[d][r] {
                let mut sw = 0.0;
                for (k, ch) in dom.children.iter().enumerate() {
                    let w = p.weights[d][k];
                    match *ch {
                        Child::Indicator(i) if self.present[r][i] => {
                            cf[i] += w;
                            sw += w;
                        }
                        Child::Domain(c) if valid[c][r] => {
                            for (x, y) in cf.iter_mut().zip(&per[c]) {
                                *x += w * y;
                            }
                            sw += w;
                        }
                        _ => {}
                    }
                }
                let scale =
                    if aggs[d] == Aggregation::Sum { dom.multiplier } else { dom.multiplier / sw };
                cf.iter_mut().for_each(|x| *x *= scale);
            }
            per.push(cf);
        }
        per.pop()
    }

    /// The same by walking the aggregates school by school (any mix of aggregations).
    fn evaluate_nested(&self, p: &Params, out: &mut Vec<f64>) {
        let f = &self.c.formula;
        let (n, m) = (self.n, self.m);
        let kinds: Vec<(bool, bool, f64)> = self
            .aggregations(p)
            .into_iter()
            .zip(&f.domains)
            .map(|(a, d)| {
                (matches!(a, Aggregation::Geometric { .. }), a == Aggregation::Sum, d.multiplier)
            })
            .collect();
        let (vals, logs) = self.matrix(p);
        let (vals, logs): (&[f64], &[f64]) = (&vals, &logs);
        let valid = &self.valid[p.missing];
        let root = f.domains.len() - 1;
        let mut score = vec![0.0f64; f.domains.len()];
        out.clear();
        out.extend((0..n).map(|r| {
            let (row, lrow, pres) =
                (&vals[r * m..(r + 1) * m], &logs[r * m..(r + 1) * m], &self.present[r]);
            for (d, dom) in f.domains.iter().enumerate() {
                if !valid[d][r] {
                    score[d] = f64::NAN;
                    continue;
                }
                let (geometric, sum, mult) = kinds[d];
                let (mut acc, mut sw) = (0.0, 0.0);
                for (k, ch) in dom.children.iter().enumerate() {
                    let w = p.weights[d][k];
                    let v = match *ch {
                        Child::Indicator(i) if pres[i] => {
                            Some(if geometric { lrow[i] } else { row[i] })
                        }
                        Child::Domain(c) if !score[c].is_nan() => {
                            Some(if geometric { floored_ln(score[c]) } else { score[c] })
                        }
                        _ => None,
                    };
                    if let Some(v) = v {
                        acc += w * v;
                        sw += w;
                    }
                }
                score[d] = if sum {
                    acc * mult
                } else if geometric {
                    (acc / sw).exp() * mult
                } else {
                    acc / sw * mult
                };
            }
            score[root]
        }));
    }
}
