//! Charts with one named row per item: contributions, rank bands, tier probabilities.

use super::model::{Bar, RatioRow};
use super::style::{BLUE, GREY, VERMILION, draw_legend, font, plot_err, px, tier_colour};
use crate::error::Result;
use crate::num::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Layout of a chart with one named row per item (first item at the top).
struct Rows<'a> {
    labels: &'a [String],
    label_width: u32,
    label_size: u32,
    x_desc: &'a str,
    x_label: Option<&'a dyn Fn(&f64) -> String>,
    y_mesh: bool,
}

type RowsChart<'c, DB> = ChartContext<
    'c,
    DB,
    Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize>,
    >,
>;

/// Builds the chart and draws its mesh, names on the y axis.
fn rows_chart<'c, DB: DrawingBackend>(
    area: &'c DrawingArea<DB, Shift>,
    x: std::ops::Range<f64>,
    rows: &Rows,
) -> Result<RowsChart<'c, DB>> {
    let k = rows.labels.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(rows.label_width)
        // One row still gets a band of its own height: a range of one value has no height.
        .build_cartesian_2d(x, (0..k.max(2) - 1).into_segmented())
        .map_err(plot_err)?;
    let names = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => {
            k.checked_sub(1 + *i).and_then(|j| rows.labels.get(j)).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    let mut mesh = chart.configure_mesh();
    if !rows.y_mesh {
        mesh.disable_y_mesh();
    }
    mesh.light_line_style(WHITE)
        .y_labels(k)
        .y_label_formatter(&names)
        .x_desc(rows.x_desc)
        .label_style(font(rows.label_size))
        .axis_desc_style(font(15));
    if let Some(f) = rows.x_label {
        mesh.x_label_formatter(f);
    }
    mesh.draw().map_err(plot_err)?;
    Ok(chart)
}

/// The segment of item `i` of `k` (the first item is the top row).
fn row(k: usize, i: usize) -> usize {
    k - 1 - i
}

pub(super) fn hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    (x_desc, percent): (&str, bool),
) -> Result<()> {
    let n = bars.len().max(1);
    let max = bars.iter().map(|b| b.value.abs()).fold(0.0, f64::max).max(1e-9) * 1.2;
    let min = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let fmt = |x: &f64| if percent { format!("{x:.0}%") } else { format!("{x:.3}") };
    let rows = Rows {
        labels: &labels,
        label_width: 330,
        label_size: 13,
        x_desc,
        x_label: Some(&fmt),
        y_mesh: false,
    };
    let mut chart = rows_chart(area, min.min(0.0)..max, &rows)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let y = row(n, i);
            let mut r = Rectangle::new(
                [(0.0, SegmentValue::Exact(y)), (b.value, SegmentValue::Exact(y + 1))],
                VERMILION.filled(),
            );
            r.set_margin(5, 5, 0, 0);
            r
        }))
        .map_err(plot_err)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Text::new(
                if percent { format!(" {:.0}%", b.value) } else { format!(" {:.4}", b.value) },
                (b.value.max(0.0), SegmentValue::CenterOf(row(n, i))),
                TextStyle::from(font(12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            )
        }))
        .map_err(plot_err)?;
    Ok(())
}

/// A rank or count: a whole number with thousands separators.
fn whole(x: &f64) -> String {
    if *x < 0.0 { String::new() } else { thousands(x.round() as u64) }
}

pub(super) fn rank_bands<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    schools: &[(u32, u32, u32, u32, String)],
) -> Result<()> {
    let n = schools.iter().map(|s| s.0.max(s.3)).max().unwrap_or(1) as f64 + 1.0;
    let named = schools.len() <= 60;
    if named {
        // Few schools: one row each, names on the axis, rank on x.
        let k = schools.len().max(1);
        let labels: Vec<String> = schools.iter().map(|s| s.4.clone()).collect();
        let rows = Rows {
            labels: &labels,
            label_width: 300,
            label_size: 12,
            x_desc: "rank across draws (1 = highest need)",
            x_label: Some(&whole),
            y_mesh: true,
        };
        let mut chart = rows_chart(area, 0.0..n, &rows)?;
        for (i, s) in schools.iter().enumerate() {
            let y = || SegmentValue::CenterOf(row(k, i));
            chart
                .draw_series(LineSeries::new(
                    [(f64::from(s.1), y()), (f64::from(s.3), y())],
                    BLUE.stroke_width(px(3)),
                ))
                .map_err(plot_err)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (f64::from(s.2), y()),
                    px(4) as i32,
                    VERMILION.filled(),
                )))
                .map_err(plot_err)?;
        }
        return Ok(());
    }
    let mut chart = ChartBuilder::on(area)
        .margin(px(15))
        .x_label_area_size(px(50))
        .y_label_area_size(px(70))
        .build_cartesian_2d(0.0..n, 0.0..n)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc("nominal rank (1 = highest need)")
        .y_desc("rank across draws")
        .x_label_formatter(&whole)
        .y_label_formatter(&whole)
        .label_style(font(12))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    for s in schools {
        let x = f64::from(s.0);
        chart
            .draw_series(LineSeries::new(
                [(x, f64::from(s.1)), (x, f64::from(s.3))],
                BLUE.mix(0.35),
            ))
            .map_err(plot_err)?;
    }
    chart
        .draw_series(schools.iter().map(|s| {
            Circle::new((f64::from(s.0), f64::from(s.2)), px(1) as i32, VERMILION.filled())
        }))
        .map_err(plot_err)?;
    Ok(())
}

