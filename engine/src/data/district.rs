//! A district: the rows and columns a formula reads, as plain vectors (`NaN` = missing).

use super::join::join_tables;
use super::read::{read_body, read_csv_select};
use super::scan::Want;
use super::table::{Body, RawTable};
use crate::error::{Error, Result, did_you_mean};
use crate::formula::{Formula, bundled_files};
use crate::grammar::IdRule;
use crate::num::Groups;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The rows and columns a formula reads, as plain vectors (`NaN` = missing).
#[derive(Debug, Clone)]
pub struct District {
    /// Source file name(s).
    pub(crate) source: String,
    /// Hash of the source bytes.
    pub(crate) source_hash: String,
    /// School ids (composite ids joined with `/`).
    pub(crate) ids: Vec<String>,
    /// How ids are made from text (the formula's): an id typed by a person is made the same way.
    pub(crate) id_rule: IdRule,
    /// School names (the id when the formula names no column).
    pub(crate) names: Arc<[String]>,
    /// Display group per school.
    pub(crate) groups: Option<Arc<[String]>>,
    /// 1-based data row in the source of each kept school.
    pub(crate) source_rows: Vec<usize>,
    /// Numeric columns by name.
    pub(crate) numeric: HashMap<String, Arc<[f64]>>,
    /// Text columns by name (the names and groups share theirs).
    pub(crate) text: HashMap<String, Arc<[String]>>,
    /// Cells that held a missing-value marker (e.g. "*"), per column.
    pub(crate) markers: Vec<(String, usize)>,
    /// Notes on reading (encoding, delimiter, filtered rows).
    pub(crate) notes: Vec<String>,
    /// Implausible values accepted with a warning (one line each).
    pub(crate) warnings: Vec<String>,
    /// Warnings that change money or tiers (e.g. a first period with no prior allocation):
    /// said first, never folded away.
    pub(crate) consequential: Vec<String>,
    /// Further numeric columns read on request (e.g. student-group counts for audits).
    pub(crate) extra_columns: Vec<String>,
    /// The period of these rows, when the data hold several.
    pub(crate) period: Option<String>,
    /// The earlier periods of the same data, oldest first (each with its own history).
    pub(crate) history: Vec<Arc<District>>,
}

impl District {
    /// Source file name(s).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Hash of the source bytes.
    pub fn source_hash(&self) -> &str {
        &self.source_hash
    }

    /// School ids (composite ids joined with `/`).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// School names (the id when the formula names no column).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Display group per school.
    pub fn groups(&self) -> Option<&[String]> {
        self.groups.as_deref()
    }

    /// 1-based data row in the source of each kept school.
    pub fn source_rows(&self) -> &[usize] {
        &self.source_rows
    }

    /// The period of these rows, when the data hold several.
    pub fn period(&self) -> Option<&str> {
        self.period.as_deref()
    }

    /// The earlier periods of the same data, oldest first (each with its own history).
    pub fn history(&self) -> &[Arc<District>] {
        &self.history
    }
}

impl District {
    /// Number of schools.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no schools.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// A numeric column read for the formula (or requested as an extra column).
    pub fn numeric(&self, column: &str) -> Option<&[f64]> {
        self.numeric.get(column).map(|v| &v[..])
    }

    /// A text column read for the formula.
    pub fn text(&self, column: &str) -> Option<&[String]> {
        self.text.get(column).map(|v| &v[..])
    }

    /// Notes on how the data were read (encoding, delimiter, rows kept by filters).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// A numeric column the formula reads (checked when the district was built).
    pub(crate) fn num(&self, column: &str) -> &[f64] {
        &self.numeric[column]
    }

    /// A numeric column the formula reads, shared rather than copied.
    pub(crate) fn num_shared(&self, column: &str) -> Arc<[f64]> {
        Arc::clone(&self.numeric[column])
    }

    /// A text column the formula reads.
    pub(crate) fn txt(&self, column: &str) -> &[String] {
        &self.text[column]
    }

    /// A further numeric column read with [`District::load_with`] (e.g. subgroup counts).
    pub(crate) fn extra_numeric(&self, column: &str) -> Result<&[f64]> {
        self.numeric.get(column).map(|v| &v[..]).ok_or_else(|| {
            Error::usage(
                format!("column '{column}' was not read from {}", self.source),
                "name it so it is read (e.g. seni audit --groups COLUMN)",
            )
        })
    }

    /// An id as a person typed it, made by the data's id rule (trimmed, NFC, padded).
    pub fn typed_id(&self, text: &str) -> String {
        self.id_rule.typed(text)
    }

