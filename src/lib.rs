//! # seni — student equity need index
//!
//! A library (and the `seni` command-line tool) that turns school-level data into a need index,
//! sorts schools into need tiers and allocates a budget across them. A formula is data: a TOML
//! file (see `formulas/README.md`) loaded and checked into a [`Formula`].
//!
//! ```no_run
//! use seni::{District, Formula, allocate, compute, explain};
//! let formula = Formula::bundled("seni")?;
//! let district = District::load(&[], &formula)?; // the bundled sample district
//! let result = compute(&formula, district)?;     // index, domains, ranks, tiers
//! let money = allocate(&result)?;                // cents per school, per program
//! let top = result.top_school().expect("a ranked school");
//! let why = explain(&result, Some(&money), top);  // contributions, boundaries, money
//! println!("{}: index {:?}, {} cents", why.name, why.index, money.total[top]);
//! # Ok::<(), seni::Error>(())
//! ```
//!
//! The layers, from the bottom: numbers → normalisers and tiers → formula → data → index →
//! allocation → analyses → tables and views → exports → charts → report → commands. Each looks
//! only down; see `ARCHITECTURE.md`.

#![deny(missing_docs)]

mod allocate;
mod analysis;
#[cfg(feature = "charts")]
mod chart;
#[cfg(feature = "cli")]
mod cmd;
mod data;
mod error;
mod export;
mod formula;
mod index;
mod normalise;
mod num;
#[cfg(feature = "charts")]
mod report;
mod sample;
#[cfg(feature = "cli")]
mod starter;
mod table;
mod tiers;
mod view;

pub use allocate::{
    AllocationResult, Bound, BudgetLine, HoldHarmlessResult, ProgramResult, TierRow, allocate,
    by_tier,
};
pub use analysis::audit::{
    AffectedRow, Audit, Group, GroupRow, QuintileRow, audit, audit_groups, count_columns, groups,
    read_ids,
};
pub use analysis::compare::{Comparison, IndicatorShift, Run, SchoolChange, compare};
pub use analysis::discipline::{
    Discipline, GapList, MoneyRow, Rate, RateRow, SchoolGap, discipline,
};
pub use analysis::explain::{
    Change, DomainLine, Explanation, IndicatorLine, MoneyLine, Status, TierMove, explain,
    find_school,
};
pub use analysis::sensitivity::{
    SchoolBand, Sensitivity, SensitivityOptions, SobolLine, SobolResult, sensitivity,
};
pub use analysis::trend::{BigMove, Transition, Trend, TrendRow, most_moved, trend};
#[cfg(feature = "charts")]
pub use chart::{Bar, Chart, Look, Point, Size};
#[cfg(feature = "cli")]
pub use cmd::run as run_cli;
pub use data::{District, MAX_BYTES, MAX_CELL, MAX_COLUMNS};
pub use error::{Error, ErrorKind, Location, Problem, Result};
pub use export::{Document, Exporter, Format, Meta, write_atomic, write_atomic_with};
pub use formula::{
    Action, Aggregation, AggregationChoice, AuditConfig, Checks, Child, ColumnUse, DataConfig,
    Direction, Disparity, Domain, Extra, Filter, Formula, FormulaSource, Funding, Impute,
    Indicator, Measure, MissingChoice, MissingRule, NormaliserChoice, Outcome, StudentGroup,
    UncertainInput, Uncertainty, ValueSource, Weight, WeightDist, ZeroEvents,
};
pub use index::{
    Computation, DomainValues, IndicatorCoverage, IndicatorValues, RowWeights, compute,
};
pub use normalise::{Form, Normaliser, Ties, Transform, Zeros};
pub use num::CutRule;
pub use sample::{SampleOptions, generate as generate_sample};
pub use table::{Cell, LazyTable, Table, Tabular};
pub use tiers::{Floor, TierOrder, TierRule, Tiers};
pub use view::{
    AllocationSummary, AuditSummary, CompareSummary, ExplainJson, SensitivitySummary, TrendSummary,
    affected_table, allocation_rows, allocation_table, audit_findings, audit_text, by_tier_table,
    changes_table, compare_text, coverage_table, cross_table, discipline_findings,
    discipline_money_table, discipline_text, explain_text, gaps_table, groups_table, index_rows,
    index_table, programs_text, quintiles_table, rates_table, run_header, run_header_with,
    samples_csv, sensitivity_table, sensitivity_text, shifts_rows, shifts_table, sobol_table,
    tier_counts, transition_matrix, transitions_table, trend_findings, trend_table, trend_text,
};
