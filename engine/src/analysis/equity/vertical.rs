//! Vertical equity and fiscal neutrality: does the money follow need (or wealth)? For a share
//! of pupils (the poor, students of colour): the progressivity ratio (Urban Institute: money
//! per pupil weighted by the group's pupils over that weighted by everyone else's); the
//! highest- against the lowest-share quartile (Education Trust's funding gap); and for any
//! level (a share in %, or wealth): correlation, slope and elasticity, and the money a
//! regression predicts at a high and a low poverty rate (Education Law Center).

use super::types::{VERTICAL, Vertical};
use crate::num::{least_squares, weighted_moments};

/// One dimension of one area: each row's level and, for a share, its group's pupils.
pub(super) struct Dimension<'a> {
    /// The share of pupils in the group (%), or the wealth; `NaN` = unknown.
    pub(super) level: &'a [f64],
    /// The group's pupils (a share), or None (wealth).
    pub(super) group: Option<&'a [f64]>,
    /// The extra weight of a group pupil in the quartile means (Ed Trust's 0.4; 0: none).
    pub(super) group_weight: f64,
    /// The high and low levels the regression predicts at, and its controls (rows); None: no
    /// regression.
    pub(super) predict: Option<(f64, f64, &'a [&'a [f64]])>,
    /// The rows the elasticity may use (a survey draw keeps those of the estimate itself);
    /// None: every row with a positive level. Rows without positive money never can.
    pub(super) log_rows: Option<&'a [bool]>,
}

/// Every vertical statistic of one dimension over the rows `area`: `y` money per pupil, `w`
/// pupils (all positive), `tie` the order of rows with equal levels (their ids' order). Rows
/// whose level is unknown are left out.
pub(super) fn vertical(
    y: &[f64],
    w: &[f64],
    tie: &[usize],
    d: &Dimension,
    area: &[usize],
) -> [f64; VERTICAL] {
    let rows: Vec<usize> = area
        .iter()
        .copied()
        .filter(|&r| d.level[r].is_finite() && d.group.is_none_or(|g| g[r].is_finite()))
        .collect();
    let mut out = [f64::NAN; VERTICAL];
    if rows.is_empty() {
        return out;
    }
    let mut set = |k: Vertical, v: f64| out[k as usize] = v;
    if let Some(g) = d.group {
        let (inside, outside) = group_means(y, w, g, &rows);
        let single = rows.len() == 1;
        set(Vertical::GroupPerPupil, inside);
        set(Vertical::OthersPerPupil, outside);
        set(Vertical::Ratio, if single { 1.0 } else { inside / outside });
        set(Vertical::Difference, if single { 0.0 } else { inside - outside });
    }
    let (low, high) = quartile_means(y, w, tie, d, &rows);
    set(Vertical::LowestQuartile, low);
    set(Vertical::HighestQuartile, high);
    set(Vertical::Gap, high - low);
    set(Vertical::GapPct, (high - low) / low);
    let pick = |v: &[f64], keep: &dyn Fn(usize) -> bool| -> Vec<f64> {
        rows.iter().filter(|&&r| keep(r)).map(|&r| v[r]).collect()
    };
    let all = |_: usize| true;
    let m = weighted_moments(&pick(d.level, &all), &pick(y, &all), &pick(w, &all));
    let slope = m.cov / m.var_x;
    set(Vertical::Correlation, m.cov / (m.var_x * m.var_y).sqrt());
    set(Vertical::Slope, slope);
    set(Vertical::ElasticityAtMeans, slope * m.mean_x / m.mean_y);
    let positive = |r: usize| d.level[r] > 0.0 && y[r] > 0.0 && d.log_rows.is_none_or(|k| k[r]);
    let ln = |v: Vec<f64>| -> Vec<f64> { v.iter().map(|x| x.ln()).collect() };
    let lm = weighted_moments(
        &ln(pick(d.level, &positive)),
        &ln(pick(y, &positive)),
        &pick(w, &positive),
    );
    set(Vertical::Elasticity, lm.cov / lm.var_x);
    if let Some((hi, lo, controls)) = d.predict {
        let (at_hi, at_lo) = predicted(y, w, d.level, controls, &rows, (hi, lo));
        set(Vertical::PredictedHigh, at_hi);
        set(Vertical::PredictedLow, at_lo);
        set(Vertical::PredictedRatio, at_hi / at_lo);
    }
    out
}

/// Money per pupil weighted by the group's pupils, and by everyone else's.
fn group_means(y: &[f64], w: &[f64], g: &[f64], rows: &[usize]) -> (f64, f64) {
    let (mut gy, mut gp, mut oy, mut op) = (0.0, 0.0, 0.0, 0.0);
    for &r in rows {
        gy += g[r] * y[r];
        gp += g[r];
        oy += (w[r] - g[r]) * y[r];
        op += w[r] - g[r];
    }
    (gy / gp, oy / op)
}

/// The money per pupil of the lowest- and the highest-level quarter of pupils: rows sorted by
/// level (ties by `tie`), each in the quarter holding the midpoint of its pupils on the
/// cumulative scale; a group pupil counts `1 + group_weight` pupils in the means.
fn quartile_means(
    y: &[f64],
    w: &[f64],
    tie: &[usize],
    d: &Dimension,
    rows: &[usize],
) -> (f64, f64) {
    let mut order = rows.to_vec();
    order.sort_by(|&a, &b| d.level[a].total_cmp(&d.level[b]).then(tie[a].cmp(&tie[b])));
    let pupils: f64 = order.iter().map(|&r| w[r]).sum();
    let (mut before, mut sums) = (0.0, [(0.0, 0.0); 4]);
    for &r in &order {
        let quarter = ((4.0 * (before + w[r] / 2.0) / pupils).floor() as usize).min(3);
        before += w[r];
        let extra = d.group.map_or(0.0, |g| d.group_weight * g[r]);
        sums[quarter].0 += w[r] * y[r];
        sums[quarter].1 += w[r] + extra;
    }
    (sums[0].0 / sums[0].1, sums[3].0 / sums[3].1)
}

/// The money the regression of ln(money) on the level (and controls, held at their means)
/// predicts at the high and the low level, pupil-weighted, over the rows with positive money
/// and every control known.
fn predicted(
    y: &[f64],
    w: &[f64],
    level: &[f64],
    controls: &[&[f64]],
    rows: &[usize],
    (hi, lo): (f64, f64),
) -> (f64, f64) {
    let used: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| y[r] > 0.0 && controls.iter().all(|c| c[r].is_finite()))
        .collect();
    let column = |v: &[f64]| -> Vec<f64> { used.iter().map(|&r| v[r]).collect() };
    let mut columns = vec![column(level)];
    columns.extend(controls.iter().map(|c| column(c)));
    let (ln_y, weights) = (used.iter().map(|&r| y[r].ln()).collect::<Vec<_>>(), column(w));
    let refs: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
    let Some(beta) = least_squares(&ln_y, &refs, &weights) else {
        return (f64::NAN, f64::NAN);
    };
    let pupils: f64 = weights.iter().sum();
    let held: f64 = columns[1..]
        .iter()
        .zip(&beta[2..])
        .map(|(c, b)| b * c.iter().zip(&weights).map(|(x, wi)| x * wi).sum::<f64>() / pupils)
        .sum();
    let at = |p: f64| (beta[0] + beta[1] * p + held).exp();
    (at(hi), at(lo))
}
