//! The look shared by every chart: the font, sizes scaled to the canvas, the colour-blind-safe
//! palettes, and drawing errors.

use super::palette;
use crate::error::Error;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;
use std::cell::Cell;
use std::sync::Once;

pub(super) const FONT: &str = "sans-serif";
static FONT_ONCE: Once = Once::new();

thread_local! {
    /// Canvas width over the chart's natural width while a chart is drawn.
    static SCALE: Cell<f64> = const { Cell::new(1.0) };
}

/// Registers DejaVu Sans (Bitstream Vera licence, assets/DejaVuSans.LICENSE) for PNG text.
pub(super) fn register_font() {
    FONT_ONCE.call_once(|| {
        let _ = plotters::style::register_font(
            FONT,
            FontStyle::Normal,
            include_bytes!("../../../assets/DejaVuSans.ttf"),
        );
    });
}

/// Sets the scale of the chart being drawn on this thread.
pub(super) fn set_scale(scale: f64) {
    SCALE.with(|s| s.set(scale));
}

/// A length in pixels at the natural size, scaled to the canvas.
pub(super) fn px(n: u32) -> u32 {
    SCALE.with(|s| ((f64::from(n) * s.get()).round() as u32).max(1))
}

/// The font at a size in pixels at the natural size, scaled to the canvas.
pub(super) fn font(size: u32) -> (&'static str, u32) {
    (FONT, px(size))
}

/// A palette colour as plotters draws it.
const fn rgb((r, g, b): palette::Rgb) -> RGBColor {
    RGBColor(r, g, b)
}

/// Okabe–Ito colours for categories and for up/down: blue, orange, vermilion, and grey.
pub(super) const BLUE: RGBColor = rgb(palette::BLUE);
pub(super) const ORANGE: RGBColor = rgb(palette::ORANGE);
pub(super) const VERMILION: RGBColor = rgb(palette::VERMILION);
pub(super) const GREY: RGBColor = rgb(palette::GREY);

/// The colour of tier `pos` of `count` tiers (a position at or past `count` has no tier).
pub(super) fn tier_colour(pos: usize, count: usize) -> RGBColor {
    rgb(palette::tier_colour(pos, count))
}

/// Draws a chart's legend in the shared look (white box, black border) at `position`, with
/// labels in `size`-point type.
pub(super) fn draw_legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    size: u32,
) -> Result<(), Error> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font(font(size))
        .draw()
        .map_err(plot_err)?;
    Ok(())
}

/// The x axis of a bar chart: one bar per named category.
pub(super) type Categories = Cartesian2d<SegmentedCoord<RangedCoordusize>, RangedCoordf64>;

/// Draws the grid of a bar chart over named categories in the shared look: each category's name
/// under its bar, horizontal lines only, the y axis described and its values formatted.
pub(super) fn category_mesh<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Categories>,
    names: &[String],
    y_desc: &str,
    y_format: &dyn Fn(&f64) -> String,
    label_size: u32,
) -> Result<(), Error> {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(names.len().max(1))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc(y_desc)
        .y_label_formatter(y_format)
        .label_style(font(label_size))
        .axis_desc_style(font(15))
        .draw()
        .map_err(plot_err)?;
    Ok(())
}

/// The name of unit cell `⌊x⌋` at its middle, nothing elsewhere: axis labels for rows or columns
/// of unit height or width (for rows listed top first, ask at `rows.len() - y`).
pub(super) fn name_at(names: &[String], x: f64) -> String {
    let k = (x - 0.5).round();
    if (x - 0.5 - k).abs() < 1e-9 && k >= 0.0 {
        names.get(k as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// A drawing failure as an error.
pub(super) fn plot_err<E: std::fmt::Display>(e: E) -> Error {
    Error::io("chart", std::io::Error::other(e.to_string()), "")
}
