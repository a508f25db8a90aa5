//! What an allocation gives: cents per school per program, the rule that bound each amount,
//! the hold-harmless outcome and budget lines after redirects.

use crate::formula::Funding;
use serde::Serialize;

/// Which rule decided a school's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Bound {
    /// The share or rate alone.
    #[serde(rename = "")]
    None,
    /// Raised to the per-school or per-pupil floor.
    #[serde(rename = "floor")]
    Floor,
    /// Lowered to the per-school or per-pupil cap.
    #[serde(rename = "cap")]
    Cap,
    /// Raised to the hold-harmless guarantee.
    #[serde(rename = "hold-harmless")]
    HoldHarmless,
}

impl Bound {
    /// Short name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::None => "",
            Bound::Floor => "floor",
            Bound::Cap => "cap",
            Bound::HoldHarmless => "hold-harmless",
        }
    }
}

/// One program's result.
#[derive(Debug, Clone)]
pub struct ProgramResult {
    /// Program id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Cents per school.
    pub amounts: Vec<i64>,
    /// Whether each school was eligible.
    pub eligible: Vec<bool>,
    /// Binding rule per school.
    pub bound: Vec<Bound>,
    /// Pot after redirects (pot programs), cents.
    pub budget: Option<i64>,
    /// Sum of amounts (equal to the pot for pot programs), cents.
    pub total: i64,
    /// Number of schools with a positive amount.
    pub funded: usize,
}

/// The hold-harmless outcome.
#[derive(Debug, Clone)]
pub struct HoldHarmlessResult {
    /// Guaranteed program.
    pub program: String,
    /// Share of prior guaranteed.
    pub share: f64,
    /// Funding rule.
    pub funding: Funding,
    /// Cents per school added by the guarantee (on top; zero when funded from the pot).
    pub extra: Vec<i64>,
    /// Total cost in cents.
    pub cost: i64,
    /// Schools held harmless.
    pub schools: usize,
}

/// A budget line outside the programs, before and after redirects (cents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    /// Line name.
    pub name: String,
    /// Cents before redirects.
    pub before: i64,
    /// Cents after redirects.
    pub after: i64,
}

/// The allocation for every school.
#[derive(Debug, Clone)]
pub struct AllocationResult {
    /// Programs in order.
    pub programs: Vec<ProgramResult>,
    /// Hold-harmless outcome.
    pub hold_harmless: Option<HoldHarmlessResult>,
    /// Total cents per school (all programs + on-top hold-harmless).
    pub total: Vec<i64>,
    /// Pupils per school (allocation pupils).
    pub pupils: Vec<f64>,
    /// Prior-year dollars per school.
    pub prior: Option<Vec<f64>>,
    /// Budget lines after redirects.
    pub lines: Vec<BudgetLine>,
    /// Rounding unit in cents.
    pub unit: i64,
    /// Sum over schools of the totals (checked to fit in 64-bit cents).
    pub(crate) grand_total: i64,
}

impl AllocationResult {
    /// Sum over schools of the totals, cents.
    pub fn grand_total(&self) -> i64 {
        self.grand_total
    }

    /// The hold-harmless guarantee when it is paid on top of the programs.
    pub fn on_top(&self) -> Option<&HoldHarmlessResult> {
        self.hold_harmless.as_ref().filter(|h| h.funding == Funding::OnTop)
    }

    /// Pupils of a school, 0 when unknown.
    pub(crate) fn pupils_or_zero(&self, r: usize) -> f64 {
        if self.pupils[r].is_nan() { 0.0 } else { self.pupils[r] }
    }
}
