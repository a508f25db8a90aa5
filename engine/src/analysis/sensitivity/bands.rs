//! Per-school statistics over the draws: tier probabilities, rank quantiles and allocation
//! bands, computed tile by tile (each draw's slice of a tile is read contiguously and
//! transposed into per-school buffers).

use super::model::Model;
use super::ranks::NO_TIER;
use super::types::SchoolBand;
use rayon::prelude::*;

/// A draw's dollars per pupil by tier position (None when the allocation is not expressible).
pub(super) type DrawRates = Option<Vec<f64>>;

/// Schools per tile.
const TILE: usize = 512;

/// What the per-school statistics read: the draws' ranks and tiers (draw-major) and rates.
pub(super) struct Draws<'a> {
    pub(super) count: usize,
    pub(super) ranks: &'a [u32],
    pub(super) tiers: &'a [u8],
    pub(super) rates: &'a [DrawRates],
    pub(super) tier_count: usize,
    pub(super) bands: bool,
}

/// Nearest-rank quantile position among `len` sorted values.
fn at(len: usize, p: f64) -> usize {
    ((p * len as f64).ceil() as usize).clamp(1, len) - 1
}

impl Model<'_> {
    /// Every school's band, in data order.
    pub(super) fn bands(&self, d: &Draws) -> Vec<SchoolBand> {
        let n = self.n;
        (0..n.div_ceil(TILE))
            .into_par_iter()
            .flat_map_iter(|t| {
                let start = t * TILE;
                let len = TILE.min(n - start);
                let mut rk = vec![0u32; len * d.count];
                let mut tr = vec![0u8; len * d.count];
                for j in 0..d.count {
                    let base = j * n + start;
                    for i in 0..len {
                        rk[i * d.count + j] = d.ranks[base + i];
                        tr[i * d.count + j] = d.tiers[base + i];
                    }
                }
                (0..len)
                    .map(|i| {
                        let range = i * d.count..(i + 1) * d.count;
                        self.band(start + i, &rk[range.clone()], &tr[range], d)
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// One school's band from its ranks and tiers over the draws.
    fn band(&self, r: usize, ranks: &[u32], tiers: &[u8], d: &Draws) -> SchoolBand {
        let c = self.c;
        let mut rks: Vec<u32> = ranks.iter().copied().filter(|&x| x > 0).collect();
        let mut counts = vec![0usize; d.tier_count];
        let mut unranked = 0;
        let mut money = Vec::with_capacity(d.count);
        for (j, &t) in tiers.iter().enumerate() {
            if t == NO_TIER {
                unranked += 1;
            } else {
                counts[t as usize] += 1;
                if let Some(rate) = &d.rates[j] {
                    money.push(rate[t as usize] * self.pupils[r]);
                }
            }
        }
        // Nearest-rank quantiles by selection (no full sort of each school's draws).
        let mut q = |p: f64| -> Option<u32> {
            (!rks.is_empty()).then(|| {
                let k = at(rks.len(), p);
                *rks.select_nth_unstable(k).1
            })
        };
        let (rank_p05, rank_median, rank_p95) = (q(0.05), q(0.5), q(0.95));
        let allocation = (!money.is_empty() && d.bands).then(|| {
            let mut qm = |p: f64| {
                let k = at(money.len(), p);
                *money.select_nth_unstable_by(k, f64::total_cmp).1
            };
            [qm(0.05), qm(0.5), qm(0.95)]
        });
        let tier = c.tier(r);
        let probs: Vec<f64> = counts.iter().map(|&x| x as f64 / d.count as f64).collect();
        SchoolBand {
            id: c.district.ids[r].clone(),
            name: c.district.names[r].clone(),
            index: (!c.index[r].is_nan()).then_some(c.index[r]),
            rank: c.rank[r],
            tier,
            stable: tier.is_some_and(|t| probs[t] >= 0.9),
            tier_probability: probs,
            unranked_probability: unranked as f64 / d.count as f64,
            rank_median,
            rank_p05,
            rank_p95,
            allocation,
        }
    }
}
