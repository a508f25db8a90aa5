//! Budget allocation: programs (per-pupil rates, shared pots, shares of other programs, fixed
//! grants) with eligibility, floors, caps, hold-harmless and redirects — in whole cents, with
//! largest-remainder rounding so a pot is always spent to the cent.

use crate::error::{Error, Problem, Result, suggest};
use crate::formula::ColumnUse;
use crate::index::Computation;
use crate::spec::LoadedSpec;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `[allocation]`: unchecked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationSpec {
    /// Budget of the main program (dollars); `--budget` and `--set budget=` set it.
    pub budget: Option<f64>,
    /// The main program (default: the first).
    pub main: Option<String>,
    /// Rounding unit of every amount: `dollar` (default) or `cent`.
    pub unit: Option<String>,
    /// Pupil count column (default: `[data] enrolment`).
    pub pupils: Option<String>,
    /// Prior-year amount column (shown in outputs; used by hold-harmless).
    pub prior: Option<String>,
    /// Named budget lines outside the programs (e.g. a school-police budget), in dollars.
    #[serde(default)]
    pub lines: IndexMap<String, f64>,
    /// Money moved from a line or program into a program before the split.
    #[serde(default)]
    pub redirect: Vec<RedirectSpec>,
    /// Guarantee against the prior year.
    pub hold_harmless: Option<HoldHarmlessSpec>,
    /// Programs by id, each its own output column.
    #[serde(default)]
    pub programs: IndexMap<String, ProgramSpec>,
    /// Where the numbers come from.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A redirect of money between lines/programs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RedirectSpec {
    /// A line in `lines` or a program id.
    pub from: String,
    /// A program id (a `pot` program).
    pub to: String,
    /// Dollars moved.
    pub amount: f64,
}

/// Hold-harmless: no school's amount in `program` below `share` × prior.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HoldHarmlessSpec {
    /// Guaranteed share of the prior-year amount (e.g. 0.95).
    pub share: f64,
    /// Program guaranteed (default: the main program).
    pub program: Option<String>,
    /// `from_pot` (guarantees funded first out of the program's pot) or `on_top` (added, reported).
    pub funding: Option<String>,
}

/// A per-pupil component (e.g. one grade span's ADA at its own rate, or a need weight).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentSpec {
    /// Pupil count column.
    pub pupils: String,
    /// Dollars per pupil (default: the program's `rate`).
    pub rate: Option<f64>,
    /// Weight multiplying the rate (default 1).
    pub weight: Option<f64>,
    /// Uplift added to the rate as a share (e.g. 0.104 for LCFF's K-3 class-size add-on).
    pub uplift: Option<f64>,
}

/// A condition on a numeric column.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// Column tested (a ratio when `per` is set).
    pub column: String,
    /// Divide the column by this column first (e.g. Black students / enrolment).
    pub per: Option<String>,
    /// Strictly greater than.
    pub above: Option<f64>,
    /// Greater than or equal.
    pub at_least: Option<f64>,
    /// Strictly less than.
    pub below: Option<f64>,
    /// Less than or equal.
    pub at_most: Option<f64>,
}

/// Rank-based selection: the `top` schools by need (overall or per group).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SelectSpec {
    /// How many schools.
    pub top: usize,
    /// Group column: select `top` per group.
    pub within: Option<String>,
}

/// A factor from a column: `clamp((column − minus) × scale, min, max)`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactorSpec {
    /// Column.
    pub column: String,
    /// Subtracted first (e.g. 0.55 for LCFF's concentration threshold).
    pub minus: Option<f64>,
    /// Multiplied next.
    pub scale: Option<f64>,
    /// Lower bound (e.g. 0).
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

/// A linear rate in the index: `min_rate` at `from` up to `max_rate` at `to` (clamped).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinearRateSpec {
    /// Index value with the lowest rate.
    pub from: f64,
    /// Index value with the highest rate.
    pub to: f64,
    /// Rate at `from`.
    pub min_rate: f64,
    /// Rate at `to`.
    pub max_rate: f64,
}

/// `[allocation.programs.ID]`: unchecked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// Human label.
    pub label: Option<String>,
    /// `per_pupil`, `pot`, `share_of` or `fixed`.
    pub kind: String,
    /// Pot size in dollars (`pot`).
    pub budget: Option<f64>,
    /// Pupil column for this program (default: the allocation's pupils).
    pub pupils: Option<String>,
    /// Flat dollars per pupil (`per_pupil`), or per weighted pupil with components.
    pub rate: Option<f64>,
    /// Dollars per pupil by tier name (`per_pupil`).
    pub rates: Option<IndexMap<String, f64>>,
    /// Dollars per pupil linear in the index (`per_pupil`).
    pub rate_by_score: Option<LinearRateSpec>,
    /// Dollars per pupil by index steps: `[[threshold, rate], …]`, highest threshold first.
    pub rate_steps: Option<Vec<[f64; 2]>>,
    /// Per-pupil components (`per_pupil`).
    pub components: Option<Vec<ComponentSpec>>,
    /// Fixed amount per eligible school added to a per-pupil program (e.g. NYC FSF foundation).
    pub foundation: Option<f64>,
    /// Pot shares: `tier` (pupils × tier weight), `index` (pupils × index) or `pupils`.
    pub weights: Option<String>,
    /// Tier weights for `weights = "tier"`.
    pub tier_weights: Option<IndexMap<String, f64>>,
    /// `share_of`: the program whose amount is multiplied.
    pub share_of: Option<String>,
    /// `share_of`: the share (e.g. 0.20).
    pub share: Option<f64>,
    /// `share_of`: a further factor from a column.
    pub factor: Option<FactorSpec>,
    /// `fixed`: dollars per eligible school.
    pub amount: Option<f64>,
    /// Conditions a school must meet (all of them).
    #[serde(default)]
    pub eligible: Vec<ConditionSpec>,
    /// Eligible tiers (names).
    pub tiers: Option<Vec<String>>,
    /// Rank-based selection among eligible schools.
    pub select: Option<SelectSpec>,
    /// Least dollars per funded school.
    pub min: Option<f64>,
    /// Most dollars per school.
    pub max: Option<f64>,
    /// Least dollars per pupil.
    pub min_per_pupil: Option<f64>,
    /// Most dollars per pupil.
    pub max_per_pupil: Option<f64>,
    /// Where the numbers come from.
    pub source: Option<String>,
}

/// Reads an amount like `900000000`, `$900,000,000`, `900M`, `1.2B` or `250k` as dollars.
pub fn parse_amount(s: &str) -> Result<f64> {
    let t: String = s.trim().trim_start_matches('$').chars().filter(|c| *c != ',' && *c != '_').collect();
    let (num, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        Some('b' | 'B') => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok((v * mult * 100.0).round() / 100.0),
        _ => Err(Error::usage(
            format!("'{s}' is not an amount of dollars"),
            "write e.g. 900000000, $900,000,000 or 900M (a negative budget is not allowed)",
        )),
    }
}

