//! Pictures of a comparison: change per pupil by tier, change against need, tier moves as a heat
//! map, and where redirected money comes from and goes.

use super::style::{
    BLUE, GREY, ORANGE, category_mesh, draw_legend, font, name_at, plot_err, px, tier_colour,
};
use crate::error::Result;
use crate::num::{axis_dollars, min_max, thousands};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// "+$51" / "−$12".
fn signed_dollars(x: f64) -> String {
    let sign = if x < 0.0 { "−" } else { "+" };
    format!("{sign}{}", axis_dollars(x.abs()))
}

/// Bars of the change in dollars per pupil by tier, labelled in dollars and per cent.
pub(super) fn per_pupil_change<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[(String, f64, f64)],
    tier_count: usize,
) -> Result<()> {
    let n = bars.len().max(1);
    let deltas: Vec<f64> = bars.iter().map(|b| b.2 - b.1).collect();
    let hi = deltas.iter().copied().fold(0.0f64, f64::max);
    let lo = deltas.iter().copied().fold(0.0f64, f64::min);
    let pad = (hi - lo).max(1.0) * 0.15;
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(px(100))
        .build_cartesian_2d(
            (0..n - 1).into_segmented(),
            (lo - pad * f64::from(u8::from(lo < 0.0)))..(hi + pad),
        )
        .map_err(plot_err)?;
    let labels: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    category_mesh(
        &mut chart,
        &labels,
        "change in dollars per pupil (B − A)",
        &|y| signed_dollars(*y),
        13,
    )?;
    chart
        .draw_series(deltas.iter().enumerate().map(|(i, &d)| {
            let mut r = Rectangle::new(
                [(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), d)],
                tier_colour(i, tier_count).filled(),
            );
            r.set_margin(0, 0, px(14), px(14));
            r
        }))
        .map_err(plot_err)?;
    chart
        .draw_series(bars.iter().zip(&deltas).enumerate().map(|(i, (b, &d))| {
            let pct =
                if b.1 > 0.0 { format!(" ({:+.1}%)", 100.0 * d / b.1) } else { String::new() };
            let (y, v) = if d >= 0.0 { (d, VPos::Bottom) } else { (d, VPos::Top) };
            Text::new(
                format!("{}{pct}", signed_dollars(d)),
                (SegmentValue::CenterOf(i), y),
                TextStyle::from(font(13).into_font()).pos(Pos::new(HPos::Center, v)),
            )
        }))
        .map_err(plot_err)?;
    Ok(())
}

/// Each school's change per pupil against its need index, coloured by its tier under A; a ring
/// marks a school that moves to a higher-need (blue) or lower-need (orange) tier.
pub(super) fn change_vs_need<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[(f64, f64, i8, usize)],
    tiers: &[String],
    label: &str,
) -> Result<()> {
    let none = (f64::INFINITY, f64::NEG_INFINITY);
    let (x0, x1) = min_max(points.iter().map(|p| p.0)).unwrap_or(none);
    let (y0, y1) = min_max(points.iter().map(|p| p.1)).unwrap_or(none);
    let (my, mx) = (((y1 - y0) * 0.08).max(1.0), ((x1 - x0) * 0.03).max(1e-6));
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(px(100))
        .build_cartesian_2d((x0 - mx)..(x1 + mx), (y0.min(0.0) - my)..(y1.max(0.0) + my))
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(format!("{label} under A (higher = more need)"))
        .y_desc("change in dollars per pupil (B − A)")
        .y_label_formatter(&|y| signed_dollars(*y))
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(x0 - mx, 0.0), (x1 + mx, 0.0)], BLACK.stroke_width(px(1))))
        .map_err(plot_err)?;
    let tier_count = tiers.len().saturating_sub(1);
    for (t, name) in tiers.iter().enumerate() {
        let colour = tier_colour(t, tier_count);
        let dots: Vec<_> = points.iter().filter(|p| p.3 == t).collect();
        if dots.is_empty() {
            continue;
        }
        chart
            .draw_series(
                dots.iter().map(|p| Circle::new((p.0, p.1), px(3) as i32, colour.filled())),
            )
            .map_err(plot_err)?
            .label(name.as_str())
            .legend(move |(x, y)| Circle::new((x + 8, y), px(4) as i32, colour.filled()));
    }
    for (mv, colour, name) in
        [(1i8, BLUE, "moves to a higher-need tier"), (-1, ORANGE, "moves to a lower-need tier")]
    {
        let rings: Vec<_> = points.iter().filter(|p| p.2 == mv).collect();
        if rings.is_empty() {
            continue;
        }
        let style = colour.stroke_width(px(2));
        chart
            .draw_series(rings.iter().map(|p| Circle::new((p.0, p.1), px(6) as i32, style)))
            .map_err(plot_err)?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), px(5) as i32, style));
    }
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 13)
}

