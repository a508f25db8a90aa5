//! A sensitivity run: the Monte Carlo draws in parallel, block by block (the caller watches
//! between blocks), twice — the first pass counts tiers and sketches each school's ranks and
//! money, the second keeps the few values the exact quantiles need — then per-school bands, then
//! (when asked) Sobol indices.

use super::bands::{Block, DrawRates, Tally};
use super::model::{AllocShape, Model};
use super::params::uniforms;
use super::quantiles;
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
    let block = block_draws(n);
    let allocation_note = match &model.alloc {
        AllocShape::None(why) => Some(why.clone()),
        _ => None,
    };
    let mut tally = Tally::new(n, tier_names.len(), allocation_note.is_none());
    model.draw_all(seed, draws, block, opts.keep_samples, watch, &mut tally)?;
    let schools = model.bands(&mut tally, draws);
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

/// Draws per block: about 4 million school-draws (a block of 100,000 schools is 40 draws).
fn block_draws(n: usize) -> usize {
    (BLOCK_CELLS / n.max(1)).clamp(1, 256)
}

/// Bytes a run of `draws` keeps: a block of draws (each school's rank, tier and index), each
/// draw's rates, and per school its tier counts, its band and what its exact quantiles keep.
fn memory_needed(n: usize, draws: usize, tiers: usize) -> u64 {
    let (n, d, tiers) = (n as u64, draws as u64, tiers as u64);
    let block = (block_draws(n as usize) as u64).min(d) * n * 13;
    let rates = d.saturating_mul(24 + tiers * 8);
    let per_school = tiers * 4 + 4 + 200 + tiers * 8;
    (block + n * per_school).saturating_add(rates).saturating_add(quantiles::bytes(n, d))
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
    // The most draws that fit (the need grows with the draws).
    let (mut fit, mut over) = (0, draws);
    while over - fit > 1 {
        let mid = fit + (over - fit) / 2;
        if memory_needed(n, mid, tiers) <= limit { fit = mid } else { over = mid }
    }
    Err(Error::usage(
        format!(
            "{} draws of {} {units} need about {} of memory; at most {} can be used here",
            thousands(draws as u64),
            thousands(n as u64),
            byte_size(need),
            byte_size(limit)
        ),
        if fit >= 2 {
            format!("ask for at most {} draws", thousands(fit as u64))
        } else {
            "run it on a machine with more memory".to_string()
        },
    ))
}

impl Model<'_> {
    /// Both passes over the draws, `block` draws at a time, into `tally`; `watch` sees each
    /// block of the first pass (and may stop the run).
    fn draw_all(
        &self,
        seed: u64,
        draws: usize,
        block: usize,
        keep: bool,
        watch: &mut dyn Watch,
        tally: &mut Tally,
    ) -> Result<()> {
        let n = self.n;
        let mut ranks = vec![0u32; block.min(draws) * n];
        let mut tiers = vec![0u8; block.min(draws) * n];
        for pass in 0..2 {
            if pass == 1 && !tally.plan() {
                return match watch.progress(2 * draws, 2 * draws) {
                    true => Ok(()),
                    false => Err(stopped(0, draws, draws)),
                };
            }
            for start in (0..draws).step_by(block) {
                let range = start..(start + block).min(draws);
                let cells = range.len() * n;
                let (ranks, tiers) = (&mut ranks[..cells], &mut tiers[..cells]);
                let rates = (pass == 0).then_some(&mut tally.rates);
                let index =
                    self.draw_block(seed, range.clone(), keep && pass == 0, ranks, tiers, rates);
                let b = Block { first: start, ranks, tiers };
                if pass == 0 {
                    if let Some(index) = index {
                        let s = SampleBlock {
                            first_draw: start,
                            schools: n,
                            index: &index,
                            ranks,
                            tiers,
                        };
                        watch.samples(&s)?;
                    }
                    tally.count(self, &b);
                } else {
                    tally.keep(self, &b);
                }
                if !watch.progress(pass * draws + range.end, 2 * draws) {
                    return Err(stopped(pass, range.end, draws));
                }
            }
        }
        Ok(())
    }

    /// Evaluates the draws of `range` into `ranks` and `tiers` (draw-major, the block's slice),
    /// in parallel; pushes each draw's rates to `rates` when given; returns the index values
    /// when `keep`.
    fn draw_block(
        &self,
        seed: u64,
        range: Range<usize>,
        keep: bool,
        ranks: &mut [u32],
        tiers: &mut [u8],
        rates: Option<&mut Vec<DrawRates>>,
    ) -> Option<Vec<f64>> {
        let (n, k) = (self.n.max(1), self.u.inputs.len());
        let want_rates = rates.is_some();
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
                    if want_rates { self.rate(&p, tr) } else { None }
                },
            )
            .collect();
        drop(outs);
        if let Some(rates) = rates {
            rates.extend(block_rates);
        }
        keep.then_some(kept)
    }
}

/// The error of a run stopped after `done` draws of its first pass (0) or its second (1).
fn stopped(pass: usize, done: usize, draws: usize) -> Error {
    let (done, draws) = (thousands(done as u64), thousands(draws as u64));
    Error::interrupted(match pass {
        0 => format!("stopped after {done} of {draws} draws; nothing was written"),
        _ => format!(
            "stopped after {done} of {draws} draws of the second pass (the exact rank and money bands); nothing was written"
        ),
    })
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
