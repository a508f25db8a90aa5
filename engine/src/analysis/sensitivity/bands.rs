//! Per-school statistics over the draws, gathered block by block as the draws come, tile by tile
//! of schools in parallel: tier counts and the first pass of the exact rank and money quantiles
//! while drawing, the values those quantiles need in a second pass over the same draws, then
//! each school's band. Nothing per draw is kept but its rates.

use super::model::Model;
use super::quantiles::TileQuantiles;
use super::ranks::NO_TIER;
use super::types::SchoolBand;
use rayon::prelude::*;

/// A draw's dollars per pupil by tier position (None when the allocation is not expressible).
pub(super) type DrawRates = Option<Vec<f64>>;

/// Schools per tile.
const TILE: usize = 512;

/// The order-preserving key of a float (ascending, as `total_cmp`), and back.
fn money_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

fn money_value(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// What the draws say about the schools of one tile.
struct Tile {
    start: usize,
    len: usize,
    /// Per school, draws in each tier position.
    tiers: Vec<u32>,
    /// Per school, draws without a tier.
    untiered: Vec<u32>,
    ranks: TileQuantiles<u32>,
    money: TileQuantiles<u64>,
}

/// A block of finished draws: each draw's rank and tier of every school, draw-major.
pub(super) struct Block<'a> {
    /// Number of the block's first draw.
    pub(super) first: usize,
    pub(super) ranks: &'a [u32],
    pub(super) tiers: &'a [u8],
}

/// What the draws say about every school, as they come.
pub(super) struct Tally {
    tiles: Vec<Tile>,
    tier_count: usize,
    /// Each draw's rates (first pass).
    pub(super) rates: Vec<DrawRates>,
    /// Whether allocation bands are worked out.
    money: bool,
}

impl Tally {
    /// For `n` schools and `tier_count` tiers; `money`: whether allocation bands are wanted.
    pub(super) fn new(n: usize, tier_count: usize, money: bool) -> Tally {
        let tiles = (0..n.div_ceil(TILE))
            .map(|t| {
                let (start, len) = (t * TILE, TILE.min(n - t * TILE));
                Tile {
                    start,
                    len,
                    tiers: vec![0; len * tier_count],
                    untiered: vec![0; len],
                    ranks: TileQuantiles::new(len),
                    money: TileQuantiles::new(if money { len } else { 0 }),
                }
            })
            .collect();
        Tally { tiles, tier_count, rates: Vec::new(), money }
    }

    /// The first pass over a block (whose rates are in `self.rates` already).
    pub(super) fn count(&mut self, model: &Model, b: &Block) {
        let (n, k, rates) = (model.n, self.tier_count, &self.rates);
        let money = self.money;
        self.tiles.par_iter_mut().for_each(|tile| {
            for (j, (ranks, tiers)) in b.ranks.chunks(n).zip(b.tiers.chunks(n)).enumerate() {
                let rate = rates[b.first + j].as_deref().filter(|_| money);
                for i in 0..tile.len {
                    let r = tile.start + i;
                    if ranks[r] > 0 {
                        tile.ranks.count(i, ranks[r]);
                    }
                    match tiers[r] {
                        NO_TIER => tile.untiered[i] += 1,
                        t => {
                            tile.tiers[i * k + t as usize] += 1;
                            if let Some(rate) = rate {
                                tile.money.count(i, money_key(rate[t as usize] * model.pupils[r]));
                            }
                        }
                    }
                }
            }
        });
    }

    /// Between the passes: true when a second pass must keep values.
    pub(super) fn plan(&mut self) -> bool {
        self.tiles
            .par_iter_mut()
            .map(|t| {
                let ranks = t.ranks.plan();
                t.money.plan() | ranks
            })
            .reduce(|| false, |a, b| a | b)
    }

    /// The second pass over a block: each school keeps the values its quantiles need.
    pub(super) fn keep(&mut self, model: &Model, b: &Block) {
        let (n, rates) = (model.n, &self.rates);
        let money = self.money;
        self.tiles.par_iter_mut().for_each(|tile| {
            for (j, (ranks, tiers)) in b.ranks.chunks(n).zip(b.tiers.chunks(n)).enumerate() {
                let rate = rates[b.first + j].as_deref().filter(|_| money);
                for i in 0..tile.len {
                    let r = tile.start + i;
                    if ranks[r] > 0 && tile.ranks.keeps(i) {
                        tile.ranks.keep(i, ranks[r]);
                    }
                    if let (Some(rate), t) = (rate, tiers[r])
                        && t != NO_TIER
                        && tile.money.keeps(i)
                    {
                        tile.money.keep(i, money_key(rate[t as usize] * model.pupils[r]));
                    }
                }
            }
        });
    }
}

impl Model<'_> {
    /// Every school's band over `draws` draws, in data order.
    pub(super) fn bands(&self, tally: &mut Tally, draws: usize) -> Vec<SchoolBand> {
        let (k, money) = (tally.tier_count, tally.money);
        tally
            .tiles
            .par_iter_mut()
            .flat_map_iter(|tile| {
                (0..tile.len)
                    .map(|i| {
                        let counts = &tile.tiers[i * k..(i + 1) * k];
                        let ranks = tile.ranks.band(i);
                        let allocation = match money {
                            true => tile.money.band(i).map(|m| m.map(money_value)),
                            false => [None; 3],
                        };
                        let r = tile.start + i;
                        self.band(r, counts, tile.untiered[i], ranks, allocation, draws)
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// One school's band from its tier counts and quantiles.
    fn band(
        &self,
        r: usize,
        counts: &[u32],
        untiered: u32,
        [rank_p05, rank_median, rank_p95]: [Option<u32>; 3],
        [lo, mid, hi]: [Option<f64>; 3],
        draws: usize,
    ) -> SchoolBand {
        let c = self.c;
        let tier = c.tier(r);
        let probs: Vec<f64> = counts.iter().map(|&x| x as f64 / draws as f64).collect();
        let allocation = match (lo, mid, hi) {
            (Some(lo), Some(mid), Some(hi)) => Some([lo, mid, hi]),
            _ => None,
        };
        SchoolBand {
            id: c.district.ids[r].clone(),
            name: c.district.names[r].clone(),
            index: (!c.index[r].is_nan()).then_some(c.index[r]),
            rank: c.rank[r],
            tier,
            stable: tier.is_some_and(|t| probs[t] >= 0.9),
            tier_probability: probs,
            unranked_probability: untiered as f64 / draws as f64,
            rank_median,
            rank_p05,
            rank_p95,
            allocation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keys_order_as_total_cmp_and_come_back() {
        let xs = [-1e300, -2.5, -0.0, 0.0, 1e-310, 0.1, 7.0, f64::INFINITY];
        for w in xs.windows(2) {
            assert!(money_key(w[0]) < money_key(w[1]), "{w:?}");
        }
        assert!(xs.iter().all(|x| money_value(money_key(*x)).to_bits() == x.to_bits()));
    }
}
