//! `[domains.ID]` and `[index]`: aggregation, missing-data rule, weight, re-normalisation,
//! extra outputs and classes.

use super::checker::{Checker, at};
use crate::formula::model::{Aggregation, AggregationKind, Domain, Extra, MissingRule};
use crate::formula::spec::DomainSpec;
use crate::normalise::Normaliser;
use strum::IntoEnumIterator;

impl Checker<'_> {
    pub(super) fn domain(&mut self, id: &str, s: &DomainSpec, is_index: bool) -> Option<Domain> {
        let base: Vec<&str> = if is_index { vec!["index"] } else { vec!["domains", id] };
        let aggregation = self.aggregation(&base, s)?;
        let missing = self.missing_rule(&base, s);
        let weight = s.weight.unwrap_or(1.0);
        if is_index && s.weight.is_some() {
            self.err(&at(&base, "weight"), "the index has no weight", "remove weight from [index]");
        }
        self.positive(&at(&base, "weight"), weight, "weight");
        let multiplier = s.multiplier.unwrap_or(1.0);
        if !multiplier.is_finite() || multiplier == 0.0 {
            let message = "multiplier must be a non-zero finite number";
            self.err(&at(&base, "multiplier"), message, "e.g. multiplier = 0.01");
        }
        let normaliser = match &s.normalise {
            Some(n) => Some(self.normaliser(n, &at(&base, "normalise"))?),
            None => None,
        };
        if let Some(Normaliser::Points { cutoffs, .. }) = &normaliser
            && cutoffs.len() > 1
            && cutoffs[0] < cutoffs[1]
        {
            let fix = "e.g. cutoffs = [90, 70, 40, 10]";
            self.err(&at(&base, "normalise"), "points cutoffs must be highest first", fix);
        }
        let feeds_normalised = self.feeds(&base, s, normaliser.is_some());
        let output = s.output.clone().unwrap_or_else(|| id.to_string());
        let normalised_output = normaliser
            .as_ref()
            .map(|_| s.normalised_output.clone().unwrap_or_else(|| format!("{output}_normalised")));
        let classes = s
            .classes
            .as_ref()
            .and_then(|t| self.tiers(t, &at(&base, "classes"), &format!("{id}_class")));
        let round = self.round(&at(&base, "round"), s.round);
        let output_round = self.round(&at(&base, "output_round"), s.output_round);
        let normalised_round = self.round(&at(&base, "normalised_round"), s.normalised_round);
        let extra = self.extras(&base, s);
        Some(Domain {
            id: id.to_string(),
            label: s
                .label
                .clone()
                .unwrap_or_else(|| if is_index { "Index".to_string() } else { id.to_string() }),
            parent: None,
            weight,
            children: Vec::new(),
            indicators: Vec::new(),
            aggregation,
            missing,
            multiplier,
            round,
            output_round,
            output,
            normaliser,
            normalised_round,
            normalised_output,
            feeds_normalised,
            flags_output: s.flags_output.clone(),
            extra,
            classes,
        })
    }

    fn aggregation(&mut self, base: &[&str], s: &DomainSpec) -> Option<Aggregation> {
        let names: Vec<(&str, AggregationKind)> =
            AggregationKind::iter().map(|k| (k.into(), k)).collect();
        let name = self.pick_opt(
            &at(base, "aggregation"),
            "value",
            s.aggregation.as_deref(),
            "mean",
            &names,
        )?;
        Some(match name {
            AggregationKind::Mean => Aggregation::Mean,
            AggregationKind::Sum => Aggregation::Sum,
            AggregationKind::Geometric => {
                if let Some(z) = s.zero_floor
                    && !(z.is_finite() && z > 0.0)
                {
                    self.err(
                        &at(base, "zero_floor"),
                        "zero_floor must be positive",
                        "e.g. zero_floor = 0.01",
                    );
                }
                Aggregation::Geometric { zero_floor: s.zero_floor }
            }
            AggregationKind::Product => Aggregation::Product,
            AggregationKind::Min => Aggregation::Min,
            AggregationKind::Max => Aggregation::Max,
        })
    }

    fn missing_rule(&mut self, base: &[&str], s: &DomainSpec) -> MissingRule {
        let options = [("drop", true), ("propagate", false)];
        let known = self.pick_opt(
            &at(base, "missing"),
            "missing rule",
            s.missing.as_deref(),
            "drop",
            &options,
        );
        match known {
            Some(true) => {
                let min_share = s.min_share.unwrap_or(0.0);
                if !(0.0..=1.0).contains(&min_share) {
                    let message = format!("min_share must be between 0 and 1, got {min_share}");
                    self.err(&at(base, "min_share"), message, "e.g. min_share = 0.5");
                }
                MissingRule::Drop {
                    min_present: s.min_present.unwrap_or(1).max(1),
                    min_share,
                    min_children: s.min_children.unwrap_or(1).max(1),
                }
            }
            Some(false) => {
                if s.min_present.is_some() || s.min_share.is_some() || s.min_children.is_some() {
                    self.err(
                        &at(base, "missing"),
                        "min_present/min_share/min_children only apply with missing = \"drop\"",
                        "remove them or use missing = \"drop\"",
                    );
                }
                MissingRule::Propagate
            }
            None => MissingRule::Propagate,
        }
    }

    /// Whether the parent aggregates the re-normalised value (`feeds`).
    fn feeds(&mut self, base: &[&str], s: &DomainSpec, normalised: bool) -> bool {
        let options = [("score", false), ("normalised", true)];
        let path = at(base, "feeds");
        match s.feeds.as_deref() {
            None => normalised,
            Some(value) => match self.pick_opt(&path, "feeds", Some(value), "", &options) {
                Some(true) if !normalised => {
                    let fix = "add normalise = { method = ... } or remove feeds";
                    self.err(&path, "feeds = \"normalised\" but there is no normalise", fix);
                    true
                }
                Some(feeds) => feeds,
                None => false,
            },
        }
    }

    fn extras(&mut self, base: &[&str], s: &DomainSpec) -> Vec<Extra> {
        let mut extra = Vec::new();
        for (i, e) in s.extra.iter().enumerate() {
            let idx = i.to_string();
            let mut p = base.to_vec();
            p.extend(["extra", idx.as_str(), "normalise"]);
            if let Some(normaliser) = self.normaliser(&e.normalise, &p) {
                let round = self.round(&p[..p.len() - 1], e.round);
                extra.push(Extra { output: e.output.clone(), normaliser, round });
            }
        }
        extra
    }
}
