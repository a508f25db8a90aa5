//! `[audit]`: student groups, the reference group and the outcomes compared by group.

use super::checker::{Checker, at, named};
use crate::error::suggest;
use crate::formula::audit::{AuditConfig, Outcome, StudentGroup};
use crate::formula::model::Counts;
use crate::formula::spec::{AuditSpec, OutcomeSpec};

impl Checker<'_> {
    /// Checks `[audit]`; None when it has problems.
    pub(super) fn audit(&mut self, spec: &AuditSpec) -> Option<AuditConfig> {
        let before = self.problems.len();
        let groups: Vec<StudentGroup> =
            spec.groups.iter().filter_map(|(label, g)| self.student_group(label, g)).collect();
        let labels: Vec<&str> = spec.groups.keys().map(String::as_str).collect();
        let reference = spec.reference.as_deref().and_then(|r| {
            let pos = labels.iter().position(|l| *l == r);
            if pos.is_none() {
                let message = format!("no student group '{r}' under [audit.groups]");
                self.err(&["audit", "reference"], message, suggest(r, &labels));
            }
            pos
        });
        if spec.outcomes.is_empty() && spec.groups.is_empty() {
            let fix = "add student groups (e.g. groups = { Black = \"n_black\" }) or outcomes (e.g. [audit.outcomes.oss] with all = \"n_students_oss\")";
            self.err(&["audit"], "[audit] lists no student groups and no outcomes", fix);
        }
        let outcomes: Vec<Outcome> = spec
            .outcomes
            .iter()
            .map(|(id, o)| self.outcome(id, o, &labels, reference, spec.reference.as_deref()))
            .collect();
        if groups.len() == labels.len() {
            for o in &outcomes {
                for (g, _) in o.by_group.iter().filter(|(g, _)| groups[*g].share_of.is_some()) {
                    let path = ["audit", "outcomes", o.id.as_str(), "by_group"];
                    let message = format!(
                        "student group '{}' is a share, but rates by group need its count of students",
                        labels[*g]
                    );
                    self.err(
                        &path,
                        message,
                        "give the group as a count column to compare its outcomes",
                    );
                }
            }
        }
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

    /// One student group: a count column, or a share of a count column.
    fn student_group(&mut self, label: &str, g: &toml::Value) -> Option<StudentGroup> {
        let path = ["audit", "groups", label];
        let used_by = format!("audit group {label}");
        let text = |v: Option<&toml::Value>| v.and_then(|x| x.as_str()).map(str::to_string);
        match g {
            toml::Value::String(column) => {
                self.column(column, true, used_by, &path);
                Some(StudentGroup { label: label.into(), column: column.clone(), share_of: None })
            }
            toml::Value::Table(t)
                if text(t.get("share")).is_some() && text(t.get("of")).is_some() =>
            {
                let (share, of) = (text(t.get("share"))?, text(t.get("of"))?);
                let per =
                    t.get("per").and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
                let per = per.unwrap_or(100.0);
                if !(per.is_finite() && per > 0.0) {
                    self.err(
                        &path,
                        format!("per must be positive, got {per}"),
                        "per = 100 for percentages, 1 for fractions",
                    );
                }
                self.column(&share, true, used_by.clone(), &path);
                self.column(&of, true, used_by, &path);
                Some(StudentGroup { label: label.into(), column: share, share_of: Some((of, per)) })
            }
            _ => {
                let fix = "give the group's count column (\"n_black\") or { share = \"pct_black\", of = \"children\" }";
                self.err(
                    &path,
                    format!("student group '{label}' is neither a column nor a share of one"),
                    fix,
                );
                None
            }
        }
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
        let counts = self.pick(
            &at(&path, "counts"),
            "count",
            o.counts.as_deref(),
            "students",
            &named::<Counts>(),
        );
        Outcome {
            id: id.to_string(),
            label: o.label.clone().unwrap_or_else(|| id.to_string()),
            all: o.all.clone(),
            by_group,
            counts,
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
