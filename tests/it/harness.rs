//! A small harness: shared-data lookup, running formulas, and column-by-column comparison
//! against a publisher's own outputs.

use seni::table::Table;
use seni::table::TableName;
use seni::{
    AllocationResult, Change, Computation, District, Formula, FormulaSource, Origin, compute,
};
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
    // Written to the terminal itself, not through `eprintln!` (which the test harness keeps
    // for failing tests only): `cargo test` shows each missing file once, as the README says.
    static SAID: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if !said.contains(&p) {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIP: {} not found (tests that reproduce published indices need ../shared/data)",
            p.display()
        );
        said.push(p);
    }
    None
}

/// A file of the repository's `data/` (the bundled district tables: always there).
pub fn data(rel: &str) -> PathBuf {
    root().join("data").join(rel)
}

/// `--set` style assignments as changes, each named `--set KEY=VALUE`.
pub fn changes(sets: &[&str]) -> Vec<Change> {
    sets.iter().map(|s| Change::parse(s, Origin::Flag(format!("--set {s}"))).unwrap()).collect()
}

/// Loads a formula (bundled name or path) with `--set` style overrides.
pub fn formula(name: &str, sets: &[&str]) -> Formula {
    let src = FormulaSource::parse(name);
    Formula::load(&src, &[], &changes(sets)).unwrap_or_else(|e| panic!("formula {name}: {e}"))
}

/// The bundled `seni` formula with a scenario file from `examples/` applied.
pub fn seni_with_example(name: &str) -> Formula {
    let scenario = root().join("examples").join(name);
    Formula::load(&FormulaSource::Bundled("seni".into()), &[scenario], &[])
        .unwrap_or_else(|e| panic!("seni + {name}: {e}"))
}

/// Runs a formula on data files.
pub fn run(f: &Formula, data: &[PathBuf]) -> Computation {
    let d = District::load(data, f).unwrap_or_else(|e| panic!("data: {e}"));
    compute(f, d).unwrap_or_else(|e| panic!("compute: {e}"))
}

/// A publisher's table read as text (independently of seni's reader): UTF-8 or Latin-1, header
/// names trimmed.
#[derive(Debug, Clone)]
pub struct Published {
    /// Column names.
    pub header: Vec<String>,
    /// Cells by row.
    pub rows: Vec<Vec<String>>,
}

impl Published {
    /// A column's cells (error when there is no such column).
    pub fn text(&self, column: &str) -> Result<Vec<String>, String> {
        let j = self
            .header
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| format!("no column {column}"))?;
        Ok(self.rows.iter().map(|r| r.get(j).cloned().unwrap_or_default()).collect())
    }

    /// Column names.
    pub fn columns(&self) -> Vec<String> {
        self.header.clone()
    }

    /// Joins further tables' new columns onto the first, row-matched by an id column.
    pub fn join(tables: Vec<Published>, id: &str) -> Published {
        let mut it = tables.into_iter();
        let mut base = it.next().expect("a table");
        for t in it {
            let ids = t.text(id).unwrap();
            let pos: std::collections::HashMap<&str, usize> =
                ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
            let base_ids = base.text(id).unwrap();
            let new: Vec<usize> =
                (0..t.header.len()).filter(|&j| !base.header.contains(&t.header[j])).collect();
            base.header.extend(new.iter().map(|&j| t.header[j].clone()));
            for (row, bid) in base.rows.iter_mut().zip(&base_ids) {
                let r = pos[bid.as_str()];
                row.extend(new.iter().map(|&j| t.rows[r].get(j).cloned().unwrap_or_default()));
            }
        }
        base
    }
}

/// A published table.
pub fn published(p: &std::path::Path) -> Published {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = rd.headers().unwrap().iter().map(|h| h.trim().to_string()).collect();
    let rows = rd.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    Published { header, rows }
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
pub fn compare(
    ours: &Table,
    ours_col: &str,
    theirs: &Published,
    their_col: &str,
    tol: f64,
) -> ColumnCheck {
    let j = ours
        .columns
        .iter()
        .position(|c| c == ours_col)
        .unwrap_or_else(|| panic!("we have no column {ours_col}"));
    let pub_cells = theirs.text(their_col).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ours.rows.len(), pub_cells.len(), "row counts differ for {ours_col}");
    let mut check = ColumnCheck {
        column: ours_col.to_string(),
        rows: pub_cells.len(),
        matches: 0,
        max_diff: 0.0,
        misses: Vec::new(),
    };
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
            check.misses.push(format!(
                "{}: ours {} published {}",
                row[0].text(""),
                row[j].text("-"),
                p
            ));
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
            if c.misses.is_empty() {
                String::new()
            } else {
                format!("  e.g. {}", c.misses.join("; "))
            }
        );
    }
}

/// The per-school index table of a computation (as `seni compute` writes it).
pub fn sheet(c: &Computation) -> Table {
    schools_table(c)
}

/// The per-school index table, from the outputs of `compute`.
pub fn schools_table(c: &Computation) -> Table {
    let o = seni::outputs::compute(c);
    o.table(TableName::Schools).expect("a schools table").materialise().into_owned()
}

/// The per-school allocation table, from the outputs of `allocate`.
pub fn allocation_table(c: &Computation, a: &AllocationResult) -> Table {
    let o = seni::outputs::allocate(c, a);
    o.table(TableName::Allocation).expect("an allocation table").materialise().into_owned()
}

/// CSV bytes of a table (as `seni compute` writes it).
pub fn csv_of(t: &Table, meta: &seni::export::Meta) -> Vec<u8> {
    let doc = seni::export::Document {
        tables: vec![t],
        meta,
        missing: "",
        summary: None,
        header_comment: false,
    };
    seni::export::Format::Csv.render(&doc).unwrap()
}

/// Runs an inline formula on inline CSV text.
pub fn run_inline(formula_toml: &str, csv: &str) -> seni::Result<Computation> {
    let f = Formula::from_text("test.toml", formula_toml)?;
    let d = District::from_csv_bytes("test.csv", csv.as_bytes(), &f)?;
    compute(&f, d)
}

/// The error of an inline formula (panics if it loads).
pub fn formula_error(formula_toml: &str) -> seni::Error {
    match Formula::from_text("test.toml", formula_toml) {
        Ok(_) => panic!("formula should not load"),
        Err(e) => e,
    }
}
