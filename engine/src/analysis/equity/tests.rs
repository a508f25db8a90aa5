//! Each statistic against a hand-worked case (its source in the comment), and the invariants
//! every statistic keeps: scale, row order, a weight of k as k rows, Theil's split.

use super::horizontal::{Sorted, horizontal, theil, theil_split};
use super::types::{HORIZONTAL, Horizontal as H, VERTICAL, Vertical as V};
use super::vertical::{Dimension, vertical};
use rand::SeedableRng;
use rand::seq::SliceRandom;

/// `a` equals `b` to `tol`, relative to |b| when |b| > 1.
fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol * b.abs().max(1.0), "{what}: {a} vs {b}");
}

fn h(x: &[f64], w: &[f64]) -> [f64; HORIZONTAL] {
    horizontal(x, w)
}

/// 34 CFR 222, appendix to subpart K, ¶1: "the 5th percentile of student population is reached
/// at LEA A with a per pupil expenditure of $820, and … the 95th percentile … at LEA B with …
/// $1,000. The percentage disparity … is 22 percent ($1,000 − $820 = $180/$820)". The
/// regulation gives no pupil counts; these put the rule on $820 and $1,000 (500 pupils = 5% are
/// reached at the third row, 9,500 = 95% at the seventh).
#[test]
fn federal_range_ratio_reproduces_the_regulations_example() {
    let x = [700.0, 760.0, 820.0, 850.0, 900.0, 950.0, 1000.0, 1100.0, 1400.0];
    let w = [200.0, 200.0, 300.0, 2000.0, 3000.0, 3000.0, 900.0, 250.0, 150.0];
    let s = h(&x, &w);
    assert_eq!((s[H::P5 as usize], s[H::P95 as usize]), (820.0, 1000.0));
    assert_eq!(s[H::RestrictedRange as usize], 180.0);
    close(s[H::FederalRangeRatio as usize], 9.0 / 41.0, 1e-15, "180/820");
    assert!(s[H::FederalRangeRatio as usize] <= 0.25, "22% passes the 25% test");
}

/// "Reached" means the cumulative pupils are at least the share: 5 of 100 pupils is the 5th
/// percentile (a strict rule would give 110 and 140, and 3/11).
#[test]
fn a_percentile_reached_exactly_takes_that_row() {
    let s = h(&[100.0, 110.0, 120.0, 130.0, 140.0], &[5.0, 45.0, 40.0, 5.0, 5.0]);
    assert_eq!((s[H::P5 as usize], s[H::P95 as usize]), (100.0, 130.0));
    close(s[H::FederalRangeRatio as usize], 0.3, 1e-15, "30/100");
}

/// Ties at $800 in any order; exactly 25% passes ("no more than 25 percent").
#[test]
fn tied_rows_and_exactly_25_percent() {
    let s = h(&[900.0, 800.0, 800.0, 1000.0, 800.0], &[50.0, 10.0, 10.0, 25.0, 10.0]);
    assert_eq!((s[H::P5 as usize], s[H::P95 as usize]), (800.0, 1000.0));
    assert_eq!(s[H::FederalRangeRatio as usize], 0.25);
    assert_eq!(s[H::Range as usize], 200.0);
}

/// McLoone and Verstegen on seven districts: the median district ($9,000) holds pupils 601–1,000
/// of 1,000; below it 4.4M over 600 pupils → 4.4M/(9,000·600) = 22/27; above, 5.55M over 500 →
/// 5.55M/4.5M = 37/30. Unweighted (each district once): 7/9 and 35/27.
#[test]
fn mcloone_and_verstegen_of_seven_districts() {
    let x = [6000.0, 7000.0, 8000.0, 9000.0, 10000.0, 11000.0, 14000.0];
    let s = h(&x, &[100.0, 200.0, 300.0, 400.0, 250.0, 150.0, 100.0]);
    assert_eq!(s[H::Median as usize], 9000.0);
    close(s[H::Mcloone as usize], 22.0 / 27.0, 1e-15, "McLoone");
    close(s[H::Verstegen as usize], 37.0 / 30.0, 1e-15, "Verstegen");
    let u = h(&x, &[1.0; 7]);
    close(u[H::Mcloone as usize], 7.0 / 9.0, 1e-15, "unweighted McLoone");
    close(u[H::Verstegen as usize], 35.0 / 27.0, 1e-15, "unweighted Verstegen");
}