/// Dollars to whole cents (None when not finite).
fn cents(d: f64) -> Option<i64> {
    (d.is_finite() && d.abs() < 9e15).then(|| (d * 100.0).round() as i64)
}

/// Whole cents to a dollar string with thousands separators, e.g. `$1,234,567.89`.
pub fn dollars(c: i64) -> String {
    let neg = c < 0;
    let c = c.unsigned_abs();
    let (d, r) = (c / 100, c % 100);
    let s = d.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{}${out}.{r:02}", if neg { "-" } else { "" })
}

/// A checked condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Column.
    pub column: String,
    /// Denominator column.
    pub per: Option<String>,
    /// Lower bound and whether it is inclusive.
    pub lower: Option<(f64, bool)>,
    /// Upper bound and whether it is inclusive.
    pub upper: Option<(f64, bool)>,
}

impl Condition {
    fn holds(&self, x: f64) -> bool {
        if x.is_nan() {
            return false;
        }
        let lo = self.lower.is_none_or(|(b, inc)| if inc { x >= b } else { x > b });
        let hi = self.upper.is_none_or(|(b, inc)| if inc { x <= b } else { x < b });
        lo && hi
    }

    fn describe(&self) -> String {
        let col = match &self.per {
            Some(p) => format!("{}/{}", self.column, p),
            None => self.column.clone(),
        };
        let mut parts = Vec::new();
        if let Some((b, inc)) = self.lower {
            parts.push(format!("{col} {} {b}", if inc { "≥" } else { ">" }));
        }
        if let Some((b, inc)) = self.upper {
            parts.push(format!("{col} {} {b}", if inc { "≤" } else { "<" }));
        }
        parts.join(" and ")
    }
}

/// A per-pupil rate rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rate {
    /// Flat rate.
    Flat(f64),
    /// Rate per tier position.
    ByTier(Vec<f64>),
    /// Linear in the index.
    Linear {
        /// Index at the lowest rate.
        from: f64,
        /// Index at the highest rate.
        to: f64,
        /// Lowest rate.
        min_rate: f64,
        /// Highest rate.
        max_rate: f64,
    },
    /// Steps: the first threshold the index reaches gives the rate; below all, 0.
    Steps(Vec<(f64, f64)>),
}

/// A checked per-pupil component.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Pupil column.
    pub pupils: String,
    /// Dollars per pupil: (own rate, else the program's flat rate) × weight × (1 + uplift).
    pub rate: f64,
}

/// What a program does.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgramKind {
    /// Rate × pupils (+ components, + foundation).
    PerPupil {
        /// Rate rule for the program's pupils (None when only components).
        rate: Option<Rate>,
        /// Components.
        components: Vec<Component>,
        /// Cents per eligible school.
        foundation: i64,
    },
    /// A fixed pot shared in proportion to pupils × weight.
    Pot {
        /// Pot in cents, before redirects.
        budget: i64,
        /// Share weights.
        weights: PotWeights,
    },
    /// A share of another program's amount.
    ShareOf {
        /// Program position.
        program: usize,
        /// Share.
        share: f64,
        /// Further factor.
        factor: Option<Factor>,
    },
    /// Fixed cents per eligible school.
    Fixed(i64),
}

/// Pot share weights.
#[derive(Debug, Clone, PartialEq)]
pub enum PotWeights {
    /// Pupils × tier weight (by tier position).
    Tier(Vec<f64>),
    /// Pupils × index.
    Index,
    /// Pupils only.
    Pupils,
}

/// A checked factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// Column.
    pub column: String,
    /// Subtracted.
    pub minus: f64,
    /// Multiplied.
    pub scale: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
}

impl Factor {
    fn of(&self, x: f64) -> f64 {
        ((x - self.minus) * self.scale).clamp(self.min, self.max)
    }
}

/// A checked program.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Id (output column).
    pub id: String,
    /// Label.
    pub label: String,
    /// Kind.
    pub kind: ProgramKind,
    /// Pupil column.
    pub pupils: Option<String>,
    /// Conditions.
    pub eligible: Vec<Condition>,
    /// Eligible tier positions (None = all).
    pub tiers: Option<Vec<usize>>,
    /// Selection.
    pub select: Option<(usize, Option<String>)>,
    /// Per-school bounds in cents.
    pub min: Option<i64>,
    /// Per-school cap in cents.
    pub max: Option<i64>,
    /// Per-pupil floor in dollars.
    pub min_per_pupil: Option<f64>,
    /// Per-pupil cap in dollars.
    pub max_per_pupil: Option<f64>,
}

/// How hold-harmless is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Funding {
    /// Out of the program's pot (guarantees are met first; others share the rest).
    FromPot,
    /// Added on top and reported.
    OnTop,
}

/// A checked hold-harmless rule.
#[derive(Debug, Clone, PartialEq)]
pub struct HoldHarmless {
    /// Guaranteed share of prior.
    pub share: f64,
    /// Program position.
    pub program: usize,
    /// Funding.
    pub funding: Funding,
}

/// A checked redirect.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// Source line or program id.
    pub from: String,
    /// Target program position.
    pub to: usize,
    /// Cents moved.
    pub amount: i64,
}

/// Checked allocation rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Cents per rounding unit (100 = whole dollars).
    pub unit: i64,
    /// Pupil column.
    pub pupils: Option<String>,
    /// Prior-year column.
    pub prior: Option<String>,
    /// Named lines in cents.
    pub lines: Vec<(String, i64)>,
    /// Redirects.
    pub redirects: Vec<Redirect>,
    /// Hold-harmless.
    pub hold_harmless: Option<HoldHarmless>,
    /// Programs in evaluation order (formula order).
    pub programs: Vec<Program>,
    /// Main program position.
    pub main: usize,
    /// Notes on sources.
    pub notes: Vec<String>,
}

struct Ck<'a> {
    loaded: &'a LoadedSpec,
    problems: &'a mut Vec<Problem>,
    columns: &'a mut Vec<ColumnUse>,
}

impl Ck<'_> {
    fn err(&mut self, path: &[&str], msg: impl Into<String>, fix: impl Into<String>) {
        let mut p = vec!["allocation"];
        p.extend_from_slice(path);
        let loc = self.loaded.locate(&p);
        self.problems.push(Problem::new(loc, msg, fix));
    }

    fn col(&mut self, column: &str, used_by: String, path: &[&str]) {
        let mut p = vec!["allocation"];
        p.extend_from_slice(path);
        let location = self.loaded.locate(&p);
        self.columns.push(ColumnUse { column: column.to_string(), numeric: true, used_by, location });
    }

    fn money(&mut self, path: &[&str], d: f64, what: &str) -> i64 {
        match cents(d) {
            Some(c) if c >= 0 => c,
            _ => {
                self.err(path, format!("{what} must be a non-negative amount of dollars, got {d}"), "give an amount such as 25000000");
                0
            }
        }
    }
}

