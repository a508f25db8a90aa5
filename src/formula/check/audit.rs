//! `[audit]`: student groups, the reference group and the outcomes compared by group.

use super::checker::{Checker, at};
use crate::error::suggest;
use crate::formula::audit::{AuditConfig, Outcome, StudentGroup};
use crate::formula::spec::{AuditSpec, OutcomeSpec};

impl Checker<'_> {
    /// Checks `[audit]`; None when it has problems.
    pub(super) fn audit(&mut self, spec: &AuditSpec) -> Option<AuditConfig> {
        let before = self.problems.len();
        let groups: Vec<StudentGroup> = spec
            .groups
            .iter()
            .map(|(label, column)| {
                let used_by = format!("audit group {label}");
                self.column(column, true, used_by, &["audit", "groups", label]);
                StudentGroup { label: label.clone(), column: column.clone() }
            })
            .collect();
        let labels: Vec<&str> = spec.groups.keys().map(String::as_str).collect();
        let reference = spec.reference.as_deref().and_then(|r| {
            let pos = labels.iter().position(|l| *l == r);
            if pos.is_none() {
                let message = format!("no student group '{r}' under [audit.groups]");
                self.err(&["audit", "reference"], message, suggest(r, &labels));
            }
            pos
        });
        if spec.outcomes.is_empty() {
            let fix = "add e.g. [audit.outcomes.oss] with all = \"n_students_oss\"";
            self.err(&["audit"], "[audit] lists no outcomes", fix);
        }
        let outcomes: Vec<Outcome> = spec
            .outcomes
            .iter()
            .map(|(id, o)| self.outcome(id, o, &labels, reference, spec.reference.as_deref()))
            .collect();
        let config = AuditConfig {
            groups,
            reference,
            min_population: self.audit_number(spec.min_population, "min_population", 10.0, 0.0),
            min_events: self.audit_number(spec.min_events, "min_events", 5.0, 0.0),
            gap_ratio: self.audit_number(spec.gap_ratio, "gap_ratio", 2.0, 1.0),
            top: spec.top.unwrap_or(10),
            outcomes,
        };
        if config.top == 0 {
            self.err(&["audit", "top"], "top must be at least 1", "e.g. top = 10");
        }
        (self.problems.len() == before).then_some(config)
    }

    /// One outcome: a column of all students with it, or columns by group, or both.
    fn outcome(
        &mut self,
        id: &str,
        o: &OutcomeSpec,
        labels: &[&str],
        reference: Option<usize>,
        reference_label: Option<&str>,
    ) -> Outcome {
        let path = ["audit", "outcomes", id];
        if o.all.is_none() && o.by_group.is_empty() {
            let fix = "give all = \"COLUMN\" (students with the outcome) or by_group = { … }";
            self.err(&path, format!("outcome '{id}' names no column"), fix);
        }
        if let Some(c) = &o.all {
            self.column(c, true, format!("audit outcome {id}"), &at(&path, "all"));
            if self.loaded.spec.data.enrolment.is_none() {
                let fix = "set enrolment = \"COLUMN\" under [data]: rates are per 100 enrolled";
                self.err(&at(&path, "all"), "an outcome over all students needs an enrolment", fix);
            }
        }
        let mut by_group = Vec::new();
        for (label, column) in &o.by_group {
            self.column(column, true, format!("audit outcome {id}"), &at(&path, "by_group"));
            match labels.iter().position(|l| l == label) {
                Some(g) => by_group.push((g, column.clone())),
                None => {
                    let message = format!("no student group '{label}' under [audit.groups]");
                    self.err(&at(&path, "by_group"), message, suggest(label, labels));
                }
            }
        }
        if !by_group.is_empty() {
            self.reference_column(id, &by_group, reference, reference_label);
        }
        Outcome {
            id: id.to_string(),
            label: o.label.clone().unwrap_or_else(|| id.to_string()),
            all: o.all.clone(),
            by_group,
        }
    }

    /// Rates by group are compared with the reference group's, so it needs a column.
    fn reference_column(
        &mut self,
        id: &str,
        by_group: &[(usize, String)],
        reference: Option<usize>,
        reference_label: Option<&str>,
    ) {
        let path = ["audit", "outcomes", id, "by_group"];
        match (reference, reference_label) {
            (None, None) => {
                let fix =
                    "set reference = \"GROUP\" under [audit] (e.g. the group with the lowest rate)";
                self.err(&["audit"], "rates by group need a reference group to compare with", fix);
            }
            (Some(r), Some(label)) if !by_group.iter().any(|(g, _)| *g == r) => {
                let message =
                    format!("outcome '{id}' has no column for the reference group '{label}'");
                self.err(&path, message, format!("add {label} = \"COLUMN\" to by_group"));
            }
            _ => {}
        }
    }

    /// A number under `[audit]` of at least `min` (default `default`).
    fn audit_number(&mut self, value: Option<f64>, key: &str, default: f64, min: f64) -> f64 {
        let v = value.unwrap_or(default);
        if !(v.is_finite() && v >= min) {
            let message = format!("{key} must be a number of at least {min}, got {v}");
            self.err(&["audit", key], message, format!("e.g. {key} = {default}"));
        }
        v
    }
}
