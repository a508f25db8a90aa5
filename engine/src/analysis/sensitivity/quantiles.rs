//! Exact quantiles of each school's values over the draws (its ranks, its money), in two passes
//! over the same seeded draws and in memory that grows with the schools, not the draws.
//!
//! A school's first [`SAMPLE`] values cut the line into bins: each of those values is a bin of
//! its own, and so is each open interval between them. The first pass counts the bin of every
//! value; between the passes each wanted quantile is placed in its bin — a value bin gives it
//! at once (a school whose rank never moves needs no second pass); the second pass keeps only
//! the values inside the open bins wanted (about draws / [`SAMPLE`] each), and a selection among
//! them gives the quantile: the value a sort of all the school's values would put there.

/// Values per school that cut its bins.
pub(super) const SAMPLE: usize = 32;

/// The quantiles of a band: the 5th, 50th and 95th percentiles, nearest rank.
pub(super) const BAND: [f64; 3] = [0.05, 0.5, 0.95];

/// Bytes the exact rank and money quantiles of `schools` schools keep over `draws` draws: the
/// sketches and windows, and the values the second pass keeps — up to three open bins a
/// quantity, each about `draws / SAMPLE` values (twice that is allowed for).
pub(super) fn bytes(schools: u64, draws: u64) -> u64 {
    use std::mem::size_of;
    let picks = size_of::<[Pick<u32>; 3]>() + size_of::<[Pick<u64>; 3]>();
    let windows = 3 * (size_of::<Window<u32>>() + size_of::<Window<u64>>()) + 8;
    let sketches = size_of::<Sketch<u32>>() + size_of::<Sketch<u64>>();
    let kept = 2 * 3 * (size_of::<u32>() + size_of::<u64>()) as u64;
    let values = schools.saturating_mul(draws).saturating_mul(kept) / SAMPLE as u64;
    schools * (picks + windows + sketches) as u64 + values
}

/// Nearest-rank quantile position among `len` sorted values.
fn at(len: usize, p: f64) -> usize {
    ((p * len as f64).ceil() as usize).clamp(1, len) - 1
}

/// Bins: before the first edge, each edge, and between and after the edges.
const BINS: usize = 2 * SAMPLE + 1;

/// One school's first pass: how many values it has, its first [`SAMPLE`] values (sorted once
/// they are all in: the bin edges), and how many values fell in each bin (bin `2i + 1` holds the
/// values equal to edge `i`, bin `2i` those strictly between edges `i − 1` and `i`).
#[derive(Clone)]
struct Sketch<K> {
    seen: u32,
    edges: [K; SAMPLE],
    counts: [u32; BINS],
}

impl<K: Copy + Ord + Default> Sketch<K> {
    fn new() -> Sketch<K> {
        Sketch { seen: 0, edges: [K::default(); SAMPLE], counts: [0; BINS] }
    }

    fn add(&mut self, key: K) {
        let s = self.seen as usize;
        self.seen += 1;
        if s >= SAMPLE {
            self.counts[self.bin(key)] += 1;
            return;
        }
        self.edges[s] = key;
        if s + 1 == SAMPLE {
            self.edges.sort_unstable();
            for i in 0..SAMPLE {
                self.counts[self.bin(self.edges[i])] += 1;
            }
        }
    }

    /// The bin of a value, from how many edges are below it (a binary search without branches).
    fn bin(&self, key: K) -> usize {
        let mut b = 0;
        for step in [16, 8, 4, 2, 1] {
            b += step * usize::from(self.edges[b + step - 1] < key);
        }
        b += usize::from(self.edges[b] < key);
        2 * b + usize::from(self.edges.get(b) == Some(&key))
    }
}

/// Where a wanted quantile is, after the first pass.
#[derive(Clone, Copy)]
enum Pick<K> {
    /// The school has no value.
    None,
    /// Known already (a school with at most [`SAMPLE`] values keeps them all).
    Value(K),
    /// The `rank`-th smallest (0-based) value inside window `window`.
    In { window: u32, rank: u32 },
}

/// An open bin the second pass keeps: the values `lo < v < hi` (None: unbounded).
#[derive(Clone, Copy)]
struct Window<K> {
    lo: Option<K>,
    hi: Option<K>,
    start: u32,
    kept: u32,
}

/// One quantity's band quantiles for a run of schools (a tile): the first pass's sketches, then
/// the windows and the values the second pass keeps.
pub(super) struct TileQuantiles<K> {
    sketches: Vec<Sketch<K>>,
    picks: Vec<[Pick<K>; 3]>,
    /// Per school, its windows: `windows[first[i]..first[i + 1]]`.
    first: Vec<u32>,
    windows: Vec<Window<K>>,
    kept: Vec<K>,
}