impl Allocation {
    /// Checks `[allocation]`; problems are appended (with file and line) and the columns it reads recorded.
    pub fn check(spec: &AllocationSpec, loaded: &LoadedSpec, problems: &mut Vec<Problem>, columns: &mut Vec<ColumnUse>) -> Option<Allocation> {
        let before = problems.len();
        let mut ck = Ck { loaded, problems, columns };
        let tier_names: Vec<String> = loaded.spec.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
        let unit = match spec.unit.as_deref() {
            None | Some("dollar") => 100,
            Some("cent") => 1,
            Some(other) => {
                ck.err(&["unit"], format!("unknown unit '{other}'"), suggest(other, &["dollar", "cent"]));
                100
            }
        };
        let pupils = spec.pupils.clone().or_else(|| loaded.spec.data.enrolment.clone());
        if let Some(p) = &spec.pupils {
            ck.col(p, "allocation pupils".into(), &["pupils"]);
        }
        if let Some(p) = &spec.prior {
            ck.col(p, "allocation prior".into(), &["prior"]);
        }
        if spec.programs.is_empty() {
            ck.err(&[], "the allocation has no programs", "add [allocation.programs.base] with kind = \"pot\" or \"per_pupil\"");
            return None;
        }
        let ids: Vec<&str> = spec.programs.keys().map(String::as_str).collect();
        let main = match &spec.main {
            None => 0,
            Some(m) => ids.iter().position(|i| i == m).unwrap_or_else(|| {
                ck.err(&["main"], format!("unknown program '{m}'"), suggest(m, &ids));
                0
            }),
        };
        let mut programs = Vec::new();
        for (pos, (id, p)) in spec.programs.iter().enumerate() {
            let budget = if pos == main { p.budget.or(spec.budget) } else { p.budget };
            if let Some(prog) = check_program(&mut ck, id, p, budget, &ids[..pos], &tier_names, pupils.as_deref()) {
                programs.push(prog);
            }
        }
        if spec.budget.is_some() && spec.programs[main].budget.is_some() {
            ck.err(&["budget"], "the budget is set both here and on the main program", "keep one (--budget sets allocation.budget)");
        }
        let mut lines = Vec::new();
        for (name, amount) in &spec.lines {
            let c = ck.money(&["lines", name], *amount, "a budget line");
            lines.push((name.clone(), c));
        }
        let mut redirects = Vec::new();
        for (i, r) in spec.redirect.iter().enumerate() {
            let idx = i.to_string();
            let amount = ck.money(&["redirect", &idx, "amount"], r.amount, "a redirect");
            if !spec.lines.contains_key(&r.from) && !spec.programs.contains_key(&r.from) {
                let mut choices: Vec<&str> = spec.lines.keys().map(String::as_str).collect();
                choices.extend(ids.iter().copied());
                ck.err(&["redirect", &idx, "from"], format!("unknown line or program '{}'", r.from), suggest(&r.from, &choices));
            }
            match ids.iter().position(|p| *p == r.to) {
                Some(to) if spec.programs[to].kind == "pot" => redirects.push(Redirect { from: r.from.clone(), to, amount }),
                Some(_) => {
                    ck.err(&["redirect", &idx, "to"], format!("program '{}' is not a pot", r.to), "redirect money into a kind = \"pot\" program")
                }
                None => ck.err(&["redirect", &idx, "to"], format!("unknown program '{}'", r.to), suggest(&r.to, &ids)),
            }
        }
        let hold_harmless = spec.hold_harmless.as_ref().and_then(|h| {
            if !(h.share.is_finite() && h.share > 0.0 && h.share <= 1.0) {
                ck.err(&["hold_harmless", "share"], format!("share must be in (0, 1], got {}", h.share), "e.g. share = 0.95 (95% of last year)");
            }
            if spec.prior.is_none() {
                ck.err(&["hold_harmless"], "hold-harmless needs the prior-year column", "set prior = \"prior_allocation\" under [allocation]");
            }
            let program = match &h.program {
                None => main,
                Some(p) => match ids.iter().position(|i| i == p) {
                    Some(i) => i,
                    None => {
                        ck.err(&["hold_harmless", "program"], format!("unknown program '{p}'"), suggest(p, &ids));
                        return None;
                    }
                },
            };
            let funding = match h.funding.as_deref() {
                None | Some("from_pot") => Funding::FromPot,
                Some("on_top") => Funding::OnTop,
                Some(other) => {
                    ck.err(&["hold_harmless", "funding"], format!("unknown funding '{other}'"), suggest(other, &["from_pot", "on_top"]));
                    Funding::OnTop
                }
            };
            if funding == Funding::FromPot && spec.programs[program].kind != "pot" {
                ck.err(
                    &["hold_harmless", "funding"],
                    "from_pot needs a pot program",
                    "use funding = \"on_top\" or guarantee a kind = \"pot\" program",
                );
            }
            Some(HoldHarmless { share: h.share, program, funding })
        });
        if ck.problems.len() > before {
            return None;
        }
        Some(Allocation { unit, pupils, prior: spec.prior.clone(), lines, redirects, hold_harmless, programs, main, notes: spec.notes.clone() })
    }
}

fn tier_positions(ck: &mut Ck, path: &[&str], names: &[String], given: &IndexMap<String, f64>) -> Option<Vec<f64>> {
    if names.is_empty() {
        ck.err(path, "rates by tier need [tiers] in the formula", "add [tiers] or use a flat rate");
        return None;
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut out = vec![f64::NAN; names.len()];
    for (k, v) in given {
        match names.iter().position(|n| n == k) {
            Some(i) => out[i] = *v,
            None => ck.err(path, format!("unknown tier '{k}'"), suggest(k, &refs)),
        }
        if !(v.is_finite() && *v >= 0.0) {
            ck.err(path, format!("tier '{k}': {v} is not a non-negative number"), "give dollars per pupil (or a weight) ≥ 0");
        }
    }
    if let Some(i) = out.iter().position(|x| x.is_nan()) {
        ck.err(path, format!("no value for tier '{}'", names[i]), "give a value for every tier (0 for none)");
    }
    Some(out)
}

fn at_key<'a>(base: &[&'a str], key: &'a str) -> Vec<&'a str> {
    let mut v = base.to_vec();
    v.push(key);
    v
}

