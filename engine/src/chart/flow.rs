//! Tier flow between two periods (a Sankey diagram with straight ribbons) and one school's rank
//! over the periods.

use super::style::{BLUE, font, plot_err, px, tier_colour};
use crate::error::Result;
use crate::num::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const LEFT: f64 = 0.22;
const RIGHT: f64 = 0.78;
const BAR: f64 = 0.04;

/// Schools by tier in two periods, with ribbons from each tier to each tier.
pub(super) fn tier_flow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: (&str, &str),
    tiers: &[String],
    matrix: &[Vec<usize>],
) -> Result<()> {
    let total = matrix.iter().flatten().sum::<usize>().max(1) as f64;
    let gap = total * 0.015;
    let height = total + gap * (tiers.len().saturating_sub(1)) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(px(20))
        .build_cartesian_2d(0.0..1.0, 0.0..height)
        .map_err(plot_err)?;
    let left: Vec<f64> = matrix.iter().map(|r| r.iter().sum::<usize>() as f64).collect();
    let right: Vec<f64> =
        (0..tiers.len()).map(|b| matrix.iter().map(|r| r[b]).sum::<usize>() as f64).collect();
    // Tops of each tier's block, the highest need at the top.
    let tops = |sizes: &[f64]| -> Vec<f64> {
        let mut y = height;
        sizes
            .iter()
            .map(|s| {
                let top = y;
                y -= s + gap;
                top
            })
            .collect()
    };
    let (lt, rt) = (tops(&left), tops(&right));
    let (mut lnext, mut rnext) = (lt.clone(), rt.clone());
    for (a, row) in matrix.iter().enumerate() {
        for (b, &n) in row.iter().enumerate().filter(|(_, n)| **n > 0) {
            let n = n as f64;
            let ribbon = vec![
                (LEFT + BAR, lnext[a]),
                (RIGHT - BAR, rnext[b]),
                (RIGHT - BAR, rnext[b] - n),
                (LEFT + BAR, lnext[a] - n),
            ];
            lnext[a] -= n;
            rnext[b] -= n;
            let colour = tier_colour(a, tiers.len()).mix(if a == b { 0.55 } else { 0.35 });
            chart
                .draw_series(std::iter::once(Polygon::new(ribbon, colour.filled())))
                .map_err(plot_err)?;
        }
    }
    blocks(&mut chart, tiers, (&lt, &left), (&rt, &right))?;
    for (x, label) in [(LEFT + BAR / 2.0, labels.0), (RIGHT - BAR / 2.0, labels.1)] {
        let style = TextStyle::from(font(16).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart
            .draw_series(std::iter::once(Text::new(
                label.to_string(),
                (x, height + gap * 0.2),
                style,
            )))
            .map_err(plot_err)?;
    }
    Ok(())
}

/// One school's rank in each period (1 = highest need at the top).
pub(super) fn rank_history<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    periods: &[String],
    ranks: &[Option<u32>],
    ranked: u32,
) -> Result<()> {
    let n = periods.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .margin(px(20))
        .x_label_area_size(px(45))
        .y_label_area_size(px(70))
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), (ranked as f64 + 0.5)..0.5)
        .map_err(plot_err)?;
    let label = |x: &f64| {
        let k = x.round();
        if (x - k).abs() < 1e-9 && k >= 0.0 {
            periods.get(k as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_labels(n)
        .x_label_formatter(&label)
        .y_desc("rank (1 = highest need)")
        .y_label_formatter(&|y| thousands(y.round().max(0.0) as u64))
        .label_style(font(13))
        .axis_desc_style(font(14))
        .draw()
        .map_err(plot_err)?;
    let points: Vec<(f64, f64)> =
        ranks.iter().enumerate().filter_map(|(k, r)| r.map(|r| (k as f64, f64::from(r)))).collect();
    chart
        .draw_series(LineSeries::new(points.clone(), BLUE.stroke_width(px(2))))
        .map_err(plot_err)?;
    chart
        .draw_series(points.iter().map(|&(x, y)| Circle::new((x, y), px(5) as i32, BLUE.filled())))
        .map_err(plot_err)?;
    let style = TextStyle::from(font(13).into_font()).pos(Pos::new(HPos::Left, VPos::Bottom));
    chart
        .draw_series(
            points.iter().map(|&(x, y)| Text::new(format!(" {}", y as u32), (x, y), style.clone())),
        )
        .map_err(plot_err)?;
    Ok(())
}

type FlowChart<'c, DB> = ChartContext<
    'c,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Each period's column of tier blocks (top, size) with its labels.
fn blocks<DB: DrawingBackend>(
    chart: &mut FlowChart<DB>,
    tiers: &[String],
    (lt, left): (&[f64], &[f64]),
    (rt, right): (&[f64], &[f64]),
) -> Result<()> {
    for (x0, tops, sizes, anchor, tx) in [
        (LEFT, &lt, &left, HPos::Right, LEFT - 0.01),
        (RIGHT - BAR, &rt, &right, HPos::Left, RIGHT + 0.01),
    ] {
        for (k, name) in tiers.iter().enumerate() {
            let colour = tier_colour(k, tiers.len());
            let (top, size) = (tops[k], sizes[k]);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, top), (x0 + BAR, top - size)],
                    colour.filled(),
                )))
                .map_err(plot_err)?;
            let style = TextStyle::from(font(14).into_font()).pos(Pos::new(anchor, VPos::Center));
            let text = format!("{name} ({})", size as usize);
            chart
                .draw_series(std::iter::once(Text::new(text, (tx, top - size / 2.0), style)))
                .map_err(plot_err)?;
        }
    }
    Ok(())
}
