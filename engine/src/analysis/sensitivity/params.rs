//! The realised inputs of one draw, from its uniform numbers (one per uncertain input).

use super::model::{Model, normalised, set_column};
use crate::formula::{
    Aggregation, AggregationChoice, Formula, NormaliserChoice, UncertainInput, WeightDist,
};
use crate::num::unit_scale;
use rand::SeedableRng;
use rand::distr::{Distribution, StandardUniform};
use rand_chacha::ChaCha8Rng;
use statrs::distribution::{ContinuousCDF, Gamma};
use std::borrow::Cow;

/// The realised inputs of one draw.
#[derive(Debug, Clone)]
pub(super) struct Params {
    /// Per aggregate, per child: weight.
    pub(super) weights: Vec<Vec<f64>>,
    pub(super) normaliser: usize,
    pub(super) aggregation: usize,
    pub(super) missing: usize,
    pub(super) budget: Option<f64>,
    /// The uniform number that seeds the draw's survey-estimate noise, when estimates vary.
    pub(super) estimates: Option<f64>,
}

/// The uniform numbers of draw `stream` (its own stream of the seed).
pub(super) fn uniforms(seed: u64, stream: u64, k: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    (0..k).map(|_| StandardUniform.sample(&mut rng)).collect()
}

/// The uniform number that seeds draw `j`'s survey-estimate noise as `sensitivity --estimates`
/// draws it for formula `f` from `seed`: the last of the draw's uniform numbers (the estimates
/// come after the formula's other uncertain inputs).
pub(crate) fn estimates_uniform(f: &Formula, seed: u64, j: u64) -> f64 {
    let others = f
        .uncertainty
        .as_ref()
        .map_or(0, |u| u.inputs.iter().filter(|i| !matches!(i, UncertainInput::Estimates)).count());
    uniforms(seed, j, others + 1)[others]
}

/// One of `k` alternatives from a uniform number.
fn pick(u: f64, k: usize) -> usize {
    ((u * k as f64) as usize).min(k - 1)
}

/// A weight drawn from its distribution (`nominal` for factors of the nominal weight).
fn draw_weight(dist: &WeightDist, nominal: f64, u: f64) -> f64 {
    match dist {
        WeightDist::Factor(lo, hi) => nominal * (lo + u * (hi - lo)),
        WeightDist::Absolute(lo, hi) => lo + u * (hi - lo),
        WeightDist::Gamma(alpha) => Gamma::new(*alpha, 1.0)
            .map(|g| g.inverse_cdf(u.clamp(1e-12, 1.0 - 1e-12)))
            .unwrap_or(nominal)
            .max(1e-300),
    }
}

