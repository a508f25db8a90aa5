//! The checked formula: a [`FormulaSpec`] turned into a [`Formula`] that cannot hold an invalid state.

use crate::error::{Error, ErrorKind, Location, Problem, Result, suggest};
use crate::normalise::{Form, Normaliser, Ties, Zeros};
use crate::spec::{DomainSpec, FormulaSource, IndicatorSpec, LoadedSpec, NormaliserSpec, TierSpec};
use crate::tiers::{CutRule, TierOrder, TierRule, Tiers};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Which raw values raise an indicator's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher raw values mean more need (a higher score).
    Higher,
    /// Lower raw values mean more need; the normalised value is reflected.
    Lower,
}

/// Where an indicator's raw value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueSource {
    /// One numeric column.
    Column(String),
    /// `numerator / denominator × multiplier`.
    Ratio {
        /// Numerator column.
        numerator: String,
        /// Denominator column.
        denominator: String,
        /// Multiplier applied to the ratio.
        multiplier: f64,
    },
    /// A text column mapped to numbers.
    Categories {
        /// Text column.
        column: String,
        /// Category text → value.
        map: Vec<(String, f64)>,
    },
}

/// A weight: fixed, or read per row from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Weight {
    /// The same weight for every school.
    Fixed(f64),
    /// A per-row weight column (blank = the child does not apply to that school).
    Column(String),
}

/// A transform of raw values before normalisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transform {
    /// `ln(x + offset)`; requires `x + offset > 0`.
    Log {
        /// Added before the log.
        offset: f64,
    },
    /// Clamp to the given percentiles (PERCENTILE.INC) of the non-missing values.
    Winsorise {
        /// Lower percentile, 0–1.
        lower: f64,
        /// Upper percentile, 0–1.
        upper: f64,
    },
    /// Clamp to fixed bounds.
    Cap {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
}

/// Imputation of missing raw values.
#[derive(Debug, Clone, PartialEq)]
pub struct Impute {
    /// Use the median instead of the mean.
    pub median: bool,
    /// Group column (None = all schools).
    pub within: Option<String>,
}

/// A checked indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Id (key in the formula).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Raw value source.
    pub source: ValueSource,
    /// Index of the parent in [`Formula::domains`].
    pub parent: usize,
    /// Direction of need.
    pub direction: Direction,
    /// Weight within the parent.
    pub weight: Weight,
    /// The schools the indicator applies to (None = all).
    pub applies: Option<Filter>,
    /// Transform before normalising.
    pub transform: Option<Transform>,
    /// Normaliser.
    pub normaliser: Normaliser,
    /// Decimals the normalised value is rounded to (used downstream).
    pub round: Option<u32>,
    /// Decimals for the written value only.
    pub output_round: Option<u32>,
    /// Flag threshold and output column.
    pub flag: Option<(f64, String)>,
    /// Output column.
    pub output: String,
    /// Imputation rule.
    pub impute: Option<Impute>,
    /// Unit (documentation).
    pub unit: String,
}

/// How an aggregate combines its children.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aggregation {
    /// Weighted arithmetic mean.
    Mean,
    /// Weighted sum.
    Sum,
    /// Weighted geometric mean; zeros are replaced by `zero_floor` when set, else the result is 0.
    Geometric {
        /// Replacement for zero (and negative) values.
        zero_floor: Option<f64>,
    },
    /// Product of children raised to their weights.
    Product,
    /// Smallest child.
    Min,
    /// Largest child.
    Max,
}

impl Aggregation {
    /// Whether the score is linear in the children (so contributions add up).
    pub fn is_linear(self) -> bool {
        matches!(self, Aggregation::Mean | Aggregation::Sum)
    }
}

/// What happens when a child value is missing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MissingRule {
    /// Any missing child makes the aggregate missing.
    Propagate,
    /// Skip missing children (means rescale the remaining weights), if enough indicators are present.
    Drop {
        /// Least number of descendant indicators present.
        min_present: usize,
        /// Least share (0–1) of descendant indicators present.
        min_share: f64,
        /// Least number of children present.
        min_children: usize,
    },
}

/// A child of an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// Index into [`Formula::indicators`].
    Indicator(usize),
    /// Index into [`Formula::domains`].
    Domain(usize),
}

/// A checked aggregate (a domain, or the index itself — always the last domain).
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Id (`index` for the root).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Parent domain (None for the index).
    pub parent: Option<usize>,
    /// Weight within the parent.
    pub weight: f64,
    /// Children in formula order.
    pub children: Vec<Child>,
    /// Descendant indicators.
    pub indicators: Vec<usize>,
    /// Aggregation.
    pub aggregation: Aggregation,
    /// Missing rule.
    pub missing: MissingRule,
    /// Multiplier applied after aggregation.
    pub multiplier: f64,
    /// Decimals of the score (used downstream).
    pub round: Option<u32>,
    /// Decimals for the written score only.
    pub output_round: Option<u32>,
    /// Output column of the score.
    pub output: String,
    /// Re-normaliser of the score.
    pub normaliser: Option<Normaliser>,
    /// Decimals of the re-normalised value.
    pub normalised_round: Option<u32>,
    /// Output column of the re-normalised value.
    pub normalised_output: Option<String>,
    /// Whether the parent aggregates the re-normalised value (else the score).
    pub feeds_normalised: bool,
    /// Output column counting descendant flags.
    pub flags_output: Option<String>,
    /// Extra normalisations of the score: (output, normaliser, decimals).
    pub extra: Vec<(String, Normaliser, Option<u32>)>,
    /// Classes of the final value.
    pub classes: Option<Tiers>,
}

