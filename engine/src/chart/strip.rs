//! Per-school risk ratios on a log scale, one row of dots per need tier.

use super::style::{draw_legend, font, name_at, plot_err, px, tier_colour};
use crate::error::Result;
use crate::num::{format_num, percentile_inc};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One dot: the row (tier position; the last row holds schools without a tier) and the ratio.
pub(super) fn risk_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[String],
    points: &[(usize, f64)],
    tier_count: usize,
    x_desc: &str,
) -> Result<()> {
    let k = rows.len().max(1);
    let (lo, hi) = points.iter().fold((1.0f64, 1.0f64), |(lo, hi), &(_, x)| (lo.min(x), hi.max(x)));
    let (lo, hi) = (ticks_below(lo / 1.2), hi * 1.2);
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(55))
        .y_label_area_size(px(150))
        .build_cartesian_2d((lo..hi).log_scale().with_key_points(key_points(lo, hi)), 0.0..k as f64)
        .map_err(plot_err)?;
    let name = |y: &f64| name_at(rows, k as f64 - y);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .y_labels(2 * k + 1)
        .y_label_formatter(&name)
        .x_label_formatter(&|x| format!("{}×", format_num((x * 100.0).round() / 100.0)))
        .x_desc(x_desc)
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(1.0, 0.0), (1.0, k as f64)], BLACK.stroke_width(px(1))))
        .map_err(plot_err)?
        .label("equal rates (1×)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK));
    chart
        .draw_series(points.iter().enumerate().map(|(n, &(row, x))| {
            let colour = tier_colour(row, tier_count);
            Circle::new(
                (x, k as f64 - 0.5 - row as f64 + jitter(n)),
                px(4) as i32,
                colour.mix(0.75).filled(),
            )
        }))
        .map_err(plot_err)?;
    chart
        .draw_series(medians(rows.len(), points).into_iter().map(|(row, m)| {
            let y = k as f64 - 0.5 - row as f64;
            PathElement::new([(m, y - 0.4), (m, y + 0.4)], BLACK.stroke_width(px(3)))
        }))
        .map_err(plot_err)?
        .label("median of the tier")
        .legend(|(x, y)| {
            PathElement::new([(x + 8, y - 6), (x + 8, y + 6)], BLACK.stroke_width(px(3)))
        });
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 13)
}

/// A lower axis end at a round value so 1× and its neighbours show.
fn ticks_below(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    (x / p).floor().max(1.0) * p
}

/// Ticks at 1, 2 and 5 times the powers of ten between `lo` and `hi`.
fn key_points(lo: f64, hi: f64) -> Vec<f64> {
    let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    (a..=b)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(|x| (lo..=hi).contains(x))
        .collect()
}

/// A spread of dots within their row that is the same on every run (golden-ratio sequence).
fn jitter(n: usize) -> f64 {
    ((n as f64 * 0.618_033_988_749_895).fract() - 0.5) * 0.6
}

/// The median ratio of each row that has dots.
fn medians(rows: usize, points: &[(usize, f64)]) -> Vec<(usize, f64)> {
    (0..rows)
        .filter_map(|row| {
            let mut v: Vec<f64> = points.iter().filter(|p| p.0 == row).map(|p| p.1).collect();
            if v.is_empty() {
                return None;
            }
            v.sort_by(f64::total_cmp);
            Some((row, percentile_inc(&v, 0.5)))
        })
        .collect()
}
