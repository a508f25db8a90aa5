//! Reading district data: CSV through polars, then the columns a formula needs as plain vectors.
//!
//! Every cell problem is reported with the file, the data row (1 = first row after the header),
//! the column and what to do.

use crate::error::{Error, ErrorKind, Location, Problem, Result, did_you_mean};
use crate::formula::Formula;
use polars::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

/// Most problems listed for one data file before the rest are summarised.
const MAX_PROBLEMS: usize = 25;

/// Largest data file read (bytes): the whole file is held in memory with its parsed cells.
pub const MAX_BYTES: usize = 2 << 30;

/// Most columns in a data file.
pub const MAX_COLUMNS: usize = 10_000;

/// Longest cell (bytes).
pub const MAX_CELL: usize = 1 << 20;

/// A data file read into a frame, with facts about how it was read.
#[derive(Debug, Clone)]
pub struct Table {
    /// Display name of the source.
    pub source: String,
    /// All columns, as read (text unless the caller supplied typed columns).
    pub frame: DataFrame,
    /// SHA-256 (first 16 hex digits) of the file bytes.
    pub hash: String,
    /// Notes on how the file was read (encoding, delimiter).
    pub notes: Vec<String>,
    /// Every column name of the header, read or not (for "did you mean").
    pub header: Vec<String>,
}

/// Reads a CSV file. Text is UTF-8 (a BOM is skipped) or, failing that, Latin-1; the delimiter
/// (comma, semicolon or tab) is detected from the header line.
pub fn read_csv(path: &Path) -> Result<Table> {
    read_csv_select(path, &|_| true)
}

/// Reads only the columns `keep` accepts from a CSV file (see [`read_csv`]).
pub fn read_csv_select(path: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Table> {
    let shown = path.display().to_string();
    if let Ok(m) = std::fs::metadata(path) {
        if m.is_dir() {
            return Err(Error::io(&shown, &std::io::Error::other("this is a directory"), "give the path of a CSV file"));
        }
        if m.len() as usize > MAX_BYTES {
            return Err(Error::data(
                Location::file(&shown),
                format!("the file is {} bytes, above the {} byte limit", m.len(), MAX_BYTES),
                "split the district into smaller files",
            ));
        }
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let fix = if e.kind() == std::io::ErrorKind::NotFound { "check the path (see --data)" } else { "check the file's permissions" };
        Error::io(&shown, &e, fix)
    })?;
    read_bytes_select(&shown, &bytes, keep)
}

/// Reads CSV bytes (see [`read_csv`]); `source` names them in messages.
pub fn read_csv_bytes(source: &str, bytes: &[u8]) -> Result<Table> {
    read_bytes_select(source, bytes, &|_| true)
}

