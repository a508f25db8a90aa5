//! The page's session: the formula and data it opened, the run as shipped, and the run with the
//! page's changes; each request answered as JSON with the same tables and summaries as the
//! command line's `--format json`.

use crate::convert::{document, toml_value};
use seni::analysis::audit::{audit_allocation, student_groups};
use seni::analysis::explain::find_school;
use seni::chart::ChartKind;
use seni::export::{Format, cell_json};
use seni::formula::scenario_toml;
use seni::{Change, District, Error, Formula, FormulaSource, Origin, Run, outputs};
use serde::Deserialize;
use serde_json::{Value, json};
use std::cell::RefCell;

/// A named text: a formula, scenario or data file the page was given.
#[derive(Debug, Clone, Deserialize)]
pub struct FileText {
    /// Its name in messages (e.g. `schools.csv`).
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// One control's change: the knob's key and the new value.
#[derive(Debug, Clone, Deserialize)]
pub struct ControlChange {
    /// The key, e.g. `indicators.chronic_absence.weight` (`tiers.k` also renames the tiers).
    pub key: String,
    /// The value (a number, a boolean, text).
    pub value: Value,
    /// The control's label, to name it in a message.
    pub control: String,
}

/// What the page asks.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Open a formula (bundled name or text) with scenarios and data files; run it as shipped.
    Open {
        /// A bundled formula's name, or None with `text`.
        bundled: Option<String>,
        /// A formula's text (the user's file).
        formula: Option<FileText>,
        /// Scenario files applied to it.
        #[serde(default)]
        scenarios: Vec<FileText>,
        /// Data files, joined by id onto the first.
        data: Vec<FileText>,
    },
    /// Run the opened formula with these changes, compared with the run as shipped.
    Run {
        /// The changes, in order.
        changes: Vec<ControlChange>,
    },
    /// One school of the current run explained.
    Explain {
        /// Its id (or exact name).
        school: String,
    },
    /// The current changes as a scenario file.
    Scenario {
        /// The scenario's name.
        name: String,
    },
    /// The current allocation as CSV (as `seni allocate` writes it).
    Csv,
    /// The rows of the current comparison whose id or name holds `query` (case ignored).
    Find {
        /// What to look for.
        query: String,
    },
}