pub(super) fn stacked<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    schools: &[(String, Vec<f64>)],
    tiers: &[String],
) -> Result<()> {
    let k = schools.len().max(1);
    let labels: Vec<String> = schools.iter().map(|s| s.0.clone()).collect();
    let fmt = |x: &f64| format!("{:.0}%", x * 100.0);
    let rows = Rows {
        labels: &labels,
        label_width: 300,
        label_size: 12,
        x_desc: "share of draws in each tier",
        x_label: Some(&fmt),
        y_mesh: true,
    };
    let mut chart = rows_chart(area, 0.0..1.0, &rows)?;
    for (t, name) in tiers.iter().enumerate() {
        let colour = tier_colour(t, tiers.len());
        chart
            .draw_series(schools.iter().enumerate().map(|(i, s)| {
                let start: f64 = s.1[..t].iter().sum();
                let y = row(k, i);
                let mut r = Rectangle::new(
                    [(start, SegmentValue::Exact(y)), (start + s.1[t], SegmentValue::Exact(y + 1))],
                    colour.filled(),
                );
                r.set_margin(3, 3, 0, 0);
                r
            }))
            .map_err(plot_err)?
            .label(name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 12)
}

/// One row per area, the lowest ratio at the top: the 90% interval as a line, the ratio as a
/// dot (blue at or above 1, vermilion below), the baseline's ratio as a hollow grey circle,
/// equal money (1) as a black line and the ratio over every row as a dashed one; the legend
/// sits top right, where the lowest ratios leave room.
pub(super) fn progressivity<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    group: &str,
    rows: &[RatioRow],
    all: f64,
) -> Result<()> {
    let k = rows.len().max(1);
    let values = rows.iter().flat_map(|r| {
        let (lo, hi) = r.interval.unwrap_or((r.ratio, r.ratio));
        [r.ratio, lo, hi, r.baseline.unwrap_or(r.ratio)]
    });
    let (lo, hi) = values
        .chain([1.0, all])
        .filter(|x| x.is_finite())
        .fold((1.0f64, 1.0f64), |(a, b), x| (a.min(x), b.max(x)));
    let pad = ((hi - lo) * 0.08).max(0.01);
    let labels: Vec<String> = rows.iter().map(|r| r.area.clone()).collect();
    let x_desc = format!("money per pupil of {group} over everyone else's (1 = equal)");
    let fmt = |x: &f64| format!("{x:.2}");
    let layout = Rows {
        labels: &labels,
        label_width: 190,
        label_size: 12,
        x_desc: &x_desc,
        x_label: Some(&fmt),
        y_mesh: true,
    };
    let mut chart = rows_chart(area, (lo - pad)..(hi + pad), &layout)?;
    let y = |i: usize| SegmentValue::CenterOf(row(k, i));
    let top = (SegmentValue::Exact(0), SegmentValue::Exact(k));
    let equal = BLACK.stroke_width(px(2));
    chart
        .draw_series(LineSeries::new([(1.0, top.0.clone()), (1.0, top.1.clone())], equal))
        .map_err(plot_err)?
        .label("equal money (1)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], equal));
    let dashed = GREY.stroke_width(px(2));
    chart
        .draw_series(DashedLineSeries::new([(all, top.0), (all, top.1)], px(6), px(4), dashed))
        .map_err(plot_err)?
        .label(format!("all together ({all:.3})"))
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], dashed));
    for (i, r) in rows.iter().enumerate() {
        if let Some((a, b)) = r.interval {
            chart
                .draw_series(LineSeries::new(
                    [(a, y(i)), (b, y(i))],
                    BLUE.mix(0.5).stroke_width(px(3)),
                ))
                .map_err(plot_err)?;
        }
        if let Some(base) = r.baseline {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (base, y(i)),
                    px(4) as i32,
                    GREY.stroke_width(px(2)),
                )))
                .map_err(plot_err)?;
        }
        let colour = if r.ratio >= 1.0 { BLUE } else { VERMILION };
        chart
            .draw_series(std::iter::once(Circle::new(
                (r.ratio, y(i)),
                px(4) as i32,
                colour.filled(),
            )))
            .map_err(plot_err)?;
    }
    ratio_legend(&mut chart, rows)?;
    draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 12)
}

/// The legend entries of the progressivity chart's dots and lines (drawn as empty series).
fn ratio_legend<DB: DrawingBackend>(
    chart: &mut RowsChart<'_, DB>,
    rows: &[RatioRow],
) -> Result<()> {
    let legend: [(RGBColor, &str); 2] =
        [(BLUE, "1 or more: progressive"), (VERMILION, "below 1: regressive")];
    for (colour, name) in legend {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, SegmentValue<usize>), i32>>())
            .map_err(plot_err)?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), px(4) as i32, colour.filled()));
    }
    if rows.iter().any(|r| r.interval.is_some()) {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, SegmentValue<usize>), i32>>())
            .map_err(plot_err)?
            .label("90% interval (survey error)")
            .legend(|(x, y)| {
                PathElement::new([(x, y), (x + 16, y)], BLUE.mix(0.5).stroke_width(px(3)))
            });
    }
    if rows.iter().any(|r| r.baseline.is_some()) {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, SegmentValue<usize>), i32>>())
            .map_err(plot_err)?
            .label("baseline")
            .legend(|(x, y)| Circle::new((x + 8, y), px(4) as i32, GREY.stroke_width(px(2))));
    }
    Ok(())
}