/// Reads the columns `keep` accepts from CSV bytes; the others are checked for shape only.
pub fn read_bytes_select(source: &str, bytes: &[u8], keep: &dyn Fn(&str) -> bool) -> Result<Table> {
    let hash: String = Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
    let mut notes = Vec::new();
    let text: std::borrow::Cow<[u8]> = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.into(),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            notes.push(format!("not UTF-8 (first bad byte on line {line}); read as Latin-1"));
            bytes.iter().map(|&b| b as char).collect::<String>().into_bytes().into()
        }
    };
    let body: &[u8] = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::data(Location::file(source), "the file is empty", "export the table again with a header row and one row per school"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(Error::data(
            Location::file(source),
            format!("the data is {} bytes, above the {MAX_BYTES} byte limit", bytes.len()),
            "split the district into smaller files",
        ));
    }
    let header_end = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
    let header = &body[..header_end];
    let sep = sniff_separator(header);
    let columns = header.iter().filter(|&&b| b == sep).count() + 1;
    if columns > MAX_COLUMNS {
        return Err(Error::data(
            Location::file(source).line(1),
            format!("the header has {columns} columns, above the {MAX_COLUMNS} column limit"),
            "check that this is the right file and delimiter",
        ));
    }
    if let Some((line, _)) = body.split(|&b| b == b'\n').enumerate().find(|(_, l)| l.len() > MAX_CELL) {
        return Err(Error::data(
            Location::file(source).line(line + 1),
            format!("line {} is longer than {MAX_CELL} bytes", line + 1),
            "check the file for an unclosed quote or a missing line break",
        ));
    }
    if sep != b',' {
        notes.push(format!("delimiter '{}' detected", sep as char));
    }
    check_shape(source, body, sep)?;
    // Duplicate header names (polars would silently rename them).
    let header_names: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(true)
        .from_reader(body)
        .headers()
        .map(|h| h.iter().map(|x| x.trim().to_string()).collect())
        .unwrap_or_default();
    let mut seen = HashMap::new();
    for (i, n) in header_names.iter().enumerate() {
        if let Some(j) = seen.insert(n.as_str(), i) {
            return Err(Error::data(
                Location::file(source).line(1).column(n.as_str()),
                format!("the header has column '{n}' twice (columns {} and {})", j + 1, i + 1),
                "rename one of them so every column name is unique",
            ));
        }
    }
    let projection: Vec<usize> = header_names.iter().enumerate().filter(|(_, n)| keep(n)).map(|(i, _)| i).collect();
    let opts = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .with_projection((projection.len() < header_names.len()).then(|| std::sync::Arc::new(projection)))
        .map_parse_options(|p| p.with_separator(sep).with_missing_is_null(true));
    let frame = opts.into_reader_with_file_handle(Cursor::new(body)).finish().map_err(|e| polars_problem(source, &e))?;
    let names: Vec<String> = frame.get_column_names().iter().map(|s| s.to_string()).collect();
    if frame.height() == 0 {
        return Err(Error::data(Location::file(source), "the file has a header but no data rows", "add one row per school below the header"));
    }
    // Trim stray spaces around header names (e.g. " CES 4.0 Percentile").
    let mut frame = frame;
    let trimmed: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    if trimmed != names {
        frame.set_column_names(&trimmed).map_err(|e| Error::data(Location::file(source), e.to_string(), ""))?;
    }
    Ok(Table { source: source.to_string(), frame, hash, notes, header: header_names })
}

impl Table {
    /// A column's cells as text (empty for a null); an error names the missing column.
    pub fn text(&self, column: &str) -> Result<Vec<String>> {
        text_cells(self, column)
    }

    /// Column names.
    pub fn columns(&self) -> Vec<String> {
        self.frame.get_column_names().iter().map(|s| s.to_string()).collect()
    }
}

fn sniff_separator(header: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|c| c.1).filter(|c| c.1 > 0).map(|c| c.0).unwrap_or(b',')
}

/// Checks that every record has as many fields as the header (quote-aware, one pass over the
/// bytes): a short or long row would otherwise shift or blank values silently.
fn check_shape(source: &str, body: &[u8], sep: u8) -> Result<()> {
    let (mut fields, mut quoted, mut record, mut width, mut empty) = (1usize, false, 0usize, 0usize, true);
    let mut finish = |fields: usize, empty: bool, record: usize| -> Result<()> {
        if record == 0 {
            width = fields;
            return Ok(());
        }
        if fields != width {
            let (msg, fix) = if empty && fields == 1 {
                ("the row is blank".to_string(), "delete blank lines inside the table")
            } else {
                (
                    format!("row has {fields} fields but the header has {width}"),
                    "check for an unquoted delimiter or a missing cell in that row (quote text that contains the delimiter)",
                )
            };
            return Err(Error::data(Location::file(source).row(record), msg, fix));
        }
        Ok(())
    };
    for &b in body {
        match b {
            b'"' => {
                quoted = !quoted;
                empty = false;
            }
            b'\n' if !quoted => {
                finish(fields, empty, record)?;
                record += 1;
                fields = 1;
                empty = true;
            }
            b'\r' if !quoted => {}
            _ if b == sep && !quoted => {
                fields += 1;
                empty = false;
            }
            _ => empty = false,
        }
    }
    if quoted {
        return Err(Error::data(
            Location::file(source).row(record),
            "a quote is never closed",
            "check the quoting: text with the delimiter or a line break must be in double quotes, and quotes inside doubled (\"\")",
        ));
    }
    if !empty {
        finish(fields, empty, record)?;
    }
    Ok(())
}

