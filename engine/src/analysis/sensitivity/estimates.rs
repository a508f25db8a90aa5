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
pub(crate) struct Estimate {
    /// The indicator's position.
    pub(super) indicator: usize,
    /// Its column (the engine's path replaces it in the district).
    pub(crate) column: String,
    /// Its values, standard errors and range.
    survey: Survey,
}

/// Survey estimates: values, standard errors and the range they stay in.
pub(crate) struct Survey {
    /// The values (`NaN` = missing or not applicable).
    values: Vec<f64>,
    /// Standard errors (0 when the margin is missing).
    se: Vec<f64>,
    /// The values' range.
    range: (f64, f64),
}

impl Survey {
    /// Estimates with their margins of error at the level whose z is `z` (1.645 for the ACS's
    /// 90%), kept in `range`.
    pub(crate) fn new(values: Vec<f64>, moe: &[f64], z: f64, range: (f64, f64)) -> Survey {
        let se = moe.iter().map(|m| if m.is_nan() { 0.0 } else { m / z }).collect();
        Survey { values, se, range }
    }

    /// One draw: a normal number per row from `rng` (missing values stay missing).
    fn draw(&self, rng: &mut ChaCha8Rng) -> Vec<f64> {
        self.values
            .iter()
            .zip(&self.se)
            .map(|(&x, &se)| {
                let z = normal(rng);
                if x.is_nan() { x } else { (x + z * se).clamp(self.range.0, self.range.1) }
            })
            .collect()
    }
}

/// Survey columns in the draw whose uniform number is `u`, from stream `stream` of the seed
/// `u`, one after another: stream 0 with the formula's estimates in indicator order is a
/// draw of `sensitivity --estimates` itself; other columns take streams of their own.
pub(crate) fn draw_stream(u: f64, stream: u64, surveys: &[&Survey]) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(u.to_bits());
    rng.set_stream(stream);
    surveys.iter().map(|s| s.draw(&mut rng)).collect()
}

/// The survey estimates of a run.
pub(crate) struct Estimates {
    pub(crate) columns: Vec<Estimate>,
    pub(super) groups: Groups,
}

impl Estimates {
    /// Every indicator with a margin of error.
    pub(crate) fn of(c: &Computation) -> Estimates {
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
                let range = range(&ind.unit, &input);
                let survey = Survey::new(input, c.district.num(moe), *z, range);
                Some(Estimate { indicator: i, column, survey })
            })
            .collect();
        Estimates { columns, groups: c.district.groups_by(f.data.normalise_within.as_ref()) }
    }

    /// Each estimate's values in the draw whose uniform number is `u`.
    pub(super) fn drawn(&self, u: f64) -> Vec<Vec<f64>> {
        let surveys: Vec<&Survey> = self.columns.iter().map(|e| &e.survey).collect();
        draw_stream(u, 0, &surveys)
    }

    /// The surveys of the first `k` estimates (a draw of the k-th is the same as sensitivity's).
    pub(crate) fn surveys(&self, k: usize) -> Vec<&Survey> {
        self.columns[..k].iter().map(|e| &e.survey).collect()
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
