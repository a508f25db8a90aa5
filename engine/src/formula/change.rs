//! A change to a formula: a key path, a typed value and where the change came from. Every front
//! end makes changes (the command line's `--set` and options, Python's arguments, the what-if
//! page's controls); the formula's layers merge them over the formula and its scenario files. No
//! change travels as text: a budget reaches the checker as a number, named by its origin.

use crate::error::{Error, Result};
use crate::num::{Amount, parse_amount};
use std::fmt;

/// Where a change came from, as its user would name it in an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line option as typed, e.g. `--budget 900M` or `--set a.b=2`.
    Flag(String),
    /// An argument of a library call (Python), e.g. `budget=900000000`.
    Argument(String),
    /// A control of the what-if page, e.g. `weight of chronic_absence`.
    Control(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(s) => write!(f, "{s}"),
            Origin::Argument(s) => write!(f, "argument {s}"),
            Origin::Control(s) => write!(f, "what-if control '{s}'"),
        }
    }
}

/// A value a change sets: the TOML data model (numbers, text, booleans, lists, tables).
pub type Value = toml::Value;

/// One change to a formula: set the key `path` to `value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    path: Vec<String>,
    value: Value,
    origin: Origin,
}

impl Change {
    /// Sets a dotted key path (`indicators.chronic_absence.weight`) to a value; `budget` is short
    /// for `allocation.budget`. A budget given as a whole number of dollars is held as an integer,
    /// so `900M`, `900000000` and `9e8` set the same formula (and give the same hash).
    pub fn new(key: &str, value: impl Into<Value>, origin: Origin) -> Result<Change> {
        let path = key_path(key, &origin)?;
        let value = canonical(&path, value.into(), &origin)?;
        Ok(Change { path, value, origin })
    }

    /// The budget of the main program (`allocation.budget`).
    pub fn budget(amount: Amount, origin: Origin) -> Change {
        let value = amount_value(amount);
        Change { path: vec!["allocation".into(), "budget".into()], value, origin }
    }

    /// A `key=value` assignment as typed on a command line: the value is read as TOML, or as
    /// text when it is not TOML (`--set data.period=year`); budgets may be written as amounts
    /// (`900M`, `$1,200,000`).
    pub fn parse(assignment: &str, origin: Origin) -> Result<Change> {
        let Some((key, raw)) = assignment.split_once('=') else {
            return Err(Error::usage(
                "no '=' between key and value",
                "write key=value, e.g. budget=900000000 or indicators.chronic_absence.weight=2",
            )
            .from_origin(&origin.to_string()));
        };
        let raw = raw.trim();
        let value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| Value::String(raw.to_string()));
        Change::new(key, value, origin)
    }

    /// The key path, e.g. `["indicators", "chronic_absence", "weight"]`.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The key path joined with dots.
    pub fn key(&self) -> String {
        self.path.join(".")
    }

    /// The value set.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Where the change came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The change as a one-key TOML table (for merging).
    pub(crate) fn table(&self) -> toml::Table {
        let mut table = toml::Table::new();
        self.set_in(&mut table);
        table
    }

    /// Sets the key in a TOML table (tables on the way are made, or replace a value).
    fn set_in(&self, table: &mut toml::Table) {
        let (last, parents) = self.path.split_last().expect("a key path has a part");
        let mut cur = table;
        for part in parents {
            let entry = cur.entry(part.clone()).or_insert_with(|| Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = Value::Table(toml::Table::new());
            }
            cur = entry.as_table_mut().expect("a table");
        }
        cur.insert(last.clone(), self.value.clone());
    }
}

/// Changes written as a scenario file: `[scenario] name` and every change under its key, in
/// order (a later change to the same key wins, as when they are applied).
pub fn scenario_toml(name: &str, changes: &[Change]) -> String {
    let mut doc = toml::Table::new();
    let mut meta = toml::Table::new();
    meta.insert("name".into(), Value::String(name.to_string()));
    doc.insert("scenario".into(), Value::Table(meta));
    for c in changes {
        c.set_in(&mut doc);
    }
    toml::to_string(&doc).expect("TOML values serialise")
}

