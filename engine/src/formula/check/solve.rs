//! `[allocation.solve]`: which parameters are found, how, and what total they must meet.

use super::checker::{Checker, at};
use crate::error::suggest;
use crate::formula::allocation::Line;
use crate::formula::spec::SolveSpec;
use crate::formula::{Method, Solve, SolveStep, Target};
use indexmap::IndexMap;

/// A step as written: parameter, start, range, parameters moved with it and held.
struct StepKeys<'a> {
    parameter: &'a str,
    start: Option<f64>,
    range: Option<[f64; 2]>,
    with: Option<&'a Vec<String>>,
    hold: Option<&'a IndexMap<String, f64>>,
}

impl Checker<'_> {
    /// The solve, or None when it is off (`enabled = false`) or has problems.
    pub(super) fn solve(&mut self, s: &SolveSpec, parameters: &[(String, f64)]) -> Option<Solve> {
        if s.enabled == Some(false) {
            return None;
        }
        let total = self.solved_line(&["solve", "total"], &s.total)?;
        let target = self.target(s)?;
        if !(s.tolerance.is_finite() && s.tolerance > 0.0) {
            let fix = "give the dollars within which the total counts as met, e.g. 10000";
            self.alloc_err(&["solve", "tolerance"], "tolerance must be above 0", fix);
        }
        let methods = [("secant", false), ("bisection", true)];
        let path = ["allocation", "solve", "method"];
        let bisection = self.pick(&path, "method", s.method.as_deref(), "secant", &methods);
        let steps_given = ["target/total", "total/target"];
        let path = ["allocation", "solve", "first_step"];
        let falls = self.pick(
            &path,
            "first_step",
            s.first_step.as_deref(),
            "target/total",
            &[(steps_given[0], false), (steps_given[1], true)],
        );
        let method = if bisection { Method::Bisection } else { Method::Secant { falls } };
        let decimals = self.round(&["allocation", "solve", "decimals"], s.decimals);
        let iterate_decimals =
            self.round(&["allocation", "solve", "iterate_decimals"], s.iterate_decimals);
        let max_evaluations = s.max_evaluations.unwrap_or(100);
        if max_evaluations < 2 {
            let fix = "allow at least 2 evaluations (default 100)";
            self.alloc_err(&["solve", "max_evaluations"], "too few evaluations", fix);
        }
        let steps = self.steps(s, parameters)?;
        if bisection && steps.iter().any(|st| st.range.is_none()) {
            let fix = "give range = [LOW, HIGH], the values the parameter may take";
            self.alloc_err(&["solve"], "bisection needs a range for each parameter", fix);
        }
        let tolerance = s.tolerance;
        let (max_evaluations, steps) = (max_evaluations, steps);
        Some(Solve {
            total,
            target,
            tolerance,
            method,
            decimals,
            iterate_decimals,
            max_evaluations,
            steps,
        })
    }

    /// A program whose total over every row a solve reads.
    fn solved_line(&mut self, path: &[&str], name: &str) -> Option<Line> {
        match self.names.earlier.iter().position(|p| p == name) {
            Some(i) => Some(Line::Program(i)),
            None => {
                let known: Vec<&str> = self.names.earlier.iter().map(String::as_str).collect();
                self.alloc_err(path, format!("unknown program '{name}'"), suggest(name, &known));
                None
            }
        }
    }

    fn target(&mut self, s: &SolveSpec) -> Option<Target> {
        match (s.target, s.target_share, &s.target_of) {
            (Some(t), None, None) if t.is_finite() => Some(Target::Dollars(t)),
            (None, Some(share), Some(of)) if share.is_finite() => {
                let of = self.solved_line(&["solve", "target_of"], of)?;
                Some(Target::Share { share, of })
            }
            _ => {
                let fix =
                    "give target = DOLLARS, or target_share = 0.59 with target_of = \"PROGRAM\"";
                self.alloc_err(&["solve"], "the solve needs one target", fix);
                None
            }
        }
    }

    /// The steps: one (`parameter` at the top) or several (`[allocation.solve.steps.ID]`).
    fn steps(&mut self, s: &SolveSpec, parameters: &[(String, f64)]) -> Option<Vec<SolveStep>> {
        let mut given: Vec<(String, StepKeys)> = Vec::new();
        if let Some(p) = &s.parameter {
            let keys = StepKeys {
                parameter: p,
                start: s.start,
                range: s.range,
                with: s.with.as_ref(),
                hold: s.hold.as_ref(),
            };
            given.push(("solve".into(), keys));
        }
        for (id, st) in &s.steps {
            let keys = StepKeys {
                parameter: &st.parameter,
                start: st.start,
                range: st.range,
                with: st.with.as_ref(),
                hold: st.hold.as_ref(),
            };
            given.push((id.clone(), keys));
        }
        if given.len() != s.steps.len().max(1) || given.is_empty() {
            let fix = "give parameter = \"NAME\" for one step, or [allocation.solve.steps.ID] \
                       tables for several (not both)";
            self.alloc_err(&["solve"], "the solve needs its parameter, or its steps", fix);
            return None;
        }
        let steps: Vec<Option<SolveStep>> =
            given.iter().map(|(id, k)| self.step(id, k, parameters)).collect();
        steps.into_iter().collect()
    }

    fn step(&mut self, id: &str, k: &StepKeys, parameters: &[(String, f64)]) -> Option<SolveStep> {
        let base: Vec<&str> =
            if id == "solve" { vec!["solve"] } else { vec!["solve", "steps", id] };
        let names: Vec<&str> = parameters.iter().map(|(n, _)| n.as_str()).collect();
        let find = |c: &mut Self, key: &str, name: &str| match names.iter().position(|n| *n == name)
        {
            Some(i) => Some(i),
            None => {
                let message = format!("unknown parameter '{name}'");
                c.alloc_err(&at(&base, key), message, suggest(name, &names));
                None
            }
        };
        let parameter = find(self, "parameter", k.parameter)?;
        let with: Vec<usize> =
            k.with.iter().flat_map(|w| w.iter()).filter_map(|n| find(self, "with", n)).collect();
        let hold: Vec<(usize, f64)> = k
            .hold
            .iter()
            .flat_map(|h| h.iter())
            .filter_map(|(n, v)| find(self, "hold", n).map(|i| (i, *v)))
            .collect();
        if with.contains(&parameter) || hold.iter().any(|(i, _)| *i == parameter) {
            let fix = "the parameter found cannot also move with itself or be held";
            self.alloc_err(&base, format!("'{}' is found and held", k.parameter), fix);
        }
        if let Some([lo, hi]) = k.range
            && lo >= hi
        {
            let fix = "give range = [LOW, HIGH] with LOW below HIGH";
            self.alloc_err(&at(&base, "range"), format!("range [{lo}, {hi}] is empty"), fix);
        }
        Some(SolveStep {
            id: id.to_string(),
            parameter,
            with,
            hold,
            start: k.start,
            range: k.range.map(|[a, b]| (a, b)),
        })
    }
}