fn check_program(
    ck: &mut Ck,
    id: &str,
    p: &ProgramSpec,
    budget: Option<f64>,
    earlier: &[&str],
    tiers: &[String],
    pupils: Option<&str>,
) -> Option<Program> {
    let base = ["programs", id];
    let at = |k: &'static str| -> Vec<&str> {
        let mut v = base.to_vec();
        v.push(k);
        v
    };
    let used = format!("program {id}");
    let prog_pupils = p.pupils.clone().or(pupils.map(str::to_string));
    if let Some(c) = &p.pupils {
        ck.col(c, used.clone(), &at("pupils"));
    }
    // Keys that belong to another kind are mistakes, not silently ignored settings.
    let own: &[&str] = match p.kind.as_str() {
        "per_pupil" => &["rate", "rates", "rate_by_score", "rate_steps", "components", "foundation"],
        "pot" => &["budget", "weights", "tier_weights"],
        "share_of" => &["share_of", "share", "factor"],
        "fixed" => &["amount"],
        _ => &[],
    };
    let specific: [(&str, bool); 12] = [
        ("rate", p.rate.is_some()),
        ("rates", p.rates.is_some()),
        ("rate_by_score", p.rate_by_score.is_some()),
        ("rate_steps", p.rate_steps.is_some()),
        ("components", p.components.is_some()),
        ("foundation", p.foundation.is_some()),
        ("budget", p.budget.is_some()),
        ("weights", p.weights.is_some()),
        ("tier_weights", p.tier_weights.is_some()),
        ("share_of", p.share_of.is_some()),
        ("share", p.share.is_some() || p.factor.is_some()),
        ("amount", p.amount.is_some()),
    ];
    if !own.is_empty() {
        for (key, set) in specific {
            if set && !own.contains(&key) {
                ck.err(
                    &at_key(&base, key),
                    format!("'{key}' does not apply to a {} program", p.kind),
                    format!("remove it (keys for {}: {})", p.kind, own.join(", ")),
                );
            }
        }
    }
    let needs_pupils = matches!(p.kind.as_str(), "per_pupil" | "pot") && p.components.is_none();
    if needs_pupils && prog_pupils.is_none() {
        ck.err(&at("kind"), format!("program '{id}' needs a pupil count"), "set enrolment under [data] or pupils under [allocation]");
    }
    let kind = match p.kind.as_str() {
        "per_pupil" => {
            let rate = match (&p.rate, &p.rates, &p.rate_by_score, &p.rate_steps) {
                (Some(r), None, None, None) => Some(Rate::Flat(*r)),
                (None, Some(t), None, None) => tier_positions(ck, &at("rates"), tiers, t).map(Rate::ByTier),
                (None, None, Some(l), None) => {
                    if l.from == l.to {
                        ck.err(&at("rate_by_score"), "from and to must differ", "e.g. from = 0.0, to = 1.0");
                    }
                    Some(Rate::Linear { from: l.from, to: l.to, min_rate: l.min_rate, max_rate: l.max_rate })
                }
                (None, None, None, Some(s)) => {
                    if s.windows(2).any(|w| w[0][0] <= w[1][0]) {
                        ck.err(
                            &at("rate_steps"),
                            "step thresholds must be strictly decreasing",
                            "list [threshold, rate] pairs from the highest threshold down",
                        );
                    }
                    Some(Rate::Steps(s.iter().map(|x| (x[0], x[1])).collect()))
                }
                (None, None, None, None) if p.components.is_some() => None,
                _ => {
                    ck.err(
                        &base,
                        format!("program '{id}' needs exactly one rate rule"),
                        "give one of rate, rates (by tier), rate_by_score, rate_steps — or components",
                    );
                    None
                }
            };
            if let Some(Rate::Flat(r)) = &rate
                && !(r.is_finite() && *r >= 0.0)
            {
                ck.err(&at("rate"), format!("rate must be ≥ 0, got {r}"), "give dollars per pupil");
            }
            let mut components = Vec::new();
            for (i, c) in p.components.iter().flatten().enumerate() {
                let idx = i.to_string();
                let mut cp = base.to_vec();
                cp.extend(["components", idx.as_str()]);
                ck.col(&c.pupils, used.clone(), &cp);
                let w = c.weight.unwrap_or(1.0);
                if !(w.is_finite() && w >= 0.0) {
                    ck.err(&cp, format!("weight must be ≥ 0, got {w}"), "e.g. weight = 1.08");
                }
                match c.rate.or(p.rate) {
                    Some(r) => components.push(Component { pupils: c.pupils.clone(), rate: r * w * (1.0 + c.uplift.unwrap_or(0.0)) }),
                    None => ck.err(&cp, "component has no rate and the program has no flat rate", "give rate here or rate = ... on the program"),
                }
            }
            let foundation = p.foundation.map(|f| ck.money(&at("foundation"), f, "foundation")).unwrap_or(0);
            // With components, the flat rate applies through the components only.
            let rate = if components.is_empty() { rate } else { None };
            ProgramKind::PerPupil { rate, components, foundation }
        }
        "pot" => {
            let Some(b) = budget else {
                ck.err(
                    &at("kind"),
                    format!("pot program '{id}' has no budget"),
                    "set budget = ... on the program (or allocation.budget / --budget for the main program)",
                );
                return None;
            };
            if !b.is_finite() || b < 0.0 {
                ck.err(&at("budget"), format!("the budget must be ≥ 0, got {b}"), "give a non-negative budget in dollars");
                return None;
            }
            let budget = ck.money(&at("budget"), b, "the budget");
            let weights = match p.weights.as_deref() {
                None | Some("tier") if p.tier_weights.is_some() => {
                    PotWeights::Tier(tier_positions(ck, &at("tier_weights"), tiers, p.tier_weights.as_ref().expect("checked"))?)
                }
                Some("tier") => {
                    ck.err(&at("weights"), "weights = \"tier\" needs tier_weights", "add tier_weights = { \"Highest need\" = 3, ... }");
                    return None;
                }
                Some("index" | "pupils") | None if p.tier_weights.is_some() => {
                    ck.err(&at("tier_weights"), "tier_weights only apply with weights = \"tier\"", "remove tier_weights or set weights = \"tier\"");
                    return None;
                }
                Some("index") => PotWeights::Index,
                None | Some("pupils") => PotWeights::Pupils,
                Some(other) => {
                    ck.err(&at("weights"), format!("unknown weights '{other}'"), suggest(other, &["tier", "index", "pupils"]));
                    return None;
                }
            };
            ProgramKind::Pot { budget, weights }
        }
        "share_of" => {
            let Some(of) = &p.share_of else {
                ck.err(&base, "share_of program needs share_of = \"program\"", "name an earlier program");
                return None;
            };
            let Some(pos) = earlier.iter().position(|e| e == of) else {
                ck.err(&at("share_of"), format!("'{of}' is not a program defined before '{id}'"), suggest(of, earlier));
                return None;
            };
            let share = p.share.unwrap_or(1.0);
            if !(share.is_finite() && share >= 0.0) {
                ck.err(&at("share"), format!("share must be ≥ 0, got {share}"), "e.g. share = 0.20");
            }
            let factor = p.factor.as_ref().map(|f| {
                let mut fp = base.to_vec();
                fp.push("factor");
                ck.col(&f.column, used.clone(), &fp);
                Factor {
                    column: f.column.clone(),
                    minus: f.minus.unwrap_or(0.0),
                    scale: f.scale.unwrap_or(1.0),
                    min: f.min.unwrap_or(f64::NEG_INFINITY),
                    max: f.max.unwrap_or(f64::INFINITY),
                }
            });
            ProgramKind::ShareOf { program: pos, share, factor }
        }
        "fixed" => {
            let Some(a) = p.amount else {
                ck.err(&base, "fixed program needs amount", "e.g. amount = 150000 (dollars per eligible school)");
                return None;
            };
            ProgramKind::Fixed(ck.money(&at("amount"), a, "amount"))
        }
        other => {
            ck.err(&at("kind"), format!("unknown program kind '{other}'"), suggest(other, &["per_pupil", "pot", "share_of", "fixed"]));
            return None;
        }
    };
    let mut eligible = Vec::new();
    for (i, c) in p.eligible.iter().enumerate() {
        let idx = i.to_string();
        let mut cp = base.to_vec();
        cp.extend(["eligible", idx.as_str()]);
        ck.col(&c.column, used.clone(), &cp);
        if let Some(per) = &c.per {
            ck.col(per, used.clone(), &cp);
        }
        let lower = match (c.above, c.at_least) {
            (Some(_), Some(_)) => {
                ck.err(&cp, "both above and at_least", "keep one");
                None
            }
            (Some(a), None) => Some((a, false)),
            (None, Some(a)) => Some((a, true)),
            _ => None,
        };
        let upper = match (c.below, c.at_most) {
            (Some(_), Some(_)) => {
                ck.err(&cp, "both below and at_most", "keep one");
                None
            }
            (Some(a), None) => Some((a, false)),
            (None, Some(a)) => Some((a, true)),
            _ => None,
        };
        if lower.is_none() && upper.is_none() {
            ck.err(&cp, "condition has no bound", "add above, at_least, below or at_most");
        }
        eligible.push(Condition { column: c.column.clone(), per: c.per.clone(), lower, upper });
    }
    let tiers_ok = p.tiers.as_ref().map(|ts| {
        let refs: Vec<&str> = tiers.iter().map(String::as_str).collect();
        ts.iter()
            .filter_map(|t| match tiers.iter().position(|n| n == t) {
                Some(i) => Some(i),
                None => {
                    ck.err(&at("tiers"), format!("unknown tier '{t}'"), suggest(t, &refs));
                    None
                }
            })
            .collect()
    });
    let select = p.select.as_ref().map(|s| {
        if s.top == 0 {
            ck.err(&at("select"), "select.top must be at least 1", "e.g. top = 100");
        }
        (s.top, s.within.clone())
    });
    let bound = |ck: &mut Ck, k: &'static str, v: Option<f64>| v.map(|x| ck.money(&at(k), x, k));
    let min = bound(ck, "min", p.min);
    let max = bound(ck, "max", p.max);
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        ck.err(&at("min"), format!("min {} is above max {}", dollars(a), dollars(b)), "lower min or raise max");
    }
    for (k, v) in [("min_per_pupil", p.min_per_pupil), ("max_per_pupil", p.max_per_pupil)] {
        if let Some(x) = v
            && !(x.is_finite() && x >= 0.0)
        {
            ck.err(&at(k), format!("{k} must be ≥ 0, got {x}"), "give dollars per pupil");
        }
    }
    Some(Program {
        id: id.to_string(),
        label: p.label.clone().unwrap_or_else(|| id.to_string()),
        kind,
        pupils: prog_pupils,
        eligible,
        tiers: tiers_ok,
        select,
        min,
        max,
        min_per_pupil: p.min_per_pupil,
        max_per_pupil: p.max_per_pupil,
    })
}

