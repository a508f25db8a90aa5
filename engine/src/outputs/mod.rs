//! What each analysis outputs, said once: its named tables, its charts, its summary, its
//! headline findings and its terminal text. The command line writes them, the report lays them
//! out, the Python package returns them and the what-if page draws them; none of them chooses
//! the tables of an analysis on its own.

mod allocate;
mod audit;
mod compare;
mod compute;
mod equity;
mod explain;
mod sensitivity;
mod trend;
mod validate;

/// The lines that open every command's terminal text: formula, data, coverage and warnings.
pub use crate::view::{run_header, run_header_with};
pub use allocate::allocate;
pub use audit::audit;
pub use compare::compare;
pub use compute::compute;
pub use equity::equity;
pub use explain::explain;
pub use sensitivity::sensitivity;
pub use trend::trend;
pub use validate::validate;

use crate::chart::{Chart, ChartKind};
use crate::export::{Document, Meta, table_rows};
use crate::table::{LazyTable, Table, TableName, Tabular};
use serde::Serialize;

/// A table of an analysis: held, or made row by row as it is written (per-school tables).
pub enum OutputTable<'a> {
    /// Every row held.
    Held(Table),
    /// Rows made on demand.
    Lazy(LazyTable<'a>),
}

impl OutputTable<'_> {
    /// The table, to read or write.
    pub fn tabular(&self) -> &dyn Tabular {
        match self {
            OutputTable::Held(t) => t,
            OutputTable::Lazy(t) => t,
        }
    }
}

/// The outputs of one analysis of a run.
pub struct Outputs<'a> {
    meta: Meta,
    tables: Vec<OutputTable<'a>>,
    charts: Vec<Chart>,
    summary: Option<(&'static str, serde_json::Value)>,
    findings: Vec<String>,
    text: String,
    missing: String,
}

impl<'a> Outputs<'a> {
    fn new(meta: Meta) -> Outputs<'a> {
        Outputs {
            meta,
            tables: Vec::new(),
            charts: Vec::new(),
            summary: None,
            findings: Vec::new(),
            text: String::new(),
            missing: String::new(),
        }
    }

    fn held(&mut self, t: Table) {
        self.tables.push(OutputTable::Held(t));
    }

    fn held_all(&mut self, t: impl IntoIterator<Item = Table>) {
        for t in t {
            self.held(t);
        }
    }

    fn lazy(&mut self, t: LazyTable<'a>) {
        self.tables.push(OutputTable::Lazy(t));
    }

    fn summary_as(&mut self, key: &'static str, value: impl Serialize) {
        self.summary = Some((key, serde_json::to_value(value).expect("summaries serialise")));
    }

    /// Formula, data and version facts of the run (both runs, for a comparison).
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The tables, in output order (the first is the per-school table where there is one).
    pub fn tables(&self) -> impl Iterator<Item = &dyn Tabular> {
        self.tables.iter().map(OutputTable::tabular)
    }

    /// A table by name.
    pub fn table(&self, name: TableName) -> Option<&dyn Tabular> {
        self.tables().find(|t| t.name() == name.as_str())
    }

    /// The charts that answer the analysis's question, with the finding as the title.
    pub fn charts(&self) -> &[Chart] {
        &self.charts
    }

    /// The summary (its JSON key, and the value as in `--format json`).
    pub fn summary(&self) -> Option<(&'static str, &serde_json::Value)> {
        self.summary.as_ref().map(|(k, v)| (*k, v))
    }

    /// Headline sentences, computed from the run, for people to read first.
    pub fn findings(&self) -> &[String] {
        &self.findings
    }

    /// The terminal text (header, tables and findings).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// As JSON, as `--format json` writes it (metadata, summary, each table's rows) with the
    /// findings and the charts as data — only the tables and charts `tables` and `charts` keep.
    pub fn to_json(
        &self,
        tables: &dyn Fn(&str) -> bool,
        charts: &dyn Fn(ChartKind) -> bool,
    ) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        root.insert("metadata".into(), self.meta.json_value());
        if let Some((k, v)) = &self.summary {
            root.insert(k.to_string(), v.clone());
        }
        for t in self.tables().filter(|t| tables(t.name())) {
            root.insert(t.name().to_string(), table_rows(t));
        }
        root.insert("findings".into(), self.findings.clone().into());
        let kept: Vec<&Chart> = self.charts.iter().filter(|c| charts(c.kind())).collect();
        root.insert("charts".into(), serde_json::to_value(kept).expect("charts serialise"));
        serde_json::Value::Object(root)
    }

    /// The document an exporter writes: every table, the summary and the metadata.
    pub fn document(&self, header_comment: bool) -> Document<'_> {
        Document {
            tables: self.tables().collect(),
            meta: &self.meta,
            missing: &self.missing,
            summary: self.summary.clone(),
            header_comment,
        }
    }
}
