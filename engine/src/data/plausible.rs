//! Plausibility: values that are well-formed but cannot be right. Each rule is stated in its
//! message; the formula decides whether a failure is a warning, an error or ignored.
//!
//! * **Percentages** (an indicator whose unit has `%` or `percent`) lie in 0–100; **shares**
//!   (`share`, `fraction`, `proportion`) in 0–1.
//! * **Counts** (columns named `n_…` or `…_count`, and ratio numerators and denominators) are not
//!   negative, and not above the school's enrolment; a ratio read as a percentage or share does
//!   not have a numerator above its denominator.
//! * **Enrolment** is not above `enrolment_ratio` (default 20) times the district's median, nor
//!   above `enrolment_max`: one such school would take most of a pot shared by pupils.

use super::table::RawTable;
use crate::error::{Location, Problem, Problems};
use crate::formula::{Action, Counts, Formula, ValueSource, unit_range};
use crate::num::{format_num, percentile_inc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A failed check: where, what, the fix, and what to do about it.
struct Finding {
    problem: Problem,
    action: Action,
}

/// What the checks see of a district being read.
pub(super) struct Subject<'a> {
    pub(super) formula: &'a Formula,
    pub(super) numeric: &'a HashMap<String, Arc<[f64]>>,
    /// The table read (a cell's file and row: a joined column's are its own file's).
    pub(super) table: &'a RawTable,
    pub(super) source_rows: &'a [usize],
}

/// Whether a column holds counts of students.
fn is_count(column: &str) -> bool {
    column.starts_with("n_") || column.ends_with(crate::formula::GROUP_SUFFIX)
}

