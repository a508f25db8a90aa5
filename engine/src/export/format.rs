//! The output formats and their exporters.

use super::csv::Csv;
use super::document::{Document, Exporter};
use super::json::Json;
use super::markdown::Markdown;
use super::text::Text;
#[cfg(feature = "xlsx")]
use super::xlsx::Xlsx;
use crate::error::Result;

/// Output formats, named by their usual file extension (`Format::extension`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[non_exhaustive]
pub enum Format {
    /// Comma-separated values (the first table).
    #[strum(serialize = "csv")]
    Csv,
    /// JSON with metadata and every table.
    #[strum(serialize = "json")]
    Json,
    /// Markdown tables.
    #[strum(serialize = "md")]
    Markdown,
    /// Aligned plain text.
    #[strum(serialize = "txt")]
    Text,
    /// Excel workbook (one sheet per table and a metadata sheet).
    #[strum(serialize = "xlsx")]
    Xlsx,
}

impl Format {
    /// The exporter of the format.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Csv => Box::new(Csv),
            Format::Json => Box::new(Json),
            Format::Markdown => Box::new(Markdown),
            Format::Text => Box::new(Text),
            #[cfg(feature = "xlsx")]
            Format::Xlsx => Box::new(Xlsx),
            #[cfg(not(feature = "xlsx"))]
            Format::Xlsx => Box::new(NoXlsx),
        }
    }

    /// Renders a document in this format.
    pub fn render(self, doc: &Document) -> Result<Vec<u8>> {
        self.exporter().render(doc)
    }

    /// Writes the document in this format (CSV streams row blocks; others render first).
    pub fn write(self, doc: &Document, out: &mut dyn std::io::Write) -> Result<()> {
        self.exporter().write(doc, out)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        self.into()
    }

    /// The format a file extension names.
    pub fn from_extension(ext: &str) -> Option<Format> {
        <Format as strum::IntoEnumIterator>::iter().find(|f| f.extension() == ext)
    }
}

/// Excel output when the crate is built without the `xlsx` feature.
#[cfg(not(feature = "xlsx"))]
struct NoXlsx;

#[cfg(not(feature = "xlsx"))]
impl Exporter for NoXlsx {
    fn render(&self, _: &Document) -> Result<Vec<u8>> {
        Err(crate::error::Error::usage(
            "this build of seni has no Excel output",
            "rebuild with the `xlsx` feature",
        ))
    }
}
