//! Formula layers: the formula file, scenario files and changes, merged in that order.
//! Every value keeps its origin so that a mistake can be named by file and line, including a
//! mistake made by a scenario or an override.

use super::change::{Change, canonical_amounts};
use super::source::FormulaSource;
use super::spec::FormulaSpec;
use crate::error::{Error, ErrorKind, Location, Problems, Result, suggest_or};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// One TOML layer: a formula file, a scenario file or a change.
#[derive(Debug, Clone)]
pub(crate) struct Layer {
    /// File name, or the origin of a change (e.g. `--budget 900M`).
    pub(crate) origin: String,
    /// The file's document with the source spans of its keys (None for a change), parsed once.
    doc: Option<toml_edit::Document<String>>,
    /// Byte offset of each line break in the file, for turning a span into a line quickly.
    breaks: Vec<usize>,
    table: toml::Table,
}

impl Layer {
    /// Parses a TOML text (Unicode-normalised first: keys and names typed with combining
    /// accents are the same as those typed with one character); syntax errors name the file and
    /// line.
    pub(crate) fn parse(origin: &str, text: &str) -> Result<Layer> {
        let text = &*crate::grammar::nfc(text);
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let mut loc = Location::file(origin);
            loc.line = line;
            Error::formula(
                loc,
                format!("not valid TOML: {}", e.message().trim()),
                "fix the TOML syntax at that line",
            )
        })?;
        let doc = toml_edit::Document::parse(text.to_string()).ok();
        let breaks =
            text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect();
        Ok(Layer { origin: origin.to_string(), doc, breaks, table })
    }

    /// A change (from a command-line option, a library argument or a page control), named by
    /// its origin.
    pub(crate) fn from_change(change: &Change) -> Layer {
        let origin = change.origin().to_string();
        Layer { origin, doc: None, breaks: Vec::new(), table: change.table() }
    }

    /// Line of a key path in this layer, or of its deepest prefix present; None when absent.
    fn locate(&self, path: &[String]) -> Option<(usize, Option<usize>)> {
        let mut depth = 0;
        let mut cur = &self.table;
        for (i, key) in path.iter().enumerate() {
            match cur.get(key) {
                Some(v) => {
                    depth = i + 1;
                    match v.as_table() {
                        Some(t) => cur = t,
                        None => break,
                    }
                }
                None => break,
            }
        }
        if depth == 0 {
            return None;
        }
        let span = self.doc.as_ref().and_then(|doc| span_in_doc(doc, &path[..depth]));
        // Lines are 1-based: the number of line breaks before the span, plus one.
        let line = span.map(|start| self.breaks.partition_point(|&b| b < start) + 1);
        Some((depth, line))
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].bytes().filter(|b| *b == b'\n').count() + 1
}

/// Byte offset where a key path (or its value) starts in a document.
fn span_in_doc(doc: &toml_edit::Document<String>, path: &[String]) -> Option<usize> {
    let mut item: &toml_edit::Item = doc.as_item();
    let mut span = None;
    for key in path {
        let table = item.as_table_like()?;
        let (k, v) = table.get_key_value(key)?;
        span = k.span().or_else(|| v.span()).or(span);
        item = v;
    }
    span.map(|s| s.start)
}

/// Which top-level maps hold named entities, and the keys that make a table a full definition.
const ENTITY_MAPS: &[(&[&str], &[&str])] = &[
    (&["indicators"], &["column", "numerator", "categories"]),
    (&["domains"], &["label", "parent", "aggregation"]),
    (&["allocation", "programs"], &["kind"]),
    (&["allocation", "schedules"], &["column"]),
    (&["allocation", "counts"], &["columns"]),
    (&["allocation", "solve", "steps"], &["parameter"]),
    // A parameter is a number: a scenario file may add one, a --set only changes one.
    (&["allocation", "parameters"], &[]),
];

/// A scenario file's text, its name in messages, and the name it goes by when it names none.
#[derive(Debug, Clone)]
pub(crate) struct ScenarioText {
    pub(crate) origin: String,
    pub(crate) stem: String,
    pub(crate) text: String,
}

/// A formula with its layers merged: the spec plus where every key came from.
#[derive(Debug, Clone)]
pub(crate) struct LoadedSpec {
    /// The merged, unchecked spec.
    pub(crate) spec: FormulaSpec,
    /// The layers in the order applied.
    pub(crate) layers: Vec<Layer>,
    /// Names of the scenarios applied.
    pub(crate) scenarios: Vec<String>,
    /// The merged TOML (canonical text of the effective formula).
    pub(crate) merged: toml::Table,
}

