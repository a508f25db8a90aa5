//! `[uncertainty]`: which weights vary and how, alternative normalisers, aggregations and
//! missing-data rules, and a budget range.

use super::checker::Checker;
use crate::error::suggest;
use crate::formula::model::{Child, Domain, Indicator, Weight};
use crate::formula::spec::UncertaintySpec;
use crate::formula::uncertainty::{
    AggregationChoice, MissingChoice, NormaliserChoice, UncertainInput, Uncertainty, WeightDist,
};
use crate::num::dollars;

/// A key path under `[uncertainty]`.
fn key<'a>(path: &[&'a str]) -> Vec<&'a str> {
    let mut p = vec!["uncertainty"];
    p.extend_from_slice(path);
    p
}

/// How every weight varies when no range is given for it.
#[derive(Clone, Copy)]
enum DefaultWeights {
    Dirichlet(f64),
    Range(f64, f64),
}

/// The nominal weight of a child in its aggregate (a per-row weight column counts as 1).
fn nominal(c: &Child, domains: &[Domain], indicators: &[Indicator]) -> f64 {
    match *c {
        Child::Indicator(i) => match indicators[i].weight {
            Weight::Fixed(x) => x,
            Weight::Column(_) => 1.0,
        },
        Child::Domain(d) => domains[d].weight,
    }
}

fn child_name(c: &Child, domains: &[Domain], indicators: &[Indicator]) -> String {
    match *c {
        Child::Indicator(i) => indicators[i].id.clone(),
        Child::Domain(d) => domains[d].id.clone(),
    }
}