impl Subject<'_> {
    fn at(&self, r: usize, column: &str) -> Location {
        self.table.cell_at(column, self.source_rows[r])
    }

    /// Every failed check, in column then row order; `Off` checks are skipped.
    fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        self.unit_ranges(&mut out);
        self.counts(&mut out);
        self.enrolment(&mut out);
        self.shares_and_margins(&mut out);
        out.retain(|f| f.action != Action::Off);
        out
    }

    fn unit_ranges(&self, out: &mut Vec<Finding>) {
        let checks = &self.formula.data.checks;
        for ind in &self.formula.indicators {
            let action = ind.check.unwrap_or(checks.values);
            let Some((lo, hi, rule)) = unit_range(&ind.unit) else { continue };
            match &ind.source {
                ValueSource::Column(col) => {
                    for (r, &x) in
                        self.numeric[col].iter().enumerate().filter(|(_, x)| **x < lo || **x > hi)
                    {
                        let message = format!(
                            "{} is outside {}–{} (indicator {}, unit '{}'; rule: {rule})",
                            format_num(x),
                            lo,
                            hi,
                            ind.id,
                            ind.unit
                        );
                        let fix = format!(
                            "check the value; if the column is not on this scale, change the unit of indicator {} or set check = \"off\" on it",
                            ind.id
                        );
                        out.push(Finding {
                            problem: Problem::new(self.at(r, col), message, fix),
                            action,
                        });
                    }
                }
                ValueSource::Ratio { numerator, denominator, .. } => {
                    let accept =
                        format!("set check = \"off\" on indicator {} to accept them", ind.id);
                    self.ratio_base(numerator, denominator, rule, &accept, action, out)
                }
                ValueSource::Sum(_)
                | ValueSource::Categories { .. }
                | ValueSource::Disparity(_) => {}
            }
        }
    }

    /// A ratio read as a percentage or share: the numerator is not above its denominator.
    /// `accept` says how to accept such values.
    fn ratio_base(
        &self,
        numerator: &str,
        denominator: &str,
        rule: &str,
        accept: &str,
        action: Action,
        out: &mut Vec<Finding>,
    ) {
        let (a, b) = (&self.numeric[numerator], &self.numeric[denominator]);
        for r in (0..a.len()).filter(|&r| a[r] > b[r] && b[r] > 0.0) {
            let message = format!(
                "{numerator} ({}) is above {denominator} ({}) (rule: {rule})",
                format_num(a[r]),
                format_num(b[r])
            );
            let fix = format!(
                "check both counts (a count over a whole year against a count on one day?); {accept}"
            );
            out.push(Finding {
                problem: Problem::new(self.at(r, numerator), message, fix),
                action,
            });
        }
    }

    /// Counts are not negative, nor above the enrolment.
    fn counts(&self, out: &mut Vec<Finding>) {
        let action = self.formula.data.checks.counts;
        let enrolment = self.formula.data.enrolment.as_deref();
        let mut columns: Vec<&str> =
            self.numeric.keys().map(String::as_str).filter(|c| is_count(c)).collect();
        for ind in &self.formula.indicators {
            match &ind.source {
                ValueSource::Ratio { numerator, denominator, .. } => {
                    columns.extend([numerator.as_str(), denominator.as_str()])
                }
                ValueSource::Disparity(d) => {
                    columns.extend(
                        [&d.events, &d.population, &d.reference_events, &d.reference_population]
                            .map(String::as_str),
                    );
                    if d.counts == Counts::Events {
                        // Events (suspensions) may outnumber the students: no rule to apply.
                        continue;
                    }
                    let rule = "a group's events are not more than its students";
                    let accept = "set [data.checks] counts = \"off\" to accept them";
                    self.ratio_base(&d.events, &d.population, rule, accept, action, out);
                    let (e, p) = (&d.reference_events, &d.reference_population);
                    self.ratio_base(e, p, rule, accept, action, out);
                }
                _ => {}
            }
        }
        columns.sort_unstable();
        columns.dedup();
        let events = self.event_columns();
        let enrolled = enrolment.and_then(|e| self.numeric.get(e));
        for col in columns.into_iter().filter(|c| Some(*c) != enrolment) {
            for (r, &x) in self.numeric[col].iter().enumerate() {
                if x < 0.0 {
                    let message = format!(
                        "{} is a negative count (rule: counts of students are 0 or more)",
                        format_num(x)
                    );
                    out.push(Finding {
                        problem: Problem::new(
                            self.at(r, col),
                            message,
                            "correct the cell, or leave it empty if unknown",
                        ),
                        action,
                    });
                } else if let (Some(e), true) = (enrolled, is_count(col) && !events.contains(col))
                    && x > e[r]
                    && e[r] > 0.0
                {
                    let message = format!(
                        "{} students counted but {} enrolled (rule: a count of students is not above the {}'s enrolment)",
                        format_num(x),
                        format_num(e[r]),
                        self.formula.data.unit.0
                    );
                    let fix = "check both counts (a count over a whole year against enrolment on one day?); set [data.checks] counts = \"off\" to accept them";
                    out.push(Finding {
                        problem: Problem::new(self.at(r, col), message, fix),
                        action,
                    });
                }
            }
        }
    }

    /// An audit group's share lies in 0–`per` (a share of 250% or −20% would count more students
    /// than there are, or fewer than none), and a margin of error is not negative: both are
    /// errors, never used as they are.
    fn shares_and_margins(&self, out: &mut Vec<Finding>) {
        let shares = self.formula.audit.iter().flat_map(|a| &a.groups).filter_map(|g| {
            let (_, per) = g.share_of.as_ref()?;
            Some((g.column.as_str(), *per, format!("group {}", g.label)))
        });
        for (col, per, what) in shares {
            let Some(v) = self.numeric.get(col) else { continue };
            for (r, &x) in v.iter().enumerate().filter(|(_, x)| **x < 0.0 || **x > per) {
                let message = format!(
                    "{} is not a share of {} ({what} of [audit]; rule: a share lies in 0–{})",
                    format_num(x),
                    format_num(per),
                    format_num(per)
                );
                let fix = format!(
                    "correct the cell (a share in 0–{}; per = 1 reads fractions, per = 100 percentages), or leave it empty if unknown",
                    format_num(per)
                );
                let problem = Problem::new(self.at(r, col), message, fix);
                out.push(Finding { problem, action: Action::Error });
            }
        }
        for ind in &self.formula.indicators {
            let Some((col, _)) = &ind.moe else { continue };
            let Some(v) = self.numeric.get(col) else { continue };
            for (r, &x) in v.iter().enumerate().filter(|(_, x)| **x < 0.0) {
                let message = format!(
                    "{} is a negative margin of error (indicator {}; rule: a margin of error is 0 or more)",
                    format_num(x),
                    ind.id
                );
                let fix = "correct the cell: a margin is the ± distance, 0 or more (leave it empty if unknown)";
                let problem = Problem::new(self.at(r, col), message, fix);
                out.push(Finding { problem, action: Action::Error });
            }
        }
    }

    /// The columns the formula says count events (`counts = "events"`), which may outnumber
    /// the students.
    fn event_columns(&self) -> HashSet<&str> {
        let mut out = HashSet::new();
        for ind in &self.formula.indicators {
            if let ValueSource::Disparity(d) = &ind.source
                && d.counts == Counts::Events
            {
                out.extend([d.events.as_str(), d.reference_events.as_str()]);
            }
        }
        for o in self.formula.audit.iter().flat_map(|a| &a.outcomes) {
            if o.counts == Counts::Events {
                out.extend(o.all.iter().map(String::as_str));
                out.extend(o.by_group.iter().map(|(_, c)| c.as_str()));
            }
        }
        out
    }

    /// Enrolment far above the district's.
    fn enrolment(&self, out: &mut Vec<Finding>) {
        let checks = &self.formula.data.checks;
        let Some(col) = &self.formula.data.enrolment else { return };
        let Some(v) = self.numeric.get(col) else { return };
        let mut present: Vec<f64> = v.iter().copied().filter(|x| *x > 0.0).collect();
        if present.is_empty() {
            return;
        }
        present.sort_unstable_by(f64::total_cmp);
        let median = percentile_inc(&present, 0.5);
        let unit = &self.formula.data.unit.0;
        let limit =
            (median * checks.enrolment_ratio).min(checks.enrolment_max.unwrap_or(f64::INFINITY));
        let pot = self.formula.allocation.as_ref().is_some_and(|a| {
            a.programs.iter().any(|p| matches!(p.kind, crate::formula::ProgramKind::Pot { .. }))
        });
        let consequence = if pot {
            format!("the {unit} would take a share of the pot out of all proportion")
        } else {
            "a per-pupil rate pays it for its own pupils, so check the count".to_string()
        };
        for (r, &x) in v.iter().enumerate().filter(|(_, x)| **x > limit) {
            let message = format!(
                "enrolment {} is {}× the median {unit}'s {} (rule: at most {} times the median{}): {consequence}",
                format_num(x),
                format_num((x / median * 10.0).round() / 10.0),
                format_num(median),
                format_num(checks.enrolment_ratio),
                checks
                    .enrolment_max
                    .map(|m| format!(" and at most {}", format_num(m)))
                    .unwrap_or_default()
            );
            let fix = "correct the enrolment; if it is real, raise [data.checks] enrolment_ratio or set enrolment = \"warn\"";
            out.push(Finding {
                problem: Problem::new(self.at(r, col), message, fix),
                action: checks.enrolment,
            });
        }
    }
}

/// Runs every check: errors become problems, warnings one line each ("where: what; fix: …").
pub(super) fn check_plausibility(
    subject: &Subject,
    problems: &mut Problems,
    warnings: &mut Vec<String>,
) {
    let mut seen = HashSet::new();
    for f in subject.findings() {
        if !seen.insert(f.problem.location.to_string() + &f.problem.message) {
            continue;
        }
        match f.action {
            Action::Error => problems.extend([f.problem]),
            _ => warnings.push(format!(
                "{}: {}; fix: {}",
                f.problem.location, f.problem.message, f.problem.fix
            )),
        }
    }
}