    /// The row of a school by id (typed as a person types it), or by exact name when one school
    /// has it.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        let typed = self.typed_id(id);
        if let Some(r) = self.ids.iter().position(|s| *s == typed) {
            return Some(r);
        }
        let id = typed.as_str();
        let by_name: Vec<usize> =
            (0..self.len()).filter(|&r| self.names[r].eq_ignore_ascii_case(id)).collect();
        (by_name.len() == 1).then(|| by_name[0])
    }

    /// "did you mean ID?" for the closest school id, or `otherwise`.
    pub(crate) fn id_hint(&self, id: &str, otherwise: impl FnOnce() -> String) -> String {
        match did_you_mean(&self.typed_id(id), self.ids.iter().map(String::as_str)) {
            Some(s) => format!("did you mean {s}?"),
            None => otherwise(),
        }
    }

    /// The groups a text column defines (all schools in one group when None).
    pub(crate) fn groups_by(&self, column: Option<&String>) -> Groups {
        match column {
            Some(c) => Groups::by_label(self.txt(c)),
            None => Groups::all(self.len()),
        }
    }

    /// Whether a column was read.
    pub fn has_column(&self, column: &str) -> bool {
        self.numeric.contains_key(column) || self.text.contains_key(column)
    }

    /// Reads and checks data files for a formula (several files are joined by id); with no
    /// path, the bundled sample district when the formula is made for it.
    pub fn load(paths: &[PathBuf], formula: &Formula) -> Result<District> {
        District::load_with(paths, formula, &|_| false)
    }

    /// Reads a district from CSV bytes; `source` names them in messages.
    pub fn from_csv_bytes(source: &str, bytes: &[u8], formula: &Formula) -> Result<District> {
        District::from_csv_bytes_with(source, bytes, formula, &|_| false)
    }

    /// As [`District::from_csv_bytes`], also reading every numeric column `extra` accepts.
    pub fn from_csv_bytes_with(
        source: &str,
        bytes: &[u8],
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<District> {
        District::from_csv_sources(&[(source, bytes)], formula, extra)
    }

    /// Several CSV texts joined by id onto the first (each named in messages), as
    /// [`District::load_with`] joins files.
    pub fn from_csv_sources(
        sources: &[(&str, &[u8])],
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<District> {
        let want = wanted(formula, extra);
        let markers = &formula.data.missing_values;
        let tables = sources
            .iter()
            .map(|(name, bytes)| read_body(name, Body::Owned(bytes.to_vec()), &want, markers))
            .collect::<Result<Vec<_>>>()?;
        let table = join_tables(tables, &formula.data.id, formula.data.id_rule())?;
        District::from_table(&table, formula, extra)
    }

    /// Reads data files for a formula: the columns it reads, plus every numeric column `extra`
    /// accepts (e.g. student-group counts for an audit). Other columns are not kept.
    pub fn load_with(
        paths: &[PathBuf],
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<District> {
        District::from_table(&District::read_table(paths, formula, extra)?, formula, extra)
    }

    /// Every period of the data, oldest first, each with the earlier ones as its history (one
    /// district when the formula names no period column).
    pub fn load_periods(paths: &[PathBuf], formula: &Formula) -> Result<Vec<District>> {
        let table = District::read_table(paths, formula, &|_| false)?;
        District::periods_of(&table, formula, &|_| false, false)
    }

    /// The columns the formula reads (and those `extra` accepts) from the data files, or from
    /// the formula's bundled data when no file is given.
    fn read_table(
        paths: &[PathBuf],
        formula: &Formula,
        extra: &dyn Fn(&str) -> bool,
    ) -> Result<RawTable> {
        let want = wanted(formula, extra);
        let markers = &formula.data.missing_values;
        let table = if paths.is_empty() {
            let files = formula.data.bundled.as_deref().and_then(bundled_files);
            let Some(files) = files else {
                let hint = formula
                    .data
                    .example
                    .as_ref()
                    .map(|e| format!(", e.g. --data {e}"))
                    .unwrap_or_default();
                return Err(Error::usage(
                    format!("formula '{}' has no bundled data", formula.name),
                    format!("pass the data file with --data{hint}"),
                ));
            };
            let mut tables = Vec::new();
            for (path, bytes) in files {
                let name = format!("{path} (bundled)");
                tables.push(read_body(&name, Body::Static(bytes), &want, markers)?);
            }
            join_tables(tables, &formula.data.id, formula.data.id_rule())?
        } else {
            let mut tables = Vec::new();
            for p in paths {
                tables.push(read_csv_select(p, &want, markers)?);
            }
            join_tables(tables, &formula.data.id, formula.data.id_rule())?
        };
        Ok(table)
    }
}

/// How the formula reads each column: as text when anything reads it as text, as numbers when
/// only numbers are read from it (and every column `extra` accepts, as numbers).
fn wanted<'a>(
    formula: &'a Formula,
    extra: &'a dyn Fn(&str) -> bool,
) -> impl Fn(&str) -> Option<Want> + 'a {
    move |name: &str| {
        let mut uses = formula.columns.iter().filter(|u| u.column == name).peekable();
        if uses.peek().is_none() {
            return extra(name).then_some(Want::Number);
        }
        if uses.all(|u| u.numeric) { Some(Want::Number) } else { Some(Want::Text) }
    }
}
