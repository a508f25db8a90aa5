//! Extracting what a formula needs from a table, checking every cell: columns present, filters,
//! ids, text and numeric columns, enrolment. All problems are reported at once.

use super::cells::{NumericColumn, numeric_column};
use super::district::District;
use super::plausible::{Subject, check_plausibility};
use super::table::RawTable;
use crate::error::{Error, ErrorKind, Location, Problems, Result, did_you_mean};
use crate::formula::{Formula, ValueSource};
use crate::grammar::nfc;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Most problems listed for one data file before the rest are summarised.
const MAX_PROBLEMS: usize = 25;

/// Ids that mark a totals row rather than a school.
const TOTALS: &[&str] = &["total", "totals", "grand total", "all schools", "district total", "sum"];

impl District {
    /// Extracts what `formula` needs from a table's rows of one period (all rows when the data
    /// have no periods), also reading every numeric column `extra` accepts; every problem is
    /// reported.
    pub(crate) fn one_period(
        table: &RawTable,
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
        period: Option<&str>,
    ) -> Result<District> {
        check_columns(table, formula)?;
        let (sub, source_rows, mut notes) = filter_rows(table, formula, period)?;
        let mut problems = Problems::default();
        let ids = read_ids(&sub, formula, &source_rows, &mut problems)?;
        let names = table.names();
        let extra_columns: Vec<String> = names
            .iter()
            .filter(|n| extra(n) && !formula.columns().any(|c| c == n.as_str()))
            .cloned()
            .collect();
        let text = text_columns(&sub, formula)?;
        let (numeric, markers) =
            numeric_columns(&sub, formula, &extra_columns, &source_rows, &mut problems)?;
        check_enrolment(formula, &numeric, &sub, &source_rows, &mut problems, &mut notes);
        fraction_notes(formula, &numeric, &mut notes);
        let mut warnings = Vec::new();
        let subject =
            Subject { formula, numeric: &numeric, table: &sub, source_rows: &source_rows };
        check_plausibility(&subject, &mut problems, &mut warnings);
        problems.cap(MAX_PROBLEMS, Location::file(&table.source));
        problems.check(ErrorKind::Data)?;
        let d = &formula.data;
        let names = match &d.name {
            Some(c) => Arc::clone(&text[c]),
            None => ids.clone().into(),
        };
        let groups = d.group.as_ref().map(|c| Arc::clone(&text[c]));
        Ok(District {
            source: table.source.clone(),
            source_hash: table.hash.clone(),
            ids,
            id_rule: d.id_rule(),
            names,
            groups,
            source_rows,
            numeric,
            text,
            markers,
            notes,
            warnings,
            consequential: Vec::new(),
            extra_columns,
            period: period.map(str::to_string),
            history: Vec::new(),
        })
    }
}

/// Every column the formula reads is in the table (else one problem per missing column, or —
/// when most are missing, as with the default formula on one's own file — one problem saying
/// to write a formula for the file).
fn check_columns(table: &RawTable, formula: &Formula) -> Result<()> {
    let names = table.names();
    let wanted: HashSet<&str> = formula.columns.iter().map(|u| u.column.as_str()).collect();
    let missing: Vec<&str> =
        wanted.iter().copied().filter(|c| !names.iter().any(|n| n == c)).collect();
    if missing.len() > 3 && missing.len() * 2 > wanted.len() {
        return Err(not_this_formulas_data(table, formula, &wanted, missing));
    }
    let mut problems = Problems::default();
    let mut reported = HashSet::new();
    for u in &formula.columns {
        if names.contains(&u.column) || !reported.insert(u.column.clone()) {
            continue;
        }
        let fix = match did_you_mean(&u.column, table.header.iter().map(String::as_str)) {
            Some(c) => {
                format!("did you mean '{c}'? (fix the formula or rename the column in the data)")
            }
            None => {
                format!("add the column to {} or change {} in the formula", table.source, u.used_by)
            }
        };
        let mut loc = u.location.clone().column(u.column.clone());
        loc.key = None;
        problems.push(
            loc,
            format!("column '{}' (read by {}) is not in {}", u.column, u.used_by, table.source),
            fix,
        );
    }
    problems.check(ErrorKind::Data)
}

