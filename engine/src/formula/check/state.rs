//! The names a state formula's rules use under `[allocation]`: parameters, schedules and
//! weighted counts — and the numbers, lines and amounts rules refer to by name.

use super::allocation::key;
use super::checker::{Checker, at};
use crate::error::suggest;
use crate::formula::spec::{AllocationSpec, CountSpec, ScheduleSpec};
use crate::formula::{Count, Line, LineAmount, Num, Schedule, ScheduleShape};
use crate::num::cents;

/// What a TOML value is, for messages.
fn shown(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

impl Checker<'_> {
    /// The parameters, schedules and counts, checked in that order (each may use the ones
    /// before), and their names recorded for the rules.
    pub(super) fn state_names(
        &mut self,
        spec: &AllocationSpec,
    ) -> (Vec<(String, f64)>, Vec<Schedule>, Vec<Count>) {
        self.names.parameters = spec.parameters.keys().cloned().collect();
        self.names.schedules = spec.schedules.keys().cloned().collect();
        self.names.counts = spec.counts.keys().cloned().collect();
        let mut parameters = Vec::new();
        for (name, v) in &spec.parameters {
            if !v.is_finite() {
                let fix = "give a number, e.g. 11975";
                self.alloc_err(&["parameters", name], format!("{v} is not a number"), fix);
            }
            parameters.push((name.clone(), *v));
        }
        for name in spec.schedules.keys() {
            if spec.parameters.contains_key(name) {
                let fix = "give the schedule another name";
                let message = format!("'{name}' is both a parameter and a schedule");
                self.alloc_err(&["schedules", name], message, fix);
            }
        }
        let schedules = spec.schedules.iter().filter_map(|(n, s)| self.schedule(n, s)).collect();
        let counts = spec.counts.iter().filter_map(|(n, c)| self.count(n, c)).collect();
        (parameters, schedules, counts)
    }

    fn schedule(&mut self, id: &str, s: &ScheduleSpec) -> Option<Schedule> {
        let base = ["schedules", id];
        let linear = s.from.is_some() || s.to.is_some() || s.low.is_some() || s.high.is_some();
        let shape = match (&s.values, linear) {
            (Some(_), true) => {
                let fix = "keep from/to/low/high (a sliding scale) or values (by category)";
                self.alloc_err(&base, "a schedule is linear or by category, not both", fix);
                return None;
            }
            (Some(values), false) => {
                self.alloc_text(&s.column, format!("schedule {id}"), &at(&base, "column"));
                let values = values.iter().map(|(k, v)| (k.clone(), *v)).collect();
                ScheduleShape::Categories { values, otherwise: s.otherwise.unwrap_or(0.0) }
            }
            (None, _) => self.linear(id, s)?,
        };
        let decimals = self.round(&key(&at(&base, "decimals")), s.decimals);
        if let (Some(lo), Some(hi)) = (s.min, s.max)
            && lo > hi
        {
            let fix = "lower min or raise max";
            self.alloc_err(&at(&base, "min"), format!("min {lo} is above max {hi}"), fix);
        }
        Some(Schedule {
            id: id.to_string(),
            label: s.label.clone().unwrap_or_else(|| id.to_string()),
            column: s.column.clone(),
            shape,
            decimals,
            min: s.min,
            max: s.max,
        })
    }

    /// A sliding scale: `low` at or below `from`, `high` at or above `to`.
    fn linear(&mut self, id: &str, s: &ScheduleSpec) -> Option<ScheduleShape> {
        let base = ["schedules", id];
        self.alloc_column(&s.column, format!("schedule {id}"), &at(&base, "column"));
        let (Some(from), Some(to), Some(low), Some(high)) = (s.from, s.to, &s.low, &s.high) else {
            let fix = "give from, to, low and high (e.g. from = 20, to = 60, low = 0.47, \
                       high = 0.57), or values = { \"A\" = 1.2 } by category";
            self.alloc_err(&base, format!("schedule '{id}' is incomplete"), fix);
            return None;
        };
        if from >= to {
            let fix = "from is the column value where the scale starts, to where it ends";
            self.alloc_err(&at(&base, "to"), format!("to ({to}) must be above from ({from})"), fix);
        }
        let low = self.num(&at(&base, "low"), low, false)?;
        let high = self.num(&at(&base, "high"), high, false)?;
        Some(ScheduleShape::Linear { from, to, low, high })
    }

    fn count(&mut self, id: &str, c: &CountSpec) -> Option<Count> {
        let base = ["counts", id];
        if c.columns.is_empty() {
            let fix = "list the pupil columns, e.g. columns = [\"grade_k\", \"grades_1_5\"]";
            self.alloc_err(&at(&base, "columns"), "a count needs columns", fix);
        }
        for col in &c.columns {
            self.alloc_column(col, format!("count {id}"), &at(&base, "columns"));
        }
        let weights = c.weights.clone().unwrap_or_else(|| vec![1.0; c.columns.len()]);
        if weights.len() != c.columns.len() {
            let message = format!("{} weights for {} columns", weights.len(), c.columns.len());
            self.alloc_err(&at(&base, "weights"), message, "give one weight per column");
        }
        if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            let fix = "give weights ≥ 0";
            self.alloc_err(&at(&base, "weights"), format!("weight {w} is not ≥ 0"), fix);
        }
        let weight = c.weight.as_ref().and_then(|w| self.num(&at(&base, "weight"), w, true));
        let factor = c.factor.as_ref().and_then(|f| self.num(&at(&base, "factor"), f, true));
        let decimals = self.round(&key(&at(&base, "decimals")), c.decimals);
        Some(Count {
            id: id.to_string(),
            label: c.label.clone().unwrap_or_else(|| id.to_string()),
            columns: c.columns.iter().cloned().zip(weights).collect(),
            weight,
            decimals,
            factor,
        })
    }

    /// A number a rule uses: as written, a parameter, or — where a number may differ by row
    /// (`per_row`) — a schedule.
    pub(super) fn num(&mut self, path: &[&str], v: &toml::Value, per_row: bool) -> Option<Num> {
        let number = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        if let Some(x) = number {
            if x.is_finite() {
                return Some(Num::Value(x));
            }
            self.alloc_err(path, format!("{x} is not a number"), "give a finite number");
            return None;
        }
        let Some(name) = v.as_str() else {
            let fix = "give a number or the name of a parameter";
            self.alloc_err(path, format!("{} is not a number", shown(v)), fix);
            return None;
        };
        if let Some(i) = self.names.parameters.iter().position(|p| p == name) {
            return Some(Num::Parameter(i));
        }
        if let Some(i) = self.names.schedules.iter().position(|p| p == name) {
            if per_row {
                return Some(Num::Schedule(i));
            }
            let message = format!("schedule '{name}' gives a number per row; one number is needed");
            self.alloc_err(path, message, "use a number or a parameter here");
            return None;
        }
        let mut known: Vec<&str> = self.names.parameters.iter().map(String::as_str).collect();
        if per_row {
            known.extend(self.names.schedules.iter().map(String::as_str));
        }
        let what = if per_row { "parameter or schedule" } else { "parameter" };
        let fix = if known.is_empty() {
            "give a number, or define it under [allocation.parameters]".to_string()
        } else {
            suggest(name, &known)
        };
        self.alloc_err(path, format!("unknown {what} '{name}'"), fix);
        None
    }

    /// A line of money a rule reads: an earlier program, else a data column of dollars.
    pub(super) fn line(&mut self, path: &[&str], name: &str, used_by: &str) -> Line {
        if let Some(i) = self.names.earlier.iter().position(|p| p == name) {
            return Line::Program(i);
        }
        if self.names.programs.iter().any(|p| p == name) {
            let message = format!("program '{name}' comes after the rule that reads it");
            let fix = "move it before (programs are computed in the order they are written)";
            self.alloc_err(path, message, fix);
            return Line::Program(0);
        }
        self.alloc_column(name, used_by.to_string(), path);
        Line::Column(name.to_string())
    }

    /// An amount a rule gives: a number of dollars, or a line.
    pub(super) fn amount(
        &mut self,
        path: &[&str],
        v: &toml::Value,
        used_by: &str,
    ) -> Option<LineAmount> {
        if let Some(name) = v.as_str() {
            return Some(LineAmount::Line(self.line(path, name, used_by)));
        }
        let number = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        match number.and_then(cents) {
            Some(c) => Some(LineAmount::Cents(c)),
            None => {
                let fix = "give dollars (e.g. 0) or the name of a program or column";
                self.alloc_err(path, format!("{} is not an amount", shown(v)), fix);
                None
            }
        }
    }
}