/// An exact half takes the lower row as the median (not the midpoint 25): McLoone 10/20,
/// Verstegen 70/40.
#[test]
fn the_median_of_an_even_split_is_the_lower_row() {
    let s = h(&[10.0, 20.0, 30.0, 40.0], &[1.0; 4]);
    assert_eq!(s[H::Median as usize], 20.0);
    assert_eq!((s[H::Mcloone as usize], s[H::Verstegen as usize]), (0.5, 1.75));
}

/// All equal (and one district): nobody below or above the median, no spread.
#[test]
fn equal_money_is_perfectly_equal() {
    for (x, w) in [(&[5000.0, 5000.0, 5000.0][..], &[10.0, 20.0, 30.0][..]), (&[7000.0], &[50.0])] {
        let s = h(x, w);
        for (k, want) in [(H::Mcloone, 1.0), (H::Verstegen, 1.0), (H::FederalRangeRatio, 0.0)] {
            assert_eq!(s[k as usize], want, "{k:?}");
        }
        for k in [H::Range, H::Cv, H::Gini, H::Theil] {
            assert_eq!(s[k as usize], 0.0, "{k:?}");
        }
    }
}

/// One of four holds everything: Gini (n−1)/n = 3/4 (the population form), Theil ln 4.
#[test]
fn one_holds_everything() {
    let s = h(&[0.0, 0.0, 0.0, 1.0], &[1.0; 4]);
    close(s[H::Gini as usize], 0.75, 1e-12, "Gini");
    close(s[H::Theil as usize], 4f64.ln(), 1e-12, "Theil");
}

/// A weight of 3 is three rows: μ = 5/4, Gini 3/20, Theil (3/5)ln 0.8 + (2/5)ln 1.6, variance
/// 3/16 (pupils as the population), CV √3/5.
#[test]
fn a_weight_counts_as_repeated_rows() {
    let (a, b) = (h(&[1.0, 2.0], &[3.0, 1.0]), h(&[1.0, 1.0, 1.0, 2.0], &[1.0; 4]));
    close(a[H::Mean as usize], 1.25, 1e-15, "mean");
    close(a[H::Gini as usize], 0.15, 1e-12, "Gini");
    close(a[H::Theil as usize], 0.6 * 0.8f64.ln() + 0.4 * 1.6f64.ln(), 1e-12, "Theil");
    close(a[H::Cv as usize], 3f64.sqrt() / 5.0, 1e-12, "CV");
    for k in 0..HORIZONTAL {
        close(a[k], b[k], 1e-12, "weighted = replicated");
    }
}

/// Gini with ties: Σ|xᵢ − xⱼ| over ordered pairs = 28, over 2·5²·2 → 7/25, in any order and with
/// the tied districts merged into one of weight 2.
#[test]
fn gini_with_ties() {
    close(h(&[1.0, 1.0, 2.0, 2.0, 4.0], &[1.0; 5])[H::Gini as usize], 0.28, 1e-12, "Gini");
    close(h(&[2.0, 1.0, 4.0], &[2.0, 2.0, 1.0])[H::Gini as usize], 0.28, 1e-12, "merged");
}

/// Theil's split: groups A (1, 2) and B (4, 6, 8, 8): between = (3/29)ln(1.5/μ) +
/// (26/29)ln(6.5/μ), within = (3/29)T_A + (26/29)T_B, and between + within = T.
#[test]
fn theil_splits_between_and_within() {
    let (x, w) = ([1.0, 2.0, 4.0, 6.0, 8.0], [1.0, 1.0, 1.0, 1.0, 2.0]);
    let (between, within) = theil_split(&x, &w, &[vec![0, 1], vec![2, 3, 4]]);
    close(between, 0.1445757745438524, 1e-12, "between");
    close(within, 0.03689108151997548, 1e-12, "within");
    close(between + within, theil(&x, &w), 1e-14, "between + within = total");
    close(theil(&x, &w), 0.1814668560638279, 1e-12, "total");
}

/// Gini and Theil refuse negative money; the federal ratio, McLoone and Verstegen are undefined
/// when the 5th percentile or the median is not positive.
#[test]
fn negative_money_leaves_the_ratios_undefined() {
    let s = h(&[-100.0, 200.0], &[1.0, 1.0]);
    assert_eq!(s[H::Range as usize], 300.0);
    for k in [H::FederalRangeRatio, H::Mcloone, H::Verstegen, H::Gini, H::Theil] {
        assert!(s[k as usize].is_nan(), "{k:?}");
    }
}