/// Most of the columns a formula reads are not in the data: the data are another table.
fn not_this_formulas_data(
    table: &RawTable,
    formula: &Formula,
    wanted: &HashSet<&str>,
    mut missing: Vec<&str>,
) -> Error {
    missing.sort_unstable();
    let shown: Vec<&str> = missing.iter().take(6).copied().collect();
    let more = if missing.len() > shown.len() { ", …" } else { "" };
    let file = if table.joined.is_empty() && !table.source.contains(" (bundled)") {
        table.source.as_str()
    } else {
        "FILE"
    };
    Error::data(
        Location::file(&table.source),
        format!(
            "{} of the {} columns formula '{}' reads are not in the data ({}{more}): these data are not the table this formula is written for",
            missing.len(),
            wanted.len(),
            formula.name,
            shown.join(", ")
        ),
        format!(
            "for your own table, write a formula for it first: seni init --data {file} (then -f with the formula it writes); or name the columns as the formula does"
        ),
    )
}

/// The rows the formula's filters keep, their 1-based source rows, and the reading notes.
fn filter_rows<'a>(
    table: &'a RawTable,
    formula: &Formula,
    period: Option<&str>,
) -> Result<(Cow<'a, RawTable>, Vec<usize>, Vec<String>)> {
    let n_all = table.rows;
    let mut keep = filter_mask(table, formula)?;
    if let (Some(col), Some(p)) = (&formula.data.period, period) {
        for (k, c) in keep.iter_mut().zip(&table.text(col)?) {
            *k &= c.trim() == p;
        }
    }
    let rows: Vec<usize> = (0..n_all).filter(|&r| keep[r]).collect();
    let mut notes = table.notes.clone();
    if rows.len() < n_all {
        let by = if period.is_some() { "filters and period" } else { "filters" };
        notes.push(format!("{} of {} rows kept by the formula's {by}", rows.len(), n_all));
    }
    if rows.is_empty() {
        return Err(Error::data(
            Location::file(&table.source),
            "no rows are left after the formula's filters",
            "check [data] filter in the formula against the values in the data",
        ));
    }
    let sub = if rows.len() < n_all {
        Cow::Owned(table.take(&rows.iter().map(|&r| Some(r)).collect::<Vec<_>>()))
    } else {
        Cow::Borrowed(table)
    };
    Ok((sub, rows.iter().map(|r| r + 1).collect(), notes))
}

/// Which rows the formula's `[data] filter`s keep.
pub(super) fn filter_mask(table: &RawTable, formula: &Formula) -> Result<Vec<bool>> {
    let mut keep = vec![true; table.rows];
    for f in &formula.data.filters {
        for (k, c) in keep.iter_mut().zip(&table.text(&f.column)?) {
            *k &= f.matches(c);
        }
    }
    Ok(keep)
}

/// Every school's id; empty, duplicate and totals-row ids are problems.
fn read_ids(
    sub: &RawTable,
    formula: &Formula,
    source_rows: &[usize],
    problems: &mut Problems,
) -> Result<Vec<String>> {
    let d = &formula.data;
    let mut id_parts = Vec::new();
    for c in &d.id {
        id_parts.push(sub.text(c)?);
    }
    let rule = d.id_rule();
    let ids: Vec<String> =
        (0..source_rows.len()).map(|r| rule.id(id_parts.iter().map(|p| p[r].as_str()))).collect();
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    let unit = &d.unit.0;
    for (i, id) in ids.iter().enumerate() {
        let loc = Location::file(&sub.source).row(source_rows[i]).column(d.id.join("/"));
        let lower = id.to_lowercase();
        if TOTALS.contains(&lower.trim()) {
            let fix = format!("delete totals and subtotal rows: every row must be one {unit}");
            problems.push(loc, format!("row looks like a totals row (id '{id}')"), fix);
        } else if id.is_empty() {
            let fix =
                format!("give every {unit} an id (a totals row at the bottom should be deleted)");
            problems.push(loc, "the id is empty", fix);
        } else if let Some(j) = first.insert(id, i) {
            let fix = format!("remove the duplicate row or give each {unit} a unique id");
            problems.push(loc, format!("id '{id}' is also on row {}", source_rows[j]), fix);
        }
    }
    Ok(ids)
}