/// Turns a polars parse failure into an error.
fn polars_problem(source: &str, e: &PolarsError) -> Error {
    Error::data(Location::file(source), format!("cannot read the CSV: {e}"), "check that the file is a CSV with one header row")
}

/// Joins further tables onto the first by the id columns (each id must appear exactly once in each).
pub fn join_tables(tables: Vec<Table>, id: &[String], id_width: Option<usize>) -> Result<Table> {
    let count = tables.len();
    let mut it = tables.into_iter();
    let mut base = it.next().expect("at least one table");
    let first_source = base.source.clone();
    let mut hasher = Sha256::new();
    hasher.update(base.hash.as_bytes());
    for t in it {
        let base_ids = id_strings(&base, id, id_width)?;
        let other_ids = id_strings(&t, id, id_width)?;
        let mut pos: HashMap<&str, usize> = HashMap::with_capacity(other_ids.len());
        for (i, s) in other_ids.iter().enumerate() {
            if pos.insert(s, i).is_some() {
                return Err(Error::data(
                    Location::file(&t.source).row(i + 1),
                    format!("id '{s}' appears twice"),
                    "each file joined by id must have one row per id",
                ));
            }
        }
        let mut take = Vec::with_capacity(base_ids.len());
        for (i, s) in base_ids.iter().enumerate() {
            match pos.get(s.as_str()) {
                Some(&j) => take.push(j as IdxSize),
                None => {
                    return Err(Error::data(
                        Location::file(&t.source),
                        format!("id '{s}' (row {} of {}) is not in this file", i + 1, base.source),
                        "join only files that cover the same schools",
                    ));
                }
            }
        }
        let idx = IdxCa::from_vec("take".into(), take);
        let taken = t.frame.take(&idx).map_err(|e| Error::data(Location::file(&t.source), e.to_string(), ""))?;
        let have: Vec<String> = base.frame.get_column_names().iter().map(|s| s.to_string()).collect();
        let extra: Vec<Column> = taken.columns().iter().filter(|c| !have.iter().any(|h| h == c.name().as_str())).cloned().collect();
        base.frame = base.frame.hstack(&extra).map_err(|e| Error::data(Location::file(&t.source), e.to_string(), ""))?;
        hasher.update(t.hash.as_bytes());
        base.notes.extend(t.notes);
        for h in t.header {
            if !base.header.contains(&h) {
                base.header.push(h);
            }
        }
    }
    if count > 1 {
        base.source = format!("{first_source} (+{} joined by id)", count - 1);
        base.hash = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    }
    Ok(base)
}

fn id_strings(t: &Table, id: &[String], width: Option<usize>) -> Result<Vec<String>> {
    let mut parts = Vec::new();
    for c in id {
        parts.push(text_cells(t, c)?);
    }
    Ok((0..t.frame.height()).map(|r| make_id(parts.iter().map(|p| p[r].as_str()), width)).collect())
}

fn make_id<'a>(mut parts: impl Iterator<Item = &'a str>, width: Option<usize>) -> String {
    let first = parts.next().unwrap_or("");
    let pad = |s: &str| -> String {
        let s = s.trim();
        match width {
            Some(w) if s.len() < w && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => format!("{s:0>w$}"),
            _ => s.to_string(),
        }
    };
    let mut id = pad(first);
    for p in parts {
        id.push('/');
        id.push_str(&pad(p));
    }
    id
}

