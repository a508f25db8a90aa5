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
    pub(crate) id: String,
    /// Label.
    pub(crate) label: String,
    /// Cents per school.
    pub(crate) amounts: Vec<i64>,
    /// Whether each school was eligible.
    pub(crate) eligible: Vec<bool>,
    /// Binding rule per school.
    pub(crate) bound: Vec<Bound>,
    /// Pot after redirects (pot programs), cents.
    pub(crate) budget: Option<i64>,
    /// Sum of amounts (equal to the pot for pot programs), cents.
    pub(crate) total: i64,
    /// Number of schools with a positive amount.
    pub(crate) funded: usize,
}

impl ProgramResult {
    /// Program id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Cents per school.
    pub fn amounts(&self) -> &[i64] {
        &self.amounts
    }

    /// Whether each school was eligible.
    pub fn eligible(&self) -> &[bool] {
        &self.eligible
    }

    /// Binding rule per school.
    pub fn bound(&self) -> &[Bound] {
        &self.bound
    }

    /// Pot after redirects (pot programs), cents.
    pub fn budget(&self) -> Option<i64> {
        self.budget
    }

    /// Sum of amounts (equal to the pot for pot programs), cents.
    pub fn total(&self) -> i64 {
        self.total
    }

    /// Number of schools with a positive amount.
    pub fn funded(&self) -> usize {
        self.funded
    }
}

/// The hold-harmless outcome.
#[derive(Debug, Clone)]
pub struct HoldHarmlessResult {
    /// Guaranteed program.
    pub(crate) program: String,
    /// Share of prior guaranteed.
    pub(crate) share: f64,
    /// Funding rule.
    pub(crate) funding: Funding,
    /// Cents per school added by the guarantee (on top; zero when funded from the pot).
    pub(crate) extra: Vec<i64>,
    /// Total cost in cents.
    pub(crate) cost: i64,
    /// Schools held harmless.
    pub(crate) schools: usize,
}

impl HoldHarmlessResult {
    /// Guaranteed program.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Share of prior guaranteed.
    pub fn share(&self) -> f64 {
        self.share
    }

    /// Funding rule.
    pub fn funding(&self) -> Funding {
        self.funding
    }

    /// Cents per school added by the guarantee (on top; zero when funded from the pot).
    pub fn extra(&self) -> &[i64] {
        &self.extra
    }

    /// Total cost in cents.
    pub fn cost(&self) -> i64 {
        self.cost
    }

    /// Schools held harmless.
    pub fn schools(&self) -> usize {
        self.schools
    }
}

/// A budget line outside the programs, before and after redirects (cents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    /// Line name.
    pub(crate) name: String,
    /// Cents before redirects.
    pub(crate) before: i64,
    /// Cents after redirects.
    pub(crate) after: i64,
}

impl BudgetLine {
    /// Line name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Cents before redirects.
    pub fn before(&self) -> i64 {
        self.before
    }

    /// Cents after redirects.
    pub fn after(&self) -> i64 {
        self.after
    }
}

/// The allocation for every school.
#[derive(Debug, Clone)]
pub struct AllocationResult {
    /// Programs in order.
    pub(crate) programs: Vec<ProgramResult>,
    /// Hold-harmless outcome.
    pub(crate) hold_harmless: Option<HoldHarmlessResult>,
    /// Total cents per school (all programs + on-top hold-harmless).
    pub(crate) total: Vec<i64>,
    /// Pupils per school (allocation pupils).
    pub(crate) pupils: Vec<f64>,
    /// Prior-year cents per school (None: the school had none).
    pub(crate) prior: Option<Vec<Option<i64>>>,
    /// Budget lines after redirects.
    pub(crate) lines: Vec<BudgetLine>,
    /// Rounding unit in cents.
    pub(crate) unit: i64,
    /// Sum over schools of the totals (checked to fit in 64-bit cents).
    pub(crate) grand_total: i64,
}

impl AllocationResult {
    /// Programs in order.
    pub fn programs(&self) -> &[ProgramResult] {
        &self.programs
    }

    /// Hold-harmless outcome.
    pub fn hold_harmless(&self) -> Option<&HoldHarmlessResult> {
        self.hold_harmless.as_ref()
    }

    /// Total cents per school (all programs + on-top hold-harmless).
    pub fn total(&self) -> &[i64] {
        &self.total
    }

    /// Pupils per school (allocation pupils).
    pub fn pupils(&self) -> &[f64] {
        &self.pupils
    }

    /// Prior-year cents per school (None: the school had none).
    pub fn prior(&self) -> Option<&[Option<i64>]> {
        self.prior.as_deref()
    }

    /// Budget lines after redirects.
    pub fn lines(&self) -> &[BudgetLine] {
        &self.lines
    }

    /// Rounding unit in cents.
    pub fn unit(&self) -> i64 {
        self.unit
    }
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
