//! `[data]`: id, name, group, enrolment, missing-value markers, filters and kept columns.

use super::checker::{Checker, at, named};
use super::kind::Kind;
use crate::formula::model::{Action, Checks, DataConfig, Filter, Rolling};
use crate::formula::source::BUNDLED_DATA;
use crate::formula::spec::{FilterSpec, RollingSpec};

/// A checked row filter.
pub(super) fn filter(f: &FilterSpec) -> Filter {
    Filter {
        column: f.column.clone(),
        one_of: f.one_of.clone(),
        not_one_of: f.not_one_of.clone().unwrap_or_default(),
    }
}

impl Checker<'_> {
    pub(super) fn data(&mut self) -> DataConfig {
        let d = &self.loaded.spec.data;
        let id = d.id.to_vec();
        if id.is_empty() || id.iter().any(|c| c.trim().is_empty()) {
            self.err(&["data", "id"], "no id column", "set id = \"school_id\" under [data]");
        }
        for c in &id {
            self.column(c, false, "the id".into(), &["data", "id"]);
        }
        for (key, col) in
            [("name", &d.name), ("group", &d.group), ("normalise_within", &d.normalise_within)]
        {
            if let Some(c) = col {
                self.column(c, false, format!("data.{key}"), &["data", key]);
            }
        }
        if let Some(c) = &d.enrolment {
            self.column(c, true, "enrolment".into(), &["data", "enrolment"]);
        }
        let coordinates = self.coordinates();
        if let Some(c) = &d.period {
            self.column(c, false, "data.period".into(), &["data", "period"]);
        }
        if d.use_period.is_some() && d.period.is_none() {
            let fix =
                "name the period column with period = \"COLUMN\" under [data] (e.g. \"year\")";
            self.err(
                &["data", "use_period"],
                "a period is chosen but the data have no period column",
                fix,
            );
        }
        let filters = self.filters();
        for c in &d.keep {
            self.column(c, false, "data.keep".into(), &["data", "keep"]);
        }
        let names: Vec<(&str, &str)> = BUNDLED_DATA.iter().map(|(n, _)| (*n, *n)).collect();
        let bundled = d.bundled.as_deref().and_then(|b| {
            self.pick_opt(&["data", "bundled"], "bundled data", Some(b), "", &names)
                .map(str::to_string)
        });
        DataConfig {
            unit: unit(d.unit.as_deref(), d.unit_plural.as_deref()),
            id,
            id_width: d.id_width,
            name: d.name.clone(),
            group: d.group.clone(),
            normalise_within: d.normalise_within.clone(),
            enrolment: d.enrolment.clone(),
            coordinates,
            missing_values: d.missing_values.clone(),
            filters,
            keep: d.keep.clone(),
            bundled,
            example: d.example.clone(),
            checks: self.checks(),
            period: d.period.clone(),
            use_period: d.use_period.clone(),
        }
    }

    /// `latitude` and `longitude`: both or neither.
    fn coordinates(&mut self) -> Option<(String, String)> {
        let d = &self.loaded.spec.data;
        match (&d.latitude, &d.longitude) {
            (Some(lat), Some(lon)) => {
                self.column(lat, true, "data.latitude".into(), &["data", "latitude"]);
                self.column(lon, true, "data.longitude".into(), &["data", "longitude"]);
                Some((lat.clone(), lon.clone()))
            }
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                let key = if d.latitude.is_some() { "latitude" } else { "longitude" };
                let fix = "name both latitude and longitude columns under [data], or neither";
                self.err(&["data", key], "a coordinate column without the other", fix);
                None
            }
        }
    }

    /// A rolling average (an indicator's own, else `[data] rolling`); `path` locates it.
    pub(super) fn rolling(&mut self, spec: &RollingSpec, path: &[&str]) -> Option<Rolling> {
        let (periods, min, weight) = match spec {
            RollingSpec::Periods(n) => (*n, None, None),
            RollingSpec::Full { periods, min_periods, weight } => {
                (*periods, *min_periods, weight.as_deref())
            }
        };
        let min = min.unwrap_or(1);
        let mut ok = true;
        if periods < 1 {
            ok = false;
            self.err(
                path,
                format!("rolling needs at least 1 period, got {periods}"),
                "e.g. rolling = 3",
            );
        } else if !(1..=periods).contains(&min) {
            ok = false;
            let message = format!("min_periods must be between 1 and {periods}, got {min}");
            self.err(&at(path, "min_periods"), message, "e.g. min_periods = 2");
        }
        let weights = [("none", false), ("enrolment", true), ("enrollment", true)];
        let by_enrolment =
            self.pick_opt(&at(path, "weight"), "rolling weight", weight, "none", &weights);
        ok &= by_enrolment.is_some();
        let by_enrolment = by_enrolment.unwrap_or(false);
        let d = &self.loaded.spec.data;
        if periods > 1 && d.period.is_none() {
            ok = false;
            let fix =
                "name the period column with period = \"COLUMN\" under [data] (e.g. \"year\")";
            self.err(path, "a rolling average needs periods in the data", fix);
        }
        if by_enrolment && d.enrolment.is_none() {
            ok = false;
            self.err(
                &at(path, "weight"),
                "weight = \"enrolment\" needs an enrolment",
                "set enrolment = \"COLUMN\" under [data]",
            );
        }
        let enrolment = if by_enrolment { d.enrolment.clone() } else { None };
        ok.then_some(Rolling { periods: periods as usize, min_periods: min as usize, enrolment })
    }

    fn filters(&mut self) -> Vec<Filter> {
        let mut filters = Vec::new();
        for (i, f) in self.loaded.spec.data.filter.iter().enumerate() {
            let idx = i.to_string();
            let path = ["data", "filter", idx.as_str()];
            if f.one_of.is_none() && f.not_one_of.is_none() {
                let fix = "add one_of = [\"...\"] or not_one_of = [\"...\"]";
                self.err(&path, "filter has neither one_of nor not_one_of", fix);
            }
            self.column(&f.column, false, "a filter".into(), &path);
            filters.push(filter(f));
        }
        filters
    }

    /// `[data.checks]`: implausible enrolments are errors by default when the formula shares a
    /// pot by pupils (one school could take most of it), warnings otherwise (per-pupil rates).
    fn checks(&mut self) -> Checks {
        let loaded = self.loaded;
        let spec = loaded.spec.data.checks.clone().unwrap_or_default();
        // A pot is shared by pupils: an enrolment out of all proportion takes the other units'
        // money. Per-pupil rates pay each unit for its own pupils, and take no one's share.
        let shares_a_pot = loaded
            .spec
            .allocation
            .as_ref()
            .is_some_and(|a| a.programs.values().any(|p| Kind::of(p) == Some(Kind::Pot)));
        let path = |k: &'static str| ["data", "checks", k];
        let values = self.pick(
            &path("values"),
            "check action",
            spec.values.as_deref(),
            "warn",
            &named::<Action>(),
        );
        let counts = self.pick(
            &path("counts"),
            "check action",
            spec.counts.as_deref(),
            "warn",
            &named::<Action>(),
        );
        let default = if shares_a_pot { "error" } else { "warn" };
        let enrolment = self.pick(
            &path("enrolment"),
            "check action",
            spec.enrolment.as_deref(),
            default,
            &named::<Action>(),
        );
        let enrolment_ratio = spec.enrolment_ratio.unwrap_or(20.0);
        if !(enrolment_ratio.is_finite() && enrolment_ratio > 1.0) {
            let message =
                format!("enrolment_ratio must be a number above 1, got {enrolment_ratio}");
            self.err(&path("enrolment_ratio"), message, "e.g. enrolment_ratio = 20");
        }
        if let Some(m) = spec.enrolment_max
            && !(m.is_finite() && m > 0.0)
        {
            self.err(
                &path("enrolment_max"),
                format!("enrolment_max must be positive, got {m}"),
                "e.g. enrolment_max = 20000",
            );
        }
        Checks { values, counts, enrolment, enrolment_ratio, enrolment_max: spec.enrolment_max }
    }
}

/// The unit of a row and its plural: `school`/`schools` unless the formula says otherwise.
fn unit(singular: Option<&str>, plural: Option<&str>) -> (String, String) {
    let one = singular.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("school");
    let many = match plural.map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => p.to_string(),
        None if one.ends_with('s') || one.ends_with('x') => format!("{one}es"),
        None if one.ends_with('y') && !one.ends_with("ey") => {
            format!("{}ies", &one[..one.len() - 1])
        }
        None => format!("{one}s"),
    };
    (one.to_string(), many)
}
