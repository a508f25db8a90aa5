//! The knobs of a formula: the settings a person can turn in a what-if (weights, indicators and
//! domains on or off, program budgets, per-tier rates and tier weights, the number of tiers,
//! hold-harmless), each with the key a [`Change`] sets. A front end draws its controls from
//! them and turns a control's new value into changes.

use super::allocation::{Line, Num, PotWeights, ProgramKind, Rate, ScheduleShape};
use super::change::{Change, Origin, Value};
use super::checked::Formula;
use super::model::{ValueSource, Weight};
use super::solve::Target;
use crate::error::{Error, Result};
use crate::num::{capitalised, format_num};
use crate::tiers::TierRule;
use serde::{Deserialize, Serialize};

/// What a knob sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnobKind {
    /// A weight (a share among its siblings; any size works).
    Weight,
    /// Whether an indicator or domain counts at all.
    Enabled,
    /// A program's budget in dollars.
    Budget,
    /// Dollars per pupil in one tier.
    Rate,
    /// A pot's weight for one tier.
    TierWeight,
    /// How many quantile tiers (names and tier weights follow).
    TierCount,
    /// The share of last year's money a school keeps at least (0 = off).
    HoldHarmless,
    /// A named parameter of the money rules (a base amount, a rate, a multiplier).
    Parameter,
    /// A schedule's number at one end of its sliding scale (e.g. an at-risk weight).
    Schedule,
    /// A weighted count's weight (e.g. the weight of an English learner).
    CountWeight,
    /// The target a solve meets (dollars).
    Target,
}

/// One setting of a formula.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Knob {
    /// The key a change sets, e.g. `indicators.chronic_absence.weight`.
    pub key: String,
    /// What it sets.
    pub kind: KnobKind,
    /// Label for people, e.g. `Chronic absence`.
    pub label: String,
    /// Group for people: a domain's label, a program's label, `Tiers`.
    pub group: String,
    /// The value in the formula as shipped.
    pub value: Value,
}

impl Formula {
    /// The formula's knobs, in the order a page shows them: domains and their indicators,
    /// then programs, then tiers and hold-harmless, then a state formula's parameters,
    /// schedules, weighted counts and the solve's target.
    pub fn knobs(&self) -> Vec<Knob> {
        let mut knobs = Vec::new();
        self.weight_knobs(&mut knobs);
        self.money_knobs(&mut knobs);
        self.state_knobs(&mut knobs);
        knobs
    }

    /// Parameters (but those a solve finds), the ends of each sliding scale, each weighted
    /// count's weight, and the solve's target.
    fn state_knobs(&self, knobs: &mut Vec<Knob>) {
        let Some(a) = &self.allocation else { return };
        let found: Vec<usize> = a
            .solve
            .iter()
            .flat_map(|s| &s.steps)
            .flat_map(|st| std::iter::once(st.parameter).chain(st.with.iter().copied()))
            .collect();
        for (i, (name, v)) in a.parameters.iter().enumerate() {
            if found.contains(&i) {
                continue;
            }
            let label = capitalised(&name.replace('_', " "));
            let kind = KnobKind::Parameter;
            knobs.push(knob("allocation.parameters", name, kind, &label, "Parameters", number(*v)));
        }
        for s in &a.schedules {
            let ScheduleShape::Linear { from, to, low, high } = &s.shape else { continue };
            let base = format!("allocation.schedules.{}", s.id);
            for (end, at, n) in [("low", from, low), ("high", to, high)] {
                if let Num::Value(v) = n {
                    let label =
                        format!("where {} is {}", self.column_words(&s.column), format_num(*at));
                    knobs.push(knob(&base, end, KnobKind::Schedule, &label, &s.label, number(*v)));
                }
            }
        }
        for k in &a.counts {
            if let Some(Num::Value(w)) = k.weight {
                let base = format!("allocation.counts.{}", k.id);
                knobs.push(knob(
                    &base,
                    "weight",
                    KnobKind::CountWeight,
                    "Weight",
                    &k.label,
                    number(w),
                ));
            }
        }
        if let Some(Target::Dollars(t)) = a.solve.as_ref().map(|s| &s.target) {
            let label = format!("Target for the total of {}", solved_total(a));
            knobs.push(knob(
                "allocation.solve",
                "target",
                KnobKind::Target,
                &label,
                "Solve",
                number(*t),
            ));
        }
    }

