//! What an allocation gives: cents per school per program, the rule that bound each amount,
//! the hold-harmless outcome and budget lines after redirects.

use crate::formula::Funding;
use serde::Serialize;

/// Which rule decided a school's amount (its name in outputs: `""`, `floor`, `cap`,
/// `hold-harmless`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Bound {
    /// The share or rate alone.
    #[strum(serialize = "")]
    None,
    /// Raised to the per-school or per-pupil floor.
    Floor,
    /// Lowered to the per-school or per-pupil cap.
    Cap,
    /// Raised to the hold-harmless guarantee.
    HoldHarmless,
}

impl Bound {
    /// Short name used in outputs.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Serialize for Bound {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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
    /// Whether the program counts in each school's total (false: a line of the calculation).
    pub(crate) in_total: bool,
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

    /// Whether the program counts in each school's total (false: a line of the calculation,
    /// shown but not paid).
    pub fn in_total(&self) -> bool {
        self.in_total
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
    /// The parameters a solve found, and how.
    pub(crate) solved: Option<Solved>,
    /// The numbers per row the rules used: schedules and weighted counts.
    pub(crate) values: Vec<ValueColumn>,
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

    /// The parameters a solve found, and how (None: the formula solves for nothing).
    pub fn solved(&self) -> Option<&Solved> {
        self.solved.as_ref()
    }

    /// The numbers per row the rules used: schedules (e.g. an at-risk weight) and weighted
    /// counts (e.g. weighted enrolment).
    pub fn values(&self) -> &[ValueColumn] {
        &self.values
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

/// A number per row a formula's rules used: a schedule or a weighted count.
#[derive(Debug, Clone)]
pub struct ValueColumn {
    /// Id (an output column).
    pub(crate) id: String,
    /// Label.
    pub(crate) label: String,
    /// The value per row (None: an empty cell).
    pub(crate) values: Vec<Option<f64>>,
}

impl ValueColumn {
    /// Id (an output column).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The value per row (None: an empty cell).
    pub fn values(&self) -> &[Option<f64>] {
        &self.values
    }
}

/// Each schedule's and weighted count's numbers, in formula order.
pub(super) fn value_columns(
    a: &crate::formula::Allocation,
    v: &super::exact::Values,
) -> Vec<ValueColumn> {
    let schedules = a.schedules.iter().zip(&v.schedules).map(|(s, x)| ValueColumn {
        id: s.id.clone(),
        label: s.label.clone(),
        values: x.iter().map(|d| d.map(crate::num::to_f64)).collect(),
    });
    let counts = a.counts.iter().zip(&v.counts).map(|(k, x)| ValueColumn {
        id: k.id.clone(),
        label: k.label.clone(),
        values: x.iter().map(|d| Some(crate::num::to_f64(*d))).collect(),
    });
    schedules.chain(counts).collect()
}

/// One step of a solve: the parameter found, where the search started, how many times the
/// formula was evaluated, and the total reached.
#[derive(Debug, Clone, PartialEq)]
pub struct SolvedStep {
    /// Step id.
    pub(crate) step: String,
    /// The parameter found.
    pub(crate) parameter: String,
    /// Parameters moved in proportion with it, and their values found.
    pub(crate) with: Vec<(String, f64)>,
    /// Parameters held during the step.
    pub(crate) held: Vec<(String, f64)>,
    /// Where the search started.
    pub(crate) start: f64,
    /// The value found (rounded as the formula says).
    pub(crate) value: f64,
    /// Evaluations of the formula.
    pub(crate) evaluations: usize,
    /// The total reached, cents.
    pub(crate) total: i128,
    /// The target, dollars.
    pub(crate) target: f64,
}

impl SolvedStep {
    /// Step id.
    pub fn step(&self) -> &str {
        &self.step
    }

    /// The parameter found.
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// Parameters moved in proportion with it, and their values found.
    pub fn with(&self) -> &[(String, f64)] {
        &self.with
    }

    /// Parameters held during the step.
    pub fn held(&self) -> &[(String, f64)] {
        &self.held
    }

    /// Where the search started.
    pub fn start(&self) -> f64 {
        self.start
    }

    /// The value found.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Evaluations of the formula.
    pub fn evaluations(&self) -> usize {
        self.evaluations
    }

    /// The total reached, cents.
    pub fn total(&self) -> i128 {
        self.total
    }

    /// The target, dollars.
    pub fn target(&self) -> f64 {
        self.target
    }
}

/// What a solve found: every parameter's value, each step, the method and the hash of the
/// formula with the values found.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// The program whose total meets the target.
    pub(crate) total_of: String,
    /// The method's name.
    pub(crate) method: &'static str,
    /// Tolerance in dollars.
    pub(crate) tolerance: f64,
    /// Each parameter found (name, value).
    pub(crate) values: Vec<(String, f64)>,
    /// The steps.
    pub(crate) steps: Vec<SolvedStep>,
    /// The formula hash with the values found set (`--set allocation.parameters.NAME=VALUE`).
    pub(crate) formula_hash: String,
}

impl Solved {
    /// The program whose total meets the target.
    pub fn total_of(&self) -> &str {
        &self.total_of
    }

    /// The method's name.
    pub fn method(&self) -> &str {
        self.method
    }

    /// Tolerance in dollars.
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// Each parameter found (name, value).
    pub fn values(&self) -> &[(String, f64)] {
        &self.values
    }

    /// The steps.
    pub fn steps(&self) -> &[SolvedStep] {
        &self.steps
    }

    /// The formula hash with the values found set: every output of the run carries it.
    pub fn formula_hash(&self) -> &str {
        &self.formula_hash
    }
}