/// Which rule decided a school's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The share or rate alone.
    None,
    /// Raised to the per-school or per-pupil floor.
    Floor,
    /// Lowered to the per-school or per-pupil cap.
    Cap,
    /// Raised to the hold-harmless guarantee.
    HoldHarmless,
}

impl Bound {
    /// Short name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::None => "",
            Bound::Floor => "floor",
            Bound::Cap => "cap",
            Bound::HoldHarmless => "hold-harmless",
        }
    }
}

/// One program's result.
#[derive(Debug, Clone)]
pub struct ProgramResult {
    /// Program id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Cents per school.
    pub amounts: Vec<i64>,
    /// Whether each school was eligible.
    pub eligible: Vec<bool>,
    /// Binding rule per school.
    pub bound: Vec<Bound>,
    /// Pot after redirects (pot programs).
    pub budget: Option<i64>,
    /// Sum of amounts (asserted equal to the pot for pot programs).
    pub total: i64,
    /// Number of schools with a positive amount.
    pub funded: usize,
}

/// The hold-harmless outcome.
#[derive(Debug, Clone)]
pub struct HoldHarmlessResult {
    /// Guaranteed program.
    pub program: String,
    /// Share of prior guaranteed.
    pub share: f64,
    /// Funding rule.
    pub funding: Funding,
    /// Cents per school added by the guarantee (on top), or moved to it (from the pot).
    pub extra: Vec<i64>,
    /// Total cost in cents.
    pub cost: i64,
    /// Schools held harmless.
    pub schools: usize,
}

/// The allocation for every school.
#[derive(Debug, Clone)]
pub struct AllocationResult {
    /// Programs in order.
    pub programs: Vec<ProgramResult>,
    /// Hold-harmless outcome.
    pub hold_harmless: Option<HoldHarmlessResult>,
    /// Total cents per school (all programs + on-top hold-harmless).
    pub total: Vec<i64>,
    /// Pupils per school (allocation pupils).
    pub pupils: Vec<f64>,
    /// Prior-year dollars per school.
    pub prior: Option<Vec<f64>>,
    /// Budget lines after redirects: (name, before, after) in cents.
    pub lines: Vec<(String, i64, i64)>,
    /// Rounding unit in cents.
    pub unit: i64,
}

impl AllocationResult {
    /// Sum over schools of the totals.
    pub fn grand_total(&self) -> i64 {
        self.total.iter().sum()
    }
}

fn column(c: &Computation, name: &str) -> Vec<f64> {
    c.district.num(name).to_vec()
}

