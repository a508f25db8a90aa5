//! The checked, immutable [`Formula`] and the ways to load one.

use super::allocation::Allocation;
use super::audit::AuditConfig;
use super::layers::LoadedSpec;
use super::model::{ColumnUse, DataConfig, Domain, Indicator};
use super::source::BUNDLED;
use super::uncertainty::Uncertainty;
use crate::error::Location;
use crate::tiers::Tiers;

/// A checked, immutable formula.
#[derive(Debug, Clone)]
pub struct Formula {
    /// Short name.
    pub name: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Method source.
    pub source: String,
    /// Notes.
    pub notes: Vec<String>,
    /// First 16 hex digits of the SHA-256 of the effective formula (after scenarios and overrides).
    pub hash: String,
    /// Scenarios applied.
    pub scenarios: Vec<String>,
    /// Data settings.
    pub data: DataConfig,
    /// Indicators in formula order.
    pub indicators: Vec<Indicator>,
    /// Aggregates, children before parents; the last is the index.
    pub domains: Vec<Domain>,
    /// Tiers of the index.
    pub tiers: Option<Tiers>,
    /// Text written for a missing value in outputs (`[output] missing`).
    pub missing_text: String,
    /// Write raw indicator values too.
    pub(crate) write_raw: bool,
    /// Every data column read, for validation against a data file.
    pub(crate) columns: Vec<ColumnUse>,
    /// Allocation rules.
    pub(crate) allocation: Option<Allocation>,
    /// Uncertain inputs (`[uncertainty]`) for sensitivity runs.
    pub(crate) uncertainty: Option<Uncertainty>,
    /// Outcomes compared by student group (`[audit]`).
    pub audit: Option<AuditConfig>,
    /// The loaded layers (for locating problems found later).
    pub(crate) loaded: LoadedSpec,
}

impl Formula {
    /// The names of the bundled formulas.
    pub fn bundled_names() -> Vec<&'static str> {
        BUNDLED.iter().map(|(n, _)| *n).collect()
    }

    /// The index aggregate.
    pub fn index(&self) -> &Domain {
        self.domains.last().expect("a formula always has an index")
    }

    /// Position of an indicator by id.
    pub fn indicator_pos(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    /// Whether the formula allocates money (has an `[allocation]`).
    pub fn allocates(&self) -> bool {
        self.allocation.is_some()
    }

    /// The data columns the formula reads.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.column.as_str())
    }

    /// Where in the formula files a key path is set.
    pub(crate) fn locate(&self, path: &[&str]) -> Location {
        self.loaded.locate(path)
    }

    /// Aggregates in the order the formula file lists them, then the index (output order).
    pub(crate) fn domain_output_order(&self) -> Vec<usize> {
        let ids = self.loaded.spec.domains.keys();
        let mut order: Vec<usize> =
            ids.filter_map(|id| self.domains.iter().position(|d| &d.id == id)).collect();
        order.push(self.domains.len() - 1);
        order
    }
}

impl std::fmt::Display for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.hash)
    }
}
