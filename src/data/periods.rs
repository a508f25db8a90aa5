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
        let labels = period_labels(table, col)?;
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
        Ok(out)
    }

    /// The row of each id in this district.
    pub(crate) fn rows_by_id(&self) -> std::collections::HashMap<&str, usize> {
        self.ids.iter().enumerate().map(|(r, id)| (id.as_str(), r)).collect()
    }
}

/// The distinct periods of a column, in order: numerically when every label is a number, else
/// as text (school years like 2015-16 sort correctly as text).
fn period_labels(table: &RawTable, col: &str) -> Result<Vec<String>> {
    let mut labels: Vec<String> =
        table.text(col)?.into_iter().map(|s| s.trim().to_string()).collect();
    labels.retain(|l| !l.is_empty());
    labels.sort();
    labels.dedup();
    if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
        labels.sort_by(|a, b| {
            a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
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