    /// A column in words: the label of the indicator that reads it, else its name.
    fn column_words<'a>(&'a self, column: &'a str) -> &'a str {
        self.indicators
            .iter()
            .find(|i| matches!(&i.source, ValueSource::Column(c) if c == column))
            .map_or(column, |i| i.label.as_str())
    }

    fn weight_knobs(&self, knobs: &mut Vec<Knob>) {
        let index = self.domains.len() - 1;
        for (d, dom) in self.domains.iter().enumerate() {
            let group = dom.label.clone();
            if d != index {
                let key = format!("domains.{}", dom.id);
                knobs.push(knob(
                    &key,
                    "weight",
                    KnobKind::Weight,
                    &group,
                    &group,
                    dom.weight.into(),
                ));
                knobs.push(knob(&key, "enabled", KnobKind::Enabled, &group, &group, true.into()));
            }
            for ind in self.indicators.iter().filter(|i| i.parent == d) {
                let Weight::Fixed(w) = ind.weight else { continue };
                let key = format!("indicators.{}", ind.id);
                let label = &ind.label;
                knobs.push(knob(&key, "weight", KnobKind::Weight, label, &group, w.into()));
                knobs.push(knob(&key, "enabled", KnobKind::Enabled, label, &group, true.into()));
            }
        }
    }

    fn money_knobs(&self, knobs: &mut Vec<Knob>) {
        let Some(a) = &self.allocation else { return };
        let names = self.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
        for (p, prog) in a.programs.iter().enumerate() {
            let base = format!("allocation.programs.{}", prog.id);
            let group = &prog.label;
            match &prog.kind {
                ProgramKind::Pot { budget, weights } => {
                    let key = if p == a.main && self.budget_is_allocations() {
                        "allocation.budget".to_string()
                    } else {
                        format!("{base}.budget")
                    };
                    let dollars = crate::grammar::Amount::from_cents(*budget)
                        .map_or(Value::Integer(budget / 100), |a| a.value());
                    knobs.push(Knob {
                        key,
                        kind: KnobKind::Budget,
                        label: "Budget".into(),
                        group: group.clone(),
                        value: dollars,
                    });
                    if let PotWeights::Tier(w) = weights {
                        for (name, w) in names.iter().zip(w) {
                            let key = format!("{base}.tier_weights");
                            knobs.push(knob(
                                &key,
                                name,
                                KnobKind::TierWeight,
                                name,
                                group,
                                (*w).into(),
                            ));
                        }
                    }
                }
                ProgramKind::PerPupil { rate: Some(Rate::ByTier(rates)), .. } => {
                    for (name, r) in names.iter().zip(rates) {
                        let key = format!("{base}.rates");
                        knobs.push(knob(&key, name, KnobKind::Rate, name, group, (*r).into()));
                    }
                }
                _ => {}
            }
        }
        if let Some(TierRule::Quantile { k, .. }) = self.tiers.as_ref().map(|t| &t.rule) {
            knobs.push(knob(
                "tiers",
                "k",
                KnobKind::TierCount,
                "Number of tiers",
                "Tiers",
                (*k as i64).into(),
            ));
        }
        if let Some(h) = &a.hold_harmless {
            let key = "allocation.hold_harmless";
            knobs.push(knob(
                key,
                "share",
                KnobKind::HoldHarmless,
                "Hold-harmless share",
                "Hold-harmless",
                h.share.into(),
            ));
        }
    }

