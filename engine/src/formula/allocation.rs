//! Checked allocation rules: programs, eligibility, floors and caps, hold-harmless, redirects.
//! Amounts are whole cents.

/// A checked condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Column.
    pub column: String,
    /// Denominator column.
    pub per: Option<String>,
    /// Lower bound and whether it is inclusive.
    pub lower: Option<(f64, bool)>,
    /// Upper bound and whether it is inclusive.
    pub upper: Option<(f64, bool)>,
}

impl Condition {
    /// Whether a value meets the condition (a missing value never does).
    pub(crate) fn holds(&self, x: f64) -> bool {
        if x.is_nan() {
            return false;
        }
        let lo = self.lower.is_none_or(|(b, inc)| if inc { x >= b } else { x > b });
        let hi = self.upper.is_none_or(|(b, inc)| if inc { x <= b } else { x < b });
        lo && hi
    }

    /// The condition in words, e.g. `black_count/enrollment ≥ 0.3`.
    pub(crate) fn describe(&self) -> String {
        let col = match &self.per {
            Some(p) => format!("{}/{}", self.column, p),
            None => self.column.clone(),
        };
        let mut parts = Vec::new();
        if let Some((b, inc)) = self.lower {
            parts.push(format!("{col} {} {b}", if inc { "≥" } else { ">" }));
        }
        if let Some((b, inc)) = self.upper {
            parts.push(format!("{col} {} {b}", if inc { "≤" } else { "<" }));
        }
        parts.join(" and ")
    }
}

/// A per-pupil rate rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rate {
    /// Flat rate.
    Flat(f64),
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

/// A checked per-pupil component.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Pupil column.
    pub pupils: String,
    /// Dollars per pupil: (own rate, else the program's flat rate) × weight × (1 + uplift).
    pub rate: f64,
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
    },
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
        share: f64,
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

impl ShareFactor {
    /// The factor for a column value.
    pub(crate) fn of(&self, x: f64) -> f64 {
        ((x - self.minus) * self.scale).clamp(self.min, self.max)
    }
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

/// How hold-harmless is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}
