//! The look shared by every chart: the font, the tier palette, and drawing errors.

use crate::error::Error;
use plotters::prelude::*;
use std::sync::Once;

pub(super) const FONT: &str = "sans-serif";
static FONT_ONCE: Once = Once::new();

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

/// Tier colours from highest need (dark) to lowest.
pub(super) const PALETTE: [RGBColor; 6] = [
    RGBColor(128, 0, 38),
    RGBColor(215, 48, 39),
    RGBColor(244, 109, 67),
    RGBColor(253, 174, 97),
    RGBColor(254, 224, 139),
    RGBColor(170, 170, 170),
];

/// A drawing failure as an error.
pub(super) fn plot_err<E: std::fmt::Display>(e: E) -> Error {
    Error::io("chart", std::io::Error::other(e.to_string()), "")
}
