//! A sensitivity run: the Monte Carlo draws in parallel, block by block (the caller watches
//! between blocks), then per-school bands, then (when asked) Sobol indices.

use super::bands::{DrawRates, Draws};
use super::model::{AllocShape, Model};
use super::params::uniforms;
use super::sobol::{Runs, sobol_run};
use super::types::{SampleBlock, Sensitivity, SensitivityOptions, Watch};
use crate::error::{Error, Result};
use crate::formula::{UncertainInput, Uncertainty};
use crate::index::Computation;
use crate::num::{RadixScratch, byte_size, thousands};
use rayon::prelude::*;
use std::ops::Range;

/// School-draws per block: a block of 100,000 schools is about 40 draws (well under a second).
const BLOCK_CELLS: usize = 4_000_000;

/// Runs the Monte Carlo (and optionally Sobol) analysis over the options' or else the formula's
/// `[uncertainty]` (none: every draw is the nominal formula). `watch` sees progress (and can stop
/// the run) and, with `keep_samples`, every block of draws.
pub fn sensitivity(
    c: &Computation,
    opts: &SensitivityOptions,
    watch: &mut dyn Watch,
) -> Result<Sensitivity> {
    let none = Uncertainty::none();
    let u = opts.uncertainty.as_ref().or(c.formula.uncertainty.as_ref()).unwrap_or(&none);
    let n = c.len();
    let draws = opts.draws.unwrap_or(u.draws).max(2);
    let tier_names = c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
    let sobol = opts.sobol.filter(|_| !u.inputs.is_empty()).map(|base| (base, u.inputs.len()));
    check_memory(c, draws, tier_names.len(), sobol, opts.memory_limit)?;
    let model = Model::new(c, u)?;
    let seed = opts.seed.unwrap_or(u.seed);
    let block = (BLOCK_CELLS / n.max(1)).clamp(1, 256);
    let (ranks, tiers, rates) = model.draw_all(seed, draws, block, opts.keep_samples, watch)?;
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
    let sobol = match sobol {
        Some((base, _)) => {
            let mut keep_going = |done: usize, total: usize| watch.progress(done, total);
            let mut runs = Runs { block, keep_going: &mut keep_going };
            let school = opts.school.as_deref().or(u.school.as_deref());
            let result = sobol_run(&model, base, seed, school, &mut runs)?;
            Some(result.ok_or_else(|| {
                Error::interrupted("stopped while computing the Sobol indices; nothing was written")
            })?)
        }
        None => None,
    };
    Ok(Sensitivity {
        unit: c.formula.data.unit.clone(),
        draws,
        seed,
        factors: u.inputs.iter().map(UncertainInput::name).collect(),
        schools,
        tier_names,
        allocation_note,
        general_engine: model.general.clone(),
        sobol,
    })
}

/// Bytes a run of `draws` keeps: each draw's rank and tier of every school, its rates, and the
/// per-school bands with their tile buffers.
fn memory_needed(n: usize, draws: usize, tiers: usize) -> u64 {
    let (n, draws, tiers) = (n as u64, draws as u64, tiers as u64);
    let per_draw = n * 5 + 24 + tiers * 8;
    let bands = n * (200 + tiers * 8);
    let tiles = rayon::current_num_threads() as u64 * 512 * 5;
    draws * (per_draw + tiles) + bands
}

/// Bytes Sobol indices over `k` inputs with `base` samples keep: the two sample matrices and
/// two outputs of each of the `base · (k + 2)` model runs.
fn sobol_memory(base: usize, k: usize) -> u64 {
    let (base, k) = (base as u64, k as u64);
    base.saturating_mul(2 * (k * 8 + 24) + (k + 2) * 40)
}

