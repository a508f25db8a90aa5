//! Horizontal equity: how equal the money per pupil is, every pupil counted once — range,
//! percentiles by cumulative pupils (34 CFR 222.162), the federal range ratio, McLoone,
//! Verstegen, the coefficient of variation, Gini and Theil (with its between/within split).
//!
//! Every function takes money per pupil `x` and pupils `w` of the same rows, every `w > 0` and
//! every `x` finite; a row of weight k counts as k rows of weight 1.

use super::types::{HORIZONTAL, Horizontal};

/// The rows sorted by money, ascending, with the total pupils.
pub(super) struct Sorted {
    x: Vec<f64>,
    w: Vec<f64>,
    pupils: f64,
}

impl Sorted {
    /// Sorts the rows by money (ties keep no particular order: no value depends on it).
    pub(super) fn new(x: &[f64], w: &[f64]) -> Sorted {
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        Sorted {
            x: order.iter().map(|&i| x[i]).collect(),
            w: order.iter().map(|&i| w[i]).collect(),
            pupils: w.iter().sum(),
        }
    }

    /// The money of the row at which the cumulative pupils first reach `num/den` of all
    /// pupils (34 CFR 222 appendix: "the 5th percentile of student population is reached at
    /// LEA A"); compared as `C·den ≥ num·N`, exact for whole pupils.
    pub(super) fn reached(&self, num: f64, den: f64) -> f64 {
        let target = num * self.pupils;
        let mut c = 0.0;
        for (x, w) in self.x.iter().zip(&self.w) {
            c += w;
            if c * den >= target {
                return *x;
            }
        }
        self.x.last().copied().unwrap_or(f64::NAN)
    }

    /// Σ w·x over the rows whose money satisfies `keep`, and their pupils.
    fn money_where(&self, keep: impl Fn(f64) -> bool) -> (f64, f64) {
        self.x
            .iter()
            .zip(&self.w)
            .filter(|(x, _)| keep(**x))
            .fold((0.0, 0.0), |(m, p), (x, w)| (m + x * w, p + w))
    }

    /// McLoone: the money of the pupils below the median over what bringing them all to the
    /// median would take (1 when no pupil is below it; undefined when the median is not
    /// positive).
    pub(super) fn mcloone(&self, median: f64) -> f64 {
        let (money, pupils) = self.money_where(|x| x < median);
        index_of_median(money, pupils, median)
    }

    /// Verstegen: the money of the pupils above the median over the median for them all.
    pub(super) fn verstegen(&self, median: f64) -> f64 {
        let (money, pupils) = self.money_where(|x| x > median);
        index_of_median(money, pupils, median)
    }

    /// Gini, each pupil a unit: Σᵢ wᵢxᵢ(2Cᵢ₋₁ + wᵢ − N) / (N·X) over the sorted rows (the
    /// population form: one of n holding everything gives (n−1)/n); undefined for negative money
    /// or none at all.
    pub(super) fn gini(&self) -> f64 {
        let n = self.pupils;
        let total: f64 = self.x.iter().zip(&self.w).map(|(x, w)| x * w).sum();
        if self.x.first().is_some_and(|x| *x < 0.0) || total <= 0.0 {
            return f64::NAN;
        }
        let (mut before, mut s) = (0.0, 0.0);
        for (x, w) in self.x.iter().zip(&self.w) {
            s += w * x * (2.0 * before + w - n);
            before += w;
        }
        s / (n * total)
    }
}

/// Money over the median for those pupils; 1 without pupils, undefined for a median ≤ 0.
fn index_of_median(money: f64, pupils: f64, median: f64) -> f64 {
    if median <= 0.0 {
        f64::NAN
    } else if pupils <= 0.0 {
        1.0
    } else {
        money / (median * pupils)
    }
}

/// Theil's T, Σ (wᵢxᵢ/X)·ln(xᵢ/μ) with 0·ln 0 = 0: 0 when all are equal, ln n when one of n
/// holds everything; undefined for negative money or none at all.
pub(super) fn theil(x: &[f64], w: &[f64]) -> f64 {
    let (total, pupils) = money_and_pupils(x, w);
    if x.iter().any(|v| *v < 0.0) || total <= 0.0 {
        return f64::NAN;
    }
    let mean = total / pupils;
    x.iter().zip(w).filter(|(v, _)| **v > 0.0).map(|(v, wi)| wi * v / total * (v / mean).ln()).sum()
}

/// Σ w·x and Σ w.
fn money_and_pupils(x: &[f64], w: &[f64]) -> (f64, f64) {
    x.iter().zip(w).fold((0.0, 0.0), |(m, p), (v, wi)| (m + v * wi, p + wi))
}

/// Theil's T split over groups of rows: (between, within), where between =
/// Σ_g (X_g/X)·ln(μ_g/μ) and within = Σ_g (X_g/X)·T_g, so between + within = T.
pub(super) fn theil_split(x: &[f64], w: &[f64], groups: &[Vec<usize>]) -> (f64, f64) {
    let (total, pupils) = money_and_pupils(x, w);
    if x.iter().any(|v| *v < 0.0) || total <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = total / pupils;
    let (mut between, mut within) = (0.0, 0.0);
    for rows in groups {
        let gx: Vec<f64> = rows.iter().map(|&r| x[r]).collect();
        let gw: Vec<f64> = rows.iter().map(|&r| w[r]).collect();
        let (money, p) = money_and_pupils(&gx, &gw);
        if money > 0.0 {
            between += money / total * (money / p / mean).ln();
            within += money / total * theil(&gx, &gw);
        }
    }
    (between, within)
}

/// Every horizontal statistic of the rows (at least one).
pub(super) fn horizontal(x: &[f64], w: &[f64]) -> [f64; HORIZONTAL] {
    let s = Sorted::new(x, w);
    let (total, pupils) = money_and_pupils(x, w);
    let mean = total / pupils;
    let variance =
        x.iter().zip(w).map(|(v, wi)| wi * (v - mean) * (v - mean)).sum::<f64>() / pupils;
    let (min, max) = (s.x[0], s.x[s.x.len() - 1]);
    let (p5, p95, median) = (s.reached(5.0, 100.0), s.reached(95.0, 100.0), s.reached(1.0, 2.0));
    let mut out = [f64::NAN; HORIZONTAL];
    let mut set = |k: Horizontal, v: f64| out[k as usize] = v;
    set(Horizontal::Mean, mean);
    set(Horizontal::Median, median);
    set(Horizontal::Min, min);
    set(Horizontal::Max, max);
    set(Horizontal::Range, max - min);
    set(Horizontal::P5, p5);
    set(Horizontal::P95, p95);
    set(Horizontal::RestrictedRange, p95 - p5);
    set(Horizontal::FederalRangeRatio, if p5 > 0.0 { (p95 - p5) / p5 } else { f64::NAN });
    set(Horizontal::Mcloone, s.mcloone(median));
    set(Horizontal::Verstegen, s.verstegen(median));
    set(Horizontal::Cv, if mean > 0.0 { variance.sqrt() / mean } else { f64::NAN });
    set(Horizontal::Gini, s.gini());
    set(Horizontal::Theil, theil(x, w));
    out
}
