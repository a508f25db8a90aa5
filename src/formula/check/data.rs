//! `[data]`: id, name, group, enrolment, missing-value markers, filters and kept columns.

use super::checker::Checker;
use crate::formula::model::{DataConfig, Filter};
use crate::formula::spec::FilterSpec;

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
        let filters = self.filters();
        for c in &d.keep {
            self.column(c, false, "data.keep".into(), &["data", "keep"]);
        }
        let bundled = match d.bundled.as_deref() {
            None => false,
            Some("district") => true,
            Some(other) => {
                let message = format!("unknown bundled data '{other}'");
                self.err(
                    &["data", "bundled"],
                    message,
                    "the only bundled data set is \"district\"",
                );
                false
            }
        };
        DataConfig {
            id,
            id_width: d.id_width,
            name: d.name.clone(),
            group: d.group.clone(),
            normalise_within: d.normalise_within.clone(),
            enrolment: d.enrolment.clone(),
            missing_values: d.missing_values.clone(),
            filters,
            keep: d.keep.clone(),
            bundled,
            example: d.example.clone(),
        }
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
}
