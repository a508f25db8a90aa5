//! Views: the tables, terminal text and JSON summaries made from results. Exporters, charts and
//! the report take them from here; nothing above parses another layer's text.

mod allocation;
mod audit;
mod compare;
mod discipline;
mod equity;
mod explain;
mod headline;
mod index;
mod run;
mod sensitivity;
mod state;
mod trend;

pub use allocation::{AllocationSummary, allocation_rows, by_tier_table};
pub use allocation::{program_findings, programs_text};
pub use audit::{
    AuditSummary, affected_table, areas_table, audit_text, groups_table, quintiles_table,
};
pub use compare::{
    CompareSummary, by_tier_now_table, changes_table, compare_findings, compare_text, cross_table,
    lines_table, shifts_rows,
};
pub use discipline::{
    discipline_findings, discipline_money_table, discipline_text, gaps_table, rates_table,
};
pub use equity::{EquitySummary, equity_findings, equity_text, horizontal_table, vertical_table};
pub(crate) use explain::explain_lead;
pub use explain::{ExplainJson, explain_text};
pub use headline::{
    concentration_headlines, index_headlines, money_headlines, tier_share_headlines,
};
pub use index::index_rows;
pub use run::{coverage_table, run_header, run_header_with, tier_counts};
pub use sensitivity::{
    SensitivitySummary, sensitivity_findings, sensitivity_table, sensitivity_text, sobol_table,
};
pub use state::{by_group_table, cost_findings, cost_text, solve_text};
pub use trend::{
    TrendSummary, transition_matrix, transitions_table, trend_findings, trend_table, trend_text,
};
