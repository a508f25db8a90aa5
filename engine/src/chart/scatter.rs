//! Per-school amounts under two runs, with the 1:1 line and tier moves.

use super::model::Point;
use super::style::{BLUE, GREY, ORANGE, draw_legend, font, plot_err, px};
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
        .margin(px(15))
        .x_label_area_size(px(55))
        .y_label_area_size(px(110))
        .build_cartesian_2d(0.0..max, 0.0..max)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(format!("A: {a} (dollars)"))
        .y_desc(format!("B: {b} (dollars)"))
        .x_label_formatter(&|x| axis_dollars(*x))
        .y_label_formatter(&|y| axis_dollars(*y))
        .label_style(font(12))
        .axis_desc_style(font(14))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), (max, max)], BLACK.stroke_width(px(1))))
        .map_err(plot_err)?
        .label("same amount (1:1)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK));
    for (mv, colour, name) in [
        (1i8, BLUE, "higher-need tier under B"),
        (0, GREY, "same tier"),
        (-1, ORANGE, "lower-need tier under B"),
    ] {
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| p.tier_move == mv)
                    .map(|p| Circle::new((p.a, p.b), px(3) as i32, colour.filled())),
            )
            .map_err(plot_err)?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), px(4) as i32, colour.filled()));
    }
    draw_legend(&mut chart, SeriesLabelPosition::MiddleRight, 13)
}
