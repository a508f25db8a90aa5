//! What an equity analysis returns: the statistics (named by enums whose names are the output
//! columns), each area's battery under each run, and what was left out.

use strum::{EnumCount, EnumIter, IntoStaticStr};

/// A horizontal statistic: how equal the money per pupil is, every pupil counted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr, EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum Horizontal {
    /// Mean money per pupil.
    Mean,
    /// The money at which half the pupils are reached (an exact half takes the lower row).
    Median,
    /// The least money per pupil.
    Min,
    /// The most money per pupil.
    Max,
    /// Most minus least.
    Range,
    /// The money at which 5% of the pupils are reached (34 CFR 222 appendix).
    P5,
    /// The money at which 95% of the pupils are reached.
    P95,
    /// 95th minus 5th percentile.
    RestrictedRange,
    /// (95th − 5th percentile) / 5th percentile: 34 CFR 222.162's disparity, at most 0.25 to
    /// pass.
    FederalRangeRatio,
    /// Money of the pupils below the median over the median for them all (1 = equal).
    Mcloone,
    /// Money of the pupils above the median over the median for them all (1 = equal).
    Verstegen,
    /// Standard deviation over the mean (pupils as the population).
    Cv,
    /// Gini coefficient, each pupil a unit (0 = equal).
    Gini,
    /// Theil's T (0 = equal).
    Theil,
}

/// How many horizontal statistics there are.
pub(crate) const HORIZONTAL: usize = Horizontal::COUNT;

impl Horizontal {
    /// The statistic's name as an output column (`federal_range_ratio`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// A vertical statistic of one dimension (a share of pupils such as the poor, or wealth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr, EnumCount)]
#[strum(serialize_all = "snake_case")]
pub enum Vertical {
    /// Money per pupil weighted by the group's pupils (the poor child's district, on average).
    GroupPerPupil,
    /// Money per pupil weighted by everyone else's pupils.
    OthersPerPupil,
    /// The group's over the others' (Urban Institute's progressivity ratio: above 1 is
    /// progressive).
    Ratio,
    /// The group's minus the others'.
    Difference,
    /// Money per pupil of the quarter of pupils with the lowest level (Education Trust).
    LowestQuartile,
    /// Money per pupil of the quarter of pupils with the highest level.
    HighestQuartile,
    /// Highest-level quarter minus lowest.
    Gap,
    /// The gap over the lowest quarter's money.
    GapPct,
    /// Pupil-weighted correlation of money with the level.
    Correlation,
    /// Dollars per pupil per unit of the level (per percentage point of a share).
    Slope,
    /// Percent change in money for a 1% higher level (log-log regression; rows with a level
    /// or money of 0 are left out).
    Elasticity,
    /// The slope times the mean level over the mean money.
    ElasticityAtMeans,
    /// Money per pupil the regression of ln(money) on poverty predicts at the high rate.
    PredictedHigh,
    /// … at the low rate.
    PredictedLow,
    /// High over low (Education Law Center: above 1 is progressive).
    PredictedRatio,
}

/// How many vertical statistics there are.
pub(crate) const VERTICAL: usize = Vertical::COUNT;

impl Vertical {
    /// The statistic's name as an output column (`ratio`, `gap_pct`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// What a dimension of vertical equity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Pupils in poverty (with the regression at a high and a low rate).
    Poverty,
    /// A student group, e.g. students of colour.
    Group,
    /// Wealth (a level, not a share of pupils).
    Wealth,
}

/// A dimension of vertical equity: what the money is judged against.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// Label, e.g. "Children in poverty".
    pub(crate) label: String,
    /// Where it comes from, e.g. `pct_pov` or `100 − pct_white`.
    pub(crate) source: String,
    /// Poverty, a group or wealth.
    pub(crate) role: Role,
    /// The margin-of-error column its intervals are drawn from, if it has one.
    pub(crate) moe: Option<String>,
}