fn missing_column(t: &Table, column: &str) -> Error {
    let names = &t.header;
    let fix = match did_you_mean(column, names.iter().map(String::as_str)) {
        Some(c) => format!("did you mean '{c}'?"),
        None => "check the column name (headers are case-sensitive)".to_string(),
    };
    Error::data(Location::file(&t.source).column(column), "no such column", fix)
}

/// The cells of a column as text (empty string for a null).
fn text_cells(t: &Table, column: &str) -> Result<Vec<String>> {
    let col = t.frame.column(column).map_err(|_| missing_column(t, column))?;
    let s = col.cast(&DataType::String).map_err(|e| Error::data(Location::file(&t.source).column(column), e.to_string(), ""))?;
    let ca = s.str().expect("cast to string");
    Ok(ca.iter().map(|v| v.unwrap_or("").to_string()).collect())
}

/// How a cell's text was read as a number.
enum Cell {
    Value(f64),
    Missing,
    Marker,
    Bad(String, &'static str),
}

fn parse_cell(raw: &str, markers: &[String]) -> Cell {
    let s = raw.trim();
    if s.is_empty() {
        return Cell::Missing;
    }
    if markers.iter().any(|m| m == s || m.trim() == s) {
        return Cell::Marker;
    }
    if let Ok(v) = s.parse::<f64>() {
        if v.is_finite() && !s.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
            return Cell::Value(v);
        }
        return Cell::Bad(s.to_string(), "write a finite number, or leave the cell empty if the value is unknown");
    }
    if s.ends_with('%') && s[..s.len() - 1].trim().parse::<f64>().is_ok() {
        return Cell::Bad(s.to_string(), "remove the % sign and write the number on the column's scale (e.g. 45 for 45%)");
    }
    let grouped = s.split('.').next().unwrap_or("");
    if grouped.contains(',') && grouped.split(',').skip(1).all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        let plain: String = s.chars().filter(|c| *c != ',').collect();
        if let Ok(v) = plain.parse::<f64>() {
            return Cell::Value(v);
        }
    }
    if s.starts_with('<') || s.starts_with('>') || s == "*" || s.eq_ignore_ascii_case("n/a") || s.eq_ignore_ascii_case("na") {
        return Cell::Bad(s.to_string(), "this looks like a suppressed value: add it to missing_values under [data] to treat it as missing");
    }
    Cell::Bad(s.to_string(), "write a number, or add this text to missing_values under [data] if it marks a missing value")
}

/// The rows and columns a formula reads, as plain vectors (`NaN` = missing).
#[derive(Debug, Clone)]
pub struct District {
    /// Source file name(s).
    pub source: String,
    /// Hash of the source bytes.
    pub source_hash: String,
    /// School ids (composite ids joined with `/`).
    pub ids: Vec<String>,
    /// School names (the id when the formula names no column).
    pub names: Vec<String>,
    /// Display group per school.
    pub groups: Option<Vec<String>>,
    /// 1-based data row in the source of each kept school.
    pub source_rows: Vec<usize>,
    /// Numeric columns by name.
    pub numeric: HashMap<String, Vec<f64>>,
    /// Text columns by name.
    pub text: HashMap<String, Vec<String>>,
    /// Cells that held a missing-value marker (e.g. "*"), per column.
    pub markers: Vec<(String, usize)>,
    /// Notes on reading (encoding, delimiter, filtered rows).
    pub notes: Vec<String>,
    /// Further numeric columns read on request (e.g. student-group counts for audits).
    pub extra_columns: Vec<String>,
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

    /// A numeric column read for the formula.
    pub fn num(&self, column: &str) -> &[f64] {
        &self.numeric[column]
    }

    /// A text column read for the formula.
    pub fn txt(&self, column: &str) -> &[String] {
        &self.text[column]
    }

    /// A further numeric column read with [`District::load_with`] (e.g. subgroup counts).
    pub fn extra_numeric(&self, column: &str) -> Result<&[f64]> {
        self.numeric.get(column).map(Vec::as_slice).ok_or_else(|| {
            Error::usage(format!("column '{column}' was not read from {}", self.source), "name it so it is read (e.g. seni audit --groups COLUMN)")
        })
    }