impl LoadedSpec {
    /// Loads a formula and applies scenario files and changes, in that order.
    pub(crate) fn load(
        source: &FormulaSource,
        scenarios: &[PathBuf],
        changes: &[Change],
    ) -> Result<LoadedSpec> {
        let texts = scenarios
            .iter()
            .map(|path| {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Error::io(&shown, e, "check the scenario file path"))?;
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("scenario");
                Ok(ScenarioText { origin: shown, stem: stem.to_string(), text })
            })
            .collect::<Result<Vec<_>>>()?;
        Self::load_texts(source, &texts, changes)
    }

    /// Loads a formula and applies scenarios given as text, then changes.
    pub(crate) fn load_texts(
        source: &FormulaSource,
        scenarios: &[ScenarioText],
        changes: &[Change],
    ) -> Result<LoadedSpec> {
        Change::check_routes(changes)?;
        let (text, origin) = source.read()?;
        let mut layers = vec![Layer::parse(&origin, &text)?];
        let mut names = Vec::new();
        for s in scenarios {
            let mut layer = Layer::parse(&s.origin, &s.text)?;
            let meta = layer.table.remove("scenario");
            let name = meta
                .as_ref()
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str())
                .map_or_else(|| s.stem.clone(), str::to_string);
            names.push(name);
            layers.push(layer);
        }
        layers.extend(changes.iter().map(Layer::from_change));
        Self::from_layers(layers, names)
    }

    /// Loads from a formula text (no scenarios), e.g. for embedders and tests.
    pub(crate) fn from_text(origin: &str, text: &str) -> Result<LoadedSpec> {
        Self::from_layers(vec![Layer::parse(origin, text)?], Vec::new())
    }

    /// Merges layers (the first is the formula) and deserialises the result.
    pub(crate) fn from_layers(layers: Vec<Layer>, scenarios: Vec<String>) -> Result<LoadedSpec> {
        let mut merged = layers[0].table.clone();
        let mut problems = Problems::default();
        for layer in &layers[1..] {
            check_new_entities(&merged, layer, &mut problems);
            merge(&mut merged, &layer.table);
        }
        problems.check(ErrorKind::Formula)?;
        canonical_amounts(&mut merged);
        let spec: FormulaSpec =
            match serde_path_to_error::deserialize(toml::Value::Table(merged.clone())) {
                Ok(s) => FormulaSpec::without_disabled(s),
                Err(e) => return Err(serde_error(&layers, e)),
            };
        Ok(LoadedSpec { spec, layers, scenarios, merged })
    }

    /// SHA-256 (first 16 hex digits) of the canonical TOML text of the merged formula: a whole
    /// number written as a float (`2.0`, `1e3`) is the integer it equals, so how a value is
    /// spelled never changes the hash (a key that takes only whole numbers refuses a float
    /// before there is a hash, so no two formulas that compute differently share one).
    pub(crate) fn hash(&self) -> String {
        let mut canonical = self.merged.clone();
        canonical.iter_mut().for_each(|(_, v)| whole_numbers(v));
        let text = toml::to_string(&canonical).unwrap_or_default();
        let digest = Sha256::digest(text.as_bytes());
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    /// The location of a key path: the last layer that sets it (or its deepest prefix).
    pub(crate) fn locate(&self, path: &[&str]) -> Location {
        locate_in(&self.layers, path)
    }
}

/// Whole-number floats as integers, through tables and lists (as the page's knobs hold them).
fn whole_numbers(v: &mut toml::Value) {
    match v {
        toml::Value::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
            *v = toml::Value::Integer(*x as i64);
        }
        toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| whole_numbers(v)),
        toml::Value::Array(a) => a.iter_mut().for_each(whole_numbers),
        _ => {}
    }
}

fn locate_in(layers: &[Layer], path: &[&str]) -> Location {
    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    let mut best: Option<(usize, &Layer, Option<usize>)> = None;
    for layer in layers {
        if let Some((depth, line)) = layer.locate(&path)
            && best.as_ref().is_none_or(|b| depth >= b.0)
        {
            best = Some((depth, layer, line));
        }
    }
    let column = path.join(".");
    match best {
        Some((_, layer, line)) => {
            let mut loc = Location::file(&layer.origin).key(column);
            loc.line = line;
            loc
        }
        None => Location::file(&layers[0].origin).key(column),
    }
}

