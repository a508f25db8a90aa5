//! Output tables: named columns of typed cells. Views build them from analyses; exporters write
//! them as CSV, JSON, Markdown, Excel or aligned text.

use crate::num::{cents_text, dollars, fixed, format_num, thousands};
use std::borrow::Cow;

/// A cell of an output table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (`NaN` = missing), optionally rounded for display.
    Num(f64, Option<u32>),
    /// A whole number.
    Int(i64),
    /// Money in cents.
    Money(i64),
    /// Dollars that are not whole cents (e.g. per pupil), written with 2 decimals.
    Dollars(f64),
    /// Missing.
    Missing,
}

impl Cell {
    /// A number cell, missing when `NaN`.
    pub fn num(x: f64) -> Cell {
        if x.is_nan() { Cell::Missing } else { Cell::Num(x, None) }
    }

    /// A rounded number cell, missing when `NaN`.
    pub fn rounded(x: f64, d: Option<u32>) -> Cell {
        if x.is_nan() { Cell::Missing } else { Cell::Num(x, d) }
    }

    /// A whole-number cell, missing when None.
    pub fn count(x: Option<usize>) -> Cell {
        x.map(|v| Cell::Int(v as i64)).unwrap_or(Cell::Missing)
    }

    /// Dollars per pupil, missing when None.
    pub fn dollars(x: Option<f64>) -> Cell {
        x.map(Cell::Dollars).unwrap_or(Cell::Missing)
    }

    /// Text for files (CSV, Markdown): `missing` for a missing cell.
    pub fn text(&self, missing: &str) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(x, None) => format_num(*x),
            Cell::Num(x, Some(d)) => fixed(*x, *d),
            Cell::Int(i) => i.to_string(),
            Cell::Money(c) => cents_text(*c),
            Cell::Dollars(x) => fixed(*x, 2),
            Cell::Missing => missing.to_string(),
        }
    }

    /// Text as people read it in terminals and reports: money and dollar amounts with `$` and
    /// thousands separators, everything else as in files (`–` for missing).
    pub fn human(&self) -> String {
        match self {
            Cell::Money(m) => dollars(*m),
            Cell::Dollars(x) => dollars((x * 100.0).round() as i64),
            other => other.text("–"),
        }
    }

    /// Text as people read it on a page (the report, the what-if page): counts and whole
    /// numbers with thousands separators, other numbers to 3 decimals (or the column's own
    /// rounding), money in dollars and cents, `–` for missing.
    pub fn reading(&self) -> String {
        match self {
            Cell::Num(x, None) if x.fract() == 0.0 && x.abs() < 1e15 => signed_thousands(*x as i64),
            Cell::Num(x, None) => fixed(*x, 3),
            Cell::Int(i) => signed_thousands(*i),
            other => other.human(),
        }
    }

    /// The number a column sorts by (money in dollars; missing below every number), or None
    /// for text.
    pub fn sort_key(&self) -> Option<f64> {
        match self {
            Cell::Text(_) => None,
            Cell::Num(x, _) | Cell::Dollars(x) => Some(*x),
            Cell::Int(i) => Some(*i as f64),
            Cell::Money(m) => Some(*m as f64 / 100.0),
            Cell::Missing => Some(f64::NEG_INFINITY),
        }
    }
}

/// A column's name as a page heads it: `per_pupil` → `per pupil`.
pub fn column_label(name: &str) -> String {
    name.replace('_', " ")
}

fn signed_thousands(i: i64) -> String {
    let sign = if i < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(i.unsigned_abs()))
}

/// The names of the tables seni writes, each written once: a table is made and looked up by
/// its name ([`TableName`] in `Table::new` and `Outputs::table`); the name is its JSON key, its
/// CSV file's suffix and its sheet. (A table per area column, `by_<column>`, is named by data.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum TableName {
    /// Every school's index, rank and tier (`compute`), or its bands (`sensitivity`).
    Schools,
    /// Every school's money, program by program.
    Allocation,
    /// Money by tier.
    ByTier,
    /// Money by tier in the first run of a comparison.
    ByTierA,
    /// Money by tier in the second run of a comparison.
    ByTierB,
    /// The second run's tiers, the same schools' money under both runs.
    ByTierNow,
    /// A state formula's money by the column it reports by.
    ByGroup,
    /// An audit's money by need quintile.
    ByNeedQuintile,
    /// An audit's money per pupil experienced by each student group.
    Groups,
    /// An audit's schools named by `--affected`.
    Affected,
    /// Each school's change between two runs.
    Changes,
    /// Schools moving between tiers (a cross table).
    TierChanges,
    /// A state formula's lines compared between two runs.
    Lines,
    /// How each indicator moved each school's index (one formula in two periods).
    IndexChangeByIndicator,
    /// Indicators' coverage of the schools.
    Coverage,
    /// Sobol sensitivity indices per input.
    Sobol,
    /// Each school's index, rank and tier per period.
    Trend,
    /// Outcomes per 100 students by group.
    DisciplineRates,
    /// Risk ratios and gaps between groups.
    DisciplineGaps,
    /// Money reaching the schools with the largest gaps.
    DisciplineMoney,
    /// Gaps by district (area).
    Districts,
    /// The horizontal equity statistics.
    Horizontal,
    /// The vertical equity (fiscal neutrality) statistics.
    Vertical,
    /// The formula's indicators (the report).
    Indicators,
    /// Each draw's ranks and tiers (`sensitivity --samples`).
    Samples,
}

