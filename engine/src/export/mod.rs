//! Exporters: one small file per format behind one trait. Every output carries the formula name
//! and hash, is byte-identical across runs, and is written atomically.

mod csv;
mod document;
mod format;
mod json;
mod markdown;
mod meta;
mod text;
mod write;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use self::csv::write_rows as write_csv_rows;
pub use self::document::{Document, Exporter};
pub use self::format::Format;
pub use self::json::{cell_json, table_rows};
pub use self::meta::Meta;
pub use self::write::{OutputFiles, check_regular, write_atomic, write_atomic_with};
