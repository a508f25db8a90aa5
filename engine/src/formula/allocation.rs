//! Checked allocation rules: programs, eligibility, floors and caps, hold-harmless, redirects,
//! and the rules of state formulas (parameters, schedules, weighted counts, lines between
//! programs, a solver). Amounts are whole cents.

pub use super::lines::{Amount, Line, Num};

/// What a condition tests: a number (bounds) or a text column (one of some values).
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// Lower and upper bounds, each with whether it is inclusive.
    Bounds {
        /// Lower bound and whether it is inclusive.
        lower: Option<(f64, bool)>,
        /// Upper bound and whether it is inclusive.
        upper: Option<(f64, bool)>,
    },
    /// The text is one of these (or, when `not`, none of them).
    OneOf {
        /// The values.
        values: Vec<String>,
        /// Whether the test is "none of".
        not: bool,
    },
}

/// A checked condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// What is tested: a data column or an earlier program (a line of money, in dollars).
    pub of: Line,
    /// Divide by this first (a ratio).
    pub per: Option<Line>,
    /// The test.
    pub test: Test,
}

impl Condition {
    /// Whether a text meets the condition's list of values.
    pub(crate) fn holds_text(&self, x: &str) -> bool {
        match &self.test {
            Test::OneOf { values, not } => values.iter().any(|v| v == x) != *not,
            Test::Bounds { .. } => false,
        }
    }

    /// The condition in words, e.g. `black_count/enrollment ≥ 0.3`.
    pub(crate) fn describe(&self, programs: &[Program]) -> String {
        let name = |l: &Line| match l {
            Line::Program(p) => programs.get(*p).map_or("?", |p| p.id.as_str()).to_string(),
            Line::Column(c) => c.clone(),
        };
        let col = match &self.per {
            Some(p) => format!("{}/{}", name(&self.of), name(p)),
            None => name(&self.of),
        };
        match &self.test {
            Test::OneOf { values, not } => {
                format!(
                    "{col} {} {}",
                    if *not { "not one of" } else { "one of" },
                    values.join(", ")
                )
            }
            Test::Bounds { lower, upper } => {
                let mut parts = Vec::new();
                if let Some((b, inc)) = lower {
                    parts.push(format!("{col} {} {b}", if *inc { "≥" } else { ">" }));
                }
                if let Some((b, inc)) = upper {
                    parts.push(format!("{col} {} {b}", if *inc { "≤" } else { "<" }));
                }
                parts.join(" and ")
            }
        }
    }
}

/// A schedule: one number per row from a column — linear between two points (a sliding scale,
/// e.g. an at-risk weight rising with poverty), or by category of a text column.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Id (the name rules use).
    pub id: String,
    /// Label.
    pub label: String,
    /// The column read.
    pub column: String,
    /// How the number follows from the column.
    pub shape: ScheduleShape,
    /// Rounded half up to this many decimals.
    pub decimals: Option<u32>,
    /// Lower bound after rounding.
    pub min: Option<f64>,
    /// Upper bound after rounding.
    pub max: Option<f64>,
}

/// How a schedule's number follows from its column.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleShape {
    /// `low` at or below `from`, `high` at or above `to`, linear between.
    Linear {
        /// Column value where the schedule starts rising.
        from: f64,
        /// Column value where it stops.
        to: f64,
        /// The number at or below `from`.
        low: Num,
        /// The number at or above `to`.
        high: Num,
    },
    /// A number per category of a text column.
    Categories {
        /// (category, number).
        values: Vec<(String, f64)>,
        /// The number for any other category.
        otherwise: f64,
    },
}

/// A weighted count of pupils per row: `Σ round(column × weight_j × weight, decimals)`, then
/// `× factor` rounded again (e.g. grade-weighted enrolment, at-risk pupils × an at-risk weight).
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// Id (the name components use as `pupils`).
    pub id: String,
    /// Label.
    pub label: String,
    /// Columns of pupils, with each one's weight.
    pub columns: Vec<(String, f64)>,
    /// A further weight for every column.
    pub weight: Option<Num>,
    /// Each term (and the result of the factor) rounded half up to this many decimals.
    pub decimals: Option<u32>,
    /// The sum multiplied by this.
    pub factor: Option<Num>,
}

/// Where a component's pupils come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Pupils {
    /// A data column.
    Column(String),
    /// A weighted count, by position in [`Allocation::counts`].
    Count(usize),
}

