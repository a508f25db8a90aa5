//! A change to a formula: a key path, a typed value and where the change came from. Every front
//! end makes changes (the command line's `--set` and options, Python's arguments, the what-if
//! page's controls); the formula's layers merge them over the formula and its scenario files. No
//! change travels as text: a budget reaches the checker as a number, named by its origin.

use crate::error::{Error, Result};
use crate::grammar::{Amount, Dollars, Refusal, key_path, nfc, split_assignment};
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
    /// Sets a dotted key path (`indicators.chronic_absence.weight`, a part in quotes when it
    /// holds a dot: `tier_weights."Tier 1.5"`) to a value; `budget` is short for
    /// `allocation.budget`. Keys and text are Unicode-normalised (NFC) as formula files are. An
    /// amount of money (a budget, a budget line, a floor …) is read by the amount grammar and
    /// held as one value however it was written, so `900M`, `900_000_000` and `9e8` set the same
    /// formula (and give the same hash).
    pub fn new(key: &str, value: impl Into<Value>, origin: Origin) -> Result<Change> {
        let shown = || origin.to_string();
        let path = key_path(key).map_err(|r| r.error().from_origin(&shown()))?;
        let value = canonical(&path, normalised(value.into()), &origin)?;
        Ok(Change { path, value, origin })
    }

    /// The budget of the main program (`allocation.budget`).
    pub fn budget(amount: Amount, origin: Origin) -> Change {
        let value = amount.value();
        Change { path: vec!["allocation".into(), "budget".into()], value, origin }
    }

    /// A `key=value` assignment as typed on a command line, split at the first `=` outside the
    /// key's quotes: the value is read as TOML, or as text when it is not TOML (`--set
    /// data.period=year`); an amount of money (a budget …) is read by the amount grammar from
    /// its text, as `--budget` reads it (`900M`, `$1,200,000`; `0x10` is refused).
    pub fn parse(assignment: &str, origin: Origin) -> Result<Change> {
        let Some((key, raw)) = split_assignment(assignment) else {
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
            .filter(|v| v.is_str() || !one_amount(key))
            .unwrap_or_else(|| Value::String(raw.to_string()));
        Change::new(key, value, origin)
    }

    /// The route a change came by: the option (`--set`, `--budget`) or argument (`set`,
    /// `budget`) that made it; None for a page control (the page applies its controls in order).
    fn route(&self) -> Option<&str> {
        match &self.origin {
            Origin::Flag(s) => s.split_whitespace().next(),
            Origin::Argument(s) => s.split(['[', '=', '$']).next().map(str::trim),
            Origin::Control(_) => None,
        }
    }

    /// Two routes setting one key (`--budget 900M` and `--set budget=800M`; Python's `budget=`
    /// and `set={"budget": …}`) is an error naming both: seni does not choose between them.
    /// The same route twice (`--set a=1 --set a=2`) is a later change winning, as documented.
    pub fn check_routes(changes: &[Change]) -> Result<()> {
        for (i, a) in changes.iter().enumerate() {
            let clash = changes[..i]
                .iter()
                .find(|b| b.path == a.path && b.route().is_some() && b.route() != a.route());
            if let (Some(b), Some(_)) = (clash, a.route()) {
                return Err(Error::usage(
                    format!("{} and {} both set {}", b.origin, a.origin, a.key()),
                    "give it once (seni does not choose between two ways of setting one value)",
                ));
            }
        }
        Ok(())
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

/// Text in a value Unicode-normalised (NFC), as formula files are read.
fn normalised(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(nfc(&s).into_owned()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalised).collect()),
        Value::Table(t) => Value::Table(
            t.into_iter().map(|(k, v)| (nfc(&k).into_owned(), normalised(v))).collect(),
        ),
        other => other,
    }
}

/// How many amounts of money a key holds: one (a budget, a line, a floor or cap, a fixed
/// amount), a pair (a budget range), or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Amounts {
    None,
    One,
    Pair,
}

/// Whether a typed key holds one amount of money: its value is then read by the amount grammar
/// from the text as typed (as `--budget` reads it), not as a TOML number (`0x10` is no amount).
fn one_amount(key: &str) -> bool {
    key_path(key).is_ok_and(|p| amounts_at(&p) == Amounts::One)
}

