//! `[audit]` as written.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `[audit]`: student groups and outcomes (suspensions, police contact) to audit by group.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuditSpec {
    /// Student groups: label → column of the group's students per school, or
    /// `{ share = "pct_black", of = "children" }` (a percentage of a count column; `per = 1`
    /// when the share is a fraction).
    #[serde(default)]
    pub(crate) groups: IndexMap<String, toml::Value>,
    /// The group every other group's rate is compared with (e.g. "white").
    pub(crate) reference: Option<String>,
    /// Least students of each group for a school's (or area's) ratio (default 10).
    pub(crate) min_population: Option<f64>,
    /// Least students with the outcome in both groups together (default 5).
    pub(crate) min_events: Option<f64>,
    /// A school's ratio at or above this is a large gap (default 2).
    pub(crate) gap_ratio: Option<f64>,
    /// Schools listed per gap (default 10).
    pub(crate) top: Option<usize>,
    /// Outcomes keyed by id, in output order.
    #[serde(default)]
    pub(crate) outcomes: IndexMap<String, OutcomeSpec>,
}

/// `[audit.outcomes.ID]`: students with an outcome, in all and by group.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutcomeSpec {
    /// Human label, e.g. "Out-of-school suspension".
    pub(crate) label: Option<String>,
    /// Column of all students with the outcome (rates per 100 enrolled).
    pub(crate) all: Option<String>,
    /// Group label → column of the group's students with the outcome.
    #[serde(default)]
    pub(crate) by_group: IndexMap<String, String>,
    /// What the columns count: `students` (default) or `events` (a student may count several
    /// times, e.g. suspensions).
    pub(crate) counts: Option<String>,
}