    /// Whether the main program's budget is set by `allocation.budget` (not on the program).
    fn budget_is_allocations(&self) -> bool {
        let spec = &self.loaded.spec;
        spec.allocation.as_ref().is_some_and(|a| a.budget.is_some())
    }

    /// The changes that make `k` quantile tiers: `tiers.k`, names (`Tier 1 (highest need)` …
    /// when the count changes), and each tier-weighted pot's and tier-rated program's values
    /// spread evenly between the formula's highest and lowest.
    pub fn tier_count_changes(&self, k: usize, origin: Origin) -> Result<Vec<Change>> {
        let Some(t) = &self.tiers else {
            return Err(Error::usage("the formula has no tiers", "choose a formula with [tiers]"));
        };
        if !matches!(t.rule, TierRule::Quantile { .. }) || !(2..=20).contains(&k) {
            return Err(Error::usage(
                format!("{k} tiers: the count of quantile tiers is from 2 to 20"),
                "choose 2 to 20 tiers (formulas with cut-off tiers keep theirs)",
            ));
        }
        let names: Vec<String> = if k == t.names.len() {
            t.names.clone()
        } else {
            (1..=k).map(|i| tier_name(i, k)).collect()
        };
        let mut changes = vec![
            Change::new("tiers.k", k as i64, origin.clone())?,
            Change::new(
                "tiers.names",
                names.iter().map(|n| Value::from(n.as_str())).collect::<Vec<_>>(),
                origin.clone(),
            )?,
        ];
        for (key, values) in self.tier_valued() {
            // A list in tier order replaces the table by name (a scenario file does the same).
            let spread: Vec<Value> = spread(&values, k)
                .into_iter()
                .map(|v| Value::Float((v * 100.0).round() / 100.0))
                .collect();
            changes.push(Change::new(&key, spread, origin.clone())?);
        }
        Ok(changes)
    }

    /// The keys of every per-tier table of numbers (tier weights, per-tier rates) and its
    /// values in tier order.
    fn tier_valued(&self) -> Vec<(String, Vec<f64>)> {
        let Some(a) = &self.allocation else { return Vec::new() };
        a.programs
            .iter()
            .filter_map(|p| {
                let base = format!("allocation.programs.{}", p.id);
                match &p.kind {
                    ProgramKind::Pot { weights: PotWeights::Tier(w), .. } => {
                        Some((format!("{base}.tier_weights"), w.clone()))
                    }
                    ProgramKind::PerPupil { rate: Some(Rate::ByTier(r)), .. } => {
                        Some((format!("{base}.rates"), r.clone()))
                    }
                    _ => None,
                }
            })
            .collect()
    }
}

/// A number as the formula holds it: whole numbers as integers (as a scenario writes them).
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 { Value::Integer(v as i64) } else { Value::Float(v) }
}

/// The program whose total a solve meets.
fn solved_total(a: &super::allocation::Allocation) -> String {
    match a.solve.as_ref().map(|s| &s.total) {
        Some(Line::Program(i)) => a.programs[*i].label.clone(),
        Some(Line::Column(c)) => c.clone(),
        None => String::new(),
    }
}

fn knob(base: &str, last: &str, kind: KnobKind, label: &str, group: &str, value: Value) -> Knob {
    let key = format!("{base}.{last}");
    Knob { key, kind, label: label.to_string(), group: group.to_string(), value }
}

/// "Tier 1 (highest need)", "Tier 2", …, "Tier k (lowest need)".
fn tier_name(i: usize, k: usize) -> String {
    match i {
        1 => "Tier 1 (highest need)".to_string(),
        i if i == k => format!("Tier {k} (lowest need)"),
        i => format!("Tier {i}"),
    }
}

/// `values` (highest need first) spread over `k` tiers: evenly from the first to the last.
fn spread(values: &[f64], k: usize) -> Vec<f64> {
    let (first, last) = (values[0], values[values.len() - 1]);
    (0..k).map(|i| first + (last - first) * i as f64 / (k - 1) as f64).collect()
}
