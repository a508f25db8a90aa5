//! Errors: every problem names where it is (file, line or row, column) and how to fix it.
//!
//! [`Problems`] is the one collector every checker uses (formula, allocation, uncertainty, data):
//! it gathers all problems so the user sees them at once. [`choose`] is the one "pick from these
//! names, or suggest the closest" rule behind every text setting.

use std::fmt;
use std::sync::Arc;

/// What went wrong, broadly; decides the process exit code. Its name (`<&str>::from(kind)`:
/// `usage`, `formula`, `data`, `infeasible`, `io`, `interrupted`) is how front ends type errors
/// (Python's exception classes, R's condition classes, the page's answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad command-line usage (exit code 2).
    Usage,
    /// A formula or scenario file is invalid (exit code 3).
    Formula,
    /// An input data file is invalid (exit code 4).
    Data,
    /// The allocation rules cannot be met with the budget (exit code 5).
    Infeasible,
    /// Reading or writing a file failed (exit code 6).
    Io,
    /// The user stopped the run (Ctrl-C; exit code 130, as a shell reports SIGINT).
    Interrupted,
}

impl ErrorKind {
    /// The documented process exit code for this kind of error.
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::Formula => 3,
            ErrorKind::Data => 4,
            ErrorKind::Infeasible => 5,
            ErrorKind::Io => 6,
            ErrorKind::Interrupted => 130,
        }
    }

    fn label(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage error",
            ErrorKind::Formula => "formula error",
            ErrorKind::Data => "data error",
            ErrorKind::Infeasible => "infeasible allocation",
            ErrorKind::Io => "I/O error",
            ErrorKind::Interrupted => "interrupted",
        }
    }
}

/// Where a problem is: a file and, when known, a line (formula files) or a data row and column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// File name or other source (e.g. `--set budget=1`).
    pub file: Option<String>,
    /// 1-based line in a text file.
    pub line: Option<usize>,
    /// 1-based data row (the header is not counted).
    pub row: Option<usize>,
    /// Column name in a data file.
    pub column: Option<String>,
    /// Key path in a formula, scenario or `--set` (e.g. `indicators.foster.weight`).
    pub key: Option<String>,
}

impl Location {
    /// A location in a file.
    pub fn file(file: impl Into<String>) -> Self {
        Location { file: Some(file.into()), ..Default::default() }
    }

    /// Adds a line number.
    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Adds a data row number (1-based, header not counted).
    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    /// Adds a column name.
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Adds a formula key path.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(match self.line {
                Some(line) => format!("{file}:{line}"),
                None => file.clone(),
            });
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(key) = &self.key {
            parts.push(format!("key '{key}'"));
        }
        if let Some(column) = &self.column {
            parts.push(format!("column '{column}'"));
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// One problem with its location, what is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What the user should do.
    pub fix: String,
}

impl Problem {
    /// A new problem.
    pub fn new(location: Location, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Problem { location, message: message.into(), fix: fix.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location.to_string();
        if loc.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{loc}: {}", self.message)?;
        }
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        Ok(())
    }
}

/// The library's error: a kind and one or more problems (and, for I/O errors, the cause).
#[derive(Debug, Clone)]
pub struct Error {
    /// Broad category (decides the exit code).
    pub kind: ErrorKind,
    /// Every problem found (at least one).
    pub problems: Vec<Problem>,
    /// The operating-system error behind an I/O error.
    cause: Option<Arc<std::io::Error>>,
}

impl Error {
    /// An error with a single problem.
    pub fn new(
        kind: ErrorKind,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Error { kind, problems: vec![Problem::new(location, message, fix)], cause: None }
    }

    /// An error made of several problems of the same kind.
    pub fn many(kind: ErrorKind, problems: Vec<Problem>) -> Self {
        debug_assert!(!problems.is_empty());
        Error { kind, problems, cause: None }
    }

    /// A formula error.
    pub fn formula(location: Location, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(ErrorKind::Formula, location, message, fix)
    }

    /// A data error.
    pub fn data(location: Location, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(ErrorKind::Data, location, message, fix)
    }

    /// An infeasible allocation.
    pub fn infeasible(
        rule: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self::new(ErrorKind::Infeasible, Location::file(rule), message, fix)
    }

    /// The user stopped a long run (nothing was written).
    pub fn interrupted(what: impl Into<String>) -> Self {
        Self::new(ErrorKind::Interrupted, Location::default(), what, "")
    }

    /// An I/O error on a path; the operating-system error is kept as the source.
    pub fn io(path: impl Into<String>, err: std::io::Error, fix: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Io, Location::file(path), err.to_string(), fix);
        e.cause = Some(Arc::new(err));
        e
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>, fix: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage, Location::default(), message, fix)
    }

    /// The error with `origin` (a file, a command-line option, an argument) as the place of
    /// every problem that names none.
    pub fn from_origin(mut self, origin: &str) -> Self {
        for p in &mut self.problems {
            if p.location.file.is_none() {
                p.location.file = Some(origin.to_string());
            }
        }
        self
    }
}