impl<K: Copy + Ord + Default> TileQuantiles<K> {
    /// For `schools` schools.
    pub(super) fn new(schools: usize) -> TileQuantiles<K> {
        TileQuantiles {
            sketches: vec![Sketch::new(); schools],
            picks: Vec::new(),
            first: Vec::new(),
            windows: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// First pass: school `i` has value `key` (in draw order).
    pub(super) fn count(&mut self, i: usize, key: K) {
        self.sketches[i].add(key);
    }

    /// Between the passes: places every wanted quantile; true when the second pass must keep
    /// some values.
    pub(super) fn plan(&mut self) -> bool {
        self.first = Vec::with_capacity(self.sketches.len() + 1);
        self.picks = Vec::with_capacity(self.sketches.len());
        let mut slots = 0usize;
        for s in &mut self.sketches {
            self.first.push(self.windows.len() as u32);
            let m = s.seen as usize;
            if m <= SAMPLE {
                s.edges[..m].sort_unstable();
                self.picks.push(
                    BAND.map(|p| if m == 0 { Pick::None } else { Pick::Value(s.edges[at(m, p)]) }),
                );
                continue;
            }
            let mut picks = [Pick::None; 3];
            for (pick, p) in picks.iter_mut().zip(BAND) {
                let (mut k, mut b) = (at(m, p), 0);
                while k >= s.counts[b] as usize {
                    k -= s.counts[b] as usize;
                    b += 1;
                }
                if b % 2 == 1 {
                    *pick = Pick::Value(s.edges[b / 2]);
                    continue;
                }
                let lo = (b / 2).checked_sub(1).map(|e| s.edges[e]);
                let hi = s.edges.get(b / 2).copied();
                let window = match self.windows[*self.first.last().unwrap() as usize..]
                    .iter()
                    .position(|w| w.lo == lo && w.hi == hi)
                {
                    Some(w) => w + *self.first.last().unwrap() as usize,
                    None => {
                        let start = slots as u32;
                        slots += s.counts[b] as usize;
                        self.windows.push(Window { lo, hi, start, kept: 0 });
                        self.windows.len() - 1
                    }
                };
                *pick = Pick::In { window: window as u32, rank: k as u32 };
            }
            self.picks.push(picks);
        }
        self.first.push(self.windows.len() as u32);
        self.sketches = Vec::new();
        self.kept = vec![K::default(); slots];
        !self.windows.is_empty()
    }

    /// Second pass: school `i` has value `key`; kept when it is inside one of its windows.
    pub(super) fn keep(&mut self, i: usize, key: K) {
        let (a, b) = (self.first[i] as usize, self.first[i + 1] as usize);
        for w in &mut self.windows[a..b] {
            if w.lo.is_none_or(|lo| key > lo) && w.hi.is_none_or(|hi| key < hi) {
                self.kept[(w.start + w.kept) as usize] = key;
                w.kept += 1;
            }
        }
    }

    /// Whether school `i` has values the second pass keeps.
    pub(super) fn keeps(&self, i: usize) -> bool {
        self.first[i] < self.first[i + 1]
    }

    /// After the second pass: school `i`'s quantiles ([`BAND`]; None without values).
    pub(super) fn band(&mut self, i: usize) -> [Option<K>; 3] {
        self.picks[i].map(|pick| match pick {
            Pick::None => None,
            Pick::Value(v) => Some(v),
            Pick::In { window, rank } => {
                let w = self.windows[window as usize];
                let vals = &mut self.kept[w.start as usize..(w.start + w.kept) as usize];
                Some(*vals.select_nth_unstable(rank as usize).1)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quantiles a sort gives.
    fn sorted_band(values: &[u32]) -> [Option<u32>; 3] {
        let mut v = values.to_vec();
        v.sort_unstable();
        BAND.map(|p| (!v.is_empty()).then(|| v[at(v.len(), p)]))
    }

    #[test]
    fn two_passes_give_the_quantiles_a_sort_gives() {
        // Schools with no value, few values, constant values, ties at the bin edges, a spread,
        // two clusters and a trend over the draws.
        let draws = 1000u32;
        let value = |school: u32, j: u32| -> Option<u32> {
            let h = (school * 7919 + j * 104_729).wrapping_mul(2_654_435_761) >> 8;
            match school {
                0 => None,
                1 => (j < 20).then_some(h % 50),
                2 => Some(7),
                3 => Some(h % 3),
                4 => Some(h % 100_000),
                5 => Some(if h.is_multiple_of(2) { 10 + h % 5 } else { 90_000 + h % 7 }),
                6 => Some(j * 3 + h % 10),
                _ => (!h.is_multiple_of(5)).then_some(h % (school * 10)),
            }
        };
        let schools = 12;
        let mut q = TileQuantiles::<u32>::new(schools as usize);
        for j in 0..draws {
            for s in 0..schools {
                if let Some(v) = value(s, j) {
                    q.count(s as usize, v);
                }
            }
        }
        assert!(q.plan());
        for j in 0..draws {
            for s in 0..schools {
                if let Some(v) = value(s, j) {
                    q.keep(s as usize, v);
                }
            }
        }
        for s in 0..schools {
            let all: Vec<u32> = (0..draws).filter_map(|j| value(s, j)).collect();
            assert_eq!(q.band(s as usize), sorted_band(&all), "school {s}");
        }
        assert!(!q.keeps(2), "a school with one value keeps nothing");
        assert!(q.kept.len() < 12 * 1000 / 4, "{} values kept", q.kept.len());
    }

    #[test]
    fn bins_are_found_by_the_edges_below_a_value() {
        let mut s = Sketch::<u32>::new();
        for i in 0..SAMPLE as u32 {
            s.add(i / 3 * 2);
        }
        for key in 0..30 {
            let below = s.edges.partition_point(|&e| e < key);
            let equal = s.edges.get(below) == Some(&key);
            assert_eq!(s.bin(key), 2 * below + usize::from(equal), "{key}");
        }
    }
}
