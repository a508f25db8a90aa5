//! Unchecked formula files: TOML layers (formula, scenarios, `--set`) merged into a [`FormulaSpec`].
//!
//! Every value keeps its origin so that the checked [`crate::Formula`] can name the file and
//! line of any mistake, including mistakes made by a scenario or a `--set` override.

use crate::error::{Error, Location, Problem, Result, did_you_mean};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The unchecked contents of a formula file (after scenarios and overrides are merged).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormulaSpec {
    /// Name, title and provenance.
    pub formula: MetaSpec,
    /// Which data columns identify and describe a school.
    pub data: DataSpec,
    /// Indicators keyed by id, in output order.
    #[serde(default)]
    pub indicators: IndexMap<String, IndicatorSpec>,
    /// Domains (intermediate aggregates) keyed by id.
    #[serde(default)]
    pub domains: IndexMap<String, DomainSpec>,
    /// The root aggregate.
    pub index: DomainSpec,
    /// Need tiers of the final index.
    pub tiers: Option<TierSpec>,
    /// Output settings.
    #[serde(default)]
    pub output: OutputSpec,
    /// Budget allocation rules.
    pub allocation: Option<crate::allocate::AllocationSpec>,
    /// Uncertain inputs for `seni sensitivity`.
    pub uncertainty: Option<crate::sensitivity::UncertaintySpec>,
}

/// `[formula]`: identification and provenance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetaSpec {
    /// Short machine name, e.g. `cdc-svi-2018`.
    pub name: String,
    /// Human title.
    #[serde(default)]
    pub title: String,
    /// One-line description (shown by `seni formulas`).
    #[serde(default)]
    pub description: String,
    /// Where the method comes from.
    #[serde(default)]
    pub source: String,
    /// Free-form notes on choices made.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// An id given as one column or several (a composite key).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single column.
    One(String),
    /// Several columns joined with `/`.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The columns as a list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// `[data]`: identification, missing-value markers, filters and grouping.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataSpec {
    /// Id column(s).
    pub id: OneOrMany,
    /// Left-pad numeric ids with zeros to this width (e.g. 5 for county FIPS codes).
    pub id_width: Option<usize>,
    /// School name column.
    pub name: Option<String>,
    /// Group column shown in outputs (e.g. school level, state).
    pub group: Option<String>,
    /// Normalise every indicator and domain within groups of this column.
    pub normalise_within: Option<String>,
    /// Enrolment column (needed by allocations and student-weighted statistics).
    pub enrolment: Option<String>,
    /// Cell texts that mean "missing" in addition to an empty cell (e.g. "-999", "*", "NA").
    #[serde(default)]
    pub missing_values: Vec<String>,
    /// Keep only the rows that match every filter.
    #[serde(default)]
    pub filter: Vec<FilterSpec>,
    /// Extra columns carried through to outputs (e.g. subgroup counts).
    #[serde(default)]
    pub keep: Vec<String>,
    /// `"district"` to use the bundled sample district when no `--data` is given.
    pub bundled: Option<String>,
    /// A data file that fits this formula, shown in error messages.
    pub example: Option<String>,
}

/// A row filter on a text column.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// Column to test.
    pub column: String,
    /// Keep rows whose value is one of these.
    pub one_of: Option<Vec<String>>,
    /// Keep rows whose value is none of these.
    pub not_one_of: Option<Vec<String>>,
}

/// `[indicators.ID]`: one measured quantity.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    /// Human label.
    pub label: Option<String>,
    /// Source column.
    pub column: Option<String>,
    /// Ratio numerator column (with `denominator`).
    pub numerator: Option<String>,
    /// Ratio denominator column.
    pub denominator: Option<String>,
    /// Multiply the ratio (e.g. 100 for a percentage).
    pub multiplier: Option<f64>,
    /// Map text categories of `column` to numbers.
    pub categories: Option<IndexMap<String, f64>>,
    /// Parent domain id (default: the index).
    pub domain: Option<String>,
    /// `higher` (default) or `lower`: which raw values raise the score.
    pub direction: Option<String>,
    /// Weight within the parent (default 1).
    pub weight: Option<f64>,
    /// Column holding a per-row weight instead of `weight`.
    pub weight_column: Option<String>,
    /// The schools the indicator applies to (others are "not applicable", not missing).
    pub applies: Option<FilterSpec>,
    /// Transform of the raw value before normalising.
    pub transform: Option<TransformSpec>,
    /// Normaliser.
    pub normalise: Option<NormaliserSpec>,
    /// Round the normalised value to this many decimals (the rounded value is used downstream).
    pub round: Option<u32>,
    /// Round only the written output to this many decimals.
    pub output_round: Option<u32>,
    /// Flag when the normalised value reaches a threshold.
    pub flag: Option<FlagSpec>,
    /// Output column name (default: the id).
    pub output: Option<String>,
    /// Impute missing raw values.
    pub impute: Option<ImputeSpec>,
    /// Unit, for documentation (e.g. "% of students").
    pub unit: Option<String>,
    /// Where the indicator and its choice come from.
    pub source: Option<String>,
}