/// Allocates money to the schools of a computation under the formula's allocation rules.
pub fn allocate(c: &Computation) -> Result<AllocationResult> {
    let Some(a) = &c.formula.allocation else {
        return Err(Error::usage(
            format!("formula '{}' has no [allocation]", c.formula.name),
            "use a formula with an [allocation] section (e.g. --formula seni)",
        ));
    };
    let n = c.len();
    let pupils = a.pupils.as_ref().map(|p| column(c, p)).unwrap_or_else(|| vec![0.0; n]);
    let prior = a.prior.as_ref().map(|p| column(c, p));
    // Redirects: adjust pots and lines.
    let mut pots: Vec<Option<i64>> =
        a.programs.iter().map(|p| if let ProgramKind::Pot { budget, .. } = p.kind { Some(budget) } else { None }).collect();
    let mut lines: Vec<(String, i64, i64)> = a.lines.iter().map(|(n, v)| (n.clone(), *v, *v)).collect();
    for r in &a.redirects {
        if let Some(l) = lines.iter_mut().find(|l| l.0 == r.from) {
            if l.2 < r.amount {
                return Err(Error::infeasible(
                    format!("redirect from {}", r.from),
                    format!("cannot move {} out of line '{}', which has {}", dollars(r.amount), r.from, dollars(l.2)),
                    format!("lower the redirect by {}", dollars(r.amount - l.2)),
                ));
            }
            l.2 -= r.amount;
        } else if let Some(pos) = a.programs.iter().position(|p| p.id == r.from) {
            let have = pots[pos].unwrap_or(0);
            if have < r.amount {
                return Err(Error::infeasible(
                    format!("redirect from {}", r.from),
                    format!("cannot move {} out of program '{}', which has {}", dollars(r.amount), r.from, dollars(have)),
                    format!("lower the redirect by {}", dollars(r.amount - have)),
                ));
            }
            pots[pos] = Some(have - r.amount);
        }
        pots[r.to] = Some(pots[r.to].unwrap_or(0) + r.amount);
    }
    let tiers = c.tiers.clone().unwrap_or_else(|| vec![None; n]);
    // Rank of each school's id: ties in rounding go to the earlier id, so row order never matters.
    let mut by_id: Vec<usize> = (0..n).collect();
    by_id.sort_by(|&x, &y| c.district.ids[x].cmp(&c.district.ids[y]));
    let mut id_rank = vec![0usize; n];
    for (k, &r) in by_id.iter().enumerate() {
        id_rank[r] = k;
    }
    let mut results: Vec<ProgramResult> = Vec::new();
    let mut hh_result = None;
    for (pi, p) in a.programs.iter().enumerate() {
        let pp = p.pupils.as_ref().map(|col| column(c, col)).unwrap_or_else(|| pupils.clone());
        let eligible = eligibility(c, p, &tiers)?;
        empty_tiers(c, p, &tiers)?;
        let guarantee: Option<Vec<i64>> = match (&a.hold_harmless, &prior) {
            (Some(h), Some(pr)) if h.program == pi => {
                Some(pr.iter().map(|&x| if x.is_nan() || x <= 0.0 { 0 } else { ceil_unit((x * h.share * 100.0).round() as i64, a.unit) }).collect())
            }
            _ => None,
        };
        let mut hh_from_pot = None;
        let (amounts, mut bound) = match &p.kind {
            ProgramKind::Pot { weights, .. } => {
                let budget = pots[pi].expect("pot");
                if budget % a.unit != 0 {
                    return Err(Error::infeasible(
                        format!("program {}", p.id),
                        format!("the pot {} is not a whole number of rounding units", dollars(budget)),
                        "use unit = \"cent\" under [allocation], or a budget in whole dollars",
                    ));
                }
                let share: Vec<f64> = (0..n)
                    .map(|r| {
                        if !eligible[r] {
                            return 0.0;
                        }
                        let w = match weights {
                            PotWeights::Pupils => 1.0,
                            PotWeights::Index => c.index[r].max(0.0),
                            PotWeights::Tier(tw) => tiers[r].map(|t| tw[t]).unwrap_or(0.0),
                        };
                        let v = pp[r] * w;
                        if v.is_nan() { 0.0 } else { v }
                    })
                    .collect();
                let from_pot = a.hold_harmless.as_ref().is_some_and(|h| h.program == pi && h.funding == Funding::FromPot);
                let pot = Pot {
                    program: p,
                    budget,
                    share: &share,
                    pupils: &pp,
                    eligible: &eligible,
                    unit: a.unit,
                    id_rank: &id_rank,
                    ids: &c.district.ids,
                    need: &c.index,
                };
                match (&guarantee, from_pot) {
                    (Some(g), true) => {
                        let free = split_pot(&pot, None);
                        let (amounts, bound) = split_pot(&pot, Some(g))?;
                        // Cost: what guaranteed schools get above their share without the guarantee
                        // (when that split is itself feasible).
                        let cost = free
                            .map(|(f, _)| (0..n).filter(|&r| bound[r] == Bound::HoldHarmless).map(|r| (amounts[r] - f[r]).max(0)).sum())
                            .unwrap_or(0);
                        hh_from_pot = Some((cost, bound.iter().filter(|b| **b == Bound::HoldHarmless).count()));
                        (amounts, bound)
                    }
                    _ => split_pot(&pot, None)?,
                }
            }
            ProgramKind::PerPupil { rate, components, foundation } => {
                let mut comp_cols = Vec::new();
                for comp in components {
                    comp_cols.push(column(c, &comp.pupils));
                }
                let amounts: Vec<f64> = (0..n)
                    .map(|r| {
                        if !eligible[r] {
                            return 0.0;
                        }
                        let mut d = match rate {
                            Some(rule) => rate_for(rule, c.index[r], tiers[r]) * nz(pp[r]),
                            None => 0.0,
                        };
                        for (comp, col) in components.iter().zip(&comp_cols) {
                            d += comp.rate * nz(col[r]);
                        }
                        d + *foundation as f64 / 100.0
                    })
                    .collect();
                clamp_each(p, &amounts, &pp, &eligible, a.unit)
            }
            ProgramKind::ShareOf { program, share, factor } => {
                let base = &results[*program].amounts;
                let fcol = factor.as_ref().map(|f| column(c, &f.column));
                let amounts: Vec<f64> = (0..n)
                    .map(|r| {
                        if !eligible[r] {
                            return 0.0;
                        }
                        let f = match (factor, &fcol) {
                            (Some(fa), Some(col)) => fa.of(col[r]),
                            _ => 1.0,
                        };
                        let v = base[r] as f64 / 100.0 * share * f;
                        if v.is_nan() { 0.0 } else { v }
                    })
                    .collect();
                clamp_each(p, &amounts, &pp, &eligible, a.unit)
            }
            ProgramKind::Fixed(amount) => {
                let amounts: Vec<f64> = (0..n).map(|r| if eligible[r] { *amount as f64 / 100.0 } else { 0.0 }).collect();
                clamp_each(p, &amounts, &pp, &eligible, a.unit)
            }
        };
        if let (Some(h), Some(g)) = (&a.hold_harmless, &guarantee) {
            match h.funding {
                Funding::OnTop => {
                    let extra: Vec<i64> = (0..n).map(|r| (g[r] - amounts[r]).max(0)).collect();
                    for r in 0..n {
                        if extra[r] > 0 {
                            bound[r] = Bound::HoldHarmless;
                        }
                    }
                    hh_result = Some(HoldHarmlessResult {
                        program: p.id.clone(),
                        share: h.share,
                        funding: h.funding,
                        cost: extra.iter().sum(),
                        schools: extra.iter().filter(|e| **e > 0).count(),
                        extra,
                    });
                }
                Funding::FromPot => {
                    let (cost, schools) = hh_from_pot.unwrap_or((0, 0));
                    hh_result =
                        Some(HoldHarmlessResult { program: p.id.clone(), share: h.share, funding: h.funding, cost, schools, extra: vec![0; n] });
                }
            }
        }
        let total: i64 = amounts.iter().sum();
        if let Some(b) = pots[pi]
            && total != b
        {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!("internal check failed: allocated {} of a pot of {}", dollars(total), dollars(b)),
                "please report this bug",
            ));
        }
        results.push(ProgramResult {
            id: p.id.clone(),
            label: p.label.clone(),
            funded: amounts.iter().filter(|x| **x > 0).count(),
            budget: pots[pi],
            total,
            amounts,
            eligible,
            bound,
        });
    }
    let mut total = vec![0i64; n];
    for pr in &results {
        for (t, a) in total.iter_mut().zip(&pr.amounts) {
            *t += a;
        }
    }
    if let Some(h) = &hh_result {
        for (t, e) in total.iter_mut().zip(&h.extra) {
            *t += e;
        }
    }
    Ok(AllocationResult { programs: results, hold_harmless: hh_result, total, pupils, prior, lines, unit: a.unit })
}