impl Domain {
    /// How messages name this aggregate: "the index" or "domain 'id'".
    pub fn describe(&self) -> String {
        if self.id == "index" { "the index".to_string() } else { format!("domain '{}'", self.id) }
    }
}

/// Row filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Column tested.
    pub column: String,
    /// Allowed values (None = any).
    pub one_of: Option<Vec<String>>,
    /// Excluded values.
    pub not_one_of: Vec<String>,
}

impl Filter {
    /// Whether a cell's text passes the filter.
    pub fn matches(&self, value: &str) -> bool {
        let v = value.trim();
        self.one_of.as_ref().is_none_or(|o| o.iter().any(|x| x == v)) && !self.not_one_of.iter().any(|x| x == v)
    }
}

/// Checked `[data]` settings.
#[derive(Debug, Clone, PartialEq)]
pub struct DataConfig {
    /// Id columns (a composite id joins them with `/`).
    pub id: Vec<String>,
    /// Zero-pad ids to this width.
    pub id_width: Option<usize>,
    /// Name column.
    pub name: Option<String>,
    /// Group column for display.
    pub group: Option<String>,
    /// Normalisation groups.
    pub normalise_within: Option<String>,
    /// Enrolment column.
    pub enrolment: Option<String>,
    /// Missing-value markers (besides the empty cell).
    pub missing_values: Vec<String>,
    /// Row filters.
    pub filters: Vec<Filter>,
    /// Extra columns carried to outputs.
    pub keep: Vec<String>,
    /// Use the bundled sample district by default.
    pub bundled: bool,
    /// Example data path for messages.
    pub example: Option<String>,
}

/// A data column the formula reads, with where the formula asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnUse {
    /// Column name.
    pub column: String,
    /// Numeric (else text).
    pub numeric: bool,
    /// What uses it, e.g. `indicator EPL_POV`.
    pub used_by: String,
    /// Where in the formula.
    pub location: Location,
}

/// A checked, immutable formula.
#[derive(Debug, Clone)]
pub struct Formula {
    /// Short name.
    pub name: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Method source.
    pub source: String,
    /// Notes.
    pub notes: Vec<String>,
    /// First 16 hex digits of the SHA-256 of the effective formula (after scenarios and overrides).
    pub hash: String,
    /// Scenarios applied.
    pub scenarios: Vec<String>,
    /// Data settings.
    pub data: DataConfig,
    /// Indicators in formula order.
    pub indicators: Vec<Indicator>,
    /// Aggregates, children before parents; the last is the index.
    pub domains: Vec<Domain>,
    /// Tiers of the index.
    pub tiers: Option<Tiers>,
    /// Missing-value text in outputs.
    pub missing_text: String,
    /// Write raw indicator values too.
    pub write_raw: bool,
    /// Every data column read, for validation against a data file.
    pub columns: Vec<ColumnUse>,
    /// Allocation rules.
    pub allocation: Option<crate::allocate::Allocation>,
    /// Uncertain inputs (`[uncertainty]`) for sensitivity runs.
    pub uncertainty: Option<crate::sensitivity::Uncertainty>,
    /// The loaded layers (for locating problems found later).
    pub loaded: LoadedSpec,
}

impl Formula {
    /// Loads and checks a formula file (a path or a bundled name).
    pub fn from_path(path: impl Into<PathBuf>) -> Result<Formula> {
        let path: PathBuf = path.into();
        let source = FormulaSource::parse(&path.to_string_lossy());
        Formula::load(&source, &[], &[])
    }

    /// Loads a bundled formula by name.
    pub fn bundled(name: &str) -> Result<Formula> {
        Formula::load(&FormulaSource::Bundled(name.to_string()), &[], &[])
    }

    /// Loads a formula, applies scenario files then `--set` overrides, and checks the result.
    pub fn load(source: &FormulaSource, scenarios: &[PathBuf], sets: &[String]) -> Result<Formula> {
        Formula::check(LoadedSpec::load(source, scenarios, sets)?)
    }

    /// Parses and checks a formula text.
    pub fn from_text(origin: &str, text: &str) -> Result<Formula> {
        Formula::check(LoadedSpec::from_text(origin, text)?)
    }

    /// Checks a merged spec; every problem found is reported at once.
    pub fn check(loaded: LoadedSpec) -> Result<Formula> {
        let mut c = Checker { loaded: &loaded, bad_refs: 0, problems: Vec::new(), columns: Vec::new() };
        let formula = c.formula();
        if !c.problems.is_empty() {
            return Err(Error::many(ErrorKind::Formula, c.problems));
        }
        let mut formula = formula.expect("no problems means a formula");
        formula.columns = c.columns;
        formula.loaded = loaded;
        Ok(formula)
    }

    /// The index aggregate.
    pub fn index(&self) -> &Domain {
        self.domains.last().expect("a formula always has an index")
    }

    /// Position of an indicator by id.
    pub fn indicator_pos(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    /// Where in the formula files a key path is set.
    pub fn locate(&self, path: &[&str]) -> Location {
        self.loaded.locate(path)
    }
}

struct Checker<'a> {
    loaded: &'a LoadedSpec,
    bad_refs: usize,
    problems: Vec<Problem>,
    columns: Vec<ColumnUse>,
}

const NORMALISERS: &[&str] = &["none", "percentile", "zscore", "minmax", "goalposts", "max", "rank", "quantile", "points"];
const AGGREGATIONS: &[&str] = &["mean", "sum", "geometric", "product", "min", "max"];

