//! Finding parameters so that a total over every row meets a target (`[allocation.solve]`):
//! step by step, each step searching one parameter (others moving in proportion with it or
//! held) by the secant method or by bisection, to a stated tolerance.
//!
//! The secant method is NJDOE's convergence macro written as a general method: a first step
//! proportional to total ÷ target (or target ÷ total), then secant steps `m₁ + (m₂ − m₁) ×
//! d₁ ÷ (d₁ − d₂)` where `m₂` is the current iterate, `m₁` the previous one as used and `d` the
//! target minus the total. Each value used is rounded to `decimals`; each new iterate is kept
//! to `iterate_decimals` (the macro keeps its iterates as 12-character text, SAS's BEST12.,
//! which for a multiplier between 0.01 and 0.1 is 10 decimals). A step that searches a
//! parameter an earlier step searched continues from that step's last iterate.

use super::exact::Values;
use super::result::{Solved, SolvedStep};
use crate::error::{Error, Result};
use crate::formula::{Allocation, Change, Formula, Line, Method, Origin, Solve, SolveStep};
use crate::num::{Exact, dec, dollars, round_dp, to_f64};

/// The formula evaluated under some parameter values: the total and the target.
pub(super) type Evaluate<'e> = dyn Fn(Vec<Exact>) -> Result<Evaluation> + 'e;

/// The search's state: every parameter's working value (its last iterate).
struct Search<'r> {
    a: &'r Allocation,
    solve: &'r Solve,
    evaluate: &'r Evaluate<'r>,
    working: Vec<Exact>,
}

/// One evaluation: the total reached (cents) and the target (dollars).
pub(super) struct Evaluation {
    pub(super) total: i128,
    pub(super) target: f64,
}

impl Evaluation {
    /// Target minus total, dollars.
    fn error(&self) -> f64 {
        self.target - self.total as f64 / 100.0
    }
}

/// The parameters found (every parameter's value to use) and how they were found.
pub(super) fn solve(
    formula: &Formula,
    a: &Allocation,
    s: &Solve,
    evaluate: &Evaluate,
) -> Result<(Vec<Exact>, Solved)> {
    let mut search = Search { a, solve: s, evaluate, working: Values::written(a) };
    let mut steps = Vec::new();
    for step in &s.steps {
        steps.push(search.step(step)?);
    }
    let params = search.used_all();
    let names = |i: usize| a.parameters[i].0.clone();
    let mut found: Vec<usize> = Vec::new();
    for step in &s.steps {
        for i in std::iter::once(step.parameter).chain(step.with.iter().copied()) {
            if !found.contains(&i) {
                found.push(i);
            }
        }
    }
    let values: Vec<(String, f64)> = found.iter().map(|&i| (names(i), to_f64(params[i]))).collect();
    let changes: Vec<Change> = values
        .iter()
        .map(|(n, v)| {
            let origin = Origin::Argument(format!("solve {n}"));
            Change::new(&format!("allocation.parameters.{n}"), *v, origin)
        })
        .collect::<Result<_>>()?;
    let total_of = match &s.total {
        Line::Program(i) => a.programs[*i].id.clone(),
        Line::Column(c) => c.clone(),
    };
    let solved = Solved {
        total_of,
        method: s.method.name(),
        tolerance: s.tolerance,
        values,
        steps,
        formula_hash: formula.hash_with(&changes)?,
    };
    Ok((params, solved))
}

