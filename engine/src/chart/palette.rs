//! The colours of every picture, as data: cividis for need tiers (highest need darkest) and
//! Okabe–Ito for categories and for up/down — readable with every common colour-vision
//! deficiency. The drawn charts (`charts` feature) and the what-if page (which receives them in
//! its answers) take their colours from here.

use serde::{Deserialize, Serialize};

/// A colour as red, green and blue.
pub type Rgb = (u8, u8, u8);

/// Cividis, from the highest need (darkest) to the lowest.
pub const CIVIDIS: [Rgb; 6] =
    [(0, 34, 78), (53, 70, 110), (102, 105, 112), (149, 143, 120), (202, 185, 104), (253, 231, 55)];

/// Rows without a tier.
pub const NO_TIER: Rgb = (190, 190, 190);
/// Okabe–Ito blue: more (money, need), and the run with the changes.
pub const BLUE: Rgb = (0, 114, 178);
/// Okabe–Ito orange.
pub const ORANGE: Rgb = (230, 159, 0);
/// Okabe–Ito vermilion: less.
pub const VERMILION: Rgb = (213, 94, 0);
/// Grey: the run as shipped, reference lines.
pub const GREY: Rgb = (150, 150, 150);
/// Vermilion darkened for text (5.8:1 on white; the bright one is 3.9:1, too light to read).
pub const VERMILION_TEXT: Rgb = (168, 74, 0);

/// The colour of tier `pos` of `count` tiers (a position at or past `count` has no tier).
pub fn tier_colour(pos: usize, count: usize) -> Rgb {
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

/// A colour as CSS writes it, e.g. `#00224e`.
pub fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The colours a page draws with, as CSS colours: one per tier (and the untiered), up and down
/// (for marks and, darker where needed, for text), the run as shipped and the run now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Palette {
    /// Tier `i` of the formula's tiers, highest need first.
    pub tiers: Vec<String>,
    /// Rows without a tier.
    pub no_tier: String,
    /// A gain (marks and text).
    pub up: String,
    /// A loss (marks).
    pub down: String,
    /// A loss (text: dark enough to read on white).
    pub down_text: String,
    /// The run as shipped.
    pub base: String,
    /// The run with the changes.
    pub now: String,
}

impl Palette {
    /// The palette for `count` tiers.
    pub fn for_tiers(count: usize) -> Palette {
        Palette {
            tiers: (0..count).map(|i| hex(tier_colour(i, count))).collect(),
            no_tier: hex(NO_TIER),
            up: hex(BLUE),
            down: hex(VERMILION),
            down_text: hex(VERMILION_TEXT),
            base: hex(GREY),
            now: hex(BLUE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_spread_over_cividis_darkest_first() {
        assert_eq!(hex(tier_colour(0, 5)), "#00224e");
        assert_eq!(tier_colour(4, 5), CIVIDIS[5]);
        assert_eq!(tier_colour(1, 3), CIVIDIS[3]); // 2.5 rounds half away from zero
        assert_eq!(tier_colour(5, 5), NO_TIER);
        assert_eq!(Palette::for_tiers(3).tiers, ["#00224e", "#958f78", "#fde737"]);
    }
}