/// A per-pupil rate rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rate {
    /// Flat rate.
    Flat(Num),
    /// Rate per tier position.
    ByTier(Vec<f64>),
    /// Linear in the index.
    Linear {
        /// Index at the lowest rate.
        from: f64,
        /// Index at the highest rate.
        to: f64,
        /// Lowest rate.
        min_rate: f64,
        /// Highest rate.
        max_rate: f64,
    },
    /// Steps: the first threshold the index reaches gives the rate; below all, 0.
    Steps(Vec<(f64, f64)>),
}

/// A checked per-pupil component: `pupils × rate × weight × (1 + uplift) [× times] ÷ divide_by`.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Pupils: a column or a weighted count.
    pub pupils: Pupils,
    /// Dollars per pupil (own rate, else the program's flat rate).
    pub rate: Num,
    /// Weight multiplying the rate.
    pub weight: Num,
    /// Uplift added to the rate as a share.
    pub uplift: f64,
    /// A further column multiplying (e.g. average miles travelled).
    pub times: Option<String>,
    /// Divided by this (e.g. 3 for "one third of the cost").
    pub divide_by: Option<Num>,
}

/// Where a cost index multiplies a per-pupil program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostIndexOn {
    /// Each component, before it is rounded.
    Each,
    /// The (rounded) sum of the components, rounded again.
    Sum,
}

/// How the lines of a `sum`, `difference`, `least` or `greatest` program combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOp {
    /// `Σ of − Σ minus`.
    Sum,
    /// `max(0, Σ of − Σ minus)`: aid as the positive part of a difference.
    PositivePart,
    /// The smallest of the lines.
    Least,
    /// The largest of the lines.
    Greatest,
}

/// A part of a waterfall: the amount left after the parts before it, kept between
/// `−most_taken` and `most_added`.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The line spread.
    pub amount: Line,
    /// The parts before this one, by program position.
    pub before: Vec<usize>,
    /// The most this part can give up (a reduction takes at most this much).
    pub most_taken: Amount,
    /// The most this part can receive.
    pub most_added: Amount,
}

/// A change from last year's amount toward this year's formula amount.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseIn {
    /// Last year's amount.
    pub from: Line,
    /// This year's formula amount.
    pub to: Line,
    /// Share of the gap closed this year.
    pub share: Num,
    /// The change is at most this share of last year's amount upward.
    pub max_increase: Option<Num>,
    /// … and at most this share downward.
    pub max_decrease: Option<Num>,
    /// The change is at least this many dollars per pupil (a minimum increase).
    pub min_increase_per_pupil: Option<Num>,
}

/// What a program does.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgramKind {
    /// Rate × pupils (+ components, + foundation).
    PerPupil {
        /// Rate rule for the program's pupils (None when only components).
        rate: Option<Rate>,
        /// Components.
        components: Vec<Component>,
        /// Cents per eligible school.
        foundation: i64,
        /// A column of cost indices multiplying the amount, and where.
        cost_index: Option<(String, CostIndexOn)>,
        /// Each component is rounded to the unit before the sum.
        round_each: bool,
    },
    /// Lines combined: a sum, the positive part of a difference, the least or the greatest.
    Lines {
        /// How they combine.
        op: LineOp,
        /// The lines added (or compared).
        of: Vec<Line>,
        /// The lines subtracted.
        minus: Vec<Line>,
    },
    /// A local share from wealth: `Σ round(wealth × rate ÷ divide_by)`.
    LocalShare {
        /// (wealth column, rate).
        wealth: Vec<(String, Num)>,
        /// Divisor of every part.
        divide_by: Num,
    },
    /// A group's ratio: `round(round(Σ numerator ÷ Σ denominator, decimals) × of)`, sums over the
    /// rows sharing this row's `group`.
    GroupRatio {
        /// Grouping column.
        group: String,
        /// Numerator line.
        numerator: Line,
        /// Denominator line.
        denominator: Line,
        /// Decimals of the ratio.
        decimals: u32,
        /// The line the ratio multiplies.
        of: Line,
    },
    /// The first case whose conditions all hold gives the amount; otherwise `otherwise`.
    Choose {
        /// (conditions, amount).
        cases: Vec<(Vec<Condition>, Amount)>,
        /// The amount when no case holds.
        otherwise: Amount,
    },
    /// A statewide amount shared in proportion to a line.
    Pool {
        /// The lines whose statewide total is the pool.
        pool: Vec<Line>,
        /// Dollars added to the pool.
        plus: Num,
        /// Each row's share is in proportion to this line.
        shares: Line,
        /// Each share rounded to this many decimals before it is paid (the rest is not
        /// shared); None: largest remainder, the pool spent to the cent.
        share_decimals: Option<u32>,
    },
    /// A part of a waterfall.
    Part(Part),
    /// A change from last year toward the formula, phased in and capped.
    PhaseIn(PhaseIn),
    /// A fixed pot shared in proportion to pupils × weight.
    Pot {
        /// Pot in cents, before redirects.
        budget: i64,
        /// Share weights.
        weights: PotWeights,
    },
    /// A share of another program's amount.
    ShareOf {
        /// Program position.
        program: usize,
        /// Share.
        share: Num,
        /// Further factor.
        factor: Option<ShareFactor>,
    },
    /// Fixed cents per eligible school.
    Fixed(i64),
}