    /// Whether a column was read.
    pub fn has_column(&self, column: &str) -> bool {
        self.numeric.contains_key(column) || self.text.contains_key(column)
    }

    /// Extracts what `formula` needs from a table, checking every cell; all problems are reported.
    pub fn from_table(table: &Table, formula: &Formula) -> Result<District> {
        District::from_table_with(table, formula, &|_| false)
    }

    /// Like [`District::from_table`], also reading every numeric column `extra` accepts.
    pub fn from_table_with(table: &Table, formula: &Formula, extra: &dyn Fn(&str) -> bool) -> Result<District> {
        let d = &formula.data;
        // 1. Columns present?
        let names: Vec<String> = table.frame.get_column_names().iter().map(|s| s.to_string()).collect();
        let mut problems = Vec::new();
        let mut reported = std::collections::HashSet::new();
        for u in &formula.columns {
            if names.contains(&u.column) || !reported.insert(u.column.clone()) {
                continue;
            }
            let fix = match did_you_mean(&u.column, table.header.iter().map(String::as_str)) {
                Some(c) => format!("did you mean '{c}'? (fix the formula or rename the column in the data)"),
                None => format!("add the column to {} or change {} in the formula", table.source, u.used_by),
            };
            let mut loc = u.location.clone();
            loc.column = Some(u.column.clone());
            problems.push(Problem::new(loc, format!("column '{}' (read by {}) is not in {}", u.column, u.used_by, table.source), fix));
        }
        if !problems.is_empty() {
            return Err(Error::many(ErrorKind::Data, problems));
        }
        // 2. Filters.
        let n_all = table.frame.height();
        let mut keep = vec![true; n_all];
        for f in &d.filters {
            let cells = text_cells(table, &f.column)?;
            for (k, c) in keep.iter_mut().zip(&cells) {
                *k &= f.matches(c);
            }
        }
        let rows: Vec<usize> = (0..n_all).filter(|&r| keep[r]).collect();
        let mut notes = table.notes.clone();
        if rows.len() < n_all {
            notes.push(format!("{} of {} rows kept by the formula's filters", rows.len(), n_all));
        }
        if rows.is_empty() {
            return Err(Error::data(
                Location::file(&table.source),
                "no rows are left after the formula's filters",
                "check [data] filter in the formula against the values in the data",
            ));
        }
        let frame = if rows.len() < n_all {
            let idx = IdxCa::from_vec("rows".into(), rows.iter().map(|&r| r as IdxSize).collect());
            table.frame.take(&idx).map_err(|e| Error::data(Location::file(&table.source), e.to_string(), ""))?
        } else {
            table.frame.clone()
        };
        let sub = Table { source: table.source.clone(), frame, hash: table.hash.clone(), notes: vec![], header: table.header.clone() };
        let source_rows: Vec<usize> = rows.iter().map(|r| r + 1).collect();
        // 3. Ids.
        let mut id_parts = Vec::new();
        for c in &d.id {
            id_parts.push(text_cells(&sub, c)?);
        }
        let ids: Vec<String> = (0..rows.len()).map(|r| make_id(id_parts.iter().map(|p| p[r].as_str()), d.id_width)).collect();
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let lower = id.to_lowercase();
            if ["total", "totals", "grand total", "all schools", "district total", "sum"].contains(&lower.trim()) {
                problems.push(Problem::new(
                    Location::file(&table.source).row(source_rows[i]).column(d.id.join("/")),
                    format!("row looks like a totals row (id '{id}')"),
                    "delete totals and subtotal rows: every row must be one school",
                ));
            } else if id.is_empty() {
                problems.push(Problem::new(
                    Location::file(&table.source).row(source_rows[i]).column(d.id.join("/")),
                    "the id is empty",
                    "give every school an id (a totals row at the bottom should be deleted)",
                ));
            } else if let Some(j) = first.insert(id, i) {
                problems.push(Problem::new(
                    Location::file(&table.source).row(source_rows[i]).column(d.id.join("/")),
                    format!("id '{id}' is also on row {}", source_rows[j]),
                    "remove the duplicate row or give each school a unique id",
                ));
            }
        }
        // 4. Numeric and text columns.
        let mut numeric: HashMap<String, Vec<f64>> = HashMap::new();
        let mut text: HashMap<String, Vec<String>> = HashMap::new();
        let mut markers = Vec::new();
        let mut numeric_cols: Vec<&str> = Vec::new();
        let extra_columns: Vec<String> = names.iter().filter(|n| extra(n) && !formula.columns.iter().any(|u| &u.column == *n)).cloned().collect();
        numeric_cols.extend(extra_columns.iter().map(String::as_str));
        for u in &formula.columns {
            if u.numeric {
                if !numeric_cols.contains(&u.column.as_str()) {
                    numeric_cols.push(&u.column);
                }
            } else if !text.contains_key(&u.column) {
                let mut cells = text_cells(&sub, &u.column)?;
                for c in cells.iter_mut() {
                    if c.starts_with(char::is_whitespace) || c.ends_with(char::is_whitespace) {
                        *c = c.trim().to_string();
                    }
                }
                text.insert(u.column.clone(), cells);
            }
        }
        // Columns parse in parallel; results are gathered in formula order.
        use rayon::prelude::*;
        let parsed: Vec<Result<Parsed>> = numeric_cols
            .par_iter()
            .map(|col| {
                let (mut probs, mut marked) = (Vec::new(), 0);
                numeric_cells(&sub, col, &d.missing_values, &source_rows, &mut probs, &mut marked).map(|v| (v, probs, marked))
            })
            .collect();
        for (col, r) in numeric_cols.iter().zip(parsed) {
            let (v, probs, marked) = r?;
            problems.extend(probs);
            if marked > 0 {
                markers.push((col.to_string(), marked));
            }
            numeric.insert(col.to_string(), v);
        }
        if let Some(e) = &d.enrolment
            && let Some(v) = numeric.get(e)
        {
            for (i, x) in v.iter().enumerate() {
                if *x < 0.0 || x.is_nan() {
                    problems.push(Problem::new(
                        Location::file(&table.source).row(source_rows[i]).column(e),
                        if x.is_nan() { "enrolment is missing".to_string() } else { format!("enrolment is negative ({x})") },
                        "give every school its enrolment (0 or more students)",
                    ));
                }
            }
        }
        if let Some(e) = &d.enrolment
            && let Some(v) = numeric.get(e)
        {
            let zero = v.iter().filter(|x| **x == 0.0).count();
            if zero > 0 {
                notes.push(format!("{zero} schools have zero enrolment ({e}): they get no per-pupil money"));
            }
        }
        for ind in &formula.indicators {
            if let crate::formula::ValueSource::Column(col) = &ind.source
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
        if problems.len() > MAX_PROBLEMS {
            let more = problems.len() - MAX_PROBLEMS;
            problems.truncate(MAX_PROBLEMS);
            problems.push(Problem::new(
                Location::file(&table.source),
                format!("… and {more} more problems"),
                "fix the ones above and run `seni validate` again",
            ));
        }
        if !problems.is_empty() {
            return Err(Error::many(ErrorKind::Data, problems));
        }
        let names = match &d.name {
            Some(c) => text[c].clone(),
            None => ids.clone(),
        };
        let groups = d.group.as_ref().map(|c| text[c].clone());
        Ok(District {
            source: table.source.clone(),
            source_hash: table.hash.clone(),
            ids,
            names,
            groups,
            source_rows,
            numeric,
            text,
            markers,
            notes,
            extra_columns,
        })
    }

