//! Pictures of an audit and an allocation: the concentration curve, dollars per pupil by student
//! group, and dollars per pupil by tier stacked by program.

use super::style::{BLUE, GREY, draw_legend, font, name_at, plot_err, px, tier_colour};
use crate::error::Result;
use crate::num::axis_dollars;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Cumulative share of money against cumulative share of pupils, highest need first, with the
/// equal-share diagonal.
pub(super) fn concentration<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curve: &[(f64, f64)],
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .margin(px(20))
        .x_label_area_size(px(55))
        .y_label_area_size(px(70))
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(plot_err)?;
    let pct = |x: &f64| format!("{:.0}%", x * 100.0);
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc("share of pupils, from the highest need")
        .y_desc("share of the money")
        .x_label_formatter(&pct)
        .y_label_formatter(&pct)
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), (1.0, 1.0)], GREY.stroke_width(px(2))))
        .map_err(plot_err)?
        .label("equal dollars per pupil")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], GREY.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(curve.iter().copied(), BLUE.stroke_width(px(3))))
        .map_err(plot_err)?
        .label("this allocation")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLUE.stroke_width(3)));
    if let Some(&(x, y)) = curve.iter().find(|p| p.0 >= 0.2) {
        chart
            .draw_series(std::iter::once(Circle::new((x, y), px(6) as i32, BLUE.filled())))
            .map_err(plot_err)?;
        let style = TextStyle::from(font(14).into_font()).pos(Pos::new(HPos::Left, VPos::Top));
        let text = format!("  {:.0}% of pupils, {:.0}% of the money", x * 100.0, y * 100.0);
        chart.draw_series(std::iter::once(Text::new(text, (x, y), style))).map_err(plot_err)?;
    }
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 13)
}

/// One dot per student group at the dollars per pupil its average student's school gets, and a
/// line at all students' average.
pub(super) fn group_dots<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[(String, f64)],
    all: f64,
) -> Result<()> {
    let k = rows.len().max(1);
    let hi = rows.iter().map(|r| r.1).fold(all, f64::max) * 1.15;
    let lo = rows.iter().map(|r| r.1).fold(all, f64::min) * 0.85;
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(px(160))
        .build_cartesian_2d(lo..hi, 0.0..k as f64)
        .map_err(plot_err)?;
    let row_names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let names = |y: &f64| name_at(&row_names, k as f64 - y);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .y_labels(2 * k + 1)
        .y_label_formatter(&names)
        .x_label_formatter(&|x| axis_dollars(*x))
        .x_desc("dollars per pupil at the average student's school")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(all, 0.0), (all, k as f64)], GREY.stroke_width(px(2))))
        .map_err(plot_err)?
        .label(format!("all students: {}", axis_dollars(all)))
        .legend(|(x, y)| PathElement::new([(x, y - 6), (x, y + 6)], GREY.stroke_width(2)));
    for (i, (_, v)) in rows.iter().enumerate() {
        let y = (k - 1 - i) as f64 + 0.5;
        chart
            .draw_series(LineSeries::new([(all, y), (*v, y)], BLUE.stroke_width(px(2))))
            .map_err(plot_err)?;
        chart
            .draw_series(std::iter::once(Circle::new((*v, y), px(7) as i32, BLUE.filled())))
            .map_err(plot_err)?;
        let style = TextStyle::from(font(13).into_font()).pos(Pos::new(HPos::Left, VPos::Bottom));
        let text = format!("  {} ({:.2}×)", axis_dollars(*v), v / all);
        chart
            .draw_series(std::iter::once(Text::new(text, (*v, y + 0.1), style)))
            .map_err(plot_err)?;
    }
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 13)
}

/// Dollars per pupil by tier, each bar stacked by program (hold-harmless on top).
pub(super) fn stacked_per_pupil<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    tiers: &[String],
    parts: &[String],
    values: &[Vec<f64>],
) -> Result<()> {
    let n = tiers.len().max(1);
    let top = values.iter().map(|v| v.iter().sum::<f64>()).fold(1.0, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(px(100))
        // One bar (a formula without tiers) still needs a range of two segments: 0..0 maps
        // every x to the same point and its bar had a negative width.
        .build_cartesian_2d((0..(n - 1).max(1)).into_segmented(), 0.0..top)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => tiers.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc("dollars per pupil")
        .y_label_formatter(&|y| axis_dollars(*y))
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    for (p, name) in parts.iter().enumerate() {
        let colour = tier_colour(p, parts.len() + 1);
        let boxes = values.iter().enumerate().map(|(i, v)| {
            let base: f64 = v[..p].iter().sum();
            let mut r = Rectangle::new(
                [(SegmentValue::Exact(i), base), (SegmentValue::Exact(i + 1), base + v[p])],
                colour.filled(),
            );
            r.set_margin(0, 0, px(14), px(14));
            r
        });
        chart
            .draw_series(boxes)
            .map_err(plot_err)?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    let totals = values.iter().enumerate().map(|(i, v)| {
        let t: f64 = v.iter().sum();
        let style = TextStyle::from(font(13).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        Text::new(axis_dollars(t), (SegmentValue::CenterOf(i), t), style)
    });
    chart.draw_series(totals).map_err(plot_err)?;
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 13)
}