/// Which keys hold amounts of money (read by the amount grammar wherever they are written).
pub(crate) fn amounts_at(path: &[impl AsRef<str>]) -> Amounts {
    let p: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
    match p.as_slice() {
        ["allocation", "budget"] | ["allocation", "lines", _] => Amounts::One,
        ["allocation", "redirect", _, "amount"] => Amounts::One,
        ["allocation", "programs", _, "budget" | "amount" | "foundation" | "min" | "max"] => {
            Amounts::One
        }
        ["uncertainty", "budget"] => Amounts::Pair,
        _ => Amounts::None,
    }
}

/// An amount as its one value, or why it is not an amount.
pub(crate) fn amount_value(v: &Value) -> std::result::Result<Value, Refusal> {
    match Dollars::of_value(v) {
        Some(d) => d.amount().map(Amount::value),
        None => Err(Refusal {
            message: format!("{v} is not an amount of dollars"),
            fix: crate::grammar::AMOUNT_FIX.to_string(),
        }),
    }
}

/// Amounts as their one value: text like `900M` is read, whole dollars are integers; anything
/// that is not an amount (a boolean, a table) is refused where it was given.
fn canonical(path: &[String], value: Value, origin: &Origin) -> Result<Value> {
    let one = |v: &Value| amount_value(v).map_err(|r| r.error().from_origin(&origin.to_string()));
    match (amounts_at(path), &value) {
        (Amounts::None, _) => Ok(value),
        (Amounts::Pair, Value::Array(items)) => {
            items.iter().map(one).collect::<Result<Vec<_>>>().map(Value::Array)
        }
        (Amounts::Pair, _) => Err(Error::usage(
            format!("{value} is not a range of two amounts"),
            "e.g. [600_000_000, 900_000_000], or --budget-range 600M:900M",
        )
        .from_origin(&origin.to_string())),
        (Amounts::One, v) => one(v),
    }
}

/// Every amount of a merged formula table as its one value (amounts that are not amounts are
/// left as written, for the checker to name), so that the formula's hash does not depend on
/// how an amount was spelled.
pub(crate) fn canonical_amounts(table: &mut toml::Table) {
    canonical_at(table, &mut Vec::new());
}

fn canonical_at(table: &mut toml::Table, path: &mut Vec<String>) {
    for (k, v) in table.iter_mut() {
        path.push(k.clone());
        match (amounts_at(path), &mut *v) {
            (Amounts::One, _) => {
                if let Ok(c) = amount_value(v) {
                    *v = c;
                }
            }
            (Amounts::Pair, Value::Array(items)) => {
                for item in items.iter_mut() {
                    if let Ok(c) = amount_value(item) {
                        *item = c;
                    }
                }
            }
            (_, Value::Table(t)) => canonical_at(t, path),
            (_, Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let Value::Table(t) = item {
                        path.push(i.to_string());
                        canonical_at(t, path);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use crate::formula::change::{Change, Origin, Value, scenario_toml};
    use crate::grammar::Amount;

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
    fn two_routes_to_one_key_are_an_error() {
        let set = Change::parse("budget=800M", flag("--set budget=800M")).unwrap();
        let budget = Change::budget(Amount::parse("900M").unwrap(), flag("--budget 900M"));
        for pair in [[set.clone(), budget.clone()], [budget.clone(), set.clone()]] {
            let e = Change::check_routes(&pair).unwrap_err().to_string();
            assert!(e.contains("both set allocation.budget"), "{e}");
        }
        let later = Change::parse("budget=700M", flag("--set budget=700M")).unwrap();
        assert!(Change::check_routes(&[set.clone(), later]).is_ok());
        let py = Change::new("budget", 1, Origin::Argument("budget=1".into())).unwrap();
        let py_set = Change::new(
            "allocation.budget",
            2,
            Origin::Argument("set['allocation.budget']=2".into()),
        )
        .unwrap();
        assert!(Change::check_routes(&[py, py_set]).is_err());
        let page = Change::new("budget", 3, Origin::Control("Budget".into())).unwrap();
        assert!(Change::check_routes(&[set, page.clone(), page]).is_ok());
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
