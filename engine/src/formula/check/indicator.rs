//! `[indicators.ID]`: source, direction, weight, applicability, transform, normaliser,
//! imputation, flag and output.

use super::checker::{Checker, at, named};
use super::data::filter;
use crate::formula::model::{
    Action, Direction, Disparity, Filter, Impute, Indicator, Measure, ValueSource, Weight,
    ZeroEvents,
};
use crate::formula::spec::{DisparitySpec, ImputeSpec, IndicatorSpec};
use crate::normalise::Normaliser;

impl Checker<'_> {
    pub(super) fn indicator(&mut self, id: &str, s: &IndicatorSpec) -> Option<Indicator> {
        let base = ["indicators", id];
        let source = self.value_source(id, s);
        if let Some(m) = s.multiplier
            && !m.is_finite()
        {
            self.err(
                &at(&base, "multiplier"),
                "multiplier must be a finite number",
                "set a number such as 100",
            );
        }
        let options = [("higher", Direction::Higher), ("lower", Direction::Lower)];
        let direction = self.pick(
            &at(&base, "direction"),
            "direction",
            s.direction.as_deref(),
            "higher",
            &options,
        );
        let weight = self.weight(id, s);
        let applies = s.applies.as_ref().map(|f| self.applies(id, f));
        let transform = s.transform.as_ref().and_then(|t| self.transform(id, t));
        let normaliser = match &s.normalise {
            Some(n) => self.normaliser(n, &at(&base, "normalise"))?,
            None => Normaliser::None,
        };
        self.points_order(id, &normaliser, direction);
        let impute = s.impute.as_ref().map(|im| self.impute(id, im));
        let output = s.output.clone().unwrap_or_else(|| id.to_string());
        let flag = s.flag.as_ref().map(|f| {
            if !f.at_least.is_finite() {
                let path = ["indicators", id, "flag", "at_least"];
                self.err(&path, "flag threshold must be finite", "set at_least = 0.9");
            }
            (f.at_least, f.output.clone().unwrap_or_else(|| format!("F_{id}")))
        });
        let check = s.check.as_deref().map(|c| {
            self.pick(&at(&base, "check"), "check action", Some(c), "warn", &named::<Action>())
        });
        let rolling = match (&s.rolling, &self.loaded.spec.data.rolling) {
            (Some(r), _) => self.rolling(r, &at(&base, "rolling")),
            (None, Some(r)) => self.rolling(r, &["data", "rolling"]),
            (None, None) => None,
        }
        .filter(|r| r.periods > 1);
        let round = self.round(&at(&base, "round"), s.round);
        let output_round = self.round(&at(&base, "output_round"), s.output_round);
        let moe = self.moe(id, s);
        Some(Indicator {
            moe,
            id: id.to_string(),
            label: s.label.clone().unwrap_or_else(|| id.to_string()),
            source: source?,
            parent: 0,
            direction,
            weight,
            applies,
            transform,
            normaliser,
            round,
            output_round,
            flag,
            output,
            impute,
            unit: s.unit.clone().unwrap_or_default(),
            check,
            rolling,
        })
    }

    /// `moe = "COLUMN"` (with `moe_level`, default 0.90): the margin of error of a column's
    /// survey estimates, as its column and the z-score of its level.
    fn moe(&mut self, id: &str, s: &IndicatorSpec) -> Option<(String, f64)> {
        let base = ["indicators", id];
        let Some(column) = &s.moe else {
            if s.moe_level.is_some() {
                self.err(
                    &at(&base, "moe_level"),
                    "moe_level without moe",
                    "name the margin-of-error column with moe = \"COLUMN\"",
                );
            }
            return None;
        };
        if s.column.is_none() {
            let fix = "give moe only to an indicator read from one column (column = \"...\")";
            self.err(&at(&base, "moe"), "a margin of error needs the estimate's own column", fix);
        }
        let level = s.moe_level.unwrap_or(0.90);
        if !(level > 0.0 && level < 1.0) {
            self.err(
                &at(&base, "moe_level"),
                format!("moe_level must be between 0 and 1, got {level}"),
                "the ACS publishes at 0.90",
            );
            return None;
        }
        self.column(column, true, format!("indicator {id}"), &at(&base, "moe"));
        let z = statrs::distribution::ContinuousCDF::inverse_cdf(
            &statrs::distribution::Normal::standard(),
            0.5 + level / 2.0,
        );
        Some((column.clone(), z))
    }

    /// Exactly one of: a column, a ratio of two columns, or a text column with categories.
    fn value_source(&mut self, id: &str, s: &IndicatorSpec) -> Option<ValueSource> {
        let base = ["indicators", id];
        let used = format!("indicator {id}");
        if let Some(d) = &s.disparity {
            if s.column.is_some()
                || s.numerator.is_some()
                || s.denominator.is_some()
                || s.categories.is_some()
            {
                let fix = "keep either disparity = { … } or column / numerator and denominator";
                self.err(
                    &at(&base, "disparity"),
                    format!("indicator '{id}' has a disparity and another source"),
                    fix,
                );
            }
            return self.disparity(id, d, s.multiplier);
        }
        if let Some(cols) = &s.sum_of {
            return self.sum_of(id, s, cols);
        }
        match (&s.column, &s.numerator, &s.denominator, &s.categories) {
            (Some(c), None, None, None) => {
                self.column(c, true, used, &at(&base, "column"));
                Some(ValueSource::Column(c.clone()))
            }
            (Some(c), None, None, Some(map)) => {
                self.column(c, false, used, &at(&base, "column"));
                let map = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
                Some(ValueSource::Categories { column: c.clone(), map })
            }
            (None, Some(n), Some(d), None) => {
                self.column(n, true, used.clone(), &at(&base, "numerator"));
                self.column(d, true, used, &at(&base, "denominator"));
                let multiplier = s.multiplier.unwrap_or(1.0);
                Some(ValueSource::Ratio {
                    numerator: n.clone(),
                    denominator: d.clone(),
                    multiplier,
                })
            }
            _ => {
                self.err(
                    &base,
                    format!("indicator '{id}' needs exactly one source"),
                    "give column = \"...\", or numerator and denominator, or column with categories, or sum_of = [\"...\", \"...\"]",
                );
                None
            }
        }
    }

    /// `sum_of = [...]`: two or more numeric columns, and no other source.
    fn sum_of(&mut self, id: &str, s: &IndicatorSpec, cols: &[String]) -> Option<ValueSource> {
        let base = ["indicators", id];
        if s.column.is_some() || s.numerator.is_some() || s.categories.is_some() {
            let fix = "keep either sum_of = [...] or column / numerator and denominator";
            self.err(
                &at(&base, "sum_of"),
                format!("indicator '{id}' has sum_of and another source"),
                fix,
            );
            return None;
        }
        if cols.len() < 2 {
            let fix = "list two or more columns, or use column = \"...\"";
            self.err(&at(&base, "sum_of"), "sum_of needs two or more columns", fix);
            return None;
        }
        for c in cols {
            self.column(c, true, format!("indicator {id}"), &at(&base, "sum_of"));
        }
        Some(ValueSource::Sum(cols.to_vec()))
    }

    fn disparity(
        &mut self,
        id: &str,
        d: &DisparitySpec,
        multiplier: Option<f64>,
    ) -> Option<ValueSource> {
        let path = ["indicators", id, "disparity"];
        for c in [&d.events, &d.population, &d.reference_events, &d.reference_population] {
            self.column(c, true, format!("indicator {id}"), &path);
        }
        let measures = [("ratio", Measure::Ratio), ("difference", Measure::Difference)];
        let measure =
            self.pick(&at(&path, "measure"), "measure", d.measure.as_deref(), "ratio", &measures);
        let zeros = [("missing", ZeroEvents::Missing), ("haldane", ZeroEvents::Haldane)];
        let zero = self.pick(&at(&path, "zero"), "zero rule", d.zero.as_deref(), "missing", &zeros);
        let min_population = d.min_population.unwrap_or(10.0);
        let min_events = d.min_events.unwrap_or(1.0);
        for (k, v) in [("min_population", min_population), ("min_events", min_events)] {
            if !(v.is_finite() && v >= 0.0) {
                self.err(
                    &at(&path, k),
                    format!("{k} must be 0 or more, got {v}"),
                    format!("e.g. {k} = 10"),
                );
            }
        }
        let default = if measure == Measure::Difference { 100.0 } else { 1.0 };
        Some(ValueSource::Disparity(Disparity {
            events: d.events.clone(),
            population: d.population.clone(),
            reference_events: d.reference_events.clone(),
            reference_population: d.reference_population.clone(),
            measure,
            min_population,
            min_events,
            zero,
            multiplier: multiplier.unwrap_or(default),
        }))
    }

    fn weight(&mut self, id: &str, s: &IndicatorSpec) -> Weight {
        let base = ["indicators", id];
        match (&s.weight, &s.weight_column) {
            (Some(_), Some(_)) => {
                self.err(
                    &at(&base, "weight_column"),
                    "both weight and weight_column are set",
                    "keep one of them",
                );
                Weight::Fixed(1.0)
            }
            (_, Some(c)) => {
                self.column(
                    c,
                    true,
                    format!("weight of indicator {id}"),
                    &at(&base, "weight_column"),
                );
                Weight::Column(c.clone())
            }
            (w, None) => {
                let w = w.unwrap_or(1.0);
                self.positive(&at(&base, "weight"), w, "weight");
                Weight::Fixed(w)
            }
        }
    }

    fn applies(&mut self, id: &str, f: &crate::formula::spec::FilterSpec) -> Filter {
        let path = ["indicators", id, "applies"];
        if f.one_of.is_none() && f.not_one_of.is_none() {
            self.err(
                &path,
                "applies has neither one_of nor not_one_of",
                "e.g. applies = { column = \"school_level\", one_of = [\"high\"] }",
            );
        }
        self.column(&f.column, false, format!("indicator {id} (applies)"), &path);
        filter(f)
    }

    /// Points cut-offs must run the way the direction reads them.
    fn points_order(&mut self, id: &str, normaliser: &Normaliser, direction: Direction) {
        let Normaliser::Points { cutoffs, .. } = normaliser else { return };
        if cutoffs.len() < 2 {
            return;
        }
        let ok = match direction {
            Direction::Higher => cutoffs[0] > cutoffs[1],
            Direction::Lower => cutoffs[0] < cutoffs[1],
        };
        if !ok {
            let want = if direction == Direction::Higher {
                "highest first (value ≥ cutoff earns the points)"
            } else {
                "lowest first for direction = \"lower\" (value ≤ cutoff earns the points)"
            };
            self.err(
                &["indicators", id, "normalise"],
                format!("points cutoffs are in the wrong order for direction {direction:?}"),
                format!("list the cutoffs {want}"),
            );
        }
    }

    fn impute(&mut self, id: &str, im: &ImputeSpec) -> Impute {
        let options = [("mean", false), ("median", true)];
        let path = ["indicators", id, "impute", "method"];
        let median = self.pick(&path, "imputation", Some(&im.method), "mean", &options);
        if let Some(w) = &im.within {
            let used = format!("imputation of indicator {id}");
            self.column(w, false, used, &["indicators", id, "impute", "within"]);
        }
        Impute { median, within: im.within.clone() }
    }
}