/// The state between calls.
struct Session {
    source: FormulaSource,
    scenarios: Vec<(String, String)>,
    data: Vec<FileText>,
    base: Run,
    current: Option<(Vec<Change>, Run)>,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// The JSON answer to a JSON request: `{"ok": true, …}` or `{"ok": false, "error": text}` with
/// the command line's own text of the error (file, row, column, fix).
pub fn answer(request: &[u8]) -> String {
    let result = match serde_json::from_slice::<Request>(request) {
        Ok(r) => respond(r),
        Err(e) => Err(Error::usage(format!("the page sent a bad request: {e}"), "reload the page")),
    };
    let value = match result {
        Ok(mut v) => {
            v["ok"] = json!(true);
            v
        }
        Err(e) => json!({ "ok": false, "error": e.to_string(), "kind": format!("{:?}", e.kind) }),
    };
    value.to_string()
}

fn respond(request: Request) -> seni::Result<Value> {
    if let Request::Open { bundled, formula, scenarios, data } = request {
        return open(bundled, formula, scenarios, data);
    }
    SESSION.with(|s| {
        let mut guard = s.borrow_mut();
        let session = guard
            .as_mut()
            .ok_or_else(|| Error::usage("nothing is open", "open a formula and data first"))?;
        match request {
            Request::Run { changes } => session.run(&changes),
            Request::Explain { school } => session.explain(&school),
            Request::Scenario { name } => {
                let changes = session.current.as_ref().map(|c| c.0.as_slice()).unwrap_or(&[]);
                Ok(json!({ "toml": scenario_toml(&name, changes) }))
            }
            Request::Csv => session.csv(),
            Request::Find { query } => session.find(&query),
            Request::Open { .. } => unreachable!("answered above"),
        }
    })
}

/// Rows of the comparison the page lists: the biggest gains and the biggest losses (any other
/// school is one `find` away).
const MOVERS: usize = 250;

/// The first and last `n` rows of the comparison's per-school table (biggest gain first).
fn ends(o: &outputs::Outputs, n: usize) -> Value {
    let t = o.table("changes").expect("a comparison has its changes");
    let rows: Vec<usize> = if t.len() <= 2 * n {
        (0..t.len()).collect()
    } else {
        (0..n).chain(t.len() - n..t.len()).collect()
    };
    let columns = t.columns();
    Value::Array(
        rows.into_iter()
            .map(|i| {
                let row = t.row(i);
                let cells = columns.iter().zip(row.iter()).map(|(c, v)| (c.clone(), cell_json(v)));
                Value::Object(cells.collect())
            })
            .collect(),
    )
}

/// Student-group count columns are read too, for the audit (the one rule: `*_count`).
fn counts(name: &str) -> bool {
    seni::formula::is_group_column(name, &[])
}

fn open(
    bundled: Option<String>,
    formula: Option<FileText>,
    scenarios: Vec<FileText>,
    data: Vec<FileText>,
) -> seni::Result<Value> {
    let source = match (bundled, formula) {
        (_, Some(f)) => FormulaSource::Text { origin: f.name, text: f.text },
        (Some(name), None) => FormulaSource::Bundled(name),
        (None, None) => {
            return Err(Error::usage("no formula", "choose a formula file (.toml)"));
        }
    };
    let scenarios: Vec<(String, String)> =
        scenarios.into_iter().map(|s| (s.name, s.text)).collect();
    let formula = Formula::load_texts(&source, &scenarios, &[])?;
    let base = run_on(&formula, read(&formula, &data)?)?;
    let mut answer = json!({
        "formula": {
            "name": formula.name(), "title": formula.title(), "description": formula.description(),
            "method": formula.method_source(), "notes": formula.notes(), "hash": formula.hash(),
            "scenarios": formula.scenarios(),
        },
        "knobs": formula.knobs(),
    });
    answer["run"] = run_json(&base, None)?;
    let session = Session { source, scenarios, data, base, current: None };
    SESSION.with(|s| *s.borrow_mut() = Some(session));
    Ok(answer)
}

/// The data files read for a formula (several are joined by id onto the first).
fn read(formula: &Formula, data: &[FileText]) -> seni::Result<District> {
    let sources: Vec<(&str, &[u8])> =
        data.iter().map(|f| (f.name.as_str(), f.text.as_bytes())).collect();
    if sources.is_empty() {
        return Err(Error::usage("no data", "choose a data file (.csv)"));
    }
    District::from_csv_sources(&sources, formula, &counts)
}

/// A formula computed and allocated on a district.
fn run_on(formula: &Formula, district: District) -> seni::Result<Run> {
    seni::run(formula, district)
}

/// A run's outputs as the page reads them: allocation, audit and map (and, against the run as
/// shipped, the comparison).
fn run_json(run: &Run, base: Option<&Run>) -> seni::Result<Value> {
    let c = &run.computation();
    let mut v = json!({
        "hash": c.formula().hash(),
        "label": run.label(),
        "schools": c.len(),
        "warnings": c.warnings(),
        "compute": document(&outputs::compute(c), &[], &[ChartKind::SchoolMap]),
    });
    if let Some(a) = run.allocation() {
        v["allocate"] = document(&outputs::allocate(c, a), &["by_tier"], &[]);
    }
    let money = match run.allocation() {
        Some(a) => Some(a.clone()),
        None => audit_allocation(c).ok().flatten(),
    };
    let groups = student_groups(c, &[])?;
    if let Ok(o) = outputs::audit(c, money.as_ref(), &groups, None) {
        let tables = ["by_need_quintile", "groups"];
        v["audit"] = document(&o, &tables, &[ChartKind::ConcentrationCurve]);
    }
    if let Some(b) = base {
        let cmp = seni::analysis::compare::compare_schools(b, run);
        let o = outputs::compare(&cmp, b, run);
        v["compare"] = document(&o, &["tier_changes"], &[]);
        v["compare"]["changes"] = ends(&o, MOVERS);
        v["compare"]["changes_total"] = json!(cmp.schools().len());
    }
    Ok(v)
}

impl Session {
    fn formula(&self, changes: &[Change]) -> seni::Result<Formula> {
        Formula::load_texts(&self.source, &self.scenarios, changes)
    }