/// Schools by tier under A (rows) and B (columns); darker cells hold more schools.
pub(super) fn tier_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[String],
    cols: &[String],
    cells: &[Vec<usize>],
) -> Result<()> {
    let (nr, nc) = (rows.len().max(1), cols.len().max(1));
    let max = cells.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(60))
        .y_label_area_size(px(150))
        .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)
        .map_err(plot_err)?;
    let col_label = |x: &f64| name_at(cols, *x);
    let row_label = |y: &f64| name_at(rows, nr as f64 - y);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(2 * nc + 1)
        .y_labels(2 * nr + 1)
        .x_label_formatter(&col_label)
        .y_label_formatter(&row_label)
        .x_desc("tier under B")
        .y_desc("tier under A")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    for (i, row) in cells.iter().enumerate() {
        for (j, &k) in row.iter().enumerate() {
            let y = (nr - 1 - i) as f64;
            let shade = if k == 0 { 0.0 } else { 0.15 + 0.85 * k as f64 / max };
            let colour = if i == j { BLUE.mix(shade) } else { ORANGE.mix(shade) };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                    colour.filled(),
                )))
                .map_err(plot_err)?;
            let ink = if shade > 0.6 { WHITE } else { BLACK };
            let style = TextStyle::from(font(15).into_font())
                .color(&ink)
                .pos(Pos::new(HPos::Center, VPos::Center));
            chart
                .draw_series(std::iter::once(Text::new(
                    thousands(k as u64),
                    (j as f64 + 0.5, y + 0.5),
                    style,
                )))
                .map_err(plot_err)?;
        }
    }
    Ok(())
}

/// A waterfall: the start total, each step up or down, and the end total.
pub(super) fn waterfall<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    steps: &[(String, i64)],
) -> Result<()> {
    let n = steps.len().max(1);
    let mut level = 0i64;
    let mut spans: Vec<(i64, i64)> = Vec::with_capacity(n);
    for (k, (_, v)) in steps.iter().enumerate() {
        if k == 0 || k + 1 == steps.len() {
            spans.push((0, *v));
            level = *v;
        } else {
            spans.push((level, level + v));
            level += v;
        }
    }
    let top = spans.iter().map(|s| s.0.max(s.1)).max().unwrap_or(1) as f64 / 100.0 * 1.15;
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(60))
        .y_label_area_size(px(120))
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..top.max(1.0))
        .map_err(plot_err)?;
    let labels: Vec<String> = steps.iter().map(|s| s.0.clone()).collect();
    category_mesh(&mut chart, &labels, "dollars", &|y| axis_dollars(*y), 12)?;
    for (i, &(a, b)) in spans.iter().enumerate() {
        let colour = if i == 0 || i + 1 == n {
            GREY
        } else if b >= a {
            BLUE
        } else {
            ORANGE
        };
        let (lo, hi) = (a.min(b) as f64 / 100.0, a.max(b) as f64 / 100.0);
        let mut r = Rectangle::new(
            [(SegmentValue::Exact(i), lo), (SegmentValue::Exact(i + 1), hi)],
            colour.filled(),
        );
        r.set_margin(0, 0, px(12), px(12));
        chart.draw_series(std::iter::once(r)).map_err(plot_err)?;
        let text = if i == 0 || i + 1 == n {
            axis_dollars(hi)
        } else {
            signed_dollars((b - a) as f64 / 100.0)
        };
        let style = TextStyle::from(font(13).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart
            .draw_series(std::iter::once(Text::new(text, (SegmentValue::CenterOf(i), hi), style)))
            .map_err(plot_err)?;
    }
    Ok(())
}