/// A transform applied to raw values before normalisation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransformSpec {
    /// `log`, `winsorise` or `cap`.
    pub kind: String,
    /// `log`: added before taking the natural log.
    pub offset: Option<f64>,
    /// `winsorise`: lower percentile (0–1); `cap`: unused.
    pub lower: Option<f64>,
    /// `winsorise`: upper percentile (0–1).
    pub upper: Option<f64>,
    /// `cap`: minimum value.
    pub min: Option<f64>,
    /// `cap`: maximum value.
    pub max: Option<f64>,
}

/// A normaliser: turns raw values into comparable scores.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NormaliserSpec {
    /// `none`, `percentile`, `zscore`, `minmax`, `goalposts`, `max`, `rank`, `quantile`, `points`.
    pub method: String,
    /// Tie rule for ranks: `min`, `max` or `average`.
    pub ties: Option<String>,
    /// Percentile form: `(rank-1)/(n-1)`, `rank/n`, `(rank-1)/n`, `(rank-0.5)/n`.
    pub form: Option<String>,
    /// Percentile zero rule: `rank` (default) or `exclude` (zeros score 0 and leave the ranking).
    pub zeros: Option<String>,
    /// Multiply the result (e.g. 100 for percentiles on 0–100).
    pub scale: Option<f64>,
    /// z-score standard deviation: `population` (default) or `sample`.
    pub sd: Option<String>,
    /// Goalposts: value scoring 0.
    pub min: Option<f64>,
    /// Goalposts: value scoring `scale`.
    pub max: Option<f64>,
    /// Quantile points: number of classes.
    pub k: Option<usize>,
    /// Quantile cut rule: `percentile_inc` (default) or `rank`.
    pub cuts: Option<String>,
    /// Points: thresholds, highest first (value ≥ threshold earns the matching points).
    pub cutoffs: Option<Vec<f64>>,
    /// Points: one more entry than `cutoffs`; the last is for values below every cutoff.
    pub points: Option<Vec<f64>>,
}

/// A flag: 1 when the normalised value is at least `at_least`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FlagSpec {
    /// Threshold.
    pub at_least: f64,
    /// Output column (default `F_<id>`).
    pub output: Option<String>,
}

/// Imputation of a missing raw value.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImputeSpec {
    /// `mean` or `median` of the non-missing values.
    pub method: String,
    /// Column whose groups the mean/median is taken within (default: all schools).
    pub within: Option<String>,
}

/// `[domains.ID]` and `[index]`: an aggregate of indicators and/or other domains.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSpec {
    /// Human label.
    pub label: Option<String>,
    /// Parent domain id (default: the index; not allowed on `[index]`).
    pub parent: Option<String>,
    /// Weight within the parent (default 1).
    pub weight: Option<f64>,
    /// `mean` (weighted arithmetic, default), `sum` (weighted), `geometric` (weighted), `product`, `min`, `max`.
    pub aggregation: Option<String>,
    /// Geometric mean: value that replaces zeros (default: zeros make the result 0).
    pub zero_floor: Option<f64>,
    /// `drop` (default: skip missing children and rescale weights) or `propagate`.
    pub missing: Option<String>,
    /// With `drop`: least number of descendant indicators present.
    pub min_present: Option<usize>,
    /// With `drop`: least share (0–1) of descendant indicators present.
    pub min_share: Option<f64>,
    /// With `drop`: least number of children (indicators or domains) present.
    pub min_children: Option<usize>,
    /// Multiply the aggregate (e.g. 0.01 to turn percentage weights into a mean).
    pub multiplier: Option<f64>,
    /// Round the score to this many decimals (used downstream).
    pub round: Option<u32>,
    /// Round only the written values (score, re-normalised and extra outputs).
    pub output_round: Option<u32>,
    /// Output column of the score (default: the id; `index` for the index).
    pub output: Option<String>,
    /// Re-normalise the score across schools.
    pub normalise: Option<NormaliserSpec>,
    /// Round the re-normalised value.
    pub normalised_round: Option<u32>,
    /// Output column of the re-normalised value (default `<id>_normalised`).
    pub normalised_output: Option<String>,
    /// What the parent aggregates: `normalised` (default when re-normalised) or `score`.
    pub feeds: Option<String>,
    /// Output column counting the flags of descendant indicators.
    pub flags_output: Option<String>,
    /// Further normalisations of the score written as their own columns (not fed to the parent).
    #[serde(default)]
    pub extra: Vec<ExtraSpec>,
    /// Classes (quantiles or cut-offs) of this domain's final value.
    pub classes: Option<TierSpec>,
}