/// A share dimension of every row, with a regression at `predict`.
fn share<'a>(level: &'a [f64], group: Option<&'a [f64]>, weight: f64) -> Dimension<'a> {
    Dimension {
        level,
        group,
        group_weight: weight,
        predict: Some((30.0, 5.0, &[])),
        log_rows: None,
    }
}

fn v(y: &[f64], w: &[f64], d: &Dimension) -> [f64; VERTICAL] {
    let rows: Vec<usize> = (0..y.len()).collect();
    vertical(y, w, &rows, d, &rows)
}

/// Urban Institute's ratio: money weighted by poor children (2,237,500/220 = 10,170.45) over
/// that weighted by the others (8,212,500/780 = 10,528.85) = 0.96596.
#[test]
fn progressivity_ratio_of_five_districts() {
    let y = [12000.0, 11000.0, 10000.0, 10500.0, 9500.0];
    let children = [100.0, 200.0, 300.0, 250.0, 150.0];
    let poor = [5.0, 20.0, 60.0, 75.0, 60.0];
    let level: Vec<f64> = poor.iter().zip(&children).map(|(p, c)| 100.0 * p / c).collect();
    let s = v(&y, &children, &share(&level, Some(&poor), 0.0));
    close(s[V::GroupPerPupil as usize], 2_237_500.0 / 220.0, 1e-14, "poor");
    close(s[V::OthersPerPupil as usize], 8_212_500.0 / 780.0, 1e-14, "others");
    close(s[V::Ratio as usize], 0.9659609796596098, 1e-14, "ratio");
    close(s[V::Difference as usize], -358.3916083916084, 1e-12, "difference");
}

/// Education Trust's quartiles with boundaries between districts: Q1 = 3,350,000/250 = 13,400,
/// Q4 = 2,640,000/250 = 10,560; with a poor pupil weighing 1.4: 3,350,000/(250 + 0.4·9.5) and
/// 2,640,000/(250 + 0.4·85.5).
#[test]
fn quartile_gap_with_and_without_the_poverty_weight() {
    let y = [14000.0, 13000.0, 12000.0, 12500.0, 11000.0, 11500.0, 10000.0, 12000.0];
    let w = [100.0, 150.0, 120.0, 130.0, 200.0, 50.0, 180.0, 70.0];
    let level = [2.0, 5.0, 8.0, 12.0, 15.0, 20.0, 30.0, 45.0];
    let poor: Vec<f64> = level.iter().zip(&w).map(|(l, n)| l * n / 100.0).collect();
    let s = v(&y, &w, &share(&level, Some(&poor), 0.0));
    close(s[V::LowestQuartile as usize], 13400.0, 1e-14, "Q1");
    close(s[V::HighestQuartile as usize], 10560.0, 1e-14, "Q4");
    close(s[V::Gap as usize], -2840.0, 1e-12, "gap");
    close(s[V::GapPct as usize], -0.21194029850746268, 1e-14, "gap %");
    let s = v(&y, &w, &share(&level, Some(&poor), 0.4));
    close(s[V::LowestQuartile as usize], 13199.369582348305, 1e-14, "Q1 (40%)");
    close(s[V::HighestQuartile as usize], 9289.23293455313, 1e-14, "Q4 (40%)");
}

/// A district belongs to the quarter holding the midpoint of its pupils: midpoints 50, 200, 450,
/// 725, 925 of 1,000 → quarters 1, 1, 2, 3, 4; Q1 = (100·12,000 + 200·11,000)/300.
#[test]
fn quartiles_follow_each_districts_midpoint() {
    let y = [12000.0, 11000.0, 10000.0, 10500.0, 9500.0];
    let w = [100.0, 200.0, 300.0, 250.0, 150.0];
    let s = v(&y, &w, &share(&[5.0, 10.0, 20.0, 30.0, 40.0], None, 0.0));
    close(s[V::LowestQuartile as usize], 34_000_000.0 / 3000.0, 1e-14, "Q1");
    close(s[V::HighestQuartile as usize], 9500.0, 1e-14, "Q4");
}

/// y = 1000 + 2x weighted 1–4: r = 1, slope 2, elasticity at the means 2·3/1006. y = 100√x:
/// the log-log elasticity is exactly 0.5, at the means 0.5814 (the two definitions differ).
#[test]
fn correlation_slope_and_elasticity() {
    let s = v(
        &[1002.0, 1004.0, 1006.0, 1008.0],
        &[1.0, 2.0, 3.0, 4.0],
        &share(&[1.0, 2.0, 3.0, 4.0], None, 0.0),
    );
    close(s[V::Correlation as usize], 1.0, 1e-12, "r");
    close(s[V::Slope as usize], 2.0, 1e-12, "slope");
    close(s[V::ElasticityAtMeans as usize], 6.0 / 1006.0, 1e-12, "at means");
    let s = v(&[100.0, 200.0, 300.0, 400.0], &[1.0; 4], &share(&[1.0, 4.0, 9.0, 16.0], None, 0.0));
    close(s[V::Elasticity as usize], 0.5, 1e-12, "log-log");
    close(s[V::ElasticityAtMeans as usize], 0.5813953488372092, 1e-12, "at means");
}

