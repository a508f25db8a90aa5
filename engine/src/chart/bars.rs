//! Vertical bars with value labels (money or plain numbers).

use super::model::Bar;
use super::style::{category_mesh, font, plot_err, px, tier_colour};
use crate::error::Result;
use crate::num::axis_dollars;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(super) fn bar_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    caption: &str,
    y_label: &str,
    money: bool,
) -> Result<()> {
    let max =
        bars.iter().map(|b| b.value).filter(|v| v.is_finite()).fold(0.0, f64::max).max(1.0) * 1.12;
    let n = bars.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, font(18))
        .margin(px(12))
        .x_label_area_size(px(50))
        .y_label_area_size(px(110))
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..max)
        .map_err(plot_err)?;
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    category_mesh(
        &mut chart,
        &labels,
        y_label,
        &|y| if money { axis_dollars(*y) } else { format!("{y:.2}") },
        13,
    )?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let colour = tier_colour(i, n);
            let mut r = Rectangle::new(
                [(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), b.value.max(0.0))],
                colour.filled(),
            );
            r.set_margin(0, 0, 12, 12);
            r
        }))
        .map_err(plot_err)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let text = if money { axis_dollars(b.value) } else { format!("{:.2}", b.value) };
            Text::new(
                text,
                (SegmentValue::CenterOf(i), b.value + max * 0.03),
                TextStyle::from(font(12).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))
        .map_err(plot_err)?;
    Ok(())
}
