//! Data with periods (one row per school and period): the periods in order, the chosen one,
//! and the earlier ones as its history.

use super::district::District;
use super::table::RawTable;
use crate::error::{Error, Result};
use crate::formula::Formula;
use std::sync::Arc;

impl District {
    /// The district of the formula's chosen period (`[data] use_period`, `--period`; default the
    /// latest), with the earlier periods as its history; all rows when the data have no periods.
    pub(crate) fn from_table(
        table: &RawTable,
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<District> {
        let mut all = District::periods_of(table, formula, extra, true)?;
        Ok(all.pop().expect("at least one period"))
    }

    /// Every period's district, oldest first (up to the chosen period when `up_to_chosen`),
    /// each with the periods before it as its history.
    pub(crate) fn periods_of(
        table: &RawTable,
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
        up_to_chosen: bool,
    ) -> Result<Vec<District>> {
        let Some(col) = &formula.data.period else {
            return Ok(vec![District::one_period(table, formula, extra, None)?]);
        };
        let labels = period_labels(table, formula, col)?;
        let last = match &formula.data.use_period {
            Some(p) if up_to_chosen => labels.iter().position(|l| l == p).ok_or_else(|| {
                Error::usage(
                    format!("no period '{p}' in column '{col}' of {}", table.source),
                    format!("choose one of: {}", labels.join(", ")),
                )
            })?,
            _ => labels.len() - 1,
        };
        let mut out: Vec<District> = Vec::with_capacity(last + 1);
        let mut history: Vec<Arc<District>> = Vec::new();
        for (k, label) in labels[..=last].iter().enumerate() {
            let mut d = District::one_period(table, formula, extra, Some(label))?;
            d.notes.push(format!(
                "period {label} ({} of {}: {} … {})",
                k + 1,
                labels.len(),
                labels[0],
                labels[labels.len() - 1]
            ));
            d.history = history.clone();
            history.push(Arc::new(d.clone()));
            out.push(d);
        }
        if last == 0 && from_previous_period(formula) {
            out[0].consequential.push(format!(
                "prior_period = true, but {} is the first period of the data, so no {} has a \
                 prior allocation and nothing is held harmless (fix: use data with the earlier \
                 period, or name a prior column with prior = \"COLUMN\")",
                labels[0], formula.data.unit.0
            ));
        }
        Ok(out)
    }

    /// The row of each id in this district.
    pub(crate) fn rows_by_id(&self) -> std::collections::HashMap<&str, usize> {
        self.ids.iter().enumerate().map(|(r, id)| (id.as_str(), r)).collect()
    }
}

/// Whether the formula's prior amounts are its own allocation in the previous period.
fn from_previous_period(formula: &Formula) -> bool {
    let prior = formula.allocation.as_ref().and_then(|a| a.prior.as_ref());
    matches!(prior, Some(crate::formula::Prior::PreviousPeriod))
}

/// The distinct periods of a column, in order: numerically when every label is a number, else
/// as text (school years like 2015-16 sort correctly as text). Every row the formula's filters
/// keep needs a period: a row without one (empty, or a missing-value marker) would silently
/// drop out of every period, so it is an error naming the rows.
fn period_labels(table: &RawTable, formula: &Formula, col: &str) -> Result<Vec<String>> {
    let cells = table.text(col)?;
    let kept = super::extract::filter_mask(table, formula)?;
    let missing = |c: &str| c.is_empty() || formula.data.missing_values.iter().any(|m| m == c);
    let without: Vec<usize> =
        (0..cells.len()).filter(|&r| missing(cells[r].trim()) && kept[r]).collect();
    if !without.is_empty() {
        return Err(rows_without_period(table, col, &without));
    }
    let mut labels: Vec<String> = cells.into_iter().map(|s| s.trim().to_string()).collect();
    labels.sort();
    labels.dedup();
    if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
        labels.sort_by(|a, b| {
            a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
        same_number_twice(table, col, &labels)?;
    }
    if labels.is_empty() {
        return Err(Error::data(
            crate::error::Location::file(&table.source).column(col),
            "the period column is empty",
            "give every row its period (e.g. 2016-17)",
        ));
    }
    Ok(labels)
}

/// Rows with no period, named (the first five).
fn rows_without_period(table: &RawTable, col: &str, rows: &[usize]) -> Error {
    let named: Vec<String> = rows.iter().take(5).map(|r| (r + 1).to_string()).collect();
    let more = if rows.len() > 5 { format!(" and {} more", rows.len() - 5) } else { String::new() };
    let s = if rows.len() == 1 { "" } else { "s" };
    Error::data(
        crate::error::Location::file(&table.source).row(rows[0] + 1).column(col),
        format!(
            "{} row{s} ({}{more}) {} no period, so {} would be left out of every period",
            rows.len(),
            named.join(", "),
            if rows.len() == 1 { "has" } else { "have" },
            if rows.len() == 1 { "it" } else { "they" },
        ),
        format!("give each row its period in column '{col}' (e.g. 2016-17), or remove the rows"),
    )
}

/// Two labels that are the same number written two ways (2016 and 2016.0) would split one
/// period in two.
fn same_number_twice(table: &RawTable, col: &str, labels: &[String]) -> Result<()> {
    let num = |l: &String| l.parse::<f64>().unwrap_or(0.0);
    match labels.windows(2).find(|w| num(&w[0]) == num(&w[1])) {
        None => Ok(()),
        Some(w) => Err(Error::data(
            crate::error::Location::file(&table.source).column(col),
            format!("periods '{}' and '{}' are the same period written two ways", w[0], w[1]),
            format!("write every period of column '{col}' the same way"),
        )),
    }
}