/// Education Law Center: ln y = ln 10,000 + 0.01·poverty exactly, so 30% against 5% predicts
/// exp(0.25) = 1.2840 and against 0% exp(0.3).
#[test]
fn the_regression_predicts_thirty_against_five_percent() {
    let level = [0.0, 10.0, 20.0, 30.0, 40.0];
    let y: Vec<f64> = level.iter().map(|p| 10_000.0 * (0.01f64 * p).exp()).collect();
    let s = v(&y, &[1.0; 5], &share(&level, None, 0.0));
    close(s[V::PredictedRatio as usize], 1.2840254166877414, 1e-9, "30 vs 5");
    close(s[V::PredictedHigh as usize], 10_000.0 * 0.3f64.exp(), 1e-9, "at 30%");
    let d = Dimension { predict: Some((30.0, 0.0, &[])), ..share(&level, None, 0.0) };
    close(v(&y, &[1.0; 5], &d)[V::PredictedRatio as usize], 0.3f64.exp(), 1e-9, "30 vs 0");
}

/// Random districts for the invariants (a fixed seed).
fn districts(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    use rand::RngExt;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let x = (0..n).map(|_| (rng.random_range(4000.0..20000.0f64)).round()).collect();
    let w = (0..n).map(|_| rng.random_range(1..5000) as f64).collect();
    let level = (0..n).map(|_| rng.random_range(0.0..60.0f64)).collect();
    (x, w, level)
}

/// Money times a constant leaves every ratio, Gini, Theil, CV, McLoone and Verstegen; money in
/// any row order gives the same statistics.
#[test]
fn scale_and_row_order_change_nothing_they_should_not() {
    let (x, w, level) = districts(300, 7);
    let base = h(&x, &w);
    let scaled: Vec<f64> = x.iter().map(|v| v * 3.5).collect();
    let s = h(&scaled, &w);
    for k in [H::FederalRangeRatio, H::Mcloone, H::Verstegen, H::Cv, H::Gini, H::Theil] {
        close(s[k as usize], base[k as usize], 1e-12, &format!("{k:?} scaled"));
    }
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(1));
    let take = |v: &[f64]| -> Vec<f64> { order.iter().map(|&i| v[i]).collect() };
    let p = h(&take(&x), &take(&w));
    for k in 0..HORIZONTAL {
        close(p[k], base[k], 1e-12, "shuffled");
    }
    let poor: Vec<f64> = level.iter().zip(&w).map(|(l, n)| l * n / 100.0).collect();
    let ties: Vec<usize> = (0..x.len()).collect();
    let a = v(&x, &w, &share(&level, Some(&poor), 0.0));
    let (lp, pp, tp) =
        (take(&level), take(&poor), take(&ties.iter().map(|&t| t as f64).collect::<Vec<_>>()));
    let tie: Vec<usize> = tp.iter().map(|t| *t as usize).collect();
    let rows: Vec<usize> = (0..x.len()).collect();
    let b = vertical(&take(&x), &take(&w), &tie, &share(&lp, Some(&pp), 0.0), &rows);
    for k in 0..VERTICAL {
        close(b[k], a[k], 1e-12, "vertical shuffled");
    }
}

/// Sorted::reached is the percentile of whole pupils, however they are split into rows.
#[test]
fn percentiles_count_pupils_not_rows() {
    let s = Sorted::new(&[1.0, 2.0, 3.0], &[10.0, 80.0, 10.0]);
    assert_eq!(
        (s.reached(5.0, 100.0), s.reached(1.0, 2.0), s.reached(95.0, 100.0)),
        (1.0, 2.0, 3.0)
    );
}

/// Areas are called by their column: a noun made plural, a column of names by its name.
#[test]
fn areas_are_called_by_their_column() {
    let word = crate::analysis::equity::types::areas_word;
    assert_eq!(word(Some("state")), "states");
    assert_eq!(word(Some("school_level")), "school levels");
    assert_eq!(word(Some("dist_name")), "dist_name groups");
    assert_eq!(word(None), "areas");
}
