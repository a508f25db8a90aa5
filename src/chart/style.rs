//! The look shared by every chart: the font, sizes scaled to the canvas, the colour-blind-safe
//! palettes, and drawing errors.

use crate::error::Error;
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
            include_bytes!("../../assets/DejaVuSans.ttf"),
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

/// A drawing failure as an error.
pub(super) fn plot_err<E: std::fmt::Display>(e: E) -> Error {
    Error::io("chart", std::io::Error::other(e.to_string()), "")
}