impl Model<'_> {
    /// The inputs of a draw from its uniform numbers (one per uncertain input).
    pub(super) fn params(&self, us: &[f64]) -> Params {
        let mut p = Params {
            weights: self.nominal_weights.clone(),
            normaliser: 0,
            aggregation: 0,
            missing: 0,
            budget: None,
            estimates: None,
        };
        let mut dirichlet = vec![false; p.weights.len()];
        for (input, &u) in self.u.inputs.iter().zip(us) {
            match input {
                UncertainInput::Weight { aggregate, child, dist, .. } => {
                    let w = &mut p.weights[*aggregate][*child];
                    *w = draw_weight(dist, *w, u);
                    dirichlet[*aggregate] |= matches!(dist, WeightDist::Gamma(_));
                }
                UncertainInput::Normaliser(v) => p.normaliser = pick(u, v.len()),
                UncertainInput::Aggregation(v) => p.aggregation = pick(u, v.len()),
                UncertainInput::Missing(v) => p.missing = pick(u, v.len()),
                UncertainInput::Budget(lo, hi) => p.budget = Some(lo + u * (hi - lo)),
                UncertainInput::Estimates => p.estimates = Some(u),
            }
        }
        // Dirichlet weights are shares; a sum keeps its nominal total, so its scale against its
        // siblings is the formula's own.
        let domains = &self.c.formula.domains;
        for (a, d) in dirichlet.iter().enumerate() {
            if *d {
                let s: f64 = p.weights[a].iter().sum();
                let total = if domains[a].aggregation == Aggregation::Sum {
                    self.nominal_weights[a].iter().sum()
                } else {
                    1.0
                };
                p.weights[a].iter_mut().for_each(|w| *w = *w / s * total);
            }
        }
        // Means and geometric means depend only on the weights' shares: scaled by a power of
        // two near the largest (exactly), weights of any size neither overflow nor underflow.
        for (weights, dom) in p.weights.iter_mut().zip(&self.c.formula.domains) {
            let scale = unit_scale(weights.iter().fold(0.0f64, |m, w| m.max(*w)));
            if dom.aggregation != Aggregation::Sum {
                weights.iter_mut().for_each(|w| *w *= scale);
            }
        }
        p
    }

    /// The draw's indicator values (row-major) and their logs: the normaliser choice's, with
    /// the survey estimates drawn and normalised again when they vary.
    pub(super) fn matrix(&self, p: &Params) -> (Cow<'_, [f64]>, Cow<'_, [f64]>) {
        let (values, logs) = (&self.values[p.normaliser], &self.logs[p.normaliser]);
        let (Some(u), Some(est)) = (p.estimates, &self.estimates) else {
            return (Cow::Borrowed(values), Cow::Borrowed(logs));
        };
        let choice = self
            .u
            .inputs
            .iter()
            .find_map(|x| match x {
                UncertainInput::Normaliser(v) => Some(v[p.normaliser]),
                _ => None,
            })
            .unwrap_or(NormaliserChoice::Own);
        let (mut v, mut l) = (values.clone(), logs.clone());
        for (e, drawn) in est.columns.iter().zip(est.drawn(u)) {
            let column = normalised(self.c, &est.groups, e.indicator, drawn, choice);
            set_column(&mut v, &mut l, (e.indicator, self.m), &column, choice);
        }
        (Cow::Owned(v), Cow::Owned(l))
    }

    /// Each aggregate's aggregation in a draw: its own, or the alternative the draw picked.
    pub(super) fn aggregations(&self, p: &Params) -> Vec<Aggregation> {
        let choice = self.u.inputs.iter().find_map(|x| match x {
            UncertainInput::Aggregation(v) => Some(v[p.aggregation]),
            _ => None,
        });
        self.c
            .formula
            .domains
            .iter()
            .map(|d| match choice {
                Some(AggregationChoice::Mean) => Aggregation::Mean,
                Some(AggregationChoice::Geometric) => {
                    Aggregation::Geometric { zero_floor: Some(0.01) }
                }
                _ => d.aggregation,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::District;
    use crate::formula::{Change, FormulaSource, Origin};
    use crate::index::compute;

    /// An equity interval draws its survey noise from the uniform number `sensitivity
    /// --estimates` draws the estimates from, whether or not the formula varies anything else,
    /// and whether or not its `[uncertainty]` already names the estimates.
    #[test]
    fn equity_draws_from_the_uniform_of_sensitivitys_estimates() {
        let weights = "uncertainty.weights={ kind = \"dirichlet\" }";
        for sets in
            [vec!["uncertainty.estimates=true"], vec!["uncertainty.estimates=true", weights]]
        {
            let changes: Vec<Change> = sets
                .iter()
                .map(|s| Change::parse(s, Origin::Flag(s.to_string())).unwrap())
                .collect();
            let src = FormulaSource::Bundled("us-districts-2018".into());
            let f = Formula::load(&src, &[], &changes).unwrap();
            let without = Formula::load(&src, &[], &changes[1..]).unwrap();
            let c = compute(&f, District::load(&[], &f).unwrap()).unwrap();
            let u = f.uncertainty.as_ref().unwrap();
            let model = Model::new(&c, u).unwrap();
            for j in 0..4 {
                let p = model.params(&uniforms(11, j, u.inputs.len()));
                assert_eq!(p.estimates, Some(estimates_uniform(&f, 11, j)), "{sets:?} draw {j}");
                assert_eq!(
                    p.estimates,
                    Some(estimates_uniform(&without, 11, j)),
                    "{sets:?} draw {j}"
                );
            }
        }
    }
}
