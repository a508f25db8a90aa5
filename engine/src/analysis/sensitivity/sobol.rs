//! Variance-based sensitivity: first-order (Saltelli 2010) and total-order (Jansen 1999) Sobol
//! indices of the mean absolute rank shift and of one school's allocation.

use super::model::Model;
use super::params::uniforms;
use super::types::{SobolLine, SobolResult};
use crate::analysis::explain::find_school;
use crate::error::Result;
use crate::num::RadixScratch;
use rayon::prelude::*;

/// First-order (Saltelli 2010) and total-order (Jansen 1999) Sobol indices of `f` over `k`
/// inputs uniform on [0,1]: `n` base samples, `n·(k + 2)` evaluations. The outputs are centred
/// on their mean over every evaluation first (as SALib does), which keeps the first-order
/// estimator's spread small. Each sample point is a seeded stream, so results do not depend on
/// the thread count.
pub(crate) fn sobol_indices(
    k: usize,
    n: usize,
    seed: u64,
    f: &(dyn Fn(&[f64]) -> Vec<f64> + Sync),
    runs: &mut Runs,
) -> Option<Vec<Vec<(f64, f64)>>> {
    let a: Vec<Vec<f64>> = (0..n).map(|j| uniforms(seed, (1u64 << 40) + j as u64, k)).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|j| uniforms(seed, (2u64 << 40) + j as u64, k)).collect();
    // Run e is A's row e (e < n), B's row e − n (e < 2n), else A's row with input i from B.
    let point = |e: usize| -> Vec<f64> {
        let (part, j) = (e / n, e % n);
        match part {
            0 => a[j].clone(),
            1 => b[j].clone(),
            _ => {
                let mut x = a[j].clone();
                x[part - 2] = b[j][part - 2];
                x
            }
        }
    };
    let total = n * (k + 2);
    let mut outputs: Vec<Vec<f64>> = Vec::with_capacity(total);
    for start in (0..total).step_by(runs.block.max(1)) {
        let end = (start + runs.block.max(1)).min(total);
        outputs.par_extend((start..end).into_par_iter().map(|e| f(&point(e))));
        if !(runs.keep_going)(end, total) {
            return None;
        }
    }
    let (fa, rest) = outputs.split_at(n);
    let (fb, fab) = rest.split_at(n);
    let fab: Vec<&[Vec<f64>]> = fab.chunks(n.max(1)).collect();
    let outs = fa.first().map(Vec::len).unwrap_or(0);
    Some((0..outs).map(|o| indices_of_output(o, fa, fb, &fab)).collect())
}

/// How the model runs of [`sobol_indices`] are made: `block` runs at a time (in parallel), then
/// `keep_going(done, total)` on the calling thread; `false` stops.
pub(crate) struct Runs<'a> {
    pub(crate) block: usize,
    pub(crate) keep_going: &'a mut dyn FnMut(usize, usize) -> bool,
}

/// The (first, total) indices of every input for output `o`.
fn indices_of_output(
    o: usize,
    fa: &[Vec<f64>],
    fb: &[Vec<f64>],
    fab: &[&[Vec<f64>]],
) -> Vec<(f64, f64)> {
    let n = fa.len() as f64;
    let every = fa.iter().chain(fb).chain(fab.iter().copied().flatten()).map(|v| v[o]);
    let count = (fa.len() + fb.len() + fab.iter().map(|f| f.len()).sum::<usize>()) as f64;
    let centre = every.sum::<f64>() / count;
    let (ya, yb): (Vec<f64>, Vec<f64>) =
        fa.iter().zip(fb).map(|(x, y)| (x[o] - centre, y[o] - centre)).unzip();
    let all: Vec<f64> = ya.iter().chain(&yb).copied().collect();
    let mean = all.iter().sum::<f64>() / all.len() as f64;
    let var = all.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / all.len() as f64;
    fab.iter()
        .map(|f_i| {
            if var <= 0.0 {
                return (0.0, 0.0);
            }
            let yab: Vec<f64> = f_i.iter().map(|v| v[o] - centre).collect();
            let s1 = (0..ya.len()).map(|j| yb[j] * (yab[j] - ya[j])).sum::<f64>() / n / var;
            let st = (0..ya.len()).map(|j| (ya[j] - yab[j]).powi(2)).sum::<f64>() / (2.0 * n) / var;
            (s1, st)
        })
        .collect()
}

impl Model<'_> {
    /// The two outputs of a draw for Sobol indices: the mean absolute rank shift from the
    /// nominal ranks, and school `row`'s allocation.
    fn sobol_outputs(&self, us: &[f64], row: usize) -> Vec<f64> {
        let p = self.params(us);
        let mut index = Vec::new();
        let mut ranks = vec![0u32; self.n];
        let mut tiers = vec![0u8; self.n];
        self.draw_into(&p, &mut index, &mut ranks, &mut tiers, &mut RadixScratch::default());
        let ranked = self.nominal_rank.iter().filter(|&&x| x > 0).count().max(1) as f64;
        let shift: f64 = ranks
            .iter()
            .zip(&self.nominal_rank)
            .filter(|(a, b)| **a > 0 && **b > 0)
            .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
            .sum::<f64>()
            / ranked;
        let money = match (self.rate(&p, &tiers), tiers[row]) {
            (Some(rate), t) if t != u8::MAX => rate[t as usize] * self.pupils[row],
            _ => 0.0,
        };
        vec![shift, money]
    }
}