/// Pot share weights.
#[derive(Debug, Clone, PartialEq)]
pub enum PotWeights {
    /// Pupils × tier weight (by tier position).
    Tier(Vec<f64>),
    /// Pupils × index.
    Index,
    /// Pupils only.
    Pupils,
}

/// A factor from a column: `clamp((column − minus) × scale, min, max)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareFactor {
    /// Column.
    pub column: String,
    /// Subtracted.
    pub minus: f64,
    /// Multiplied.
    pub scale: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
}

/// A checked program.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Id (output column).
    pub id: String,
    /// Label.
    pub label: String,
    /// Kind.
    pub kind: ProgramKind,
    /// Pupil column.
    pub pupils: Option<String>,
    /// Conditions.
    pub eligible: Vec<Condition>,
    /// Eligible tier positions (None = all).
    pub tiers: Option<Vec<usize>>,
    /// Selection.
    pub select: Option<(usize, Option<String>)>,
    /// Per-school bounds in cents.
    pub min: Option<i64>,
    /// Per-school cap in cents.
    pub max: Option<i64>,
    /// Per-pupil floor in dollars.
    pub min_per_pupil: Option<f64>,
    /// Per-pupil cap in dollars.
    pub max_per_pupil: Option<f64>,
}

/// How hold-harmless is paid for (named in a formula `from_pot` or `on_top`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Funding {
    /// Out of the program's pot (guarantees are met first; others share the rest).
    FromPot,
    /// Added on top and reported.
    OnTop,
}

/// A checked hold-harmless rule.
#[derive(Debug, Clone, PartialEq)]
pub struct HoldHarmless {
    /// Guaranteed share of prior.
    pub share: f64,
    /// Program position.
    pub program: usize,
    /// Funding.
    pub funding: Funding,
}

/// Where the prior amounts come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Prior {
    /// A column of dollars.
    Column(String),
    /// The formula's own allocation in the previous period of the data.
    PreviousPeriod,
}

/// A checked redirect.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// Source line or program id.
    pub from: String,
    /// Target program position.
    pub to: usize,
    /// Cents moved.
    pub amount: i64,
}

/// Checked allocation rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Cents per rounding unit (100 = whole dollars).
    pub unit: i64,
    /// Pupil column.
    pub pupils: Option<String>,
    /// Where each school's prior amount comes from (shown as prior/change; hold-harmless).
    pub prior: Option<Prior>,
    /// Named lines in cents.
    pub lines: Vec<(String, i64)>,
    /// Redirects.
    pub redirects: Vec<Redirect>,
    /// Hold-harmless.
    pub hold_harmless: Option<HoldHarmless>,
    /// Programs in evaluation order (formula order).
    pub programs: Vec<Program>,
    /// Main program position.
    pub main: usize,
    /// Notes on sources.
    pub notes: Vec<String>,
    /// The programs each row's total is the sum of (all, unless `total` names some; the
    /// others are lines of the calculation, shown but not paid).
    pub in_total: Vec<bool>,
    /// What the total is called (e.g. "State cost").
    pub total_label: Option<String>,
    /// Money is also reported by this column.
    pub report_by: Option<String>,
    /// Named parameters (name, value).
    pub parameters: Vec<(String, f64)>,
    /// Schedules.
    pub schedules: Vec<Schedule>,
    /// Weighted counts.
    pub counts: Vec<Count>,
    /// A parameter found so that a total meets a target.
    pub solve: Option<super::solve::Solve>,
}
