//! Checked `[uncertainty]`: the inputs a sensitivity run varies, each driven by one uniform
//! number per draw.

/// The distribution of one weight.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightDist {
    /// Nominal weight × U(low, high).
    Factor(f64, f64),
    /// U(low, high).
    Absolute(f64, f64),
    /// Gamma(α) (normalised within the aggregate: a Dirichlet).
    Gamma(f64),
}

/// An alternative normaliser for every indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormaliserChoice {
    /// Each indicator's own normaliser.
    Own,
    /// Percentile rank/n with average ties.
    Percentile,
    /// Population z-score.
    ZScore,
    /// Min-max on 0–1.
    MinMax,
}

/// An alternative aggregation for every aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregationChoice {
    /// Each aggregate's own aggregation.
    Own,
    /// Weighted arithmetic mean.
    Mean,
    /// Weighted geometric mean (values floored at 0.01).
    Geometric,
}

/// An alternative missing-data rule for every aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingChoice {
    /// Each aggregate's own rule.
    Own,
    /// Skip missing children (at least one present).
    Drop,
    /// Any missing child makes the aggregate missing.
    Propagate,
}

/// One uncertain input, driven by one uniform number per draw.
#[derive(Debug, Clone, PartialEq)]
pub enum UncertainInput {
    /// A child's weight in an aggregate.
    Weight {
        /// Aggregate position in the formula's domains.
        aggregate: usize,
        /// Child position in the aggregate.
        child: usize,
        /// Distribution.
        dist: WeightDist,
        /// Name (child id).
        name: String,
    },
    /// Which normaliser every indicator uses (the first choice is their own).
    Normaliser(Vec<NormaliserChoice>),
    /// Which aggregation every aggregate uses (the first choice is its own).
    Aggregation(Vec<AggregationChoice>),
    /// Which missing-data rule every aggregate uses (the first choice is its own).
    Missing(Vec<MissingChoice>),
    /// The budget of the main program, dollars.
    Budget(f64, f64),
    /// Every survey estimate (an indicator with a margin of error) drawn from its sampling
    /// distribution: normal, with standard error = margin / z of its level, kept in the
    /// value's range. The draw's uniform number seeds the draw's noise.
    Estimates,
}

impl UncertainInput {
    /// Display name.
    pub fn name(&self) -> String {
        match self {
            UncertainInput::Weight { name, .. } => format!("weight of {name}"),
            UncertainInput::Normaliser(_) => "normaliser".into(),
            UncertainInput::Aggregation(_) => "aggregation".into(),
            UncertainInput::Missing(_) => "missing-data rule".into(),
            UncertainInput::Budget(..) => "budget".into(),
            UncertainInput::Estimates => "survey estimates (margins of error)".into(),
        }
    }
}

/// Checked uncertainty settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertainty {
    /// Draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// Uncertain inputs.
    pub inputs: Vec<UncertainInput>,
    /// School for the Sobol allocation output.
    pub school: Option<String>,
}

impl Uncertainty {
    /// No uncertain inputs: every draw is the nominal formula.
    pub fn none() -> Uncertainty {
        Uncertainty { draws: 1000, seed: 2026, inputs: Vec::new(), school: None }
    }
}
