//! `[equity]` as written.

use super::OneOrMany;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `[equity]`: which money `seni equity` judges, per how many pupils, and against which
/// poverty, wealth and student groups.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EquitySpec {
    /// The money: data columns added together, `"allocation"` (every program) or
    /// `"program:ID"` (one program), alone or with columns.
    pub(crate) money: Option<OneOrMany>,
    /// `per_pupil` (default: the columns are dollars per pupil) or `total` (dollars, divided
    /// by the pupils).
    pub(crate) money_is: Option<String>,
    /// What the money is, in words (e.g. "State and local revenue per child").
    pub(crate) label: Option<String>,
    /// The pupils column: the weight of each row (default: the allocation's pupils, else the
    /// `[data]` enrolment).
    pub(crate) pupils: Option<String>,
    /// A cost index (1 = average) the money is divided by, e.g. a comparable wage index.
    pub(crate) cost: Option<String>,
    /// A text column the statistics are also computed within (default: the `[data]` group).
    pub(crate) by: Option<String>,
    /// Poverty: a column of the percentage of pupils who are poor (`"pct_pov"`), a count column
    /// (`"low_income_count"`), or `{ share = "…", per = 100, moe = "…", moe_level = 0.9 }` /
    /// `{ count = "…" }`.
    pub(crate) poverty: Option<toml::Value>,
    /// The extra weight of a poor pupil in the quartile gap (Ed Trust's 0.4; default 0).
    pub(crate) poverty_weight: Option<f64>,
    /// A wealth column (e.g. property value per pupil) for fiscal neutrality.
    pub(crate) wealth: Option<String>,
    /// Columns held at their means in the regression of money on poverty.
    #[serde(default)]
    pub(crate) controls: Vec<String>,
    /// The two poverty rates (%) the regression predicts money at (default [30, 5]).
    pub(crate) predict: Option<Vec<f64>>,
    /// Student groups: label → a share or count column, as `poverty`, with
    /// `complement = true` for "everyone but" a share (students of colour from `pct_white`).
    #[serde(default)]
    pub(crate) groups: IndexMap<String, toml::Value>,
}
