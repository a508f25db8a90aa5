//! The look shared by every chart: the font, sizes scaled to the canvas, the colour-blind-safe
//! palettes, and drawing errors.

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

/// Ordered colours for need tiers, from the highest need (darkest) to the lowest: cividis,
/// readable with every common colour-vision deficiency and in greyscale.
const CIVIDIS: [RGBColor; 6] = [
    RGBColor(0, 34, 78),
    RGBColor(53, 70, 110),
    RGBColor(102, 105, 112),
    RGBColor(149, 143, 120),
    RGBColor(202, 185, 104),
    RGBColor(253, 231, 55),
];

/// Schools without a tier.
pub(super) const NO_TIER: RGBColor = RGBColor(190, 190, 190);

/// Okabe–Ito colours for categories and for up/down: blue, orange, vermilion, and grey.
pub(super) const BLUE: RGBColor = RGBColor(0, 114, 178);
pub(super) const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub(super) const VERMILION: RGBColor = RGBColor(213, 94, 0);
pub(super) const GREY: RGBColor = RGBColor(150, 150, 150);

/// The colour of tier `pos` of `count` tiers (a position at or past `count` has no tier).
pub(super) fn tier_colour(pos: usize, count: usize) -> RGBColor {
    if pos >= count {
        return NO_TIER;
    }
    if count <= 1 {
        return CIVIDIS[0];
    }
    // Spread the tiers over the scale, the highest need at the dark end.
    let at = pos as f64 * (CIVIDIS.len() - 1) as f64 / (count - 1) as f64;
    CIVIDIS[at.round() as usize]
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