/// An extra output: the score normalised another way (e.g. a percentile beside a scaled score).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSpec {
    /// Output column.
    pub output: String,
    /// Normaliser applied to the score.
    pub normalise: NormaliserSpec,
    /// Decimals.
    pub round: Option<u32>,
}

/// Tiers or classes of a value.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TierSpec {
    /// `quantile` or `cutoffs`.
    pub method: String,
    /// Quantile: number of tiers.
    pub k: Option<usize>,
    /// Quantile cut rule: `percentile_inc` (default) or `rank`.
    pub cuts: Option<String>,
    /// Cutoffs: thresholds in ascending order (value ≥ threshold goes to the higher tier).
    pub cutoffs: Option<Vec<f64>>,
    /// Tier names.
    pub names: Vec<String>,
    /// `high_to_low` (default: the first name is the highest values) or `low_to_high`.
    pub order: Option<String>,
    /// Name given when there is no value.
    pub missing_name: Option<String>,
    /// Output column of the tier name (default `tier`).
    pub output: Option<String>,
    /// Output column of the tier number (1 = first name; default `tier_number`).
    pub number_output: Option<String>,
    /// Form tiers within groups of this column.
    pub within: Option<String>,
    /// Raise a school to at least a tier when columns reach a threshold.
    #[serde(default)]
    pub floor: Vec<FloorSpec>,
}

/// A tier floor: when the minimum of `columns` is at least `at_least`, the tier is at least `tier`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FloorSpec {
    /// Columns (their minimum is compared).
    pub columns: Vec<String>,
    /// Threshold.
    pub at_least: f64,
    /// Tier name guaranteed.
    pub tier: String,
}

/// `[output]`: how values are written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// Text written for a missing value (default empty).
    pub missing: Option<String>,
    /// Also write raw indicator values as `<output>_raw`.
    pub raw: Option<bool>,
}

/// Where a formula comes from.
#[derive(Debug, Clone)]
pub enum FormulaSource {
    /// A bundled formula by name.
    Bundled(String),
    /// A file.
    Path(PathBuf),
}

impl FormulaSource {
    /// A bundled name when `s` names one and is not an existing path; otherwise a path.
    pub fn parse(s: &str) -> Self {
        let p = Path::new(s);
        if crate::bundled::formula_text(s).is_some() && !p.exists() {
            FormulaSource::Bundled(s.to_string())
        } else {
            FormulaSource::Path(p.to_path_buf())
        }
    }

    /// The source's text and display name.
    pub fn read(&self) -> Result<(String, String)> {
        match self {
            FormulaSource::Bundled(name) => {
                let text = crate::bundled::formula_text(name).expect("checked in parse");
                Ok((text.to_string(), format!("formulas/{name}.toml")))
            }
            FormulaSource::Path(p) => {
                let shown = p.display().to_string();
                if !p.exists() {
                    let names: Vec<&str> = crate::bundled::FORMULAS.iter().map(|f| f.0).collect();
                    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                    let hint = match did_you_mean(stem, names.iter().copied()) {
                        Some(n) => format!("did you mean the bundled formula '{n}'?"),
                        None => format!("give a path to a .toml file or a bundled name ({})", names.join(", ")),
                    };
                    return Err(Error::new(crate::ErrorKind::Usage, Location::file(shown), "no such formula file or bundled formula", hint));
                }
                let text = std::fs::read_to_string(p).map_err(|e| Error::io(&shown, &e, "check the path and that the file is UTF-8 text"))?;
                Ok((text, shown))
            }
        }
    }
}

