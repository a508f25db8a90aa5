//! Reading district data: CSV files (through polars' reader) or a polars frame, then the columns a
//! formula needs as plain vectors with every cell checked.
//!
//! Every cell problem is reported with the file, the data row (1 = first row after the header),
//! the column and what to do.

mod cells;
mod district;
mod extract;
mod frame;
mod join;
mod periods;
mod plausible;
mod read;
mod shape;
mod table;

pub use district::District;
#[cfg(feature = "cli")]
pub(crate) use read::read_csv_select;
pub use read::{MAX_BYTES, MAX_CELL, MAX_COLUMNS};
#[cfg(feature = "cli")]
pub(crate) use table::RawTable;