    /// Reads and checks data files for a formula (several files are joined by id).
    pub fn load(paths: &[std::path::PathBuf], formula: &Formula) -> Result<District> {
        District::load_with(paths, formula, &|_| false)
    }

    /// Reads data files for a formula: the columns it reads, plus every numeric column `extra`
    /// accepts (e.g. student-group counts for an audit). Other columns are not kept.
    pub fn load_with(paths: &[std::path::PathBuf], formula: &Formula, extra: &dyn Fn(&str) -> bool) -> Result<District> {
        let wanted: std::collections::HashSet<&str> = formula.columns.iter().map(|c| c.column.as_str()).collect();
        let keep = |name: &str| wanted.contains(name) || extra(name);
        let table = if paths.is_empty() {
            if !formula.data.bundled {
                let hint = formula.data.example.as_ref().map(|e| format!(", e.g. --data {e}")).unwrap_or_default();
                return Err(Error::usage(format!("formula '{}' has no bundled data", formula.name), format!("pass the data file with --data{hint}")));
            }
            read_bytes_select("data/district.csv (bundled)", crate::bundled::DISTRICT_CSV, &keep)?
        } else {
            let mut tables = Vec::new();
            for p in paths {
                tables.push(read_csv_select(p, &keep)?);
            }
            join_tables(tables, &formula.data.id, formula.data.id_width)?
        };
        District::from_table_with(&table, formula, extra)
    }
}