fn nz(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x }
}

fn ceil_unit(c: i64, unit: i64) -> i64 {
    (c + unit - 1).div_euclid(unit) * unit
}

fn rate_for(rule: &Rate, index: f64, tier: Option<usize>) -> f64 {
    match rule {
        Rate::Flat(r) => *r,
        Rate::ByTier(rates) => tier.map(|t| rates[t]).unwrap_or(0.0),
        Rate::Linear { from, to, min_rate, max_rate } => {
            if index.is_nan() {
                return 0.0;
            }
            let t = ((index - from) / (to - from)).clamp(0.0, 1.0);
            min_rate + t * (max_rate - min_rate)
        }
        Rate::Steps(steps) => {
            if index.is_nan() {
                return 0.0;
            }
            steps.iter().find(|(th, _)| index >= *th).map(|(_, r)| *r).unwrap_or(0.0)
        }
    }
}

/// A tier given money (a rate or a pot weight) that no school is in is a mistake in the rules.
fn empty_tiers(c: &Computation, p: &Program, tiers: &[Option<usize>]) -> Result<()> {
    let per_tier: Option<&Vec<f64>> = match &p.kind {
        ProgramKind::PerPupil { rate: Some(Rate::ByTier(r)), .. } => Some(r),
        ProgramKind::Pot { weights: PotWeights::Tier(w), .. } => Some(w),
        _ => None,
    };
    let (Some(values), Some(t)) = (per_tier, &c.formula.tiers) else { return Ok(()) };
    for (i, v) in values.iter().enumerate() {
        if *v > 0.0 && !tiers.contains(&Some(i)) {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!(
                    "tier '{}' has no schools, so its {} of {v} cannot be paid",
                    t.names[i],
                    if matches!(p.kind, ProgramKind::Pot { .. }) { "weight" } else { "rate" }
                ),
                "use fewer tiers or cut-offs that every tier reaches, or set that tier's value to 0",
            ));
        }
    }
    Ok(())
}

fn eligibility(c: &Computation, p: &Program, tiers: &[Option<usize>]) -> Result<Vec<bool>> {
    let n = c.len();
    let mut ok = vec![true; n];
    for cond in &p.eligible {
        let x = column(c, &cond.column);
        let den = cond.per.as_ref().map(|d| column(c, d));
        for r in 0..n {
            let v = match &den {
                Some(d) if d[r] > 0.0 => x[r] / d[r],
                Some(_) => f64::NAN,
                None => x[r],
            };
            ok[r] &= cond.holds(v);
        }
    }
    if let Some(ts) = &p.tiers {
        for r in 0..n {
            ok[r] &= tiers[r].is_some_and(|t| ts.contains(&t));
        }
    }
    if let Some((top, within)) = &p.select {
        let groups = match within {
            Some(col) => crate::normalise::Groups::by_label(c.district.txt(col)),
            None => crate::normalise::Groups::all(n),
        };
        let mut chosen = vec![false; n];
        for rows in &groups.members {
            let mut cand: Vec<usize> = rows.iter().copied().filter(|&r| ok[r] && !c.index[r].is_nan()).collect();
            // Highest need first; ties broken by id so row order never matters.
            cand.sort_by(|&a, &b| c.index[b].total_cmp(&c.index[a]).then_with(|| c.district.ids[a].cmp(&c.district.ids[b])));
            for &r in cand.iter().take(*top) {
                chosen[r] = true;
            }
        }
        ok = chosen;
    }
    if !ok.iter().any(|x| *x) {
        let why: Vec<String> = p.eligible.iter().map(Condition::describe).collect();
        return Err(Error::infeasible(
            format!("program {}", p.id),
            format!("no school is eligible for program '{}'{}", p.id, if why.is_empty() { String::new() } else { format!(" ({})", why.join("; ")) }),
            "loosen the eligibility rules or check the data columns they read",
        ));
    }
    Ok(ok)
}

/// Rounds per-school dollar amounts to the unit and applies floors/caps (per-pupil programs).
fn clamp_each(p: &Program, amounts: &[f64], pp: &[f64], eligible: &[bool], unit: i64) -> (Vec<i64>, Vec<Bound>) {
    let mut out = Vec::with_capacity(amounts.len());
    let mut bound = Vec::with_capacity(amounts.len());
    for (r, &d) in amounts.iter().enumerate() {
        // Straight from dollars to the rounding unit (rounding to cents first could round twice).
        let c = (d * 100.0 / unit as f64).round() as i64 * unit;
        let (lo, hi) = limits(p, nz(pp[r]), unit);
        let (v, b) = if eligible[r] && c < lo {
            (lo, Bound::Floor)
        } else if c > hi {
            (hi, Bound::Cap)
        } else {
            (c, Bound::None)
        };
        out.push(v);
        bound.push(b);
    }
    (out, bound)
}

/// The cap of a school without one (cents).
const HI_FREE: i64 = i64::MAX / 4;

/// Per-school floor and cap in cents, as multiples of the unit.
fn limits(p: &Program, pupils: f64, unit: i64) -> (i64, i64) {
    let mut lo = p.min.unwrap_or(0);
    if let Some(m) = p.min_per_pupil {
        lo = lo.max((m * pupils * 100.0).round() as i64);
    }
    let mut hi = p.max.unwrap_or(HI_FREE);
    if let Some(m) = p.max_per_pupil {
        hi = hi.min((m * pupils * 100.0).round() as i64);
    }
    (ceil_unit(lo, unit), hi.div_euclid(unit) * unit)
}

/// What a pot split needs.
struct Pot<'a> {
    program: &'a Program,
    budget: i64,
    share: &'a [f64],
    pupils: &'a [f64],
    eligible: &'a [bool],
    unit: i64,
    id_rank: &'a [usize],
    ids: &'a [String],
    need: &'a [f64],
}

