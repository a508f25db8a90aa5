//! Per-school amounts under two runs, with the 1:1 line and tier moves.

use super::model::Point;
use super::style::{FONT, plot_err};
use crate::error::Result;
use crate::num::axis_dollars;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) fn scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[Point],
    a: &str,
    b: &str,
) -> Result<()> {
    let max = points.iter().map(|p| p.a.max(p.b)).fold(0.0, f64::max).max(1.0) * 1.05;
    let mut chart = ChartBuilder::on(area)
        .margin(15)
        .x_label_area_size(55)
        .y_label_area_size(110)
        .build_cartesian_2d(0.0..max, 0.0..max)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(format!("A: {a} (dollars)"))
        .y_desc(format!("B: {b} (dollars)"))
        .x_label_formatter(&|x| axis_dollars(*x))
        .y_label_formatter(&|y| axis_dollars(*y))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), (max, max)], BLACK.stroke_width(1)))
        .map_err(plot_err)?
        .label("same amount (1:1)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK));
    for (mv, colour, name) in [
        (1i8, RGBColor(26, 152, 80), "higher tier under B"),
        (0, RGBColor(150, 150, 150), "same tier"),
        (-1, RGBColor(215, 48, 39), "lower tier under B"),
    ] {
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| p.tier_move == mv)
                    .map(|p| Circle::new((p.a, p.b), 3, colour.filled())),
            )
            .map_err(plot_err)?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, colour.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font((FONT, 13))
        .draw()
        .map_err(plot_err)?;
    Ok(())
}