    fn run(&mut self, controls: &[ControlChange]) -> seni::Result<Value> {
        let changes = self.changes(controls)?;
        let formula = self.formula(&changes)?;
        let same_columns = formula.columns().eq(self.base.computation().formula().columns());
        let c = match same_columns {
            // Weights alone keep the normalised values: only the aggregates are redone.
            true => seni::index::recompute(self.base.computation(), &formula)?,
            false => seni::compute(&formula, read(&formula, &self.data)?)?,
        };
        let run = Run::of(c)?;
        let answer = run_json(&run, Some(&self.base))?;
        self.current = Some((changes, run));
        Ok(answer)
    }

    /// Controls as changes: `tiers.k` becomes the changes that make that many tiers.
    fn changes(&self, controls: &[ControlChange]) -> seni::Result<Vec<Change>> {
        let mut changes = Vec::new();
        for c in controls {
            let origin = Origin::Control(c.control.clone());
            if c.key == "tiers.k" {
                let k = c.value.as_u64().unwrap_or(0) as usize;
                let before = self.formula(&changes)?;
                changes.extend(before.tier_count_changes(k, origin)?);
            } else {
                changes.push(Change::new(&c.key, toml_value(&c.value), origin)?);
            }
        }
        Ok(changes)
    }

    fn current(&self) -> &Run {
        self.current.as_ref().map_or(&self.base, |(_, r)| r)
    }

    fn explain(&self, school: &str) -> seni::Result<Value> {
        let run = self.current();
        let c = &run.computation();
        let row = find_school(c, school)?;
        let e = seni::explain(c, run.allocation(), row);
        let o = outputs::explain(c, &e);
        let (_, summary) = o.summary().expect("an explanation");
        Ok(json!({ "school": summary["school"], "text": o.text() }))
    }

    fn find(&self, query: &str) -> seni::Result<Value> {
        // The id rule's normal form (NFC): an accent typed either way finds the school.
        let q = seni::grammar::nfc(query.trim()).to_lowercase();
        let run = self.current();
        let cmp = seni::analysis::compare::compare_schools(&self.base, run);
        let o = outputs::compare(&cmp, &self.base, run);
        let t = o.table("changes").expect("a comparison has its changes");
        let columns = t.columns();
        let rows: Vec<Value> = (0..t.len())
            .map(|i| t.row(i))
            .filter(|r| r.iter().take(2).any(|c| c.text("").to_lowercase().contains(&q)))
            .take(50)
            .map(|r| {
                Value::Object(
                    columns.iter().zip(r.iter()).map(|(c, v)| (c.clone(), cell_json(v))).collect(),
                )
            })
            .collect();
        Ok(json!({ "rows": rows }))
    }

    fn csv(&self) -> seni::Result<Value> {
        let run = self.current();
        let Some(a) = run.allocation() else {
            return Err(Error::usage("this formula allocates no money", "choose one that does"));
        };
        let o = outputs::allocate(run.computation(), a);
        let doc = o.document(true);
        let bytes = Format::Csv.render(&doc)?;
        Ok(json!({ "csv": String::from_utf8_lossy(&bytes) }))
    }
}
