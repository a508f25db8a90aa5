//! The checked `[equity]`: the money `seni equity` judges, the pupils it is shared among, and
//! the poverty, wealth and student groups it is judged against.

/// One part of the money: a data column, the allocation, or one program of it.
#[derive(Debug, Clone, PartialEq)]
pub enum MoneyPart {
    /// A data column (dollars per pupil, or dollars with `money_is = "total"`).
    Column(String),
    /// The run's allocation, every program (and hold-harmless on top).
    Allocation,
    /// One program of the run's allocation.
    Program(String),
}

impl MoneyPart {
    /// A part as written: `allocation`, `program:ID`, or a column.
    pub fn parse(term: &str) -> Option<MoneyPart> {
        let t = term.trim();
        Some(match t.strip_prefix("program:") {
            _ if t.is_empty() => return None,
            Some(id) => MoneyPart::Program(id.trim().to_string()),
            None if t == "allocation" => MoneyPart::Allocation,
            None => MoneyPart::Column(t.to_string()),
        })
    }
}

/// The money in words, as `[equity]` says it when it gives no `label`: "allocation per pupil",
/// "program seni per pupil", "state_per_child + local_per_child" (columns per pupil), or
/// "(a + b) per pupil" (totals).
pub fn money_label(parts: &[MoneyPart], total: bool) -> String {
    let names: Vec<String> = parts
        .iter()
        .map(|p| match p {
            MoneyPart::Column(c) => c.clone(),
            MoneyPart::Allocation => "allocation".into(),
            MoneyPart::Program(id) => format!("program {id}"),
        })
        .collect();
    let per_pupil_columns = !total && parts.iter().all(|p| matches!(p, MoneyPart::Column(_)));
    match (per_pupil_columns, names.len()) {
        (true, _) => names.join(" + "),
        (false, 1) => format!("{} per pupil", names[0]),
        (false, _) => format!("({}) per pupil", names.join(" + ")),
    }
}

/// How a share of pupils is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShareKind {
    /// A share of the pupils, where `per` is a whole share (100 for percentages, 1 for fractions).
    Share {
        /// What a whole share is.
        per: f64,
    },
    /// A count of pupils.
    Count,
}

/// A share of pupils: poverty, or a student group.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilShare {
    /// Label, e.g. "Children in poverty" or "Students of colour".
    pub label: String,
    /// Columns added together.
    pub columns: Vec<String>,
    /// A share or a count.
    pub kind: ShareKind,
    /// Everyone but the share (students of colour from the share of white students).
    pub complement: bool,
    /// The margin of error column of the (single) column, and the z of its level.
    pub moe: Option<(String, f64)>,
}

/// The checked `[equity]` of a formula (or its defaults: the allocation per pupil).
#[derive(Debug, Clone, PartialEq)]
pub struct EquityConfig {
    /// The money, its parts added together.
    pub money: Vec<MoneyPart>,
    /// Whether the money columns are totals (divided by the pupils) rather than per pupil.
    pub money_total: bool,
    /// What the money is, in words.
    pub label: String,
    /// The pupils column (None: the allocation's pupils).
    pub pupils: Option<String>,
    /// The cost index the money is divided by.
    pub cost: Option<String>,
    /// The text column the statistics are computed within.
    pub by: Option<String>,
    /// Poverty.
    pub poverty: Option<PupilShare>,
    /// The extra weight of a poor pupil in the quartile gap (0: none).
    pub poverty_weight: f64,
    /// A wealth column.
    pub wealth: Option<String>,
    /// Controls of the regression of money on poverty.
    pub controls: Vec<String>,
    /// The high and low poverty rates (%) the regression predicts money at.
    pub predict: (f64, f64),
    /// Student groups.
    pub groups: Vec<PupilShare>,
}

impl EquityConfig {
    /// The defaults of a formula without `[equity]`: the allocation per pupil of its pupils,
    /// within its `[data]` group.
    pub(crate) fn allocation(group: Option<&String>) -> EquityConfig {
        EquityConfig {
            money: vec![MoneyPart::Allocation],
            money_total: true,
            label: "allocation per pupil".into(),
            pupils: None,
            cost: None,
            by: group.cloned(),
            poverty: None,
            poverty_weight: 0.0,
            wealth: None,
            controls: Vec::new(),
            predict: (30.0, 5.0),
            groups: Vec::new(),
        }
    }
}
