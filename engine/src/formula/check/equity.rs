//! `[equity]`: the money, its pupils, cost index and areas, poverty, wealth, controls and
//! student groups of `seni equity`.

use super::checker::{Checker, at};
use crate::error::suggest;
use crate::formula::audit::GROUP_SUFFIX;
use crate::formula::equity::{EquityConfig, MoneyPart, PupilShare, ShareKind, money_label};
use crate::formula::spec::EquitySpec;

impl Checker<'_> {
    /// Checks `[equity]`; None when it has problems.
    pub(super) fn equity(&mut self, spec: &EquitySpec) -> Option<EquityConfig> {
        let before = self.problems.len();
        let money = self.equity_money(spec);
        let money_total = self.pick(
            &["equity", "money_is"],
            "money_is",
            spec.money_is.as_deref(),
            "per_pupil",
            &[("per_pupil", false), ("total", true)],
        );
        let pupils = self.equity_pupils(spec);
        for (key, column) in [("cost", &spec.cost), ("wealth", &spec.wealth)] {
            if let Some(c) = column {
                self.column(c, true, format!("equity {key}"), &["equity", key]);
            }
        }
        let by = spec.by.clone().or_else(|| self.loaded.spec.data.group.clone());
        if let Some(c) = &spec.by {
            self.column(c, false, "equity by".into(), &["equity", "by"]);
        }
        let poverty = spec
            .poverty
            .as_ref()
            .and_then(|v| self.pupil_share("pupils in poverty", v, &["equity", "poverty"], false));
        for c in &spec.controls {
            self.column(c, true, "equity control".into(), &["equity", "controls"]);
        }
        if !spec.controls.is_empty() && spec.poverty.is_none() {
            let fix = "name the poverty column with poverty = \"COLUMN\" (or --poverty)";
            self.err(&["equity", "controls"], "controls are for the regression on poverty", fix);
        }
        let groups = spec
            .groups
            .iter()
            .filter_map(|(label, v)| self.pupil_share(label, v, &["equity", "groups", label], true))
            .collect();
        let config = EquityConfig {
            label: spec.label.clone().unwrap_or_else(|| money_label(&money, money_total)),
            money,
            money_total,
            pupils,
            cost: spec.cost.clone(),
            by,
            poverty,
            poverty_weight: self.poverty_weight(spec.poverty_weight),
            wealth: spec.wealth.clone(),
            controls: spec.controls.clone(),
            predict: self.predict(spec.predict.as_deref()),
            groups,
        };
        (self.problems.len() == before).then_some(config)
    }

    /// The parts of the money: columns, `allocation` and `program:ID` (default: the
    /// allocation, when the formula allocates).
    fn equity_money(&mut self, spec: &EquitySpec) -> Vec<MoneyPart> {
        let path = ["equity", "money"];
        let allocation = self.loaded.spec.allocation.as_ref();
        let Some(terms) = spec.money.as_ref().map(|m| m.to_vec()) else {
            if allocation.is_none() {
                let fix = "name the money with money = [\"COLUMN\", …] (or --money COLUMN)";
                self.err(
                    &["equity"],
                    "[equity] names no money and the formula allocates none",
                    fix,
                );
            }
            return vec![MoneyPart::Allocation];
        };
        let mut parts = Vec::new();
        for part in terms.iter().filter_map(|t| MoneyPart::parse(t)) {
            match (&part, allocation) {
                (MoneyPart::Column(c), _) => self.column(c, true, "equity money".into(), &path),
                (_, None) => {
                    let message = "money from the allocation needs an [allocation]";
                    self.err(&path, message, "give data columns, or use a formula that allocates");
                }
                (MoneyPart::Program(id), Some(alloc)) => {
                    let ids: Vec<&str> = alloc.programs.keys().map(String::as_str).collect();
                    if !ids.contains(&id.as_str()) {
                        let message = format!("no program '{id}' under [allocation]");
                        self.err(&path, message, suggest(id, &ids));
                    }
                }
                (MoneyPart::Allocation, Some(_)) => {}
            }
            parts.push(part);
        }
        if parts.is_empty() {
            self.err(&path, "money lists nothing", "e.g. money = [\"state_per_child\"]");
        }
        parts
    }

    /// The pupils: the named column, else the allocation's pupils (None), else the enrolment.
    fn equity_pupils(&mut self, spec: &EquitySpec) -> Option<String> {
        let f = &self.loaded.spec;
        if let Some(c) = &spec.pupils {
            self.column(c, true, "equity pupils".into(), &["equity", "pupils"]);
            return Some(c.clone());
        }
        if f.allocation.is_some() {
            return None;
        }
        if f.data.enrolment.is_none() {
            let fix = "name the pupils with pupils = \"COLUMN\" (or --per COLUMN), or set enrolment under [data]";
            self.err(&["equity"], "equity statistics weigh each row by its pupils", fix);
        }
        f.data.enrolment.clone()
    }

    /// A share of pupils: a column (a `*_count` column counts pupils, any other is a
    /// percentage of them) or a table `{ share | count, per, moe, moe_level, complement, label }`.
    fn pupil_share(
        &mut self,
        label: &str,
        value: &toml::Value,
        path: &[&str],
        complement_allowed: bool,
    ) -> Option<PupilShare> {
        let used_by = format!("equity {}", path[1..].join(" "));
        if let toml::Value::String(c) = value {
            self.column(c, true, used_by, path);
            let kind = if c.ends_with(GROUP_SUFFIX) {
                ShareKind::Count
            } else {
                ShareKind::Share { per: 100.0 }
            };
            let columns = vec![c.clone()];
            let label = label.to_string();
            return Some(PupilShare { label, columns, kind, complement: false, moe: None });
        }
        let Some(t) = value.as_table() else {
            let fix = "give a column (\"pct_pov\") or { share = \"pct_pov\", moe = \"pov_moe\" }";
            self.err(path, format!("{} is neither a column nor a table", path.join(".")), fix);
            return None;
        };
        self.share_table(label, t, path, complement_allowed)
    }

    /// `{ share | count, per, moe, moe_level, complement, label }`.
    fn share_table(
        &mut self,
        label: &str,
        t: &toml::Table,
        path: &[&str],
        complement_allowed: bool,
    ) -> Option<PupilShare> {
        let known = ["share", "count", "per", "moe", "moe_level", "complement", "label"];
        for key in t.keys().filter(|k| !known.contains(&k.as_str())) {
            self.err(&at(path, key), format!("unknown key '{key}'"), suggest(key, &known));
        }
        let columns = |v: Option<&toml::Value>| -> Option<Vec<String>> {
            match v? {
                toml::Value::String(s) => Some(vec![s.clone()]),
                toml::Value::Array(a) => a.iter().map(|x| x.as_str().map(str::to_string)).collect(),
                _ => None,
            }
        };
        let (columns, kind) = match (columns(t.get("share")), columns(t.get("count"))) {
            (Some(c), None) if !c.is_empty() => (c, ShareKind::Share { per: self.per(t, path) }),
            (None, Some(c)) if !c.is_empty() => (c, ShareKind::Count),
            _ => {
                let fix =
                    "give exactly one of share = \"COLUMN\" (a percentage) or count = \"COLUMN\"";
                self.err(path, format!("{} names no share or count column", path.join(".")), fix);
                return None;
            }
        };
        let used_by = format!("equity {}", path[1..].join(" "));
        for c in &columns {
            self.column(c, true, used_by.clone(), path);
        }
        let complement = t.get("complement").and_then(toml::Value::as_bool).unwrap_or(false);
        if complement && !complement_allowed {
            let fix = "give the share of poor pupils itself";
            self.err(&at(path, "complement"), "poverty cannot be a complement", fix);
        }
        let moe = self.share_moe(t, path, columns.len());
        let label = t.get("label").and_then(toml::Value::as_str).unwrap_or(label).to_string();
        Some(PupilShare { label, columns, kind, complement, moe })
    }

    /// `per`: what a whole share is (default 100).
    fn per(&mut self, t: &toml::Table, path: &[&str]) -> f64 {
        let per = t.get("per").and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
        let per = per.unwrap_or(100.0);
        if !(per.is_finite() && per > 0.0) {
            let fix = "per = 100 for percentages, 1 for fractions";
            self.err(&at(path, "per"), format!("per must be positive, got {per}"), fix);
        }
        per
    }

    /// `moe` (with `moe_level`, default 0.90): the column's margin of error and the z of its level.
    fn share_moe(
        &mut self,
        t: &toml::Table,
        path: &[&str],
        columns: usize,
    ) -> Option<(String, f64)> {
        let column = t.get("moe").and_then(toml::Value::as_str)?;
        if columns != 1 {
            let fix = "give a margin of error only to a share read from one column";
            self.err(&at(path, "moe"), "a margin of error needs the estimate's own column", fix);
        }
        let level = t.get("moe_level").and_then(toml::Value::as_float).unwrap_or(0.90);
        if !(level > 0.0 && level < 1.0) {
            let message = format!("moe_level must be between 0 and 1, got {level}");
            self.err(&at(path, "moe_level"), message, "the ACS publishes at 0.90");
            return None;
        }
        self.column(column, true, format!("equity {}", path[1..].join(" ")), &at(path, "moe"));
        let z = statrs::distribution::ContinuousCDF::inverse_cdf(
            &statrs::distribution::Normal::standard(),
            0.5 + level / 2.0,
        );
        Some((column.to_string(), z))
    }

    /// `poverty_weight`: a number of at least 0 (default 0).
    fn poverty_weight(&mut self, w: Option<f64>) -> f64 {
        let w = w.unwrap_or(0.0);
        if !(w.is_finite() && w >= 0.0) {
            let message = format!("poverty_weight must be 0 or more, got {w}");
            self.err(&["equity", "poverty_weight"], message, "e.g. poverty_weight = 0.4");
        }
        w
    }

    /// `predict = [HIGH, LOW]`: two different poverty rates in 0–100 (default [30, 5]).
    fn predict(&mut self, p: Option<&[f64]>) -> (f64, f64) {
        match p {
            None => (30.0, 5.0),
            Some(&[hi, lo])
                if (0.0..=100.0).contains(&hi) && (0.0..=100.0).contains(&lo) && hi != lo =>
            {
                (hi, lo)
            }
            Some(v) => {
                let message = format!("predict must be two different poverty rates (%), got {v:?}");
                self.err(&["equity", "predict"], message, "e.g. predict = [30, 5]");
                (30.0, 5.0)
            }
        }
    }
}