impl Checker<'_> {
    fn err(&mut self, path: &[&str], message: impl Into<String>, fix: impl Into<String>) {
        let loc = self.loaded.locate(path);
        self.problems.push(Problem::new(loc, message, fix));
    }

    fn column(&mut self, column: &str, numeric: bool, used_by: String, path: &[&str]) {
        let location = self.loaded.locate(path);
        self.columns.push(ColumnUse { column: column.to_string(), numeric, used_by, location });
    }

    fn choice<'b>(&mut self, path: &[&str], value: &str, choices: &[&'b str]) -> Option<&'b str> {
        match choices.iter().find(|c| **c == value) {
            Some(c) => Some(*c),
            None => {
                self.err(path, format!("unknown value '{value}'"), suggest(value, choices));
                None
            }
        }
    }

    fn positive(&mut self, path: &[&str], value: f64, what: &str) -> bool {
        if value.is_finite() && value > 0.0 {
            true
        } else {
            self.err(path, format!("{what} must be a positive number, got {value}"), format!("set {what} > 0"));
            false
        }
    }

    fn round(&mut self, path: &[&str], r: Option<u32>) -> Option<u32> {
        if let Some(d) = r
            && d > 12
        {
            self.err(path, format!("cannot round to {d} decimals"), "use at most 12 decimals");
            return None;
        }
        r
    }

    fn formula(&mut self) -> Option<Formula> {
        let spec = &self.loaded.spec;
        if spec.formula.name.trim().is_empty() {
            self.err(&["formula", "name"], "the formula has no name", "set name = \"my-formula\" under [formula]");
        }
        let data = self.data();
        let n_domains = spec.domains.len();
        let domain_ids: Vec<&str> = spec.domains.keys().map(String::as_str).collect();
        // Resolve domain parents (positions; n_domains = the index).
        let mut domain_parent = Vec::with_capacity(n_domains);
        for (id, d) in &spec.domains {
            if id == "index" {
                self.err(&["domains", id], "'index' is reserved for the root", "rename the domain or use [index]");
            }
            domain_parent.push(self.parent_pos(d.parent.as_deref(), &domain_ids, &["domains", id, "parent"]));
        }
        if spec.index.parent.is_some() {
            self.err(&["index", "parent"], "the index has no parent", "remove parent from [index]");
        }
        // Cycles among domains.
        for (start, id) in domain_ids.iter().enumerate() {
            let mut seen = 0;
            let mut cur = start;
            while cur < n_domains {
                cur = domain_parent[cur];
                seen += 1;
                if seen > n_domains {
                    self.err(
                        &["domains", id, "parent"],
                        format!("domain '{id}' is its own ancestor"),
                        "make the parents form a tree ending at the index",
                    );
                    break;
                }
            }
            if seen > n_domains {
                return None;
            }
        }
        // Order: children before parents (by depth, deepest first; stable in formula order).
        let depth = |mut d: usize| {
            let mut k = 0;
            while d < n_domains {
                d = domain_parent[d];
                k += 1;
            }
            k
        };
        let mut order: Vec<usize> = (0..n_domains).collect();
        order.sort_by_key(|&d| std::cmp::Reverse(depth(d)));
        let mut new_pos = vec![0; n_domains + 1];
        for (p, &d) in order.iter().enumerate() {
            new_pos[d] = p;
        }
        new_pos[n_domains] = n_domains;

        let mut indicators = Vec::new();
        for (id, ind) in &spec.indicators {
            let parent = self.parent_pos(ind.domain.as_deref(), &domain_ids, &["indicators", id, "domain"]);
            if let Some(mut i) = self.indicator(id, ind) {
                i.parent = new_pos[parent];
                indicators.push(i);
            }
        }
        let mut domains: Vec<Domain> = Vec::new();
        for &d in &order {
            let id = domain_ids[d];
            if let Some(mut dom) = self.domain(id, &spec.domains[id], false) {
                dom.parent = Some(new_pos[domain_parent[d]]);
                domains.push(dom);
            }
        }
        if let Some(dom) = self.domain("index", &spec.index, true) {
            domains.push(dom);
        }
        if domains.len() != n_domains + 1 || indicators.len() != spec.indicators.len() {
            return None;
        }
        // Children and descendant indicators.
        for (i, ind) in indicators.iter().enumerate() {
            domains[ind.parent].children.push(Child::Indicator(i));
        }
        for d in 0..n_domains {
            let p = domains[d].parent.expect("domains have parents");
            domains[p].children.push(Child::Domain(d));
        }
        for d in 0..domains.len() {
            let mut inds = Vec::new();
            collect_indicators(&domains, d, &mut inds);
            inds.sort_unstable();
            domains[d].indicators = inds;
        }
        for d in &domains {
            let path: Vec<&str> = if d.id == "index" { vec!["index"] } else { vec!["domains", d.id.as_str()] };
            // An empty domain is often a consequence of a misspelt reference reported above.
            if d.children.is_empty() && self.bad_refs == 0 {
                self.err(
                    &path,
                    format!("{} has no indicators or domains", d.describe()),
                    "point an indicator at it with domain = \"ID\" (or a domain with parent = \"ID\"), or remove it",
                );
            }
            if let MissingRule::Drop { min_children, .. } = d.missing
                && min_children > d.children.len()
                && !d.children.is_empty()
            {
                let mut p = path.clone();
                p.push("min_children");
                self.err(
                    &p,
                    format!("min_children = {min_children} but '{}' has only {} children", d.id, d.children.len()),
                    format!("set min_children to at most {}", d.children.len()),
                );
            }
            if let MissingRule::Drop { min_present, .. } = d.missing
                && min_present > d.indicators.len()
                && !d.indicators.is_empty()
            {
                let mut p = path.clone();
                p.push("min_present");
                self.err(
                    &p,
                    format!("min_present = {min_present} but '{}' has only {} indicators", d.id, d.indicators.len()),
                    format!("set min_present to at most {}", d.indicators.len()),
                );
            }
        }
        let tiers = spec.tiers.as_ref().and_then(|t| self.tiers(t, &["tiers"], "tier"));
        self.unique_outputs(&indicators, &domains, tiers.as_ref());
        let allocation =
            spec.allocation.as_ref().and_then(|a| crate::allocate::Allocation::check(a, self.loaded, &mut self.problems, &mut self.columns));
        let uncertainty = match spec.uncertainty.as_ref().map(|u| crate::sensitivity::Uncertainty::check(u, self.loaded, &domains, &indicators)) {
            Some(Ok(u)) => Some(u),
            Some(Err(e)) => {
                self.problems.extend(e.problems);
                None
            }
            None => None,
        };
        if !self.problems.is_empty() {
            return None;
        }
        Some(Formula {
            name: spec.formula.name.clone(),
            title: spec.formula.title.clone(),
            description: spec.formula.description.clone(),
            source: spec.formula.source.clone(),
            notes: spec.formula.notes.clone(),
            hash: hash_table(&self.loaded.merged),
            scenarios: self.loaded.scenarios.clone(),
            data: data?,
            indicators,
            domains,
            tiers,
            missing_text: spec.output.missing.clone().unwrap_or_default(),
            write_raw: spec.output.raw.unwrap_or(false),
            columns: Vec::new(),
            allocation,
            uncertainty,
            loaded: self.loaded.clone(),
        })
    }

    fn parent_pos(&mut self, parent: Option<&str>, ids: &[&str], path: &[&str]) -> usize {
        match parent {
            None | Some("index") => ids.len(),
            Some(p) => match ids.iter().position(|d| *d == p) {
                Some(i) => i,
                None => {
                    let mut choices = ids.to_vec();
                    choices.push("index");
                    self.bad_refs += 1;
                    self.err(path, format!("unknown domain '{p}'"), suggest(p, &choices));
                    ids.len()
                }
            },
        }
    }

    fn data(&mut self) -> Option<crate::formula::DataConfig> {
        let d = &self.loaded.spec.data;
        let id = d.id.to_vec();
        if id.is_empty() || id.iter().any(|c| c.trim().is_empty()) {
            self.err(&["data", "id"], "no id column", "set id = \"school_id\" under [data]");
        }
        for c in &id {
            self.column(c, false, "the id".into(), &["data", "id"]);
        }
        for (key, col) in [("name", &d.name), ("group", &d.group), ("normalise_within", &d.normalise_within)] {
            if let Some(c) = col {
                self.column(c, false, format!("data.{key}"), &["data", key]);
            }
        }
        if let Some(c) = &d.enrolment {
            self.column(c, true, "enrolment".into(), &["data", "enrolment"]);
        }
        let mut filters = Vec::new();
        for (i, f) in d.filter.iter().enumerate() {
            let idx = i.to_string();
            let path = ["data", "filter", idx.as_str()];
            if f.one_of.is_none() && f.not_one_of.is_none() {
                self.err(&path, "filter has neither one_of nor not_one_of", "add one_of = [\"...\"] or not_one_of = [\"...\"]");
            }
            self.column(&f.column, false, "a filter".into(), &path);
            filters.push(Filter { column: f.column.clone(), one_of: f.one_of.clone(), not_one_of: f.not_one_of.clone().unwrap_or_default() });
        }
        for c in &d.keep {
            self.column(c, false, "data.keep".into(), &["data", "keep"]);
        }
        let bundled = match d.bundled.as_deref() {
            None => false,
            Some("district") => true,
            Some(other) => {
                self.err(&["data", "bundled"], format!("unknown bundled data '{other}'"), "the only bundled data set is \"district\"");
                false
            }
        };
        Some(DataConfig {
            id,
            id_width: d.id_width,
            name: d.name.clone(),
            group: d.group.clone(),
            normalise_within: d.normalise_within.clone(),
            enrolment: d.enrolment.clone(),
            missing_values: d.missing_values.clone(),
            filters,
            keep: d.keep.clone(),
            bundled,
            example: d.example.clone(),
        })
    }

    fn indicator(&mut self, id: &str, s: &IndicatorSpec) -> Option<Indicator> {
        let p = |k: &'static str| -> Vec<String> { vec!["indicators".into(), id.to_string(), k.to_string()] };
        let path = |k: &'static str| p(k);
        macro_rules! at {
            ($k:expr) => {
                &path($k).iter().map(String::as_str).collect::<Vec<_>>()[..]
            };
        }
        let used = format!("indicator {id}");
        let source = match (&s.column, &s.numerator, &s.denominator, &s.categories) {
            (Some(c), None, None, None) => {
                self.column(c, true, used.clone(), at!("column"));
                Some(ValueSource::Column(c.clone()))
            }
            (Some(c), None, None, Some(map)) => {
                self.column(c, false, used.clone(), at!("column"));
                Some(ValueSource::Categories { column: c.clone(), map: map.iter().map(|(k, v)| (k.clone(), *v)).collect() })
            }
            (None, Some(n), Some(d), None) => {
                self.column(n, true, used.clone(), at!("numerator"));
                self.column(d, true, used.clone(), at!("denominator"));
                Some(ValueSource::Ratio { numerator: n.clone(), denominator: d.clone(), multiplier: s.multiplier.unwrap_or(1.0) })
            }
            _ => {
                self.err(
                    &["indicators", id],
                    format!("indicator '{id}' needs exactly one source"),
                    "give column = \"...\", or numerator and denominator, or column with categories",
                );
                None
            }
        };
        if let Some(m) = s.multiplier
            && !m.is_finite()
        {
            self.err(at!("multiplier"), "multiplier must be a finite number", "set a number such as 100");
        }
        let direction = match s.direction.as_deref() {
            None | Some("higher") => Direction::Higher,
            Some("lower") => Direction::Lower,
            Some(other) => {
                self.err(at!("direction"), format!("unknown direction '{other}'"), suggest(other, &["higher", "lower"]));
                Direction::Higher
            }
        };
        let weight = match (&s.weight, &s.weight_column) {
            (Some(_), Some(_)) => {
                self.err(at!("weight_column"), "both weight and weight_column are set", "keep one of them");
                Weight::Fixed(1.0)
            }
            (_, Some(c)) => {
                self.column(c, true, format!("weight of indicator {id}"), at!("weight_column"));
                Weight::Column(c.clone())
            }
            (w, None) => {
                let w = w.unwrap_or(1.0);
                self.positive(at!("weight"), w, "weight");
                Weight::Fixed(w)
            }
        };
        let applies = s.applies.as_ref().map(|f| {
            if f.one_of.is_none() && f.not_one_of.is_none() {
                self.err(
                    at!("applies"),
                    "applies has neither one_of nor not_one_of",
                    "e.g. applies = { column = \"school_level\", one_of = [\"high\"] }",
                );
            }
            self.column(&f.column, false, format!("indicator {id} (applies)"), at!("applies"));
            Filter { column: f.column.clone(), one_of: f.one_of.clone(), not_one_of: f.not_one_of.clone().unwrap_or_default() }
        });
        let transform = s.transform.as_ref().and_then(|t| self.transform(id, t));
        let normaliser = match &s.normalise {
            Some(n) => self.normaliser(n, &["indicators", id, "normalise"])?,
            None => Normaliser::None,
        };
        if let Normaliser::Points { cutoffs, .. } = &normaliser
            && cutoffs.len() > 1
        {
            let ok = match direction {
                Direction::Higher => cutoffs[0] > cutoffs[1],
                Direction::Lower => cutoffs[0] < cutoffs[1],
            };
            if !ok {
                let want = if direction == Direction::Higher {
                    "highest first (value ≥ cutoff earns the points)"
                } else {
                    "lowest first for direction = \"lower\" (value ≤ cutoff earns the points)"
                };
                self.err(
                    at!("normalise"),
                    format!("points cutoffs are in the wrong order for direction {direction:?}"),
                    format!("list the cutoffs {want}"),
                );
            }
        }
        let impute = match &s.impute {
            None => None,
            Some(im) => {
                let median = match im.method.as_str() {
                    "mean" => false,
                    "median" => true,
                    other => {
                        self.err(
                            &["indicators", id, "impute", "method"],
                            format!("unknown imputation '{other}'"),
                            suggest(other, &["mean", "median"]),
                        );
                        false
                    }
                };
                if let Some(w) = &im.within {
                    self.column(w, false, format!("imputation of indicator {id}"), &["indicators", id, "impute", "within"]);
                }
                Some(Impute { median, within: im.within.clone() })
            }
        };
        let output = s.output.clone().unwrap_or_else(|| id.to_string());
        let flag = s.flag.as_ref().map(|f| {
            if !f.at_least.is_finite() {
                self.err(&["indicators", id, "flag", "at_least"], "flag threshold must be finite", "set at_least = 0.9");
            }
            (f.at_least, f.output.clone().unwrap_or_else(|| format!("F_{id}")))
        });
        let round = self.round(at!("round"), s.round);
        let output_round = self.round(at!("output_round"), s.output_round);
        Some(Indicator {
            id: id.to_string(),
            label: s.label.clone().unwrap_or_else(|| id.to_string()),
            source: source?,
            parent: 0,
            direction,
            weight,
            applies,
            transform,
            normaliser,
            round,
            output_round,
            flag,
            output,
            impute,
            unit: s.unit.clone().unwrap_or_default(),
        })
    }

    fn transform(&mut self, id: &str, t: &crate::spec::TransformSpec) -> Option<Transform> {
        let path = ["indicators", id, "transform"];
        match t.kind.as_str() {
            "log" => Some(Transform::Log { offset: t.offset.unwrap_or(0.0) }),
            "winsorise" | "winsorize" => {
                let (lo, hi) = (t.lower.unwrap_or(0.0), t.upper.unwrap_or(1.0));
                if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) || lo >= hi {
                    self.err(&path, format!("winsorise needs 0 ≤ lower < upper ≤ 1, got {lo} and {hi}"), "e.g. lower = 0.05, upper = 0.95");
                    return None;
                }
                Some(Transform::Winsorise { lower: lo, upper: hi })
            }
            "cap" => {
                let (lo, hi) = (t.min.unwrap_or(f64::NEG_INFINITY), t.max.unwrap_or(f64::INFINITY));
                if lo >= hi || (t.min.is_none() && t.max.is_none()) {
                    self.err(&path, "cap needs min < max (at least one of them)", "e.g. max = 100");
                    return None;
                }
                Some(Transform::Cap { min: lo, max: hi })
            }
            other => {
                self.err(
                    &["indicators", id, "transform", "kind"],
                    format!("unknown transform '{other}'"),
                    suggest(other, &["log", "winsorise", "cap"]),
                );
                None
            }
        }
    }

    fn normaliser(&mut self, n: &NormaliserSpec, path: &[&str]) -> Option<Normaliser> {
        let mut method_path = path.to_vec();
        method_path.push("method");
        let method = self.choice(&method_path, &n.method, NORMALISERS)?;
        let scale = n.scale.unwrap_or(1.0);
        if !(scale.is_finite() && scale > 0.0) {
            let mut p = path.to_vec();
            p.push("scale");
            self.err(&p, format!("scale must be positive, got {scale}"), "e.g. scale = 100");
        }
        let ties = |c: &mut Self| -> Ties {
            match n.ties.as_deref() {
                None | Some("min") => Ties::Min,
                Some("max") => Ties::Max,
                Some("average") => Ties::Average,
                Some(other) => {
                    let mut p = path.to_vec();
                    p.push("ties");
                    c.err(&p, format!("unknown tie rule '{other}'"), suggest(other, &["min", "max", "average"]));
                    Ties::Min
                }
            }
        };
        Some(match method {
            "none" => Normaliser::None,
            "percentile" => {
                let ties = ties(self);
                let form = match n.form.as_deref() {
                    None | Some("(rank-1)/(n-1)") => Form::RankMinus1OverNMinus1,
                    Some("rank/n") => Form::RankOverN,
                    Some("(rank-1)/n") => Form::RankMinus1OverN,
                    Some("(rank-0.5)/n") => Form::RankMinusHalfOverN,
                    Some(other) => {
                        let mut p = path.to_vec();
                        p.push("form");
                        self.err(
                            &p,
                            format!("unknown percentile form '{other}'"),
                            suggest(other, &["(rank-1)/(n-1)", "rank/n", "(rank-1)/n", "(rank-0.5)/n"]),
                        );
                        Form::RankOverN
                    }
                };
                let zeros = match n.zeros.as_deref() {
                    None | Some("rank") => Zeros::Rank,
                    Some("exclude") => Zeros::Exclude,
                    Some(other) => {
                        let mut p = path.to_vec();
                        p.push("zeros");
                        self.err(&p, format!("unknown zero rule '{other}'"), suggest(other, &["rank", "exclude"]));
                        Zeros::Rank
                    }
                };
                Normaliser::Percentile { ties, form, zeros, scale }
            }
            "zscore" => {
                let sample = match n.sd.as_deref() {
                    None | Some("population") => false,
                    Some("sample") => true,
                    Some(other) => {
                        let mut p = path.to_vec();
                        p.push("sd");
                        self.err(&p, format!("unknown sd '{other}'"), suggest(other, &["population", "sample"]));
                        false
                    }
                };
                Normaliser::ZScore { sample }
            }
            "minmax" => Normaliser::MinMax { scale },
            "goalposts" => {
                let (Some(lo), Some(hi)) = (n.min, n.max) else {
                    self.err(path, "goalposts need min and max", "e.g. min = 0, max = 100");
                    return None;
                };
                if !(lo.is_finite() && hi.is_finite()) || lo == hi {
                    self.err(path, "goalposts need two different finite values", "e.g. min = 0, max = 100");
                    return None;
                }
                Normaliser::Goalposts { min: lo, max: hi, scale }
            }
            "max" => Normaliser::Max { scale },
            "rank" => Normaliser::Rank { ties: ties(self) },
            "quantile" => {
                let k = n.k.unwrap_or(5);
                if k < 2 {
                    self.err(path, format!("quantile needs k ≥ 2, got {k}"), "e.g. k = 5 for quintiles");
                    return None;
                }
                Normaliser::Quantile { k, rule: self.cut_rule(n.cuts.as_deref(), path)? }
            }
            "points" => {
                let (Some(cut), Some(pts)) = (&n.cutoffs, &n.points) else {
                    self.err(path, "points need cutoffs and points", "e.g. cutoffs = [90, 70, 40, 10], points = [5, 4, 3, 2, 1]");
                    return None;
                };
                if pts.len() != cut.len() + 1 {
                    self.err(
                        path,
                        format!("{} cutoffs need {} points, got {}", cut.len(), cut.len() + 1, pts.len()),
                        "give one more point value than cutoffs (the last is for values below every cutoff)",
                    );
                    return None;
                }
                let decreasing = cut.windows(2).all(|w| w[0] > w[1]);
                let increasing = cut.windows(2).all(|w| w[0] < w[1]);
                if !(decreasing || increasing) || cut.iter().any(|c| !c.is_finite()) {
                    self.err(
                        path,
                        "cutoffs must be finite and strictly monotone",
                        "list them highest first (direction higher), e.g. cutoffs = [90, 70, 40, 10]",
                    );
                    return None;
                }
                Normaliser::Points { cutoffs: cut.clone(), points: pts.clone() }
            }
            _ => unreachable!("choices are checked"),
        })
    }

    fn cut_rule(&mut self, cuts: Option<&str>, path: &[&str]) -> Option<CutRule> {
        match cuts {
            None | Some("percentile_inc") => Some(CutRule::PercentileInc),
            Some("rank") => Some(CutRule::Rank),
            Some(other) => {
                let mut p = path.to_vec();
                p.push("cuts");
                self.err(&p, format!("unknown cut rule '{other}'"), suggest(other, &["percentile_inc", "rank"]));
                None
            }
        }
    }

    fn domain(&mut self, id: &str, s: &DomainSpec, is_index: bool) -> Option<Domain> {
        let base: Vec<&str> = if is_index { vec!["index"] } else { vec!["domains", id] };
        let at = |k: &'static str| -> Vec<&str> {
            let mut p = base.clone();
            p.push(k);
            p
        };
        let aggregation = match self.choice(&at("aggregation"), s.aggregation.as_deref().unwrap_or("mean"), AGGREGATIONS)? {
            "mean" => Aggregation::Mean,
            "sum" => Aggregation::Sum,
            "geometric" => {
                if let Some(z) = s.zero_floor
                    && !(z.is_finite() && z > 0.0)
                {
                    self.err(&at("zero_floor"), "zero_floor must be positive", "e.g. zero_floor = 0.01");
                }
                Aggregation::Geometric { zero_floor: s.zero_floor }
            }
            "product" => Aggregation::Product,
            "min" => Aggregation::Min,
            "max" => Aggregation::Max,
            _ => unreachable!(),
        };
        let missing = match s.missing.as_deref() {
            None | Some("drop") => {
                let min_share = s.min_share.unwrap_or(0.0);
                if !(0.0..=1.0).contains(&min_share) {
                    self.err(&at("min_share"), format!("min_share must be between 0 and 1, got {min_share}"), "e.g. min_share = 0.5");
                }
                MissingRule::Drop { min_present: s.min_present.unwrap_or(1).max(1), min_share, min_children: s.min_children.unwrap_or(1).max(1) }
            }
            Some("propagate") => {
                if s.min_present.is_some() || s.min_share.is_some() || s.min_children.is_some() {
                    self.err(
                        &at("missing"),
                        "min_present/min_share/min_children only apply with missing = \"drop\"",
                        "remove them or use missing = \"drop\"",
                    );
                }
                MissingRule::Propagate
            }
            Some(other) => {
                self.err(&at("missing"), format!("unknown missing rule '{other}'"), suggest(other, &["drop", "propagate"]));
                MissingRule::Propagate
            }
        };
        let weight = s.weight.unwrap_or(1.0);
        if is_index && s.weight.is_some() {
            self.err(&at("weight"), "the index has no weight", "remove weight from [index]");
        }
        self.positive(&at("weight"), weight, "weight");
        let multiplier = s.multiplier.unwrap_or(1.0);
        if !multiplier.is_finite() || multiplier == 0.0 {
            self.err(&at("multiplier"), "multiplier must be a non-zero finite number", "e.g. multiplier = 0.01");
        }
        let normaliser = match &s.normalise {
            Some(n) => Some(self.normaliser(n, &at("normalise"))?),
            None => None,
        };
        if let Some(Normaliser::Points { cutoffs, .. }) = &normaliser
            && cutoffs.len() > 1
            && cutoffs[0] < cutoffs[1]
        {
            self.err(&at("normalise"), "points cutoffs must be highest first", "e.g. cutoffs = [90, 70, 40, 10]");
        }
        let feeds_normalised = match s.feeds.as_deref() {
            None => normaliser.is_some(),
            Some("score") => false,
            Some("normalised") => {
                if normaliser.is_none() {
                    self.err(&at("feeds"), "feeds = \"normalised\" but there is no normalise", "add normalise = { method = ... } or remove feeds");
                }
                true
            }
            Some(other) => {
                self.err(&at("feeds"), format!("unknown feeds '{other}'"), suggest(other, &["score", "normalised"]));
                false
            }
        };
        let output = s.output.clone().unwrap_or_else(|| id.to_string());
        let normalised_output = normaliser.as_ref().map(|_| s.normalised_output.clone().unwrap_or_else(|| format!("{output}_normalised")));
        let classes = s.classes.as_ref().and_then(|t| {
            let mut p = base.clone();
            p.push("classes");
            self.tiers(t, &p, &format!("{id}_class"))
        });
        let round = self.round(&at("round"), s.round);
        let output_round = self.round(&at("output_round"), s.output_round);
        let normalised_round = self.round(&at("normalised_round"), s.normalised_round);
        let mut extra = Vec::new();
        for (i, e) in s.extra.iter().enumerate() {
            let idx = i.to_string();
            let mut p = base.clone();
            p.extend(["extra", idx.as_str(), "normalise"]);
            if let Some(n) = self.normaliser(&e.normalise, &p) {
                extra.push((e.output.clone(), n, self.round(&p[..p.len() - 1], e.round)));
            }
        }
        Some(Domain {
            id: id.to_string(),
            label: s.label.clone().unwrap_or_else(|| if is_index { "Index".to_string() } else { id.to_string() }),
            parent: None,
            weight,
            children: Vec::new(),
            indicators: Vec::new(),
            aggregation,
            missing,
            multiplier,
            round,
            output_round,
            output,
            normaliser,
            normalised_round,
            normalised_output,
            feeds_normalised,
            flags_output: s.flags_output.clone(),
            extra,
            classes,
        })
    }

    fn tiers(&mut self, t: &TierSpec, path: &[&str], default_output: &str) -> Option<Tiers> {
        let at = |k: &'static str| -> Vec<&str> {
            let mut p = path.to_vec();
            p.push(k);
            p
        };
        let order = match t.order.as_deref() {
            None | Some("high_to_low") => TierOrder::HighToLow,
            Some("low_to_high") => TierOrder::LowToHigh,
            Some(other) => {
                self.err(&at("order"), format!("unknown order '{other}'"), suggest(other, &["high_to_low", "low_to_high"]));
                TierOrder::HighToLow
            }
        };
        let rule = match self.choice(&at("method"), &t.method, &["quantile", "cutoffs"])? {
            "quantile" => {
                let k = t.k.unwrap_or(t.names.len());
                if k < 2 {
                    self.err(&at("k"), format!("quantile tiers need k ≥ 2, got {k}"), "e.g. k = 5");
                    return None;
                }
                TierRule::Quantile { k, rule: self.cut_rule(t.cuts.as_deref(), path)? }
            }
            _ => {
                let Some(c) = &t.cutoffs else {
                    self.err(path, "cutoff tiers need cutoffs", "e.g. cutoffs = [2.0, 3.0, 3.5, 4.0] (ascending)");
                    return None;
                };
                if c.is_empty() || c.windows(2).any(|w| w[0] >= w[1]) || c.iter().any(|x| !x.is_finite()) {
                    self.err(
                        &at("cutoffs"),
                        "tier cutoffs must be finite and strictly increasing",
                        "list them from lowest to highest, e.g. [2.0, 3.0, 3.5, 4.0]",
                    );
                    return None;
                }
                TierRule::Cutoffs(c.clone())
            }
        };
        let k = rule.count();
        if t.names.len() != k {
            self.err(&at("names"), format!("{k} tiers need {k} names, got {}", t.names.len()), format!("give exactly {k} names"));
            return None;
        }
        let mut floors = Vec::new();
        for (i, f) in t.floor.iter().enumerate() {
            let idx = i.to_string();
            let mut p = path.to_vec();
            p.extend(["floor", idx.as_str()]);
            let Some(pos) = t.names.iter().position(|n| *n == f.tier) else {
                let names: Vec<&str> = t.names.iter().map(String::as_str).collect();
                self.err(&p, format!("floor names unknown tier '{}'", f.tier), suggest(&f.tier, &names));
                continue;
            };
            if f.columns.is_empty() {
                self.err(&p, "floor has no columns", "e.g. columns = [\"attainment_reading\", \"attainment_math\"]");
            }
            for c in &f.columns {
                self.column(c, true, "a tier floor".into(), &p);
            }
            floors.push(crate::tiers::Floor { columns: f.columns.clone(), at_least: f.at_least, tier: pos });
        }
        if let Some(w) = &t.within {
            self.column(w, false, "tiers.within".into(), &at("within"));
        }
        Some(Tiers {
            rule,
            names: t.names.clone(),
            order,
            missing_name: t.missing_name.clone().unwrap_or_default(),
            output: t.output.clone().unwrap_or_else(|| default_output.to_string()),
            number_output: t
                .number_output
                .clone()
                .unwrap_or_else(|| format!("{}_number", t.output.clone().unwrap_or_else(|| default_output.to_string()))),
            within: t.within.clone(),
            floors,
        })
    }

    fn unique_outputs(&mut self, indicators: &[Indicator], domains: &[Domain], tiers: Option<&Tiers>) {
        let mut seen: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        let mut add = |name: &str, path: Vec<String>| seen.entry(name.to_string()).or_default().push(path.join("."));
        for i in indicators {
            add(&i.output, vec!["indicators".into(), i.id.clone()]);
            if let Some((_, f)) = &i.flag {
                add(f, vec!["indicators".into(), i.id.clone(), "flag".into()]);
            }
        }
        for d in domains {
            let base: Vec<String> = if d.id == "index" { vec!["index".into()] } else { vec!["domains".into(), d.id.clone()] };
            add(&d.output, base.clone());
            if let Some(n) = &d.normalised_output {
                add(n, base.clone());
            }
            if let Some(f) = &d.flags_output {
                add(f, base.clone());
            }
            for (o, _, _) in &d.extra {
                add(o, base.clone());
            }
            if let Some(c) = &d.classes {
                add(&c.output, base.clone());
                add(&c.number_output, base.clone());
            }
        }
        if let Some(t) = tiers {
            add(&t.output, vec!["tiers".into()]);
            add(&t.number_output, vec!["tiers".into()]);
        }
        for reserved in ["id", "name", "group", "rank", "missing", "imputed", "reason"] {
            if let Some(paths) = seen.get(reserved) {
                let path: Vec<&str> = paths[0].split('.').collect();
                self.err(&path, format!("output column '{reserved}' is reserved"), "set output = \"...\" to another name");
            }
        }
        let mut dups: Vec<_> = seen.into_iter().filter(|(_, v)| v.len() > 1).collect();
        dups.sort();
        for (name, paths) in dups {
            let path: Vec<&str> = paths[1].split('.').collect();
            self.err(&path, format!("output column '{name}' is used twice ({})", paths.join(" and ")), "give each output a distinct name");
        }
    }
}

impl MissingRule {
    /// The least number of present indicators needed out of `n` descendant indicators (0 = none needed).
    pub fn required(self, n: usize) -> usize {
        match self {
            MissingRule::Propagate => 0,
            MissingRule::Drop { min_present, min_share, .. } => {
                let by_share = ((min_share * n as f64) - 1e-9).ceil().max(0.0) as usize;
                min_present.max(by_share)
            }
        }
    }
}

fn collect_indicators(domains: &[Domain], d: usize, out: &mut Vec<usize>) {
    for c in &domains[d].children {
        match *c {
            Child::Indicator(i) => out.push(i),
            Child::Domain(dd) => collect_indicators(domains, dd, out),
        }
    }
}

/// SHA-256 (first 16 hex digits) of the canonical TOML text of a table.
pub fn hash_table(t: &toml::Table) -> String {
    let text = toml::to_string(t).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl std::fmt::Display for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.hash)
    }
}