/// What a row number means, said under every error that names one: a data row, not a line of
/// the file and not a spreadsheet's row number.
pub const ROWS_NOTE: &str = "note: rows are data rows, counted from the first row below the header (row 1 is row 2 in Excel)";

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        if n > 1 {
            writeln!(f, "{} ({n} problems):", self.kind.label())?;
        }
        for (i, p) in self.problems.iter().enumerate() {
            if n == 1 {
                write!(f, "{}: {p}", self.kind.label())?;
            } else {
                write!(f, "  {}. {p}", i + 1)?;
                if i + 1 < n {
                    writeln!(f)?;
                }
            }
        }
        if self.problems.iter().any(|p| p.location.row.is_some()) {
            write!(f, "\n{ROWS_NOTE}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects problems so that a check reports all of them at once.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Adds a problem, once: a setting inherited by many keys (e.g. `[data] rolling` by every
    /// indicator) is reported where it is written, not again for each key.
    pub(crate) fn push(
        &mut self,
        location: Location,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let p = Problem::new(location, message, fix);
        if !self.list.contains(&p) {
            self.list.push(p);
        }
    }

    /// Adds problems found elsewhere.
    pub(crate) fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.list.extend(problems);
    }

    /// Number of problems so far.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether no problem was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Keeps the first `max` problems and summarises the rest in one more.
    pub(crate) fn cap(&mut self, max: usize, location: Location) {
        if self.list.len() > max {
            let more = self.list.len() - max;
            self.list.truncate(max);
            self.push(
                location,
                format!("… and {more} more problems"),
                "fix the ones above and run `seni validate` again",
            );
        }
    }

    /// `Ok(())` when there is no problem, else one error of `kind` holding them all.
    pub(crate) fn check(self, kind: ErrorKind) -> Result<()> {
        if self.list.is_empty() { Ok(()) } else { Err(Error::many(kind, self.list)) }
    }
}

/// The closest candidate to `word`, for "did you mean" hints: the fewest edits (at most a
/// third of the word, or 2), or failing that a Jaro-Winkler similarity above 0.85 — and in
/// either case a typo of the part that differs, not another word that shares the rest
/// (`ela_dfs_2018` is not a typo of `math_dfs_2018`).
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let max_edits = (word.chars().count() / 3).max(2);
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| typo_of(&lower, &c.to_lowercase()))
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), strsim::jaro_winkler(word, c), c))
        .filter(|(d, jw, _)| *d <= max_edits || *jw > 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

/// Whether `a` and `b` differ by a typo: what is left once their common start and end are set
/// aside is at most half changed, or two letters (a swap of two letters is one change).
fn typo_of(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end =
        a[start..].iter().rev().zip(b[start..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (core_a, core_b): (String, String) =
        (a[start..a.len() - end].iter().collect(), b[start..b.len() - end].iter().collect());
    let longest = core_a.chars().count().max(core_b.chars().count());
    strsim::osa_distance(&core_a, &core_b) <= (longest / 2).max(2)
}

/// "did you mean 'x'?" for the closest candidate, or `otherwise` when nothing is close.
pub(crate) fn suggest_or<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => format!("did you mean '{c}'?"),
        None => otherwise(),
    }
}

/// A "did you mean" sentence, or a list of the valid choices when nothing is close.
pub(crate) fn suggest(word: &str, candidates: &[&str]) -> String {
    suggest_or(word, candidates.iter().copied(), || {
        format!("valid choices: {}", candidates.join(", "))
    })
}

/// The option named `value`, or the problem "unknown {what} '{value}'" with a suggestion.
pub(crate) fn choose<T: Copy>(
    what: &str,
    value: &str,
    options: &[(&str, T)],
) -> std::result::Result<T, (String, String)> {
    match options.iter().find(|(name, _)| *name == value) {
        Some((_, v)) => Ok(*v),
        None => {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            Err((format!("unknown {what} '{value}'"), suggest(value, &names)))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::error::did_you_mean;

    #[test]
    fn suggestions_are_typos_not_other_words() {
        assert_eq!(did_you_mean("ela_dfs_2018", ["math_dfs_2018", "enrollment"]), None);
        assert_eq!(
            did_you_mean("chronic_absense", ["chronic_absence", "enrollment"]),
            Some("chronic_absence")
        );
        assert_eq!(did_you_mean("weigth", ["weight", "label"]), Some("weight"));
        assert_eq!(did_you_mean("enrolment", ["enrollment", "pupils"]), Some("enrollment"));
        assert_eq!(did_you_mean("Percentile", ["percentile", "zscore"]), Some("percentile"));
    }
}
