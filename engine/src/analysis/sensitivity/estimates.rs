//! Survey estimates drawn from their sampling distributions: each indicator with a margin of
//! error (`moe`) gets, per school and draw, normal noise with standard error = margin / z of
//! its confidence level (1.645 for the ACS's 90%), kept in the value's range (0–100 for a
//! percentage, 0–1 for a share, not below 0 when no value is). The draw's uniform number seeds
//! the noise, so a draw is a function of its uniform numbers (as Sobol indices need).

use crate::index::Computation;
use crate::num::Groups;
use rand::SeedableRng;
use rand::distr::{Distribution, StandardUniform};
use rand_chacha::ChaCha8Rng;

/// One indicator whose raw values are survey estimates.
pub(super) struct Estimate {
    /// The indicator's position.
    pub(super) indicator: usize,
    /// Its column (the engine's path replaces it in the district).
    pub(super) column: String,
    /// The values the normaliser reads (`NaN` = missing or not applicable).
    input: Vec<f64>,
    /// Standard errors (0 when the margin is missing).
    se: Vec<f64>,
    /// The value's range.
    range: (f64, f64),
}

/// The survey estimates of a run.
pub(super) struct Estimates {
    pub(super) columns: Vec<Estimate>,
    pub(super) groups: Groups,
}

impl Estimates {
    /// Every indicator with a margin of error.
    pub(super) fn of(c: &Computation) -> Estimates {
        let f = &c.formula;
        let columns = f
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(i, ind)| {
                let (moe, z) = ind.moe.as_ref()?;
                let column = match &ind.source {
                    crate::formula::ValueSource::Column(col) => col.clone(),
                    _ => return None,
                };
                let iv = &c.indicators[i];
                let input: Vec<f64> = (0..c.len()).map(|r| iv.input(r)).collect();
                let se = c
                    .district
                    .num(moe)
                    .iter()
                    .map(|m| if m.is_nan() { 0.0 } else { m / z })
                    .collect();
                Some(Estimate { indicator: i, column, range: range(&ind.unit, &input), input, se })
            })
            .collect();
        Estimates { columns, groups: c.district.groups_by(f.data.normalise_within.as_ref()) }
    }

    /// Each estimate's values in the draw whose uniform number is `u`.
    pub(super) fn drawn(&self, u: f64) -> Vec<Vec<f64>> {
        let mut rng = ChaCha8Rng::seed_from_u64(u.to_bits());
        self.columns
            .iter()
            .map(|e| {
                e.input
                    .iter()
                    .zip(&e.se)
                    .map(|(&x, &se)| {
                        let z = normal(&mut rng);
                        if x.is_nan() { x } else { (x + z * se).clamp(e.range.0, e.range.1) }
                    })
                    .collect()
            })
            .collect()
    }
}

/// A standard normal number (Box–Muller on two uniforms of the stream).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = StandardUniform.sample(rng);
    let u2: f64 = StandardUniform.sample(rng);
    (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// The range an estimate stays in: a percentage 0–100, a share 0–1, else not below 0 when no
/// value is (counts, rates), else unbounded.
fn range(unit: &str, values: &[f64]) -> (f64, f64) {
    let u = unit.to_lowercase();
    if u.contains('%') || u.contains("percent") {
        (0.0, 100.0)
    } else if ["share", "fraction", "proportion"].iter().any(|w| u.contains(w)) {
        (0.0, 1.0)
    } else if values.iter().all(|x| x.is_nan() || *x >= 0.0) {
        (0.0, f64::INFINITY)
    } else {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
}
