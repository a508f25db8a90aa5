//! A checked solve: parameters found, step by step, so that a total over every row meets a
//! target (`[allocation.solve]`).

use super::lines::Line;

/// How a step searches for its parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The secant method: a first proportional step, then secant steps.
    Secant {
        /// Whether the first step multiplies the start by total ÷ target (a parameter the
        /// total falls as it rises, e.g. a wealth multiplier) or by target ÷ total (one the
        /// total rises with, e.g. a base amount).
        falls: bool,
    },
    /// Bisection within the step's range.
    Bisection,
}

impl Method {
    /// The method's name as written in a formula.
    pub fn name(self) -> &'static str {
        match self {
            Method::Secant { .. } => "secant",
            Method::Bisection => "bisection",
        }
    }
}

/// What the total must meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A number of dollars.
    Dollars(f64),
    /// A share of another line's total over every row (recomputed at each evaluation).
    Share {
        /// The share.
        share: f64,
        /// The line.
        of: Line,
    },
}

/// One step of a solve: one parameter found while others are held.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveStep {
    /// Id (for messages).
    pub id: String,
    /// The parameter found (position in `Allocation::parameters`).
    pub parameter: usize,
    /// Parameters moved in proportion with it (their ratio to it at the step's start is kept).
    pub with: Vec<usize>,
    /// Parameters held at these values during this step only.
    pub hold: Vec<(usize, f64)>,
    /// Where the search starts (default: the parameter's last iterate in an earlier step, else
    /// its value in the formula).
    pub start: Option<f64>,
    /// The range the value lies in (checked first: the target must lie between the totals at
    /// its ends).
    pub range: Option<(f64, f64)>,
}

/// A checked `[allocation.solve]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Solve {
    /// The line whose total over every row must meet the target.
    pub total: Line,
    /// The target.
    pub target: Target,
    /// Dollars: the search stops once |target − total| is below this.
    pub tolerance: f64,
    /// The search method.
    pub method: Method,
    /// Each parameter value used is rounded half up to this many decimals.
    pub decimals: Option<u32>,
    /// Each new iterate is kept to this many decimals.
    pub iterate_decimals: Option<u32>,
    /// The most evaluations of the formula per step.
    pub max_evaluations: usize,
    /// The steps, in order.
    pub steps: Vec<SolveStep>,
}
