//! Facts every output carries: formula name and hash, scenarios, data and its hash, version,
//! warnings.

use crate::index::Computation;
use serde::Serialize;

/// Facts every output carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Formula name.
    pub formula: String,
    /// Formula hash.
    pub formula_hash: String,
    /// Scenarios applied.
    pub scenarios: Vec<String>,
    /// Data source.
    pub data: String,
    /// Data hash.
    pub data_hash: String,
    /// seni version.
    pub version: String,
    /// Warnings raised while reading and computing.
    pub warnings: Vec<String>,
    /// Whether this is the metadata of two runs compared (`formula` then names both, with their
    /// hashes: `A: … | B: …`).
    pub compared: bool,
    /// Parameters a solve found (`name = value`); the hash is then the formula's with them set.
    pub solved: Vec<String>,
}

impl Meta {
    /// Metadata of a computation.
    pub fn of(c: &Computation) -> Meta {
        // Warnings that change money or tiers first, then how the data were read, then the rest.
        let mut warnings = c.consequential_warnings().to_vec();
        warnings.extend(c.district.notes().iter().cloned());
        warnings.extend(c.warnings[c.consequential..].iter().cloned());
        Meta {
            formula: c.formula.name.clone(),
            formula_hash: c.formula.hash.clone(),
            scenarios: c.formula.scenarios.clone(),
            data: c.district.source.clone(),
            data_hash: c.district.source_hash.clone(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            warnings,
            compared: false,
            solved: Vec::new(),
        }
    }

    /// The metadata of a run whose solve found parameters: the hash of the formula with their
    /// values set, and the values.
    pub fn with_solved(mut self, formula_hash: &str, values: Vec<String>) -> Meta {
        self.formula_hash = formula_hash.to_string();
        self.solved = values;
        self
    }

    /// Metadata of two runs compared: both labels and both hashes, B's data.
    pub fn compared(a: &Computation, a_label: &str, b: &Computation, b_label: &str) -> Meta {
        let mut meta = Meta::of(b);
        meta.formula = format!("A: {a_label} | B: {b_label}");
        meta.formula_hash = format!("{} | {}", a.formula.hash, b.formula.hash);
        meta.compared = true;
        meta
    }

    /// The JSON `metadata` object.
    pub(crate) fn json(&self) -> MetaJson<'_> {
        MetaJson {
            formula: &self.formula,
            formula_hash: &self.formula_hash,
            scenarios: &self.scenarios,
            data: &self.data,
            data_hash: &self.data_hash,
            seni_version: &self.version,
            warnings: self.warnings.len(),
            warning_messages: &self.warnings,
            solved: &self.solved,
        }
    }

    /// The JSON `metadata` object, as a value.
    pub fn json_value(&self) -> serde_json::Value {
        serde_json::to_value(self.json()).expect("metadata serialises")
    }

    /// Lines for a comment header or a metadata sheet.
    pub fn lines(&self) -> Vec<(String, String)> {
        let solved = (!self.solved.is_empty()).then(|| ("solved".into(), self.solved.join("; ")));
        let mut lines = vec![
            ("formula".into(), self.formula.clone()),
            ("formula_hash".into(), self.formula_hash.clone()),
            ("scenarios".into(), self.scenarios.join("; ")),
            ("data".into(), self.data.clone()),
            ("data_hash".into(), self.data_hash.clone()),
            ("seni_version".into(), self.version.clone()),
            ("warnings".into(), self.warnings.len().to_string()),
        ];
        lines.extend(solved);
        lines
    }
}

/// The JSON `metadata` object.
#[derive(Serialize)]
pub(crate) struct MetaJson<'a> {
    formula: &'a str,
    formula_hash: &'a str,
    scenarios: &'a [String],
    data: &'a str,
    data_hash: &'a str,
    seni_version: &'a str,
    warnings: usize,
    warning_messages: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    solved: &'a [String],
}
