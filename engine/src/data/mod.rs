//! Reading district data: CSV files (one pass that reads a formula's numeric columns as numbers),
//! or columns an embedder holds (a polars frame with the `polars` feature), then the columns a
//! formula needs as plain vectors with every cell checked.
//!
//! Every cell problem is reported with the file, the data row (1 = first row after the header),
//! the column and what to do.

mod cells;
mod columns;
mod district;
mod extract;
mod join;
mod periods;
mod plausible;
#[cfg(feature = "polars")]
mod polars;
mod read;
mod scan;
mod shape;
mod table;
mod text;

pub use columns::Column;
pub use district::District;
pub use read::read_file;
pub use read::{MAX_BYTES, MAX_CELL, MAX_COLUMNS};
pub use text::TextTable;
