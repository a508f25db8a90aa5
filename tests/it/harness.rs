//! A small harness: shared-data lookup, running formulas, and column-by-column comparison
//! against a publisher's own outputs.

use seni::export::{Sheet, index_sheet};
use seni::{Computation, District, Formula, Table, compute_district as compute, read_csv};
use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `../shared/data`. Missing: a failure when `CI` is set, else a printed skip.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/data").join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing; CI must provide ../shared/data beside the repository", p.display());
    }
    eprintln!("SKIP: {} not found (tests that reproduce published indices need ../shared/data)", p.display());
    None
}

/// Loads a formula (bundled name or path) with `--set` style overrides.
pub fn formula(name: &str, sets: &[&str]) -> Formula {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let src = seni::spec::FormulaSource::parse(name);
    Formula::load(&src, &[], &sets).unwrap_or_else(|e| panic!("formula {name}: {e}"))
}

/// Runs a formula on data files.
pub fn run(f: &Formula, data: &[PathBuf]) -> Computation {
    let d = District::load(data, f).unwrap_or_else(|e| panic!("data: {e}"));
    compute(f, d).unwrap_or_else(|e| panic!("compute: {e}"))
}

/// A published table.
pub fn published(p: &std::path::Path) -> Table {
    read_csv(p).unwrap_or_else(|e| panic!("{e}"))
}

/// Parses a published cell: empty, `NA`, `#VALUE!` and `-999` are missing.
pub fn parse(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t == "NA" || t == "#VALUE!" || t == "-999" {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Outcome of comparing one column.
#[derive(Debug, Clone)]
pub struct ColumnCheck {
    /// Column.
    pub column: String,
    /// Rows compared.
    pub rows: usize,
    /// Rows equal (within tolerance; both missing counts as equal).
    pub matches: usize,
    /// Largest absolute difference where both have values.
    pub max_diff: f64,
    /// Ids of the rows that differ (first few).
    pub misses: Vec<String>,
}

impl ColumnCheck {
    /// Whether every row matched.
    pub fn exact(&self) -> bool {
        self.matches == self.rows
    }
}

/// Compares our output column with the publisher's, row by row in file order.
pub fn compare(ours: &Sheet, ours_col: &str, theirs: &Table, their_col: &str, tol: f64) -> ColumnCheck {
    let j = ours.columns.iter().position(|c| c == ours_col).unwrap_or_else(|| panic!("we have no column {ours_col}"));
    let pub_cells = theirs.text(their_col).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ours.rows.len(), pub_cells.len(), "row counts differ for {ours_col}");
    let mut check = ColumnCheck { column: ours_col.to_string(), rows: pub_cells.len(), matches: 0, max_diff: 0.0, misses: Vec::new() };
    for (row, p) in ours.rows.iter().zip(&pub_cells) {
        let a = parse(&row[j].text(""));
        let b = parse(p);
        let ok = match (a, b) {
            (None, None) => true,
            (Some(x), Some(y)) => {
                let d = (x - y).abs();
                check.max_diff = check.max_diff.max(d);
                d <= tol
            }
            _ => false,
        };
        if ok {
            check.matches += 1;
        } else if check.misses.len() < 5 {
            check.misses.push(format!("{}: ours {} published {}", row[0].text(""), row[j].text("-"), p));
        }
    }
    check
}

/// Prints a reproduction table.
pub fn report(title: &str, checks: &[ColumnCheck]) {
    eprintln!("== {title}");
    for c in checks {
        eprintln!(
            "  {:<26} {:>5}/{:<5} {:<5} max|diff| {:.3e}{}",
            c.column,
            c.matches,
            c.rows,
            if c.exact() { "EXACT" } else { "DIFF" },
            c.max_diff,
            if c.misses.is_empty() { String::new() } else { format!("  e.g. {}", c.misses.join("; ")) }
        );
    }
}

/// The index sheet of a computation.
pub fn sheet(c: &Computation) -> Sheet {
    index_sheet(c)
}

/// Runs an inline formula on inline CSV text.
pub fn run_inline(formula_toml: &str, csv: &str) -> seni::Result<Computation> {
    let f = Formula::from_text("test.toml", formula_toml)?;
    let t = seni::data::read_csv_bytes("test.csv", csv.as_bytes())?;
    let d = District::from_table(&t, &f)?;
    compute(&f, d)
}

/// The error of an inline formula (panics if it loads).
pub fn formula_error(formula_toml: &str) -> seni::Error {
    match Formula::from_text("test.toml", formula_toml) {
        Ok(_) => panic!("formula should not load"),
        Err(e) => e,
    }
}
