//! Charts (SVG and PNG, with plotters): allocation by tier, index distribution with tier
//! boundaries, before/after scatter of two runs, one school's contributions, dollars per pupil
//! by need quintile, rank bands, tier probabilities, per-school risk ratios by tier, and schools on a map by tier. Every chart has a title, axis labels and
//! units.

mod bars;
mod histogram;
mod map;
mod model;
mod render;
mod rows;
mod scatter;
mod strip;
mod style;

pub use model::{Bar, Chart, Point};
