//! The checked, immutable [`Formula`] and the ways to load one.

use super::allocation::Allocation;
use super::audit::AuditConfig;
use super::equity::EquityConfig;
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
    pub(crate) name: String,
    /// Title.
    pub(crate) title: String,
    /// One-line description.
    pub(crate) description: String,
    /// Method source.
    pub(crate) source: String,
    /// Notes.
    pub(crate) notes: Vec<String>,
    /// First 16 hex digits of the SHA-256 of the effective formula (after scenarios and overrides).
    pub(crate) hash: String,
    /// Scenarios applied.
    pub(crate) scenarios: Vec<String>,
    /// Data settings.
    pub(crate) data: DataConfig,
    /// Indicators in formula order.
    pub(crate) indicators: Vec<Indicator>,
    /// Aggregates, children before parents; the last is the index.
    pub(crate) domains: Vec<Domain>,
    /// Tiers of the index.
    pub(crate) tiers: Option<Tiers>,
    /// Text written for a missing value in outputs (`[output] missing`).
    pub(crate) missing_text: String,
    /// Write raw indicator values too.
    pub(crate) write_raw: bool,
    /// Every data column read, for validation against a data file.
    pub(crate) columns: Vec<ColumnUse>,
    /// Allocation rules.
    pub(crate) allocation: Option<Allocation>,
    /// Uncertain inputs (`[uncertainty]`) for sensitivity runs.
    pub(crate) uncertainty: Option<Uncertainty>,
    /// Outcomes compared by student group (`[audit]`).
    pub(crate) audit: Option<AuditConfig>,
    /// The money, pupils, poverty and groups of `seni equity` (`[equity]`).
    pub(crate) equity: Option<EquityConfig>,
    /// The loaded layers (for locating problems found later).
    pub(crate) loaded: LoadedSpec,
}

impl Formula {
    /// Short name, e.g. `seni` or `cdc-svi-2018`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// One-line description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Where the method comes from.
    pub fn method_source(&self) -> &str {
        &self.source
    }

    /// Notes on the choices made.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// First 16 hex digits of the SHA-256 of the effective formula (after scenarios and changes):
    /// every output carries it.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Names of the scenarios applied.
    pub fn scenarios(&self) -> &[String] {
        &self.scenarios
    }

    /// Data settings: id, name, group, enrolment, filters, periods.
    pub fn data(&self) -> &DataConfig {
        &self.data
    }

    /// Indicators in formula order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// Aggregates, children before parents; the last is the index.
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// Tiers of the index, when the formula has them.
    pub fn tiers(&self) -> Option<&Tiers> {
        self.tiers.as_ref()
    }

    /// Text written for a missing value in outputs (`[output] missing`).
    pub fn missing_text(&self) -> &str {
        &self.missing_text
    }

    /// Outcomes compared by student group (`[audit]`).
    pub fn audit(&self) -> Option<&AuditConfig> {
        self.audit.as_ref()
    }

    /// The money, pupils, poverty and groups of `seni equity` (`[equity]`).
    pub fn equity(&self) -> Option<&EquityConfig> {
        self.equity.as_ref()
    }

    /// Uncertain inputs (`[uncertainty]`), for sensitivity runs.
    pub fn uncertainty(&self) -> Option<&Uncertainty> {
        self.uncertainty.as_ref()
    }

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
