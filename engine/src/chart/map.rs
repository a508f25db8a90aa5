//! Schools by latitude and longitude, coloured by need tier (a map without a base map: no
//! tiles, no network).

use super::style::{draw_legend, font, plot_err, px, tier_colour};
use crate::error::Result;
use crate::num::min_max;
use plotters::coord::Shift;
use plotters::prelude::*;

/// (longitude, latitude, row: tier position or the last row for schools without a tier).
pub(super) type Place = (f64, f64, usize);

/// Longitude and latitude ranges with a margin, and the plot's width over height (a degree of
/// longitude is cos(latitude) of a degree of latitude).
pub(super) fn extent(points: &[Place]) -> ((f64, f64), (f64, f64), f64) {
    let none = (f64::INFINITY, f64::NEG_INFINITY);
    let (x0, x1) = min_max(points.iter().map(|p| p.0)).unwrap_or(none);
    let (y0, y1) = min_max(points.iter().map(|p| p.1)).unwrap_or(none);
    let (mx, my) = (((x1 - x0) * 0.04).max(0.01), ((y1 - y0) * 0.04).max(0.01));
    let (x, y) = ((x0 - mx, x1 + mx), (y0 - my, y1 + my));
    let aspect = (x.1 - x.0) * ((y.0 + y.1) / 2.0).to_radians().cos() / (y.1 - y.0);
    (x, y, aspect)
}

pub(super) fn school_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[Place],
    tiers: &[String],
    tier_count: usize,
) -> Result<()> {
    let ((x0, x1), (y0, y1), _) = extent(points);
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(45))
        .y_label_area_size(px(60))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc("longitude (°)")
        .y_desc("latitude (°)")
        .x_label_formatter(&|x| format!("{x:.2}"))
        .y_label_formatter(&|y| format!("{y:.2}"))
        .label_style(font(12))
        .axis_desc_style(font(14))
        .draw()
        .map_err(plot_err)?;
    // The legend from the highest need; the dots from the lowest need, so the highest-need
    // schools are drawn on top.
    for (row, name) in tiers.iter().enumerate() {
        let colour = tier_colour(row, tier_count);
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(plot_err)?
            .label(name.as_str())
            .legend(move |(x, y)| Circle::new((x + 8, y), px(5) as i32, colour.filled()));
    }
    for row in (0..tiers.len()).rev() {
        let colour = tier_colour(row, tier_count);
        let dots = points
            .iter()
            .filter(|p| p.2 == row)
            .map(|p| Circle::new((p.0, p.1), px(4) as i32, colour.filled()));
        chart.draw_series(dots).map_err(plot_err)?;
    }
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 13)
}