/// One TOML layer: a formula file, a scenario file or a `--set` override.
#[derive(Debug, Clone)]
pub struct Layer {
    /// File name, or `--set key=value`.
    pub origin: String,
    /// The file's document with the source spans of its keys (None for `--set`), parsed once.
    doc: Option<toml_edit::Document<String>>,
    table: toml::Table,
}

impl Layer {
    /// Parses a TOML text; syntax errors name the file and line.
    pub fn parse(origin: &str, text: &str) -> Result<Layer> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let mut loc = Location::file(origin);
            loc.line = line;
            Error::formula(loc, format!("not valid TOML: {}", e.message().trim()), "fix the TOML syntax at that line")
        })?;
        let doc = toml_edit::Document::parse(text.to_string()).ok();
        Ok(Layer { origin: origin.to_string(), doc, table })
    }

    /// A `--set key.path=value` override; the value is read as TOML, or as a string when it is not TOML.
    pub fn from_set(assignment: &str) -> Result<Layer> {
        let origin = format!("--set {assignment}");
        let Some((key, raw)) = assignment.split_once('=') else {
            return Err(Error::usage(
                format!("--set '{assignment}' has no '='"),
                "write --set key=value, e.g. --set budget=900000000 or --set indicators.chronic_absence.weight=2",
            ));
        };
        let key = key.trim();
        let path: Vec<&str> = match key {
            "budget" => vec!["allocation", "budget"],
            _ => key.split('.').map(str::trim).collect(),
        };
        if path.iter().any(|p| p.is_empty()) {
            return Err(Error::usage(format!("--set key '{key}' has an empty part"), "write keys like indicators.ID.weight"));
        }
        let raw = raw.trim();
        let mut value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(raw.to_string()));
        // Budgets may be written as amounts: 900M, $900,000,000, 1.2B.
        if path.last().is_some_and(|k| *k == "budget")
            && let toml::Value::String(s) = &value
        {
            value = toml::Value::Float(crate::allocate::parse_amount(s)?);
        }
        let mut table = toml::Table::new();
        let mut cur = &mut table;
        for (i, part) in path.iter().enumerate() {
            if i + 1 == path.len() {
                cur.insert(part.to_string(), value.clone());
            } else {
                cur = cur
                    .entry(part.to_string())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                    .as_table_mut()
                    .expect("just inserted a table");
            }
        }
        Ok(Layer { origin, doc: None, table })
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
        let line = self.doc.as_ref().and_then(|doc| line_in_doc(doc, &path[..depth]));
        Some((depth, line))
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].bytes().filter(|b| *b == b'\n').count() + 1
}

fn line_in_doc(doc: &toml_edit::Document<String>, path: &[String]) -> Option<usize> {
    let mut item: &toml_edit::Item = doc.as_item();
    let mut span = None;
    for key in path {
        let table = item.as_table_like()?;
        let (k, v) = table.get_key_value(key)?;
        span = k.span().or_else(|| v.span()).or(span);
        item = v;
    }
    span.map(|s| line_of(doc.raw(), s.start))
}

/// Which top-level maps hold named entities, and the keys that make a table a full definition.
const ENTITY_MAPS: &[(&[&str], &[&str])] = &[
    (&["indicators"], &["column", "numerator", "categories"]),
    (&["domains"], &["label", "parent", "aggregation"]),
    (&["allocation", "programs"], &["kind"]),
];

/// A formula with its layers merged: the spec plus where every key came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The merged, unchecked spec.
    pub spec: FormulaSpec,
    /// The layers in the order applied.
    pub layers: Vec<Layer>,
    /// Names of the scenarios applied.
    pub scenarios: Vec<String>,
    /// The merged TOML (canonical text of the effective formula).
    pub merged: toml::Table,
}