/// The text columns the formula reads, cells trimmed and Unicode-normalised (NFC).
fn text_columns(sub: &RawTable, formula: &Formula) -> Result<HashMap<String, Arc<[String]>>> {
    let mut text: HashMap<String, Arc<[String]>> = HashMap::new();
    for u in formula.columns.iter().filter(|u| !u.numeric) {
        if text.contains_key(&u.column) {
            continue;
        }
        let mut cells = sub.text(&u.column)?;
        for c in cells.iter_mut() {
            if c.starts_with(char::is_whitespace) || c.ends_with(char::is_whitespace) {
                *c = c.trim().to_string();
            }
            if let Cow::Owned(n) = nfc(c) {
                *c = n;
            }
        }
        text.insert(u.column.clone(), cells.into());
    }
    Ok(text)
}

/// Numeric columns by name, and the marker counts per column.
type NumericColumns = (HashMap<String, Arc<[f64]>>, Vec<(String, usize)>);

/// The numeric columns (extra columns first, then the formula's in order), parsed in parallel.
fn numeric_columns(
    sub: &RawTable,
    formula: &Formula,
    extra_columns: &[String],
    source_rows: &[usize],
    problems: &mut Problems,
) -> Result<NumericColumns> {
    let mut cols: Vec<&str> = extra_columns.iter().map(String::as_str).collect();
    for u in formula.columns.iter().filter(|u| u.numeric) {
        if !cols.contains(&u.column.as_str()) {
            cols.push(&u.column);
        }
    }
    let markers = &formula.data.missing_values;
    let parsed: Vec<Result<NumericColumn>> =
        cols.par_iter().map(|col| numeric_column(sub, col, markers, source_rows)).collect();
    let mut numeric = HashMap::new();
    let mut marked = Vec::new();
    for (col, r) in cols.iter().zip(parsed) {
        let c = r?;
        problems.extend(c.problems);
        if c.marked > 0 {
            marked.push((col.to_string(), c.marked));
        }
        numeric.insert(col.to_string(), c.values);
    }
    Ok((numeric, marked))
}

/// Enrolment must be present and not negative; zero enrolment is noted.
fn check_enrolment(
    formula: &Formula,
    numeric: &HashMap<String, Arc<[f64]>>,
    table: &RawTable,
    source_rows: &[usize],
    problems: &mut Problems,
    notes: &mut Vec<String>,
) {
    let Some(e) = &formula.data.enrolment else { return };
    let Some(v) = numeric.get(e) else { return };
    for (i, x) in v.iter().enumerate() {
        if *x < 0.0 || x.is_nan() {
            let message = if x.is_nan() {
                "enrolment is missing".to_string()
            } else {
                format!("enrolment is negative ({x})")
            };
            let loc = table.cell_at(e, source_rows[i]);
            let fix =
                format!("give every {} its enrolment (0 or more students)", formula.data.unit.0);
            problems.push(loc, message, fix);
        }
    }
    let zero = v.iter().filter(|x| **x == 0.0).count();
    if zero > 0 {
        let units = &formula.data.unit.1;
        notes
            .push(format!("{zero} {units} have zero enrolment ({e}): they get no per-pupil money"));
    }
}

/// A percent-unit column with no value above 1 probably holds fractions.
fn fraction_notes(
    formula: &Formula,
    numeric: &HashMap<String, Arc<[f64]>>,
    notes: &mut Vec<String>,
) {
    for ind in &formula.indicators {
        if let ValueSource::Column(col) = &ind.source
            && ind.unit.contains('%')
            && let Some(v) = numeric.get(col)
        {
            let max = v.iter().copied().filter(|x| !x.is_nan()).fold(f64::NEG_INFINITY, f64::max);
            if max > 0.0 && max <= 1.0 {
                notes.push(format!(
                    "column '{col}' (indicator {}, unit '{}') has no value above 1: it looks like fractions (0.45) rather than percentages (45)",
                    ind.id, ind.unit
                ));
            }
        }
    }
}
