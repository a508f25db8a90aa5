//! Charts (SVG and PNG, with plotters): allocation by tier, index distribution with tier
//! boundaries, before/after scatter of two runs, one school's contributions, dollars per pupil
//! by need quintile, rank bands, tier probabilities, per-school risk ratios by tier, schools on a map by tier, tier flows between periods and one school's rank over time. Every chart has a title, axis labels and
//! units.

mod bars;
mod change;
mod flow;
mod histogram;
mod look;
mod map;
mod model;
mod need;
mod questions;
mod render;
mod rows;
mod scatter;
mod strip;
mod style;

pub use look::{Look, Size};
pub use model::{Bar, Chart, Point};