/// Splits a pot in proportion to `share`, with per-school floors/caps and an optional
/// hold-harmless floor, rounding to `unit` by largest remainder (ties go to the larger exact
/// share, then the higher need, then the earlier id by `id_rank`).
fn split_pot(pot: &Pot, hh: Option<&Vec<i64>>) -> Result<(Vec<i64>, Vec<Bound>)> {
    let Pot { program: p, budget, share, pupils: pp, eligible, unit, id_rank, ids, need } = *pot;
    let need_of = |r: usize| if need[r].is_nan() { f64::NEG_INFINITY } else { need[r] };
    let n = share.len();
    let units = budget / unit;
    let mut lo = vec![0i64; n];
    let mut hi = vec![0i64; n];
    let mut lo_kind = vec![Bound::None; n];
    for r in 0..n {
        if !eligible[r] {
            continue;
        }
        let (l, h) = limits(p, nz(pp[r]), unit);
        lo[r] = l / unit;
        hi[r] = h / unit;
        if l > 0 {
            lo_kind[r] = Bound::Floor;
        }
        if let Some(g) = hh
            && g[r] / unit > lo[r]
        {
            lo[r] = g[r] / unit;
            lo_kind[r] = Bound::HoldHarmless;
            hi[r] = hi[r].max(lo[r]);
        }
        if lo[r] > hi[r] {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!("school {}: its floor {} is above its cap {}", ids[r], dollars(lo[r] * unit), dollars(hi[r] * unit)),
                "lower the floor (min, min_per_pupil) or raise the cap (max, max_per_pupil)",
            ));
        }
    }
    let sum_lo: i64 = lo.iter().sum();
    if sum_lo > units {
        let what = if hh.is_some() { "floors and hold-harmless guarantees" } else { "floors" };
        return Err(Error::infeasible(
            format!("program {}", p.id),
            format!("{what} need {} but the pot is {} (short by {})", dollars(sum_lo * unit), dollars(budget), dollars((sum_lo - units) * unit)),
            format!("raise the budget by at least {} or lower the floors", dollars((sum_lo - units) * unit)),
        ));
    }
    // The most a pot can spend: caps of schools with a share, floors of those without.
    let sum_hi: i128 = (0..n).map(|r| if share[r] > 0.0 { hi[r] } else { lo[r] } as i128).sum();
    if sum_hi < units as i128 {
        let zero = share.iter().zip(eligible).all(|(s, e)| !e || *s <= 0.0);
        if zero {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                "no eligible school has pupils (or a positive weight) to share the pot",
                "check the pupil column and the weights (a tier weight of 0 for every eligible tier gives nothing to share)",
            ));
        }
        return Err(Error::infeasible(
            format!("program {}", p.id),
            format!(
                "caps allow only {} of the {} pot ({} could not be spent)",
                dollars((sum_hi as i64) * unit),
                dollars(budget),
                dollars((units - sum_hi as i64) * unit)
            ),
            "raise the caps (max, max_per_pupil), widen eligibility, or lower the budget",
        ));
    }
    // 1. Which schools sit at their floor or cap: λ with Σ clamp(λ·s, lo, hi) = units, by bisection.
    let f = |lam: f64| -> f64 { (0..n).map(|r| (lam * share[r]).clamp(lo[r] as f64, hi[r] as f64)).sum() };
    let free_cap = HI_FREE / unit;
    let unbounded = (0..n).all(|r| lo[r] == 0 && (hi[r] >= free_cap || share[r] <= 0.0));
    let total_share: f64 = share.iter().sum();
    let b = if unbounded && total_share > 0.0 {
        // No floor or cap anywhere: every school with a share is free.
        units as f64 / total_share
    } else {
        let (mut a, mut b) = (0.0f64, 1.0f64);
        while f(b) < units as f64 && b < 1e300 {
            b *= 2.0;
        }
        // Halve until the bracket stops shrinking.
        for _ in 0..2000 {
            let m = 0.5 * (a + b);
            if m <= a || m >= b {
                break;
            }
            if f(m) < units as f64 { a = m } else { b = m }
        }
        b
    };
    let at_lo: Vec<bool> = (0..n).map(|r| b * share[r] <= lo[r] as f64).collect();
    let at_hi: Vec<bool> = (0..n).map(|r| !at_lo[r] && b * share[r] >= hi[r] as f64).collect();
    // 2. The rest is shared by the free schools in proportion to their shares: R × s / S.
    let fixed: i64 = (0..n)
        .map(|r| {
            if at_lo[r] {
                lo[r]
            } else if at_hi[r] {
                hi[r]
            } else {
                0
            }
        })
        .sum();
    let rest_units = units - fixed;
    let free_share: f64 = (0..n).filter(|&r| !at_lo[r] && !at_hi[r]).map(|r| share[r]).sum();
    let exact: Vec<f64> = (0..n)
        .map(|r| {
            if at_lo[r] {
                lo[r] as f64
            } else if at_hi[r] {
                hi[r] as f64
            } else if free_share > 0.0 {
                rest_units as f64 * (share[r] / free_share)
            } else {
                0.0
            }
        })
        .collect();
    let mut amounts: Vec<i64> = (0..n).map(|r| (exact[r].floor() as i64).clamp(lo[r], hi[r])).collect();
    let mut rest = units - amounts.iter().sum::<i64>();
    let frac = |r: usize| exact[r] - exact[r].floor();
    // 3. Largest remainder: the units left go one each to the largest fractional parts (then the
    // larger share, then the earlier id); an overshoot from binary rounding is taken back from the
    // smallest fractional parts. Both keep more need → at least as much.
    if rest > 0 {
        let mut order: Vec<usize> = (0..n).filter(|&r| amounts[r] < hi[r]).collect();
        order.sort_by(|&x, &y| {
            frac(y).total_cmp(&frac(x)).then(share[y].total_cmp(&share[x])).then(need_of(y).total_cmp(&need_of(x))).then(id_rank[x].cmp(&id_rank[y]))
        });
        let mut i = 0;
        while rest > 0 && !order.is_empty() {
            let r = order[i % order.len()];
            if amounts[r] < hi[r] {
                amounts[r] += 1;
                rest -= 1;
            }
            i += 1;
        }
    }
    if rest < 0 {
        let mut order: Vec<usize> = (0..n).filter(|&r| amounts[r] > lo[r]).collect();
        order.sort_by(|&x, &y| {
            frac(x).total_cmp(&frac(y)).then(share[x].total_cmp(&share[y])).then(need_of(x).total_cmp(&need_of(y))).then(id_rank[y].cmp(&id_rank[x]))
        });
        let mut i = 0;
        while rest < 0 && !order.is_empty() {
            let r = order[i % order.len()];
            if amounts[r] > lo[r] {
                amounts[r] -= 1;
                rest += 1;
            }
            i += 1;
        }
    }
    debug_assert_eq!(rest, 0);
    let bound: Vec<Bound> = (0..n)
        .map(|r| {
            if eligible[r] && at_lo[r] && lo[r] > 0 {
                lo_kind[r]
            } else if eligible[r] && at_hi[r] {
                Bound::Cap
            } else {
                Bound::None
            }
        })
        .collect();
    Ok((amounts.into_iter().map(|u| u * unit).collect(), bound))
}