impl Checker<'_> {
    fn unc_err(&mut self, path: &[&str], message: String, fix: impl Into<String>) {
        self.err(&key(path), message, fix);
    }

    /// Checks `[uncertainty]` against the checked aggregates; None when it has problems.
    pub(super) fn uncertainty(
        &mut self,
        spec: &UncertaintySpec,
        domains: &[Domain],
        indicators: &[Indicator],
    ) -> Option<Uncertainty> {
        let before = self.problems.len();
        let draws = spec.draws.unwrap_or(1000);
        if draws < 2 {
            self.unc_err(
                &["draws"],
                format!("draws must be at least 2, got {draws}"),
                "e.g. draws = 1000",
            );
        }
        let all_names: Vec<String> = domains
            .iter()
            .flat_map(|d| d.children.iter().map(|c| child_name(c, domains, indicators)))
            .collect();
        for key in spec.weight_range.keys() {
            if !all_names.contains(key) {
                let refs: Vec<&str> = all_names.iter().map(String::as_str).collect();
                self.unc_err(
                    &["weight_range", key],
                    format!("no indicator or domain '{key}'"),
                    suggest(key, &refs),
                );
            }
        }
        let default = self.default_weights(spec);
        let mut inputs = self.weight_inputs(spec, default, domains, indicators);
        self.choice_inputs(spec, &mut inputs);
        if let Some([lo, hi]) = &spec.budget {
            let path = ["uncertainty", "budget"];
            let (lo, hi) =
                (self.money(&path, lo, "the low budget"), self.money(&path, hi, "the high budget"));
            if hi < lo {
                let message = format!(
                    "budget range needs low ≤ high, got {} and {}",
                    dollars(lo),
                    dollars(hi)
                );
                self.unc_err(&["budget"], message, "e.g. budget = [600_000_000, 900_000_000]");
            }
            inputs.push(UncertainInput::Budget(lo as f64 / 100.0, hi as f64 / 100.0));
        }
        if spec.estimates == Some(true) {
            if indicators.iter().any(|i| i.moe.is_some()) {
                inputs.push(UncertainInput::Estimates);
            } else {
                let fix = "give an indicator its margin-of-error column with moe = \"COLUMN\"";
                self.unc_err(&["estimates"], "no indicator has a margin of error".into(), fix);
            }
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Uncertainty {
            draws,
            seed: spec.seed.unwrap_or(2026),
            inputs,
            school: spec.school.clone(),
        })
    }

    fn default_weights(&mut self, spec: &UncertaintySpec) -> Option<DefaultWeights> {
        let w = spec.weights.as_ref()?;
        let kinds = [("dirichlet", true), ("range", false)];
        let path = key(&["weights", "kind"]);
        if self.pick_opt(&path, "weight uncertainty", Some(&w.kind), "", &kinds)? {
            let c = w.concentration.unwrap_or(50.0);
            if !(c.is_finite() && c > 0.0) {
                let message = format!("concentration must be positive, got {c}");
                self.unc_err(&["weights", "concentration"], message, "e.g. concentration = 50");
            }
            return Some(DefaultWeights::Dirichlet(c));
        }
        let (lo, hi) = (w.low.unwrap_or(0.5), w.high.unwrap_or(1.5));
        if !(lo > 0.0 && hi >= lo && hi.is_finite()) {
            let message = format!("range needs 0 < low ≤ high, got {lo} and {hi}");
            self.unc_err(&["weights"], message, "e.g. low = 0.5, high = 1.5");
        }
        Some(DefaultWeights::Range(lo, hi))
    }

    fn weight_inputs(
        &mut self,
        spec: &UncertaintySpec,
        default: Option<DefaultWeights>,
        domains: &[Domain],
        indicators: &[Indicator],
    ) -> Vec<UncertainInput> {
        let mut inputs = Vec::new();
        for (a, dom) in domains.iter().enumerate() {
            let total: f64 = dom.children.iter().map(|c| nominal(c, domains, indicators)).sum();
            for (k, c) in dom.children.iter().enumerate() {
                let name = child_name(c, domains, indicators);
                let dist = if let Some([lo, hi]) = spec.weight_range.get(&name) {
                    if !(*lo > 0.0 && hi >= lo && hi.is_finite()) {
                        let message = format!("range needs 0 < low ≤ high, got {lo} and {hi}");
                        self.unc_err(
                            &["weight_range", &name],
                            message,
                            "e.g. chronic_absence = [0.5, 2.0]",
                        );
                    }
                    Some(WeightDist::Absolute(*lo, *hi))
                } else {
                    default.map(|d| match d {
                        DefaultWeights::Dirichlet(conc) => {
                            WeightDist::Gamma(conc * nominal(c, domains, indicators) / total)
                        }
                        DefaultWeights::Range(lo, hi) => WeightDist::Factor(lo, hi),
                    })
                };
                if let Some(dist) = dist {
                    inputs.push(UncertainInput::Weight { aggregate: a, child: k, dist, name });
                }
            }
        }
        inputs
    }

    /// Alternative normalisers, aggregations and missing-data rules (each list starts with
    /// "own"; an input is added when there is an alternative).
    fn choice_inputs(&mut self, spec: &UncertaintySpec, inputs: &mut Vec<UncertainInput>) {
        let normalisers = [
            ("percentile", NormaliserChoice::Percentile),
            ("zscore", NormaliserChoice::ZScore),
            ("minmax", NormaliserChoice::MinMax),
        ];
        let n = self.choices(&spec.normalisers, "normalisers", NormaliserChoice::Own, &normalisers);
        if n.len() > 1 {
            inputs.push(UncertainInput::Normaliser(n));
        }
        let aggregations =
            [("mean", AggregationChoice::Mean), ("geometric", AggregationChoice::Geometric)];
        let g =
            self.choices(&spec.aggregations, "aggregations", AggregationChoice::Own, &aggregations);
        if g.len() > 1 {
            inputs.push(UncertainInput::Aggregation(g));
        }
        let missing = [("drop", MissingChoice::Drop), ("propagate", MissingChoice::Propagate)];
        let m = self.choices(&spec.missing, "missing", MissingChoice::Own, &missing);
        if m.len() > 1 {
            inputs.push(UncertainInput::Missing(m));
        }
    }

    fn choices<T: Copy + PartialEq>(
        &mut self,
        list: &[String],
        what: &str,
        own: T,
        options: &[(&str, T)],
    ) -> Vec<T> {
        let mut v = vec![own];
        for x in list {
            let path = key(&[what]);
            let picked = self.pick_opt(&path, &format!("{what} choice"), Some(x), "", options);
            if let Some(c) = picked
                && !v.contains(&c)
            {
                v.push(c);
            }
        }
        v
    }
}