/// Refuses a run that needs more memory than `limit`, saying how many draws (or Sobol base
/// samples) fit.
fn check_memory(
    c: &Computation,
    draws: usize,
    tiers: usize,
    sobol: Option<(usize, usize)>,
    limit: Option<u64>,
) -> Result<()> {
    let n = c.len();
    let (_, units) = &c.formula.data.unit;
    if draws.checked_mul(n.max(1)).and_then(|cells| cells.checked_mul(5)).is_none() {
        return Err(Error::usage(
            format!(
                "{} draws of {} {units} are more than this machine can count",
                thousands(draws as u64),
                thousands(n as u64)
            ),
            "ask for fewer draws",
        ));
    }
    let Some(limit) = limit else { return Ok(()) };
    if let Some((base, k)) = sobol
        && sobol_memory(base, k) > limit / 2
    {
        let fit = (limit / 2) / sobol_memory(1, k).max(1);
        return Err(Error::usage(
            format!(
                "Sobol indices with {} base samples need about {} of memory; at most {} can be used here",
                thousands(base as u64),
                byte_size(sobol_memory(base, k)),
                byte_size(limit / 2)
            ),
            format!("ask for at most {} base samples", thousands(fit)),
        ));
    }
    let need = memory_needed(n, draws, tiers);
    if need <= limit {
        return Ok(());
    }
    let per_draw = memory_needed(n, 2, tiers) - memory_needed(n, 1, tiers);
    let fit = limit.saturating_sub(memory_needed(n, 0, tiers)) / per_draw.max(1);
    Err(Error::usage(
        format!(
            "{} draws of {} {units} need about {} of memory; at most {} can be used here",
            thousands(draws as u64),
            thousands(n as u64),
            byte_size(need),
            byte_size(limit)
        ),
        if fit >= 2 {
            format!("ask for at most {} draws", thousands(fit))
        } else {
            "run it on a machine with more memory".to_string()
        },
    ))
}

/// Each draw's rank and tier of every school (draw-major), and its rates.
type AllDraws = (Vec<u32>, Vec<u8>, Vec<DrawRates>);

impl Model<'_> {
    /// Every draw, `block` draws at a time; `watch` sees each block (and may stop the run).
    fn draw_all(
        &self,
        seed: u64,
        draws: usize,
        block: usize,
        keep: bool,
        watch: &mut dyn Watch,
    ) -> Result<AllDraws> {
        let n = self.n;
        let mut ranks = vec![0u32; draws * n];
        let mut tiers = vec![0u8; draws * n];
        let mut rates = Vec::with_capacity(draws);
        for start in (0..draws).step_by(block) {
            let range = start..(start + block).min(draws);
            let cells = range.start * n..range.end * n;
            let (ranks, tiers) = (&mut ranks[cells.clone()], &mut tiers[cells]);
            let index = self.draw_block(seed, range.clone(), keep, ranks, tiers, &mut rates);
            if let Some(index) = index {
                let b = SampleBlock { first_draw: start, schools: n, index: &index, ranks, tiers };
                watch.samples(&b)?;
            }
            if !watch.progress(range.end, draws) {
                return Err(Error::interrupted(format!(
                    "stopped after {} of {} draws; nothing was written",
                    thousands(range.end as u64),
                    thousands(draws as u64)
                )));
            }
        }
        Ok((ranks, tiers, rates))
    }

    /// Evaluates the draws of `range` into `ranks` and `tiers` (draw-major, the block's slice),
    /// in parallel; pushes each draw's rates; returns the index values when `keep`.
    fn draw_block(
        &self,
        seed: u64,
        range: Range<usize>,
        keep: bool,
        ranks: &mut [u32],
        tiers: &mut [u8],
        rates: &mut Vec<DrawRates>,
    ) -> Option<Vec<f64>> {
        let (n, k) = (self.n.max(1), self.u.inputs.len());
        let mut kept = vec![0.0; if keep { ranks.len() } else { 0 }];
        let mut outs: Vec<Option<&mut [f64]>> = match keep {
            true => kept.chunks_mut(n).map(Some).collect(),
            false => (0..range.len()).map(|_| None).collect(),
        };
        let block_rates: Vec<DrawRates> = ranks
            .par_chunks_mut(n)
            .zip(tiers.par_chunks_mut(n))
            .zip(outs.par_iter_mut())
            .enumerate()
            .map_init(
                || (Vec::new(), RadixScratch::default()),
                |(index, sort), (j, ((rk, tr), out))| {
                    let p = self.params(&uniforms(seed, (range.start + j) as u64, k));
                    self.draw_into(&p, index, rk, tr, sort);
                    if let Some(out) = out {
                        out.copy_from_slice(index);
                    }
                    self.rate(&p, tr)
                },
            )
            .collect();
        drop(outs);
        rates.extend(block_rates);
        keep.then_some(kept)
    }
}

/// The memory a run may take on this machine, for [`SensitivityOptions::memory_limit`]: four
/// fifths of what is free (`MemAvailable`, Linux), leaving room for the rest of the process and
/// the machine; None where it cannot be read.
pub fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024 / 5 * 4)
}