/// Sobol indices of a model with `base` samples; the allocation output is `school`'s (default:
/// the median-ranked school).
pub(super) fn sobol_run(
    model: &Model,
    base: usize,
    seed: u64,
    school: Option<&str>,
    runs: &mut Runs,
) -> Result<Option<SobolResult>> {
    let c = model.c;
    let row = match school {
        Some(id) => find_school(c, id)?,
        None => {
            let ranked = c.rank.iter().filter(|r| r.is_some()).count();
            (0..c.len()).find(|&r| c.rank[r] == Some(ranked.div_ceil(2))).unwrap_or(0)
        }
    };
    let k = model.u.inputs.len();
    let Some(res) = sobol_indices(k, base, seed, &|us| model.sobol_outputs(us, row), runs) else {
        return Ok(None);
    };
    let lines = model
        .u
        .inputs
        .iter()
        .enumerate()
        .map(|(i, input)| SobolLine {
            factor: input.name(),
            s1_rank_shift: res[0][i].0,
            st_rank_shift: res[0][i].1,
            s1_allocation: res[1][i].0,
            st_allocation: res[1][i].1,
        })
        .collect();
    let method = format!(
        "first order: Saltelli (2010) estimator; total order: Jansen (1999) estimator; N = {base} base samples, {} model runs; outputs: mean absolute rank shift from the nominal ranks, and the allocation of {} ({})",
        base * (k + 2),
        c.district.names[row],
        c.district.ids[row]
    );
    Ok(Some(SobolResult { base, method, lines }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every run in one block.
    fn all_at_once(keep_going: &mut dyn FnMut(usize, usize) -> bool) -> Runs<'_> {
        Runs { block: usize::MAX, keep_going }
    }

    /// Ishigami function: analytic first-order indices S1 = 0.3139, S2 = 0.4424, S3 = 0;
    /// total-order ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437 (a = 7, b = 0.1), within 0.03 at
    /// N = 40,000.
    /// The spread of the first-order estimator over 100 replications at N = 1,000, on the
    /// Ishigami function shifted by +100 (a large mean, as rank shifts and dollars have),
    /// against SALib 1.5's `sobol.analyze` on the same design with pseudo-random samples
    /// (200 replications, measured once: S1 means 0.3119, 0.4441, −0.0054; standard deviations
    /// 0.0319, 0.0247, 0.0282 — SALib centres and scales the output first, so the shift does not
    /// matter to it). Stated tolerance: our spread within 0.7–1.3× SALib's and our means within
    /// 0.015 of SALib's. Without centring the spread grows with the mean (here above 10×).
    #[test]
    fn first_order_spread_matches_salib() {
        let pi = std::f64::consts::PI;
        let f = |u: &[f64]| -> Vec<f64> {
            let x: Vec<f64> = u.iter().map(|v| -pi + 2.0 * pi * v).collect();
            vec![100.0 + x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()]
        };
        let reps = 100;
        let runs: Vec<Vec<f64>> = (0..reps)
            .map(|seed| {
                sobol_indices(3, 1000, seed, &f, &mut all_at_once(&mut |_, _| true)).unwrap()[0]
                    .iter()
                    .map(|p| p.0)
                    .collect()
            })
            .collect();
        let salib_mean = [0.3119, 0.4441, -0.0054];
        let salib_sd = [0.0319, 0.0247, 0.0282];
        for i in 0..3 {
            let mean = runs.iter().map(|r| r[i]).sum::<f64>() / reps as f64;
            let sd = (runs.iter().map(|r| (r[i] - mean).powi(2)).sum::<f64>() / reps as f64).sqrt();
            assert!(
                (mean - salib_mean[i]).abs() < 0.015,
                "S1[{i}] mean {mean} vs SALib {}",
                salib_mean[i]
            );
            let ratio = sd / salib_sd[i];
            assert!(
                (0.7..1.3).contains(&ratio),
                "S1[{i}] spread {sd} vs SALib {} ({ratio:.2}×)",
                salib_sd[i]
            );
        }
    }

    #[test]
    fn ishigami_indices_match_the_analytic_values() {
        let pi = std::f64::consts::PI;
        let f = |u: &[f64]| -> Vec<f64> {
            let x: Vec<f64> = u.iter().map(|v| -pi + 2.0 * pi * v).collect();
            vec![x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()]
        };
        let r = sobol_indices(3, 40_000, 5, &f, &mut all_at_once(&mut |_, _| true)).unwrap();
        let want = [(0.3139, 0.5576), (0.4424, 0.4424), (0.0, 0.2437)];
        for (i, (s1, st)) in want.iter().enumerate() {
            assert!((r[0][i].0 - s1).abs() < 0.03, "S1[{i}] = {} vs {s1}", r[0][i].0);
            assert!((r[0][i].1 - st).abs() < 0.03, "ST[{i}] = {} vs {st}", r[0][i].1);
        }
    }
}
