//! A sensitivity run: the Monte Carlo draws in parallel, then per-school bands, then (when asked)
//! Sobol indices.

use super::bands::{DrawRates, Draws};
use super::model::{AllocShape, Model};
use super::params::uniforms;
use super::sobol::sobol_run;
use super::types::{Sensitivity, SensitivityOptions};
use crate::error::Result;
use crate::formula::{UncertainInput, Uncertainty};
use crate::index::Computation;
use crate::num::RadixScratch;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Runs the Monte Carlo (and optionally Sobol) analysis over the options' or else the formula's
/// `[uncertainty]` (none: every draw is the nominal formula). `progress` is called with the
/// number of draws done so far.
pub fn sensitivity(
    c: &Computation,
    opts: &SensitivityOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Sensitivity> {
    let none = Uncertainty::none();
    let u = opts.uncertainty.as_ref().or(c.formula.uncertainty.as_ref()).unwrap_or(&none);
    let model = Model::new(c, u)?;
    let n = c.len();
    let draws = opts.draws.unwrap_or(u.draws).max(2);
    let seed = opts.seed.unwrap_or(u.seed);
    let mut ranks = vec![0u32; draws * n];
    let mut tiers = vec![0u8; draws * n];
    let (rates, index_samples) =
        model.draw_all(seed, draws, opts.keep_samples, &mut ranks, &mut tiers, progress);
    let tier_names = c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
    let allocation_note = match &model.alloc {
        AllocShape::None(why) => Some(why.clone()),
        _ => None,
    };
    let d = Draws {
        count: draws,
        ranks: &ranks,
        tiers: &tiers,
        rates: &rates,
        tier_count: tier_names.len(),
        bands: allocation_note.is_none(),
    };
    let schools = model.bands(&d);
    let sobol = match opts.sobol {
        Some(base) if !u.inputs.is_empty() => {
            Some(sobol_run(&model, base, seed, opts.school.as_deref().or(u.school.as_deref()))?)
        }
        _ => None,
    };
    let samples = opts.keep_samples.then(|| {
        let index: Vec<f64> = index_samples.into_iter().flatten().flatten().collect();
        (0..draws * n).map(|i| (index[i], ranks[i], tiers[i])).collect()
    });
    let factors = u.inputs.iter().map(UncertainInput::name).collect();
    let general_engine = model.general.clone();
    Ok(Sensitivity {
        unit: c.formula.data.unit.clone(),
        draws,
        seed,
        factors,
        schools,
        tier_names,
        allocation_note,
        general_engine,
        sobol,
        samples,
    })
}

/// Each draw's rates and, when samples are kept, its index values.
type DrawOutputs = (Vec<DrawRates>, Vec<Option<Vec<f64>>>);

impl Model<'_> {
    /// Evaluates every draw into its slice of `ranks` and `tiers` (draw-major), in parallel.
    fn draw_all(
        &self,
        seed: u64,
        draws: usize,
        keep: bool,
        ranks: &mut [u32],
        tiers: &mut [u8],
        progress: &(dyn Fn(u64) + Sync),
    ) -> DrawOutputs {
        let (n, k) = (self.n, self.u.inputs.len());
        let done = AtomicU64::new(0);
        ranks
            .par_chunks_mut(n.max(1))
            .zip(tiers.par_chunks_mut(n.max(1)))
            .enumerate()
            .map_init(
                || (Vec::new(), RadixScratch::default()),
                |(index, sort), (j, (rk, tr))| {
                    let p = self.params(&uniforms(seed, j as u64, k));
                    self.draw_into(&p, index, rk, tr, sort);
                    let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if d % 16 == 0 || d as usize == draws {
                        progress(d);
                    }
                    (self.rate(&p, tr), keep.then(|| index.clone()))
                },
            )
            .unzip()
    }
}