impl Search<'_> {
    /// A value as used: rounded to the solve's decimals (a value too large to round, beyond
    /// 10²⁹, is used as it is; the formula then says it is too large).
    fn used(&self, x: Exact) -> Exact {
        self.solve.decimals.and_then(|d| round_dp(x, d)).unwrap_or(x)
    }

    /// Every parameter as used.
    fn used_all(&self) -> Vec<Exact> {
        self.working.iter().map(|x| self.used(*x)).collect()
    }

    /// The parameters for a trial value `m` of the step's parameter: it and the parameters
    /// moving with it (their ratio at the step's start kept), the held ones at their values.
    fn trial(&self, step: &SolveStep, m: f64, ratios: &[Exact]) -> Result<Vec<Exact>> {
        let mut params = self.used_all();
        let exact = dec(m).ok_or_else(|| self.beyond(step, m))?;
        params[step.parameter] = self.used(exact);
        for (&w, ratio) in step.with.iter().zip(ratios) {
            params[w] = self.used(exact.checked_mul(*ratio).ok_or_else(|| self.beyond(step, m))?);
        }
        for (h, v) in &step.hold {
            params[*h] = dec(*v).unwrap_or_default();
        }
        Ok(params)
    }

    /// A trial value beyond the numbers seni computes exactly.
    fn beyond(&self, step: &SolveStep, m: f64) -> Error {
        let name = &self.a.parameters[step.parameter].0;
        Error::infeasible(
            format!("solve step {}", step.id),
            format!("the search for {name} reached {m}, beyond the numbers seni computes exactly"),
            "give the step a range = [LOW, HIGH] around the value, or a start closer to it",
        )
    }

    /// The formula evaluated with these parameters: the total and the target.
    fn evaluate(&self, params: Vec<Exact>) -> Result<Evaluation> {
        (self.evaluate)(params)
    }

    /// One step: the parameter searched until the total is within the tolerance.
    fn step(&mut self, step: &SolveStep) -> Result<SolvedStep> {
        let start = match step.start {
            Some(x) => x,
            None => to_f64(self.working[step.parameter]),
        };
        let at_start = self.used(dec(start).unwrap_or_default());
        let ratios: Vec<Exact> = step
            .with
            .iter()
            .map(|&w| self.used(self.working[w]).checked_div(at_start).unwrap_or_default())
            .collect();
        if let Some(range) = step.range {
            self.bracketed(step, range, &ratios)?;
        }
        let (m, evaluations, reached) = match self.solve.method {
            Method::Secant { falls } => self.secant(step, start, falls, &ratios)?,
            Method::Bisection => self.bisection(step, step.range.expect("checked"), &ratios)?,
        };
        let params = self.trial(step, m, &ratios)?;
        self.working[step.parameter] = dec(m).unwrap_or_default();
        for &w in &step.with {
            self.working[w] = params[w];
        }
        let name = |i: usize| self.a.parameters[i].0.clone();
        Ok(SolvedStep {
            step: step.id.clone(),
            parameter: name(step.parameter),
            with: step.with.iter().map(|&w| (name(w), to_f64(params[w]))).collect(),
            held: step.hold.iter().map(|(h, v)| (name(*h), *v)).collect(),
            start,
            value: to_f64(params[step.parameter]),
            evaluations,
            total: reached.total,
            target: reached.target,
        })
    }

    /// The target lies between the totals at the ends of the step's range.
    fn bracketed(&self, step: &SolveStep, (lo, hi): (f64, f64), ratios: &[Exact]) -> Result<()> {
        let a = self.evaluate(self.trial(step, lo, ratios)?)?;
        let b = self.evaluate(self.trial(step, hi, ratios)?)?;
        if (a.error() <= 0.0) != (b.error() <= 0.0) || a.error().abs() < self.solve.tolerance {
            return Ok(());
        }
        let name = &self.a.parameters[step.parameter].0;
        let (low, high) = (a.total.min(b.total), a.total.max(b.total));
        Err(Error::infeasible(
            format!("solve step {}", step.id),
            format!(
                "no value of {name} in [{lo}, {hi}] brings the total of {} to the target {}: \
                 it goes from {} at {lo} to {} at {hi}",
                self.total_name(),
                dollars((a.target * 100.0).round() as i64),
                cents_text(a.total),
                cents_text(b.total),
            ),
            format!(
                "choose a target between {} and {}, or widen range (the values {name} may take)",
                cents_text(low),
                cents_text(high)
            ),
        ))
    }

    fn total_name(&self) -> String {
        match &self.solve.total {
            Line::Program(i) => self.a.programs[*i].id.clone(),
            Line::Column(c) => c.clone(),
        }
    }

    /// A proportional first step, then secant steps, until within the tolerance.
    fn secant(
        &self,
        step: &SolveStep,
        start: f64,
        falls: bool,
        ratios: &[Exact],
    ) -> Result<(f64, usize, Evaluation)> {
        let keep = |x: f64| match self.solve.iterate_decimals {
            Some(d) => dec(x).and_then(|x| round_dp(x, d)).map_or(x, to_f64),
            None => x,
        };
        let as_used = |x: f64| dec(x).map_or(x, |x| to_f64(self.used(x)));
        let (mut m2, mut previous): (f64, Option<(f64, f64)>) = (start, None);
        for evaluation in 1..=self.solve.max_evaluations {
            let e = self.evaluate(self.trial(step, m2, ratios)?)?;
            let d2 = e.error();
            if d2.abs() < self.solve.tolerance {
                return Ok((m2, evaluation, e));
            }
            let next = match previous {
                None if falls => (e.target - d2) * m2 / e.target,
                None => m2 * e.target / (e.target - d2),
                Some((m1, d1)) if d1 != d2 => m1 + (m2 - m1) * (d1 / (d1 - d2)),
                Some(_) => return Err(self.flat(step, m2)),
            };
            if !next.is_finite() {
                return Err(self.flat(step, m2));
            }
            previous = Some((as_used(m2), d2));
            m2 = keep(next);
        }
        Err(self.no_convergence(step))
    }

    /// Bisection within the range, each midpoint as used, until within the tolerance.
    fn bisection(
        &self,
        step: &SolveStep,
        (mut lo, mut hi): (f64, f64),
        ratios: &[Exact],
    ) -> Result<(f64, usize, Evaluation)> {
        let rises = self.evaluate(self.trial(step, lo, ratios)?)?.error() > 0.0;
        for evaluation in 1..=self.solve.max_evaluations {
            let mid = dec((lo + hi) / 2.0).map_or((lo + hi) / 2.0, |x| to_f64(self.used(x)));
            let e = self.evaluate(self.trial(step, mid, ratios)?)?;
            if e.error().abs() < self.solve.tolerance {
                return Ok((mid, evaluation + 1, e));
            }
            if (e.error() > 0.0) == rises {
                if lo == mid {
                    break;
                }
                lo = mid;
            } else {
                if hi == mid {
                    break;
                }
                hi = mid;
            }
        }
        Err(self.no_convergence(step))
    }

    fn flat(&self, step: &SolveStep, at: f64) -> Error {
        let name = &self.a.parameters[step.parameter].0;
        Error::infeasible(
            format!("solve step {}", step.id),
            format!("the total of {} does not change with {name} near {at}", self.total_name()),
            format!("check that {name} is used by the rules that make {}", self.total_name()),
        )
    }

    fn no_convergence(&self, step: &SolveStep) -> Error {
        let name = &self.a.parameters[step.parameter].0;
        Error::infeasible(
            format!("solve step {}", step.id),
            format!(
                "no value of {name} within {} of the target after {} evaluations",
                dollars((self.solve.tolerance * 100.0).round() as i64),
                self.solve.max_evaluations
            ),
            "widen tolerance, allow more decimals, or raise max_evaluations",
        )
    }
}

/// Cents (a total over rows, which may exceed 64 bits) as dollars.
fn cents_text(c: i128) -> String {
    match i64::try_from(c) {
        Ok(c) => dollars(c),
        Err(_) => format!("{} dollars", c / 100),
    }
}