impl LoadedSpec {
    /// Loads a formula and applies scenario files and `--set` overrides, in that order.
    pub fn load(source: &FormulaSource, scenarios: &[PathBuf], sets: &[String]) -> Result<LoadedSpec> {
        let (text, origin) = source.read()?;
        let mut layers = vec![Layer::parse(&origin, &text)?];
        let mut names = Vec::new();
        for path in scenarios {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(&shown, &e, "check the scenario file path"))?;
            let mut layer = Layer::parse(&shown, &text)?;
            let meta = layer.table.remove("scenario");
            let name = meta
                .as_ref()
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| path.file_stem().and_then(|s| s.to_str()).unwrap_or("scenario").to_string());
            names.push(name);
            layers.push(layer);
        }
        for s in sets {
            layers.push(Layer::from_set(s)?);
        }
        Self::from_layers(layers, names)
    }

    /// Loads from a formula text (no scenarios), e.g. for embedders and tests.
    pub fn from_text(origin: &str, text: &str) -> Result<LoadedSpec> {
        Self::from_layers(vec![Layer::parse(origin, text)?], Vec::new())
    }

    /// Merges layers (the first is the formula) and deserialises the result.
    pub fn from_layers(layers: Vec<Layer>, scenarios: Vec<String>) -> Result<LoadedSpec> {
        let mut merged = layers[0].table.clone();
        let mut problems = Vec::new();
        for layer in &layers[1..] {
            check_new_entities(&merged, layer, &mut problems);
            merge(&mut merged, &layer.table);
        }
        if !problems.is_empty() {
            return Err(Error::many(crate::ErrorKind::Formula, problems));
        }
        let spec: FormulaSpec = match serde_path_to_error::deserialize(toml::Value::Table(merged.clone())) {
            Ok(s) => s,
            Err(e) => return Err(serde_error(&layers, e)),
        };
        Ok(LoadedSpec { spec, layers, scenarios, merged })
    }

    /// The location of a key path: the last layer that sets it (or its deepest prefix).
    pub fn locate(&self, path: &[&str]) -> Location {
        locate_in(&self.layers, path)
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
            let mut loc = Location::file(&layer.origin).column(column);
            loc.line = line;
            loc
        }
        None => Location::file(&layers[0].origin).column(column),
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
        let expected: Vec<&str> = msg.split_once("expected").map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
        let mut full = refs.clone();
        if full.last() != Some(&field) {
            full.push(field);
        }
        let fix = match did_you_mean(field, expected.iter().copied()) {
            Some(c) => format!("did you mean '{c}'?"),
            None if expected.is_empty() => "remove the key".to_string(),
            None => format!("valid keys here: {}", expected.join(", ")),
        };
        return Error::formula(locate_in(layers, &full), format!("unknown key '{field}'"), fix);
    }
    if let Some(field) = between(&msg, "missing field `", "`") {
        return Error::formula(
            locate_in(layers, &refs),
            format!("missing required key '{field}'"),
            format!("add `{field} = ...` here (see formulas/README.md)"),
        );
    }
    Error::formula(locate_in(layers, &refs), msg, "see formulas/README.md for the expected type of this key")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// Deep merge: tables merge key by key, everything else is replaced — except that a program
/// table that gives `kind` is a complete definition and replaces the program whole.
fn merge(base: &mut toml::Table, over: &toml::Table) {
    merge_at(base, over, &mut Vec::new());
}

fn merge_at(base: &mut toml::Table, over: &toml::Table, path: &mut Vec<String>) {
    for (k, v) in over {
        let is_program = path.len() == 2 && path[0] == "allocation" && path[1] == "programs";
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if !(is_program && o.contains_key("kind")) => {
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
fn check_new_entities(base: &toml::Table, layer: &Layer, problems: &mut Vec<Problem>) {
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
            let is_definition = v.as_table().is_some_and(|t| defining.iter().any(|d| t.contains_key(*d)));
            if is_definition && layer.doc.is_some() {
                continue;
            }
            let mut full: Vec<String> = path.iter().map(|s| s.to_string()).collect();
            full.push(name.clone());
            let mut loc = Location::file(&layer.origin).column(full.join("."));
            if let Some((_, line)) = layer.locate(&full) {
                loc.line = line;
            }
            let names: Vec<&str> = existing.keys().map(String::as_str).collect();
            let fix = match did_you_mean(name, names.iter().copied()) {
                Some(c) => format!("did you mean '{c}'?"),
                None => format!(
                    "existing names: {}; to add a new one, define it fully in a scenario file (with one of: {})",
                    names.join(", "),
                    defining.join(", ")
                ),
            };
            problems.push(Problem::new(loc, format!("overrides unknown {} '{name}'", path.join(".")), fix));
        }
    }
}