impl Dimension {
    /// Label, e.g. "Children in poverty".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Where it comes from, e.g. `pct_pov` or `100 − pct_white`.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Poverty, a group or wealth.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The margin-of-error column its intervals are drawn from, if it has one.
    pub fn moe(&self) -> Option<&str> {
        self.moe.as_deref()
    }
}

/// Every statistic of one area under one run (or the change between two runs).
#[derive(Debug, Clone, PartialEq)]
pub struct Battery {
    /// Rows (districts, schools) counted.
    pub(crate) units: usize,
    /// Their pupils.
    pub(crate) pupils: f64,
    /// The horizontal statistics, in [`Horizontal`] order.
    pub(crate) horizontal: [f64; HORIZONTAL],
    /// Theil's T between and within the areas (the row of every area).
    pub(crate) theil_split: Option<(f64, f64)>,
    /// Per dimension, the vertical statistics in [`Vertical`] order.
    pub(crate) vertical: Vec<[f64; VERTICAL]>,
    /// Per dimension, each vertical statistic's 90% interval over the survey draws (when the
    /// dimension has a margin of error and draws were asked for).
    pub(crate) intervals: Vec<Option<[(f64, f64); VERTICAL]>>,
}

impl Battery {
    /// Rows (districts, schools) counted.
    pub fn units(&self) -> usize {
        self.units
    }

    /// Their pupils.
    pub fn pupils(&self) -> f64 {
        self.pupils
    }

    /// A horizontal statistic (`NaN` when undefined).
    pub fn horizontal(&self, s: Horizontal) -> f64 {
        self.horizontal[s as usize]
    }

    /// Theil's T between and within the areas (the row of every area, with areas).
    pub fn theil_split(&self) -> Option<(f64, f64)> {
        self.theil_split
    }

    /// A vertical statistic of dimension `d` (`NaN` when undefined).
    pub fn vertical(&self, d: usize, s: Vertical) -> f64 {
        self.vertical[d][s as usize]
    }

    /// The 90% interval of a vertical statistic of dimension `d` over the survey draws.
    pub fn interval(&self, d: usize, s: Vertical) -> Option<(f64, f64)> {
        self.intervals[d].map(|i| i[s as usize])
    }

    /// Whether the federal range ratio passes 34 CFR 222.162's test (at most 25%).
    pub fn passes_federal_test(&self) -> Option<bool> {
        let r = self.horizontal(Horizontal::FederalRangeRatio);
        (!r.is_nan()).then_some(r <= 0.25)
    }
}

/// One area (or every row): its battery under each run.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaEquity {
    /// The area, e.g. "Alabama", or "all districts".
    pub(crate) area: String,
    /// One battery per run; with two runs, a third: the change (proposal − baseline).
    pub(crate) batteries: Vec<Battery>,
}

impl AreaEquity {
    /// The area, e.g. "Alabama", or "all districts".
    pub fn area(&self) -> &str {
        &self.area
    }

    /// One battery per run; with two runs, a third: the change (proposal − baseline).
    pub fn batteries(&self) -> &[Battery] {
        &self.batteries
    }
}

/// Rows a run left out, by reason (a row is counted under the first reason that applies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeftOut {
    /// Rows used.
    pub(crate) used: usize,
    /// Without pupils (none, or unknown).
    pub(crate) no_pupils: usize,
    /// Without money (a money column missing or not a number).
    pub(crate) no_money: usize,
    /// Without a positive cost index.
    pub(crate) no_cost: usize,
}

impl LeftOut {
    /// Rows used.
    pub fn used(&self) -> usize {
        self.used
    }

    /// Without pupils (none, or unknown).
    pub fn no_pupils(&self) -> usize {
        self.no_pupils
    }

    /// Without money (a money column missing or not a number).
    pub fn no_money(&self) -> usize {
        self.no_money
    }

    /// Without a positive cost index.
    pub fn no_cost(&self) -> usize {
        self.no_cost
    }
}

/// The survey draws behind the intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draws {
    /// How many.
    pub(crate) draws: usize,
    /// From which seed.
    pub(crate) seed: u64,
}

impl Draws {
    /// How many.
    pub fn draws(&self) -> usize {
        self.draws
    }

