//! The checked `[audit]`: student groups, a reference group, and outcomes (suspensions, police
//! contact) whose rates are compared by group.

/// The one rule for student-group count columns: a column named `<group>_count` counts the
/// students of a group (an audit reads them with the data, labelled `<group>`), unless the
/// caller names the group columns itself.
pub fn is_group_column(column: &str, named: &[String]) -> bool {
    if named.is_empty() {
        column.ends_with(GROUP_SUFFIX)
    } else {
        named.iter().any(|g| g == column)
    }
}

/// A group column's label: its name without `_count`.
pub fn group_label(column: &str) -> &str {
    column.strip_suffix(GROUP_SUFFIX).unwrap_or(column)
}

/// The suffix of a student-group count column.
pub(crate) const GROUP_SUFFIX: &str = "_count";

/// A student group: label and the column of its students per school.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentGroup {
    /// Label, e.g. "Black".
    pub label: String,
    /// Column of the group's students per school (or of its share, with `share_of`).
    pub column: String,
    /// When `column` is a share: the count column it is a share of, and what a whole share is
    /// (100 for percentages, 1 for fractions).
    pub share_of: Option<(String, f64)>,
}

/// An outcome counted in students (e.g. students suspended out of school at least once) or in
/// events (suspensions: a student may count several times).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Id (output names).
    pub id: String,
    /// Label, e.g. "Out-of-school suspension".
    pub label: String,
    /// Column of all students with the outcome (rates per 100 enrolled), if reported.
    pub all: Option<String>,
    /// (group position, column of the group's students with the outcome).
    pub by_group: Vec<(usize, String)>,
    /// What the columns count.
    pub counts: crate::formula::model::Counts,
}

/// The checked `[audit]` of a formula.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditConfig {
    /// Student groups.
    pub groups: Vec<StudentGroup>,
    /// Position of the reference group, if any.
    pub reference: Option<usize>,
    /// Least students of each group for a ratio.
    pub min_population: f64,
    /// Least students with the outcome in both groups together for a ratio.
    pub min_events: f64,
    /// A ratio at or above this is a large gap.
    pub gap_ratio: f64,
    /// Schools listed per gap.
    pub top: usize,
    /// Outcomes in output order.
    pub outcomes: Vec<Outcome>,
}
