//! A run: a formula computed on a district and, where the formula allocates, its money.

use crate::allocate::{AllocationResult, allocate};
use crate::data::District;
use crate::error::Result;
use crate::formula::Formula;
use crate::index::{Computation, compute};

/// Computes a formula on a district, then allocates where the formula allocates.
pub fn run(formula: &Formula, district: District) -> Result<Run> {
    Run::of(compute(formula, district)?)
}

/// One run: a computation, its allocation (if the formula allocates) and a label.
#[derive(Debug, Clone)]
pub struct Run {
    /// Label shown in outputs (formula name and scenarios).
    pub(crate) label: String,
    /// The index.
    pub(crate) computation: Computation,
    /// The money.
    pub(crate) allocation: Option<AllocationResult>,
}

impl Run {
    /// Label shown in outputs (formula name and scenarios).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The index.
    pub fn computation(&self) -> &Computation {
        &self.computation
    }

    /// The money.
    pub fn allocation(&self) -> Option<&AllocationResult> {
        self.allocation.as_ref()
    }

    /// The hash of the formula the run's money comes from: the formula's, or — when a solve
    /// found parameters — the formula's with their values set.
    pub fn formula_hash(&self) -> &str {
        match self.allocation.as_ref().and_then(|a| a.solved()) {
            Some(s) => s.formula_hash(),
            None => self.computation.formula.hash(),
        }
    }
}

impl Run {
    /// The run of a computation: allocated where the formula allocates (the one place that
    /// says "compute, then allocate if the formula allocates"), labelled by its formula name and
    /// scenarios, or `formula (hash)`.
    pub fn of(computation: Computation) -> Result<Run> {
        let allocation =
            if computation.formula.allocates() { Some(allocate(&computation)?) } else { None };
        Ok(Run::new(computation, allocation))
    }

    /// A run labelled by its formula name and scenarios, or `formula (hash)`.
    pub(crate) fn new(computation: Computation, allocation: Option<AllocationResult>) -> Run {
        let f = &computation.formula;
        // A solve's values are part of the formula the money comes from: its hash has them.
        let hash =
            allocation.as_ref().and_then(|a| a.solved()).map_or(&f.hash, |s| &s.formula_hash);
        let mut label = if f.scenarios.is_empty() {
            format!("{} ({hash})", f.name)
        } else {
            format!("{} + {} ({hash})", f.name, f.scenarios.join(" + "))
        };
        if let Some(p) = &computation.district.period {
            label.push_str(&format!(", period {p}"));
        }
        Run { label, computation, allocation }
    }
}