    /// From which seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

/// The equity statistics of one run's money, or of a baseline and a proposal and the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Equity {
    /// What a row is, in the singular and the plural.
    pub(crate) unit: (String, String),
    /// The money in words.
    pub(crate) money: String,
    /// The cost index the money is divided by.
    pub(crate) cost: Option<String>,
    /// The pupils column (or "the allocation's pupils").
    pub(crate) pupils: String,
    /// The column the areas come from.
    pub(crate) by: Option<String>,
    /// The runs' labels: one, or the baseline's and the proposal's.
    pub(crate) runs: Vec<String>,
    /// The dimensions of vertical equity, in battery order.
    pub(crate) dimensions: Vec<Dimension>,
    /// Controls of the regression on poverty.
    pub(crate) controls: Vec<String>,
    /// The high and low poverty rates (%) the regression predicts at.
    pub(crate) predict: (f64, f64),
    /// The extra weight of a poor pupil in the quartile gap.
    pub(crate) poverty_weight: f64,
    /// Every row first, then each area by name.
    pub(crate) areas: Vec<AreaEquity>,
    /// Per run, the rows left out.
    pub(crate) left_out: Vec<LeftOut>,
    /// The survey draws behind the intervals, when asked for.
    pub(crate) draws: Option<Draws>,
}

impl Equity {
    /// What a row is, in the singular and the plural.
    pub fn unit(&self) -> &(String, String) {
        &self.unit
    }

    /// The money in words.
    pub fn money(&self) -> &str {
        &self.money
    }

    /// The cost index the money is divided by.
    pub fn cost(&self) -> Option<&str> {
        self.cost.as_deref()
    }

    /// The pupils column (or "the allocation's pupils").
    pub fn pupils(&self) -> &str {
        &self.pupils
    }

    /// The column the areas come from.
    pub fn by(&self) -> Option<&str> {
        self.by.as_deref()
    }

    /// The runs' labels: one, or the baseline's and the proposal's.
    pub fn runs(&self) -> &[String] {
        &self.runs
    }

    /// The dimensions of vertical equity, in battery order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// Controls of the regression on poverty.
    pub fn controls(&self) -> &[String] {
        &self.controls
    }

    /// The high and low poverty rates (%) the regression predicts at.
    pub fn predict(&self) -> (f64, f64) {
        self.predict
    }

    /// The extra weight of a poor pupil in the quartile gap.
    pub fn poverty_weight(&self) -> f64 {
        self.poverty_weight
    }

    /// Every row first, then each area by name.
    pub fn areas(&self) -> &[AreaEquity] {
        &self.areas
    }

    /// Per run, the rows left out.
    pub fn left_out(&self) -> &[LeftOut] {
        &self.left_out
    }

    /// The survey draws behind the intervals, when asked for.
    pub fn draws(&self) -> Option<Draws> {
        self.draws
    }

    /// What the areas are called, in the plural: the `by` column made plural ("states",
    /// "school levels"), "areas" without one, and the column's own name for a column of names
    /// or codes ("dist_name groups", not "dist names").
    pub fn areas_word(&self) -> String {
        areas_word(self.by.as_deref())
    }

    /// Whether this compares a baseline with a proposal.
    pub fn compares(&self) -> bool {
        self.runs.len() == 2
    }

    /// The names of the batteries of each area: the money alone, or baseline, proposal, change.
    pub fn battery_names(&self) -> Vec<&'static str> {
        if self.compares() { vec!["baseline", "proposal", "change"] } else { vec!["money"] }
    }
}

/// What areas from the column `by` are called (see [`Equity::areas_word`]).
pub(crate) fn areas_word(by: Option<&str>) -> String {
    let Some(by) = by else { return "areas".to_string() };
    let lower = by.to_ascii_lowercase();
    let labels = ["_name", "_id", "_code", " name", " id", " code"];
    if labels.iter().any(|l| lower.ends_with(l)) {
        return format!("{by} groups");
    }
    let by = by.replace('_', " ");
    if by.ends_with('s') { by } else { format!("{by}s") }
}
