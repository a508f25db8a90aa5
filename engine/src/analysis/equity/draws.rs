//! Survey error: every share with a margin of error drawn from its sampling distribution, the
//! vertical statistics recomputed in each draw, and their 5th and 95th percentiles as the 90%
//! interval. The draws are those of `sensitivity --estimates`: the same seed and, for the
//! column of an indicator with a margin of error, the same normal numbers; a column no
//! indicator reads is drawn from a stream of its own of the same draw.

use super::rows::share_values;
use super::types::{AreaEquity, Dimension, Draws, VERTICAL};
use super::vertical::vertical;
use super::{EquityOptions, Prepared, dimension, indicator_of};
use crate::analysis::Run;
use crate::analysis::sensitivity::{Estimates, Survey, draw_stream, estimates_uniform};
use crate::error::{Error, Result};
use crate::formula::{EquityConfig, PupilShare, ShareKind};
use crate::num::percentile_inc;
use rayon::prelude::*;

/// Where a share's draws come from.
enum Source {
    /// The `k`-th survey estimate of the formula (stream 0, as sensitivity draws it).
    Indicator(usize),
    /// The share's own margin of error, from stream `stream`.
    Own(Survey, u64),
}

/// A share drawn in each draw: its dimension, its settings and its draws.
struct Drawn<'a> {
    dim: usize,
    share: &'a PupilShare,
    source: Source,
}

/// The shares with a margin of error (poverty, then the groups: the dimensions' order).
fn drawn_shares<'a>(run: &Run, cfg: &'a EquityConfig, estimates: &Estimates) -> Vec<Drawn<'a>> {
    let c = &run.computation;
    let shares = cfg.poverty.iter().chain(&cfg.groups).enumerate();
    shares
        .filter_map(|(dim, share)| {
            let column = (share.columns.len() == 1).then(|| &share.columns[0])?;
            let indicator = indicator_of(&c.formula, column)
                .and_then(|_| estimates.columns.iter().position(|e| &e.column == column));
            let source = match (indicator, &share.moe) {
                (Some(k), _) => Source::Indicator(k),
                (None, Some((moe, z))) => {
                    let range = match share.kind {
                        ShareKind::Share { per } => (0.0, per),
                        ShareKind::Count => (0.0, f64::INFINITY),
                    };
                    let values = c.district.num(column).to_vec();
                    Source::Own(Survey::new(values, c.district.num(moe), *z, range), 1 + dim as u64)
                }
                (None, None) => return None,
            };
            Some(Drawn { dim, share, source })
        })
        .collect()
}

/// Fills the intervals of every battery of every area (the change too, with two runs: each
/// draw's proposal minus its baseline) from the survey draws, and says how many were made.
pub(super) fn intervals(
    runs: &[&Run],
    prepared: &[Prepared],
    cfg: &EquityConfig,
    dims: &[Dimension],
    opts: &EquityOptions,
    areas: &mut [AreaEquity],
) -> Result<Draws> {
    let c = &runs[0].computation;
    let u = c.formula.uncertainty.as_ref();
    let draws = opts.draws.or(u.map(|u| u.draws)).unwrap_or(1000);
    let seed = opts.seed.or(u.map(|u| u.seed)).unwrap_or(2026);
    if draws < 2 {
        return Err(Error::usage("the intervals need at least 2 draws", "e.g. 1000 draws"));
    }
    let estimates = Estimates::of(c);
    let shares = drawn_shares(runs[0], cfg, &estimates);
    if shares.is_empty() {
        let none: Vec<&str> = dims.iter().map(|d| d.source.as_str()).collect();
        return Err(Error::usage(
            format!(
                "no share the equity statistics read has a margin of error ({})",
                if none.is_empty() {
                    "there is no poverty column or group".into()
                } else {
                    none.join(", ")
                }
            ),
            "give the poverty column's margin of error (--poverty COLUMN:MOE_COLUMN, or [equity] poverty = { share = \"…\", moe = \"…\" }), or leave out the intervals",
        ));
    }
    let samples: Vec<Vec<[f64; VERTICAL]>> = (0..draws)
        .into_par_iter()
        .map(|j| {
            let u = estimates_uniform(&c.formula, seed, j as u64);
            one_draw(u, c, prepared, cfg, dims, &shares, &estimates)
        })
        .collect();
    let batteries = areas[0].batteries.len();
    for (slot, interval) in (0..samples[0].len()).map(|s| (s, percentiles(&samples, s))) {
        let m = slot % shares.len();
        let a = slot / shares.len() % areas.len();
        let b = slot / shares.len() / areas.len();
        if b < batteries {
            areas[a].batteries[b].intervals[shares[m].dim] = Some(interval);
        }
    }
    Ok(Draws { draws, seed })
}

/// The vertical statistics of one draw: per battery (each run, then the change), per area, per
/// drawn share.
fn one_draw(
    u: f64,
    c: &crate::index::Computation,
    prepared: &[Prepared],
    cfg: &EquityConfig,
    dims: &[Dimension],
    shares: &[Drawn],
    estimates: &Estimates,
) -> Vec<[f64; VERTICAL]> {
    let columns: Vec<Vec<f64>> = shares
        .iter()
        .map(|s| match &s.source {
            Source::Indicator(k) => {
                let mut drawn =
                    draw_stream(u, 0, &estimates.surveys(k + 1)).pop().unwrap_or_default();
                let raw = c.district.num(&s.share.columns[0]);
                for (d, r) in drawn.iter_mut().zip(raw) {
                    if d.is_nan() {
                        *d = *r;
                    }
                }
                drawn
            }
            Source::Own(survey, stream) => {
                draw_stream(u, *stream, &[survey]).pop().unwrap_or_default()
            }
        })
        .collect();
    let mut out = Vec::new();
    for p in prepared {
        let controls: Vec<&[f64]> = p.controls.iter().map(Vec::as_slice).collect();
        let values: Vec<_> = columns
            .iter()
            .zip(shares)
            .map(|(column, s)| share_values(s.share, &[column], &p.rows, true))
            .collect();
        let logged: Vec<Vec<bool>> =
            shares.iter().map(|s| p.dims[s.dim].level.iter().map(|l| *l > 0.0).collect()).collect();
        let dims: Vec<_> = shares
            .iter()
            .zip(&values)
            .zip(&logged)
            .map(|((s, v), logged)| {
                let mut dim = dimension(cfg, dims[s.dim].role, v, &controls);
                dim.log_rows = Some(logged);
                dim
            })
            .collect();
        for area in &p.areas {
            for dim in &dims {
                out.push(vertical(&p.rows.money, &p.rows.pupils, &p.tie, dim, area));
            }
        }
    }
    if prepared.len() == 2 {
        let half = out.len() / 2;
        let change: Vec<[f64; VERTICAL]> =
            (0..half).map(|i| std::array::from_fn(|k| out[half + i][k] - out[i][k])).collect();
        out.extend(change);
    }
    out
}

/// The 5th and 95th percentiles (linear interpolation) of each statistic of slot `s` over the
/// draws where it is defined.
fn percentiles(samples: &[Vec<[f64; VERTICAL]>], s: usize) -> [(f64, f64); VERTICAL] {
    std::array::from_fn(|k| {
        let mut v: Vec<f64> = samples.iter().map(|d| d[s][k]).filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        v.sort_by(f64::total_cmp);
        (percentile_inc(&v, 0.05), percentile_inc(&v, 0.95))
    })
}