/// A dotted key as a path; `budget` alone is `allocation.budget`.
fn key_path(key: &str, origin: &Origin) -> Result<Vec<String>> {
    let key = key.trim();
    let path: Vec<String> = match key {
        "budget" => vec!["allocation".into(), "budget".into()],
        _ => key.split('.').map(|p| p.trim().to_string()).collect(),
    };
    if path.iter().any(String::is_empty) {
        return Err(Error::usage(
            format!("the key '{key}' has an empty part"),
            "write keys like indicators.ID.weight",
        )
        .from_origin(&origin.to_string()));
    }
    Ok(path)
}

/// Budgets as amounts: text like `900M` is read, whole dollars are integers.
fn canonical(path: &[String], value: Value, origin: &Origin) -> Result<Value> {
    if path.last().is_none_or(|k| k != "budget") {
        return Ok(value);
    }
    let amount = match &value {
        Value::String(s) => parse_amount(s),
        Value::Integer(i) => Amount::dollars(*i as f64),
        Value::Float(x) => Amount::dollars(*x),
        _ => return Ok(value),
    };
    amount.map(amount_value).map_err(|e| e.from_origin(&origin.to_string()))
}

/// An amount as a TOML number: an integer when it is whole dollars.
fn amount_value(amount: Amount) -> Value {
    let cents = amount.cents();
    if cents % 100 == 0 { Value::Integer(cents / 100) } else { Value::Float(cents as f64 / 100.0) }
}

#[cfg(test)]
mod tests {
    use crate::formula::change::{Change, Origin, Value, scenario_toml};
    use crate::num::Amount;

    fn flag(s: &str) -> Origin {
        Origin::Flag(s.into())
    }

    #[test]
    fn a_budget_is_the_same_number_however_it_is_written() {
        let a = Change::parse("budget=900M", flag("--set budget=900M")).unwrap();
        let b = Change::parse("allocation.budget=900000000", flag("--set")).unwrap();
        let c = Change::new("budget", 9e8, Origin::Argument("budget=9e8".into())).unwrap();
        let d = Change::budget(Amount::parse("$900,000,000").unwrap(), flag("--budget"));
        for x in [&a, &b, &c, &d] {
            assert_eq!(x.path(), ["allocation", "budget"]);
            assert_eq!(x.value(), &Value::Integer(900_000_000));
        }
        let cents = Change::new("budget", 12.5, flag("x")).unwrap();
        assert_eq!(cents.value(), &Value::Float(12.5));
    }

    #[test]
    fn a_bad_budget_names_its_origin() {
        let e = Change::new("budget", -5, Origin::Argument("budget=-5".into())).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("argument budget=-5"), "{text}");
        assert!(!text.contains("--set"), "{text}");
    }

    #[test]
    fn values_are_toml_or_text() {
        let w = Change::parse("indicators.x.weight=2", flag("--set")).unwrap();
        assert_eq!(w.value(), &Value::Integer(2));
        let t = Change::parse("data.period=year", flag("--set")).unwrap();
        assert_eq!(t.value(), &Value::String("year".into()));
        assert!(Change::parse("novalue", flag("--set")).is_err());
        assert!(Change::parse("a..b=1", flag("--set")).is_err());
    }

    #[test]
    fn changes_write_a_scenario_file() {
        let changes = [
            Change::parse("indicators.x.weight=2", flag("a")).unwrap(),
            Change::parse("budget=900M", flag("b")).unwrap(),
            Change::parse("indicators.x.weight=3", flag("c")).unwrap(),
        ];
        let text = scenario_toml("what if", &changes);
        let t: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(t["scenario"]["name"].as_str(), Some("what if"));
        assert_eq!(t["indicators"]["x"]["weight"].as_integer(), Some(3));
        assert_eq!(t["allocation"]["budget"].as_integer(), Some(900_000_000));
    }
}