/// A parsed numeric column: values, cell problems and the count of marker cells.
type Parsed = (Vec<f64>, Vec<Problem>, usize);

fn numeric_cells(
    t: &Table,
    column: &str,
    markers: &[String],
    source_rows: &[usize],
    problems: &mut Vec<Problem>,
    marked: &mut usize,
) -> Result<Vec<f64>> {
    let col = t.frame.column(column).map_err(|_| missing_column(t, column))?;
    if col.dtype().is_primitive_numeric() {
        let f = col.cast(&DataType::Float64).map_err(|e| Error::data(Location::file(&t.source).column(column), e.to_string(), ""))?;
        let ca = f.f64().expect("cast to f64");
        let mut out = Vec::with_capacity(ca.len());
        for (i, v) in ca.iter().enumerate() {
            match v {
                Some(x) if !x.is_finite() => {
                    problems.push(Problem::new(
                        Location::file(&t.source).row(source_rows[i]).column(column),
                        format!("value {x} is not finite"),
                        "give a finite number or leave it missing",
                    ));
                    out.push(f64::NAN);
                }
                Some(x) => out.push(x),
                None => out.push(f64::NAN),
            }
        }
        return Ok(out);
    }
    let s = col.cast(&DataType::String).map_err(|e| Error::data(Location::file(&t.source).column(column), e.to_string(), ""))?;
    let ca = s.str().expect("cast to string");
    let mut out = Vec::with_capacity(ca.len());
    for (i, c) in ca.iter().enumerate() {
        // Plain numbers (the common case) parse without the checks below.
        if let Some(v) = c.filter(|c| !markers.iter().any(|m| m == c)).and_then(|c| c.parse::<f64>().ok()).filter(|v| v.is_finite()) {
            out.push(v);
            continue;
        }
        match parse_cell(c.unwrap_or(""), markers) {
            Cell::Value(v) => out.push(v),
            Cell::Missing => out.push(f64::NAN),
            Cell::Marker => {
                *marked += 1;
                out.push(f64::NAN);
            }
            Cell::Bad(s, fix) => {
                problems.push(Problem::new(Location::file(&t.source).row(source_rows[i]).column(column), format!("'{s}' is not a number"), fix));
                out.push(f64::NAN);
            }
        }
    }
    Ok(out)
}

/// Builds a table from an in-memory frame (for embedders).
pub fn table_from_frame(source: &str, frame: DataFrame) -> Table {
    let header = frame.get_column_names().iter().map(|s| s.to_string()).collect();
    Table { source: source.to_string(), frame, hash: String::new(), notes: Vec::new(), header }
}
