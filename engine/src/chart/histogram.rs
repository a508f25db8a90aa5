//! A histogram of the index with the boundaries between tiers.

use super::style::{BLUE, ORANGE, font, plot_err, px};
use crate::error::Result;
use crate::num::{min_max, thousands};
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    values: &[f64],
    boundaries: &[(f64, String)],
    (label, unit): (&str, &str),
    school: Option<&(f64, String)>,
) -> Result<()> {
    let (lo, hi) = match min_max(values.iter().copied()) {
        Some((lo, hi)) if lo.is_finite() && hi > lo => (lo, hi),
        _ => (0.0, 1.0),
    };
    let bins = 30usize;
    let w = (hi - lo) / bins as f64;
    let mut counts = vec![0usize; bins];
    for &v in values {
        counts[(((v - lo) / w) as usize).min(bins - 1)] += 1;
    }
    let top = *counts.iter().max().unwrap_or(&1) as f64 * 1.15;
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(px(60))
        .build_cartesian_2d(lo..hi, 0.0..top.max(1.0))
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(format!("{label} (higher = more need)"))
        .y_desc(unit)
        .y_label_formatter(&|y| thousands(y.round() as u64))
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, &k)| {
            let x0 = lo + i as f64 * w;
            Rectangle::new([(x0, 0.0), (x0 + w * 0.95, k as f64)], BLUE.mix(0.6).filled())
        }))
        .map_err(plot_err)?;
    if let Some((x, name)) = school {
        chart
            .draw_series(LineSeries::new([(*x, 0.0), (*x, top)], ORANGE.stroke_width(px(4))))
            .map_err(plot_err)?;
        let style = TextStyle::from(font(15).into_font()).color(&ORANGE);
        chart
            .draw_series(std::iter::once(Text::new(format!(" {name}"), (*x, top * 0.78), style)))
            .map_err(plot_err)?;
    }
    for (k, (x, name)) in boundaries.iter().enumerate() {
        chart
            .draw_series(LineSeries::new([(*x, 0.0), (*x, top)], BLACK.stroke_width(px(2))))
            .map_err(plot_err)?;
        // Staggered so neighbouring labels do not overlap.
        let y = top * (0.97 - 0.06 * (k % 3) as f64);
        chart
            .draw_series(std::iter::once(Text::new(format!(" {name} ≥ {x:.3}"), (*x, y), font(12))))
            .map_err(plot_err)?;
    }
    Ok(())
}
