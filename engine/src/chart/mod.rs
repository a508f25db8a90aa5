//! Charts: what each picture shows, as data built from analyses ([`Chart`]: allocation by tier,
//! index distribution with tier boundaries, before/after scatter of two runs, one school's
//! contributions, dollars per pupil by need quintile, rank bands, tier probabilities, per-school
//! risk ratios by tier, schools on a map by tier, tier flows between periods, one school's rank
//! over time …), and — with the `charts` feature — drawn as SVG and PNG with plotters. Every
//! chart has a title (the finding), axis labels and units.

mod look;
mod model;
pub mod palette;
mod questions;

#[cfg(feature = "charts")]
mod bars;
#[cfg(feature = "charts")]
mod change;
#[cfg(feature = "charts")]
mod flow;
#[cfg(feature = "charts")]
mod histogram;
#[cfg(feature = "charts")]
mod map;
#[cfg(feature = "charts")]
mod need;
#[cfg(feature = "charts")]
mod render;
#[cfg(feature = "charts")]
mod rows;
#[cfg(feature = "charts")]
mod scatter;
#[cfg(feature = "charts")]
mod strip;
#[cfg(feature = "charts")]
mod style;

pub use look::{Look, Size};
pub use model::{Bar, Chart, ChartKind, Point, RatioRow};