fn serde_error(layers: &[Layer], e: serde_path_to_error::Error<toml::de::Error>) -> Error {
    let path: Vec<String> = e
        .path()
        .iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            _ => None,
        })
        .collect();
    let msg = e.inner().message().trim().to_string();
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(field) = between(&msg, "unknown field `", "`") {
        let expected: Vec<&str> = msg
            .split_once("expected")
            .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let mut full = refs.clone();
        if full.last() != Some(&field) {
            full.push(field);
        }
        let fix = suggest_or(field, expected.iter().copied(), || {
            if expected.is_empty() {
                "remove the key".to_string()
            } else {
                format!("valid keys here: {}", expected.join(", "))
            }
        });
        return Error::formula(locate_in(layers, &full), format!("unknown key '{field}'"), fix);
    }
    if let Some(field) = between(&msg, "missing field `", "`") {
        return Error::formula(
            locate_in(layers, &refs),
            format!("missing required key '{field}'"),
            format!("add `{field} = ...` here (see formulas/README.md)"),
        );
    }
    Error::formula(
        locate_in(layers, &refs),
        plain_types(&msg),
        "see formulas/README.md for the expected type of this key",
    )
}

/// A deserialiser's message in the words of the formula reference, not Rust's: `expected f64`
/// is a number, `struct DataSpec` a table, `a sequence` a list, `floating point` a number.
fn plain_types(msg: &str) -> String {
    let mut s = msg.replace("invalid type: ", "wrong type: got ");
    for (rust, plain) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected a sequence", "expected a list [ … ]"),
        ("expected a map", "expected a table { … }"),
        ("expected a string", "expected text in quotes"),
        ("floating point", "number"),
        ("sequence", "list"),
        ("map", "table"),
    ] {
        s = s.replace(rust, plain);
    }
    // `expected struct DataSpec` (or `ProgramSpec` …) is a table of keys.
    if let Some(i) = s.find("expected struct ") {
        s.truncate(i);
        s.push_str("expected a table { … } of keys");
    }
    if let Some(i) = s.find("expected enum ") {
        s.truncate(i);
        s.push_str("expected one of the names this key takes");
    }
    s
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// Deep merge: tables merge key by key, everything else is replaced — except that a program
/// table that gives `kind`, and an `[equity]` poverty or group table that gives `share` or
/// `count`, are complete definitions and replace what they override whole.
fn merge(base: &mut toml::Table, over: &toml::Table) {
    merge_at(base, over, &mut Vec::new());
}

fn merge_at(base: &mut toml::Table, over: &toml::Table, path: &mut Vec<String>) {
    for (k, v) in over {
        let is_program = path.len() == 2 && path[0] == "allocation" && path[1] == "programs";
        let is_share = (path.len() == 1 && path[0] == "equity" && k == "poverty")
            || (path.len() == 2 && path[0] == "equity" && path[1] == "groups");
        let complete = |o: &toml::Table| {
            (is_program && o.contains_key("kind"))
                || (is_share && (o.contains_key("share") || o.contains_key("count")))
        };
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if !complete(o) => {
                path.push(k.clone());
                merge_at(b, o, path);
                path.pop();
            }
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

/// An overlay may only add an entity (indicator, domain, program) by defining it fully;
/// otherwise a new name is a typo of an existing one.
fn check_new_entities(base: &toml::Table, layer: &Layer, problems: &mut Problems) {
    for (path, defining) in ENTITY_MAPS {
        let get = |t: &toml::Table| -> Option<toml::Table> {
            let mut cur = t;
            for p in *path {
                cur = cur.get(*p)?.as_table()?;
            }
            Some(cur.clone())
        };
        let Some(over) = get(&layer.table) else { continue };
        let existing = get(base).unwrap_or_default();
        for (name, v) in &over {
            if existing.contains_key(name) {
                continue;
            }
            let is_definition = defining.is_empty()
                || v.as_table().is_some_and(|t| defining.iter().any(|d| t.contains_key(*d)));
            if is_definition && layer.doc.is_some() {
                continue;
            }
            let mut full: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            full.push(name.clone());
            let mut loc = Location::file(&layer.origin).key(full.join("."));
            if let Some((_, line)) = layer.locate(&full) {
                loc.line = line;
            }
            let names: Vec<&str> = existing.keys().map(String::as_str).collect();
            let fix = suggest_or(name, names.iter().copied(), || {
                format!(
                    "existing names: {}; to add a new one, define it fully in a scenario file (with one of: {})",
                    names.join(", "),
                    defining.join(", ")
                )
            });
            problems.push(loc, format!("overrides unknown {} '{name}'", path.join(".")), fix);
        }
    }
}