impl TableName {
    /// The name as written in outputs, e.g. `by_tier_now`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A named table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name (Excel) / table title / JSON key.
    pub name: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// Rows of an output table, held or made on demand: the per-school tables of a large district
/// are formatted row by row (CSV) and never held whole.
pub trait Tabular: Sync {
    /// Sheet name / table title / JSON key.
    fn name(&self) -> &str;
    /// Column names.
    fn columns(&self) -> &[String];
    /// Number of rows.
    fn len(&self) -> usize;
    /// Row `i`.
    fn row(&self, i: usize) -> Cow<'_, [Cell]>;
    /// Whether there are no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Every row held in a [`Table`] (borrowed when it already is one).
    fn materialise(&self) -> Cow<'_, Table>;
}

impl Tabular for Table {
    fn name(&self) -> &str {
        &self.name
    }
    fn columns(&self) -> &[String] {
        &self.columns
    }
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn row(&self, i: usize) -> Cow<'_, [Cell]> {
        Cow::Borrowed(&self.rows[i])
    }
    fn materialise(&self) -> Cow<'_, Table> {
        Cow::Borrowed(self)
    }
}

/// A table whose rows a function makes on demand.
pub struct LazyTable<'a> {
    name: String,
    columns: Vec<String>,
    len: usize,
    make: Box<dyn Fn(usize) -> Vec<Cell> + Sync + 'a>,
}

impl<'a> LazyTable<'a> {
    /// A table of `len` rows, row `i` made by `make(i)`.
    pub fn new(
        name: TableName,
        columns: Vec<String>,
        len: usize,
        make: impl Fn(usize) -> Vec<Cell> + Sync + 'a,
    ) -> LazyTable<'a> {
        LazyTable { name: name.as_str().to_string(), columns, len, make: Box::new(make) }
    }

    /// Every row made and held (in parallel, in row order).
    pub fn to_table(&self) -> Table {
        use rayon::prelude::*;
        let rows = (0..self.len).into_par_iter().map(|i| (self.make)(i)).collect();
        Table { name: self.name.clone(), columns: self.columns.clone(), rows }
    }
}

impl Tabular for LazyTable<'_> {
    fn name(&self) -> &str {
        &self.name
    }
    fn columns(&self) -> &[String] {
        &self.columns
    }
    fn len(&self) -> usize {
        self.len
    }
    fn row(&self, i: usize) -> Cow<'_, [Cell]> {
        Cow::Owned((self.make)(i))
    }
    fn materialise(&self) -> Cow<'_, Table> {
        Cow::Owned(self.to_table())
    }
}

impl Table {
    /// A table from column names and rows.
    pub fn new(name: TableName, columns: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            name: name.as_str().to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }
}

impl Table {
    /// An aligned plain-text rendering for terminals (first column left, others right; money
    /// with thousands separators).
    pub fn aligned(&self) -> String {
        let cells: Vec<Vec<String>> =
            self.rows.iter().map(|r| r.iter().map(Cell::human).collect()).collect();
        let mut width: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for r in &cells {
            for (w, c) in width.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut s = String::new();
        let line = |vals: &[String], s: &mut String| {
            let parts: Vec<String> = vals
                .iter()
                .zip(&width)
                .enumerate()
                .map(|(j, (v, w))| if j == 0 { format!("{v:<w$}") } else { format!("{v:>w$}") })
                .collect();
            s.push_str(parts.join("  ").trim_end());
            s.push('\n');
        };
        line(&self.columns, &mut s);
        let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule, &mut s);
        for r in &cells {
            line(r, &mut s);
        }
        s
    }
}

/// Neutralises text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) by
/// prefixing a single quote; numbers written as text are left alone.
pub(crate) fn neutralise(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && s.parse::<f64>().is_err() { format!("'{s}").into() } else { s.into() }
}
