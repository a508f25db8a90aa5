//! Uncertainty and sensitivity: Monte Carlo over the choices a formula makes (weights,
//! normaliser, aggregation, missing-data rule, budget), rank bands and tier probabilities per
//! school, and variance-based (Sobol) sensitivity indices.
//!
//! Every draw `j` takes its random numbers from its own ChaCha8 stream `j` of the seed, so
//! results are identical bit for bit whatever the number of threads. Each draw re-aggregates
//! pre-normalised indicator columns with branch-free loops and ranks the schools with a radix
//! sort, so 1,000 draws over 100,000 schools take seconds.

use crate::error::{Error, Problem, Result, suggest};
use crate::formula::{Aggregation, Child, MissingRule, Weight};
use crate::index::Computation;
use crate::normalise::{Form, Normaliser, Ties, Zeros};
use crate::spec::LoadedSpec;
use crate::tiers::{TierRule, cut_class, percentile_inc_by, rank_class};
use indexmap::IndexMap;
use rand::SeedableRng;
use rand::distr::{Distribution, StandardUniform};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Gamma};

/// `[uncertainty]`: unchecked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    /// Monte Carlo draws (default 1,000).
    pub draws: Option<usize>,
    /// Random seed (default 2026).
    pub seed: Option<u64>,
    /// How every weight varies.
    pub weights: Option<WeightsSpec>,
    /// Absolute ranges for particular weights, by indicator or domain id (overrides `weights`).
    #[serde(default)]
    pub weight_range: IndexMap<String, [f64; 2]>,
    /// Alternative normalisers, besides each indicator's own: `percentile`, `zscore`, `minmax`.
    #[serde(default)]
    pub normalisers: Vec<String>,
    /// Alternative aggregations of every aggregate, besides its own: `mean`, `geometric`.
    #[serde(default)]
    pub aggregations: Vec<String>,
    /// Alternative missing-data rules, besides each aggregate's own: `drop`, `propagate`.
    #[serde(default)]
    pub missing: Vec<String>,
    /// Budget range of the main program, dollars `[low, high]`.
    pub budget: Option<[f64; 2]>,
    /// School whose allocation the Sobol indices explain (default: the median-ranked school).
    pub school: Option<String>,
}

/// How weights vary.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WeightsSpec {
    /// `dirichlet` (shares within each aggregate ~ Dirichlet around the nominal shares) or
    /// `range` (each weight × a uniform factor in `[low, high]`).
    pub kind: String,
    /// Dirichlet concentration (higher = closer to the nominal shares; default 50).
    pub concentration: Option<f64>,
    /// Range: lowest factor (default 0.5).
    pub low: Option<f64>,
    /// Range: highest factor (default 1.5).
    pub high: Option<f64>,
}

/// The distribution of one weight.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightDist {
    /// Nominal weight × U(low, high).
    Factor(f64, f64),
    /// U(low, high).
    Absolute(f64, f64),
    /// Gamma(α) (normalised within the aggregate: a Dirichlet).
    Gamma(f64),
}

/// One uncertain input, driven by one uniform number per draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    /// A child's weight in an aggregate.
    Weight {
        /// Aggregate position in [`crate::Formula::domains`].
        aggregate: usize,
        /// Child position in the aggregate.
        child: usize,
        /// Distribution.
        dist: WeightDist,
        /// Name (child id).
        name: String,
    },
    /// Which normaliser every indicator uses (0 = its own).
    Normaliser(Vec<String>),
    /// Which aggregation every aggregate uses (0 = its own).
    Aggregation(Vec<String>),
    /// Which missing-data rule every aggregate uses (0 = its own).
    Missing(Vec<String>),
    /// The budget of the main program.
    Budget(f64, f64),
}

impl Factor {
    /// Display name.
    pub fn name(&self) -> String {
        match self {
            Factor::Weight { name, aggregate: _, .. } => format!("weight of {name}"),
            Factor::Normaliser(_) => "normaliser".into(),
            Factor::Aggregation(_) => "aggregation".into(),
            Factor::Missing(_) => "missing-data rule".into(),
            Factor::Budget(..) => "budget".into(),
        }
    }
}

/// Checked uncertainty settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertainty {
    /// Draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// Uncertain inputs.
    pub factors: Vec<Factor>,
    /// School for the Sobol allocation output.
    pub school: Option<String>,
}

impl Uncertainty {
    /// No uncertain inputs: every draw is the nominal formula.
    pub fn none() -> Uncertainty {
        Uncertainty { draws: 1000, seed: 2026, factors: Vec::new(), school: None }
    }

    /// Checks `[uncertainty]` against the (checked) aggregates of a formula.
    pub fn check(
        spec: &UncertaintySpec,
        loaded: &LoadedSpec,
        domains: &[crate::formula::Domain],
        indicators: &[crate::formula::Indicator],
    ) -> Result<Uncertainty> {
        let mut problems = Vec::new();
        let mut err = |path: &[&str], msg: String, fix: String| {
            let mut p = vec!["uncertainty"];
            p.extend_from_slice(path);
            problems.push(Problem::new(loaded.locate(&p), msg, fix));
        };
        let draws = spec.draws.unwrap_or(1000);
        if draws < 2 {
            err(&["draws"], format!("draws must be at least 2, got {draws}"), "e.g. draws = 1000".into());
        }
        let child_name = |c: &Child| match *c {
            Child::Indicator(i) => indicators[i].id.clone(),
            Child::Domain(d) => domains[d].id.clone(),
        };
        let all_names: Vec<String> = domains.iter().flat_map(|d| d.children.iter().map(child_name)).collect();
        for key in spec.weight_range.keys() {
            if !all_names.contains(key) {
                let refs: Vec<&str> = all_names.iter().map(String::as_str).collect();
                err(&["weight_range", key], format!("no indicator or domain '{key}'"), suggest(key, &refs));
            }
        }
        let default = match &spec.weights {
            None => None,
            Some(w) => match w.kind.as_str() {
                "dirichlet" => {
                    let c = w.concentration.unwrap_or(50.0);
                    if !(c.is_finite() && c > 0.0) {
                        err(&["weights", "concentration"], format!("concentration must be positive, got {c}"), "e.g. concentration = 50".into());
                    }
                    Some(("dirichlet", c, 0.0))
                }
                "range" => {
                    let (lo, hi) = (w.low.unwrap_or(0.5), w.high.unwrap_or(1.5));
                    if !(lo > 0.0 && hi >= lo && hi.is_finite()) {
                        err(&["weights"], format!("range needs 0 < low ≤ high, got {lo} and {hi}"), "e.g. low = 0.5, high = 1.5".into());
                    }
                    Some(("range", lo, hi))
                }
                other => {
                    err(&["weights", "kind"], format!("unknown weight uncertainty '{other}'"), suggest(other, &["dirichlet", "range"]));
                    None
                }
            },
        };
        let mut factors = Vec::new();
        for (a, dom) in domains.iter().enumerate() {
            let total: f64 = dom
                .children
                .iter()
                .map(|c| match *c {
                    Child::Indicator(i) => fixed(&indicators[i].weight),
                    Child::Domain(d) => domains[d].weight,
                })
                .sum();
            for (k, c) in dom.children.iter().enumerate() {
                let name = child_name(c);
                let nominal = match *c {
                    Child::Indicator(i) => fixed(&indicators[i].weight),
                    Child::Domain(d) => domains[d].weight,
                };
                let dist = if let Some([lo, hi]) = spec.weight_range.get(&name) {
                    if !(*lo > 0.0 && hi >= lo && hi.is_finite()) {
                        err(
                            &["weight_range", &name],
                            format!("range needs 0 < low ≤ high, got {lo} and {hi}"),
                            "e.g. chronic_absence = [0.5, 2.0]".into(),
                        );
                    }
                    Some(WeightDist::Absolute(*lo, *hi))
                } else {
                    match default {
                        Some(("dirichlet", c, _)) => Some(WeightDist::Gamma(c * nominal / total)),
                        Some((_, lo, hi)) => Some(WeightDist::Factor(lo, hi)),
                        None => None,
                    }
                };
                if let Some(dist) = dist {
                    factors.push(Factor::Weight { aggregate: a, child: k, dist, name });
                }
            }
        }
        let choices = |list: &[String], allowed: &[&str], key: &str, err: &mut dyn FnMut(&[&str], String, String)| -> Vec<String> {
            let mut v = vec!["own".to_string()];
            for x in list {
                if !allowed.contains(&x.as_str()) {
                    err(&[key], format!("unknown {key} choice '{x}'"), suggest(x, allowed));
                } else if !v.contains(x) {
                    v.push(x.clone());
                }
            }
            v
        };
        let n = choices(&spec.normalisers, &["percentile", "zscore", "minmax"], "normalisers", &mut err);
        if n.len() > 1 {
            factors.push(Factor::Normaliser(n));
        }
        let g = choices(&spec.aggregations, &["mean", "geometric"], "aggregations", &mut err);
        if g.len() > 1 {
            factors.push(Factor::Aggregation(g));
        }
        let m = choices(&spec.missing, &["drop", "propagate"], "missing", &mut err);
        if m.len() > 1 {
            factors.push(Factor::Missing(m));
        }
        if let Some([lo, hi]) = spec.budget {
            if !(lo >= 0.0 && hi >= lo && hi.is_finite()) {
                err(&["budget"], format!("budget range needs 0 ≤ low ≤ high, got {lo} and {hi}"), "e.g. budget = [600_000_000, 900_000_000]".into());
            }
            factors.push(Factor::Budget(lo, hi));
        }
        if !problems.is_empty() {
            return Err(Error::many(crate::ErrorKind::Formula, problems));
        }
        Ok(Uncertainty { draws, seed: spec.seed.unwrap_or(2026), factors, school: spec.school.clone() })
    }
}

fn fixed(w: &Weight) -> f64 {
    match w {
        Weight::Fixed(x) => *x,
        Weight::Column(_) => 1.0,
    }
}

/// The realised inputs of one draw.
#[derive(Debug, Clone)]
struct Params {
    /// Per aggregate, per child: weight.
    weights: Vec<Vec<f64>>,
    normaliser: usize,
    aggregation: usize,
    missing: usize,
    budget: Option<f64>,
}

/// The pre-computed model a draw evaluates.
pub struct Model<'a> {
    c: &'a Computation,
    u: &'a Uncertainty,
    n: usize,
    /// Indicators per school (row stride).
    m: usize,
    /// Per normaliser choice, row-major (school × indicator): value with missing as 0, and its
    /// log (for geometric aggregation).
    values: Vec<Vec<f64>>,
    logs: Vec<Vec<f64>>,
    /// Per school: whether each indicator is present.
    present: Vec<Vec<bool>>,
    /// Per school: its presence pattern (schools with the same pattern aggregate alike).
    pattern: Vec<u32>,
    /// One representative school per pattern.
    pattern_rows: Vec<usize>,
    /// Per missing choice, per aggregate: whether each school has a score.
    valid: Vec<Vec<Vec<bool>>>,
    nominal_weights: Vec<Vec<f64>>,
    /// Pupils (allocation) and the allocation shape.
    pupils: Vec<f64>,
    alloc: AllocShape,
    /// Nominal rank per school (0 = none).
    nominal_rank: Vec<u32>,
}

/// How a draw's allocation follows from tiers (for allocation bands).
#[derive(Debug, Clone, PartialEq)]
enum AllocShape {
    /// Pot shared by pupils × weight per tier position.
    Pot { budget: f64, tier_weight: Vec<f64> },
    /// Per-pupil rate per tier position.
    Rates(Vec<f64>),
    /// Not expressible from tiers alone.
    None(String),
}

impl<'a> Model<'a> {
    /// Builds the model; formulas the fast evaluator cannot follow are refused with the reason.
    pub fn new(c: &'a Computation, u: &'a Uncertainty) -> Result<Model<'a>> {
        let f = &c.formula;
        let unsupported = |why: String| {
            Error::formula(
                f.locate(&["uncertainty"]),
                format!("sensitivity cannot follow this formula: {why}"),
                "remove that feature for the sensitivity run (e.g. with a scenario)",
            )
        };
        for d in &f.domains {
            if d.normaliser.is_some() {
                return Err(unsupported(format!("aggregate '{}' is re-normalised", d.id)));
            }
            if d.round.is_some() {
                return Err(unsupported(format!("aggregate '{}' is rounded", d.id)));
            }
            if matches!(d.aggregation, Aggregation::Product | Aggregation::Min | Aggregation::Max) {
                return Err(unsupported(format!("aggregate '{}' uses {:?}", d.id, d.aggregation)));
            }
        }
        if let Some(t) = &f.tiers
            && (t.within.is_some() || !t.floors.is_empty())
        {
            return Err(unsupported("tiers formed within groups or with floors".into()));
        }
        if f.indicators.iter().any(|i| matches!(i.weight, Weight::Column(_))) {
            return Err(unsupported("per-row weight columns".into()));
        }
        let n = c.len();
        let choices =
            u.factors.iter().find_map(|x| if let Factor::Normaliser(v) = x { Some(v.clone()) } else { None }).unwrap_or_else(|| vec!["own".into()]);
        let groups = crate::index::group_labels(&c.district, f.data.normalise_within.as_ref());
        let m = f.indicators.len();
        let mut values = Vec::new();
        let mut logs = Vec::new();
        for choice in &choices {
            let mut vs = vec![0.0; n * m];
            let mut ls = vec![0.0; n * m];
            for (i, ind) in f.indicators.iter().enumerate() {
                let iv = &c.indicators[i];
                let v: Vec<f64> = if choice == "own" {
                    iv.value.clone()
                } else {
                    let norm = match choice.as_str() {
                        "percentile" => Normaliser::Percentile { ties: Ties::Average, form: Form::RankOverN, zeros: Zeros::Rank, scale: 1.0 },
                        "zscore" => Normaliser::ZScore { sample: false },
                        _ => Normaliser::MinMax { scale: 1.0 },
                    };
                    let input: Vec<f64> = (0..n).map(|r| iv.input(r)).collect();
                    let mut w = Vec::new();
                    let x = match ind.transform {
                        Some(t) => groups.map(&input, |_, v| crate::normalise::transform(v, t, &mut w)),
                        None => input,
                    };
                    groups.map(&x, |_, v| norm.apply(v, ind.direction == crate::formula::Direction::Lower, None, &mut w))
                };
                // Geometric aggregation needs positive values: z-scores go through the normal
                // CDF, and everything is floored at 0.01.
                let std = statrs::distribution::Normal::standard();
                for r in 0..n {
                    let x = v[r];
                    if !x.is_nan() {
                        vs[r * m + i] = x;
                        let y = if choice == "zscore" { std.cdf(x) } else { x };
                        ls[r * m + i] = y.max(0.01).ln();
                    }
                }
            }
            values.push(vs);
            logs.push(ls);
        }
        let present: Vec<Vec<bool>> = (0..n).map(|r| (0..m).map(|i| !c.indicators[i].value[r].is_nan()).collect()).collect();
        // Presence and applicability decide every aggregate's coverage, so schools sharing them
        // share the coefficients of the (linear) index in their indicator values.
        let mut seen: std::collections::HashMap<(Vec<bool>, Vec<bool>), u32> = std::collections::HashMap::new();
        let mut pattern_rows = Vec::new();
        let pattern: Vec<u32> = (0..n)
            .map(|r| {
                let applies: Vec<bool> = (0..m).map(|i| !c.indicators[i].weight[r].is_nan()).collect();
                *seen.entry((present[r].clone(), applies)).or_insert_with(|| {
                    pattern_rows.push(r);
                    (pattern_rows.len() - 1) as u32
                })
            })
            .collect();
        let missing_choices =
            u.factors.iter().find_map(|x| if let Factor::Missing(v) = x { Some(v.clone()) } else { None }).unwrap_or_else(|| vec!["own".into()]);
        let valid = missing_choices.iter().map(|m| validity(c, m)).collect();
        let nominal_weights = f
            .domains
            .iter()
            .map(|d| {
                d.children
                    .iter()
                    .map(|ch| match *ch {
                        Child::Indicator(i) => fixed(&f.indicators[i].weight),
                        Child::Domain(k) => f.domains[k].weight,
                    })
                    .collect()
            })
            .collect();
        let (pupils, alloc) = alloc_shape(c);
        let nominal_rank = c.rank.iter().map(|r| r.map(|x| x as u32).unwrap_or(0)).collect();
        Ok(Model { c, u, n, m, values, logs, present, pattern, pattern_rows, valid, nominal_weights, pupils, alloc, nominal_rank })
    }

    /// The inputs of a draw from its uniform numbers (one per factor).
    fn params(&self, us: &[f64]) -> Params {
        let mut weights = self.nominal_weights.clone();
        let (mut normaliser, mut aggregation, mut missing, mut budget) = (0, 0, 0, None);
        let mut dirichlet = vec![false; weights.len()];
        for (fac, &u) in self.u.factors.iter().zip(us) {
            match fac {
                Factor::Weight { aggregate, child, dist, .. } => {
                    let w = &mut weights[*aggregate][*child];
                    *w = match dist {
                        WeightDist::Factor(lo, hi) => *w * (lo + u * (hi - lo)),
                        WeightDist::Absolute(lo, hi) => lo + u * (hi - lo),
                        WeightDist::Gamma(alpha) => {
                            dirichlet[*aggregate] = true;
                            Gamma::new(*alpha, 1.0).map(|g| g.inverse_cdf(u.clamp(1e-12, 1.0 - 1e-12))).unwrap_or(*w).max(1e-300)
                        }
                    };
                }
                Factor::Normaliser(v) => normaliser = pick(u, v.len()),
                Factor::Aggregation(v) => aggregation = pick(u, v.len()),
                Factor::Missing(v) => missing = pick(u, v.len()),
                Factor::Budget(lo, hi) => budget = Some(lo + u * (hi - lo)),
            }
        }
        for (a, d) in dirichlet.iter().enumerate() {
            if *d {
                let s: f64 = weights[a].iter().sum();
                weights[a].iter_mut().for_each(|w| *w /= s);
            }
        }
        Params { weights, normaliser, aggregation, missing, budget }
    }

    /// Each aggregate's aggregation in a draw: its own, or the alternative the draw picked.
    fn aggregations(&self, p: &Params) -> Vec<Aggregation> {
        let choice = self.u.factors.iter().find_map(|x| if let Factor::Aggregation(v) = x { Some(v[p.aggregation].as_str()) } else { None });
        self.c
            .formula
            .domains
            .iter()
            .map(|d| match choice {
                Some("mean") => Aggregation::Mean,
                Some("geometric") => Aggregation::Geometric { zero_floor: Some(0.01) },
                _ => d.aggregation,
            })
            .collect()
    }

    /// The index of every school under a draw's inputs (`NaN` = no index). When every aggregate
    /// is a mean or sum (or every one is geometric), the index is linear in the school's values
    /// (or their logs) with coefficients that depend only on which values the school has: the
    /// coefficients are worked out once per pattern and each school costs one dot product.
    fn evaluate(&self, p: &Params, out: &mut Vec<f64>) {
        let f = &self.c.formula;
        let aggs = self.aggregations(p);
        let linear = aggs.iter().all(|a| a.is_linear());
        let geometric = aggs.iter().all(|a| matches!(a, Aggregation::Geometric { .. })) && f.domains.iter().all(|d| d.multiplier == 1.0);
        if !(linear || geometric) {
            return self.evaluate_nested(p, out);
        }
        let (m, root) = (self.m, f.domains.len() - 1);
        let valid = &self.valid[p.missing];
        // Coefficients per pattern (NaN-free; None = no index for that pattern).
        let coefs: Vec<Option<Vec<f64>>> = self
            .pattern_rows
            .iter()
            .map(|&r| {
                if !valid[root][r] {
                    return None;
                }
                let mut per: Vec<Vec<f64>> = Vec::with_capacity(f.domains.len());
                for (d, dom) in f.domains.iter().enumerate() {
                    let mut cf = vec![0.0; m];
                    if valid[d][r] {
                        let mut sw = 0.0;
                        for (k, ch) in dom.children.iter().enumerate() {
                            let w = p.weights[d][k];
                            match *ch {
                                Child::Indicator(i) if self.present[r][i] => {
                                    cf[i] += w;
                                    sw += w;
                                }
                                Child::Domain(c) if valid[c][r] => {
                                    for (x, y) in cf.iter_mut().zip(&per[c]) {
                                        *x += w * y;
                                    }
                                    sw += w;
                                }
                                _ => {}
                            }
                        }
                        let scale = if aggs[d] == Aggregation::Sum { dom.multiplier } else { dom.multiplier / sw };
                        cf.iter_mut().for_each(|x| *x *= scale);
                    }
                    per.push(cf);
                }
                per.pop()
            })
            .collect();
        let vals = if geometric && !linear { &self.logs[p.normaliser] } else { &self.values[p.normaliser] };
        out.clear();
        out.extend((0..self.n).map(|r| match &coefs[self.pattern[r] as usize] {
            Some(cf) => {
                let dot: f64 = vals[r * m..(r + 1) * m].iter().zip(cf).map(|(x, c)| x * c).sum();
                if linear { dot } else { dot.exp() }
            }
            None => f64::NAN,
        }));
    }

    /// The same by walking the aggregates school by school (any mix of aggregations).
    fn evaluate_nested(&self, p: &Params, out: &mut Vec<f64>) {
        let f = &self.c.formula;
        let (n, m) = (self.n, self.m);
        let kinds: Vec<(bool, bool, f64)> = self
            .aggregations(p)
            .into_iter()
            .zip(&f.domains)
            .map(|(a, d)| (matches!(a, Aggregation::Geometric { .. }), a == Aggregation::Sum, d.multiplier))
            .collect();
        let (vals, logs) = (&self.values[p.normaliser], &self.logs[p.normaliser]);
        let valid = &self.valid[p.missing];
        let root = f.domains.len() - 1;
        let mut score = vec![0.0f64; f.domains.len()];
        out.clear();
        out.extend((0..n).map(|r| {
            let row = &vals[r * m..(r + 1) * m];
            let lrow = &logs[r * m..(r + 1) * m];
            let pres = &self.present[r];
            for (d, dom) in f.domains.iter().enumerate() {
                if !valid[d][r] {
                    score[d] = f64::NAN;
                    continue;
                }
                let (geometric, sum, mult) = kinds[d];
                let (mut acc, mut sw) = (0.0, 0.0);
                for (k, ch) in dom.children.iter().enumerate() {
                    let w = p.weights[d][k];
                    match *ch {
                        Child::Indicator(i) => {
                            if pres[i] {
                                acc += w * if geometric { lrow[i] } else { row[i] };
                                sw += w;
                            }
                        }
                        Child::Domain(c) => {
                            let v = score[c];
                            if !v.is_nan() {
                                acc += w * if geometric { v.max(0.01).ln() } else { v };
                                sw += w;
                            }
                        }
                    }
                }
                score[d] = if sum {
                    acc * mult
                } else if geometric {
                    (acc / sw).exp() * mult
                } else {
                    acc / sw * mult
                };
            }
            score[root]
        }));
    }

    /// Ranks (1 = highest, 0 = none) and tier positions (u8::MAX = none) of an index.
    fn rank_and_tier(&self, index: &[f64], ranks: &mut [u32], tiers: &mut [u8], sort: &mut RadixScratch) {
        radix_order_desc_into(index, sort);
        let order = &sort.order;
        let m = order.len();
        let mut k = 0;
        while k < m {
            let mut j = k + 1;
            while j < m && index[order[j] as usize] == index[order[k] as usize] {
                j += 1;
            }
            for &o in &order[k..j] {
                ranks[o as usize] = (k + 1) as u32;
            }
            k = j;
        }
        for (r, x) in index.iter().enumerate() {
            if x.is_nan() {
                ranks[r] = 0;
                tiers[r] = u8::MAX;
            }
        }
        let Some(t) = &self.c.formula.tiers else {
            tiers.iter_mut().for_each(|x| *x = u8::MAX);
            return;
        };
        match &t.rule {
            TierRule::Cutoffs(cuts) => {
                for &o in order {
                    let x = index[o as usize];
                    tiers[o as usize] = t.position(cut_class(cuts, x)) as u8;
                }
            }
            TierRule::Quantile { k, rule: crate::tiers::CutRule::PercentileInc } => {
                // PERCENTILE.INC from the descending order without building the ascending array.
                let asc = |i: usize| index[order[m - 1 - i] as usize];
                let cuts: Vec<f64> = (1..*k).map(|j| percentile_inc_by(m, asc, j as f64 / *k as f64)).collect();
                for &o in order {
                    let x = index[o as usize];
                    tiers[o as usize] = t.position(cut_class(&cuts, x)) as u8;
                }
            }
            TierRule::Quantile { k, rule: crate::tiers::CutRule::Rank } => {
                // Ascending rank_min of each value: m − (descending rank_max) + 1.
                let mut i = 0;
                while i < m {
                    let mut j = i + 1;
                    while j < m && index[order[j] as usize] == index[order[i] as usize] {
                        j += 1;
                    }
                    let asc_rank_min = m - j + 1;
                    let class = rank_class(*k, asc_rank_min, m);
                    for &o in &order[i..j] {
                        tiers[o as usize] = t.position(class) as u8;
                    }
                    i = j;
                }
            }
        }
    }

    /// Dollars of each tier position per pupil under a draw (None when not expressible).
    fn rate(&self, p: &Params, tiers: &[u8]) -> Option<Vec<f64>> {
        match &self.alloc {
            AllocShape::Pot { budget, tier_weight } => {
                let b = p.budget.unwrap_or(*budget);
                let total: f64 = (0..self.n).filter(|&r| tiers[r] != u8::MAX).map(|r| self.pupils[r] * tier_weight[tiers[r] as usize]).sum();
                Some(tier_weight.iter().map(|w| if total > 0.0 { b * w / total } else { 0.0 }).collect())
            }
            AllocShape::Rates(r) => Some(r.clone()),
            AllocShape::None(_) => None,
        }
    }
}

fn pick(u: f64, k: usize) -> usize {
    ((u * k as f64) as usize).min(k - 1)
}

/// Which schools have a score in each aggregate under a missing-data choice (weights do not
/// change this: coverage depends only on which values are present).
fn validity(c: &Computation, choice: &str) -> Vec<Vec<bool>> {
    let f = &c.formula;
    let n = c.len();
    let mut out: Vec<Vec<bool>> = Vec::with_capacity(f.domains.len());
    for dom in &f.domains {
        let rule = match choice {
            "drop" => MissingRule::Drop { min_present: 1, min_share: 0.0, min_children: 1 },
            "propagate" => MissingRule::Propagate,
            _ => dom.missing,
        };
        let v: Vec<bool> = (0..n)
            .map(|r| {
                let applicable = dom.indicators.iter().filter(|&&i| !c.indicators[i].weight[r].is_nan()).count();
                let present = dom.indicators.iter().filter(|&&i| !c.indicators[i].value[r].is_nan()).count();
                if applicable == 0 {
                    return false;
                }
                let child_ok = |ch: &Child| match *ch {
                    Child::Indicator(i) => !c.indicators[i].value[r].is_nan(),
                    Child::Domain(d) => out[d][r],
                };
                let child_applies = |ch: &Child| match *ch {
                    Child::Indicator(i) => !c.indicators[i].weight[r].is_nan(),
                    Child::Domain(_) => true,
                };
                let children_present = dom.children.iter().filter(|ch| child_ok(ch)).count();
                match rule {
                    MissingRule::Propagate => dom.children.iter().filter(|ch| child_applies(ch)).all(child_ok),
                    MissingRule::Drop { min_children, .. } => {
                        present >= rule.required(applicable) && children_present > 0 && children_present >= min_children
                    }
                }
            })
            .collect();
        out.push(v);
    }
    out
}

fn alloc_shape(c: &Computation) -> (Vec<f64>, AllocShape) {
    use crate::allocate::{PotWeights, ProgramKind, Rate};
    let n = c.len();
    let Some(a) = &c.formula.allocation else { return (vec![0.0; n], AllocShape::None("the formula has no [allocation]".into())) };
    let p = &a.programs[a.main];
    let col = p.pupils.as_ref().or(a.pupils.as_ref());
    let pupils: Vec<f64> =
        col.map(|c2| c.district.num(c2).iter().map(|x| if x.is_nan() { 0.0 } else { *x }).collect()).unwrap_or_else(|| vec![0.0; n]);
    let k = c.formula.tiers.as_ref().map(|t| t.names.len()).unwrap_or(0);
    if !p.eligible.is_empty()
        || p.tiers.is_some()
        || p.select.is_some()
        || p.min.is_some()
        || p.max.is_some()
        || p.min_per_pupil.is_some()
        || p.max_per_pupil.is_some()
    {
        return (pupils, AllocShape::None("the main program has eligibility rules, floors or caps".into()));
    }
    let shape = match &p.kind {
        ProgramKind::Pot { budget, weights: PotWeights::Tier(w) } => AllocShape::Pot { budget: *budget as f64 / 100.0, tier_weight: w.clone() },
        ProgramKind::Pot { budget, weights: PotWeights::Pupils } => {
            AllocShape::Pot { budget: *budget as f64 / 100.0, tier_weight: vec![1.0; k.max(1)] }
        }
        ProgramKind::PerPupil { rate: Some(Rate::ByTier(r)), components, foundation: 0 } if components.is_empty() => AllocShape::Rates(r.clone()),
        ProgramKind::PerPupil { rate: Some(Rate::Flat(r)), components, foundation: 0 } if components.is_empty() => {
            AllocShape::Rates(vec![*r; k.max(1)])
        }
        _ => AllocShape::None("the main program is not a pot by tier/pupils or a per-pupil rate by tier".into()),
    };
    (pupils, shape)
}

/// Reusable buffers of [`radix_order_desc_into`].
#[derive(Default)]
pub struct RadixScratch {
    keys: Vec<(u64, u32)>,
    buf: Vec<(u64, u32)>,
    count: Vec<usize>,
    /// The result: rows, highest value first.
    pub order: Vec<u32>,
}

/// Order of the present values, highest first (ties in row order), by an LSD radix sort on an
/// order-preserving integer key: no comparisons, a few passes over 100,000 schools.
pub fn radix_order_desc(values: &[f64]) -> Vec<u32> {
    let mut s = RadixScratch::default();
    radix_order_desc_into(values, &mut s);
    s.order
}

/// [`radix_order_desc`] into reusable buffers: an LSD radix sort of the top 32 bits of an
/// order-preserving key (3 passes of 11 bits), then the rare runs that share those bits are
/// finished by insertion sort on the full key. Ties keep row order.
pub fn radix_order_desc_into(values: &[f64], s: &mut RadixScratch) {
    let key = |x: f64| {
        let b = (x + 0.0).to_bits();
        !(if b >> 63 == 1 { !b } else { b | (1 << 63) }) // descending
    };
    s.keys.clear();
    s.keys.extend(values.iter().enumerate().filter(|(_, x)| !x.is_nan()).map(|(i, &x)| (key(x), i as u32)));
    s.buf.resize(s.keys.len(), (0, 0));
    s.count.resize(1 << 11, 0);
    for pass in 0..3 {
        let shift = 32 + pass * 11;
        s.count.iter_mut().for_each(|c| *c = 0);
        for &(k, _) in &s.keys {
            s.count[((k >> shift) & 0x7FF) as usize] += 1;
        }
        if s.count.contains(&s.keys.len()) {
            continue; // every key has the same digit here
        }
        let mut sum = 0;
        for c in s.count.iter_mut() {
            let t = *c;
            *c = sum;
            sum += t;
        }
        for &(k, i) in &s.keys {
            let d = ((k >> shift) & 0x7FF) as usize;
            s.buf[s.count[d]] = (k, i);
            s.count[d] += 1;
        }
        std::mem::swap(&mut s.keys, &mut s.buf);
    }
    // Runs sharing the top 32 bits: insertion sort by full key (stable, so ties keep row order).
    let keys = &mut s.keys;
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + 1;
        while end < keys.len() && keys[end].0 >> 32 == keys[start].0 >> 32 {
            end += 1;
        }
        if end - start > 1 {
            for j in start + 1..end {
                let mut i = j;
                while i > start && keys[i - 1].0 > keys[i].0 {
                    keys.swap(i - 1, i);
                    i -= 1;
                }
            }
        }
        start = end;
    }
    s.order.clear();
    s.order.extend(s.keys.iter().map(|&(_, i)| i));
}

/// The uniform numbers of draw `j` (its own stream of the seed).
fn uniforms(seed: u64, stream: u64, k: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    (0..k).map(|_| StandardUniform.sample(&mut rng)).collect()
}

/// A draw's dollars per pupil by tier position (None when the allocation is not expressible).
type Rates = Option<Vec<f64>>;

/// One school's results over the draws.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolBand {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Nominal index.
    pub index: Option<f64>,
    /// Nominal rank.
    pub rank: Option<usize>,
    /// Nominal tier position.
    pub tier: Option<usize>,
    /// Probability of each tier position (over draws).
    pub tier_probability: Vec<f64>,
    /// Probability of having no index.
    pub unranked_probability: f64,
    /// Median rank.
    pub rank_median: Option<u32>,
    /// 5th percentile of rank.
    pub rank_p05: Option<u32>,
    /// 95th percentile of rank.
    pub rank_p95: Option<u32>,
    /// Allocation 5th/50th/95th percentiles (dollars, before rounding and hold-harmless).
    pub allocation: Option<[f64; 3]>,
    /// Tier unchanged in at least 90% of draws.
    pub stable: bool,
}

/// Sobol indices of one factor.
#[derive(Debug, Clone, Serialize)]
pub struct SobolLine {
    /// Factor name.
    pub factor: String,
    /// First-order index on the mean absolute rank shift.
    pub s1_rank_shift: f64,
    /// Total-order index on the mean absolute rank shift.
    pub st_rank_shift: f64,
    /// First-order index on the chosen school's allocation.
    pub s1_allocation: f64,
    /// Total-order index on the chosen school's allocation.
    pub st_allocation: f64,
}

/// Results of a sensitivity run.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// Draws made.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// Factor names.
    pub factors: Vec<String>,
    /// Per school, in data order.
    pub schools: Vec<SchoolBand>,
    /// Tier names.
    pub tier_names: Vec<String>,
    /// Why allocation bands are missing, if they are.
    pub allocation_note: Option<String>,
    /// Sobol indices (when asked for) with the base sample size.
    pub sobol: Option<(usize, String, Vec<SobolLine>)>,
    /// Every draw's index, rank and tier per school, when asked for (draw-major).
    pub samples: Option<Vec<(f64, u32, u8)>>,
}

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Override the formula's draws.
    pub draws: Option<usize>,
    /// Override the formula's seed.
    pub seed: Option<u64>,
    /// Base sample size for Sobol indices (None = skip).
    pub sobol: Option<usize>,
    /// School id for the Sobol allocation output.
    pub school: Option<String>,
    /// Keep every draw (for `--samples`).
    pub keep_samples: bool,
}

/// Runs the Monte Carlo (and optionally Sobol) analysis. `progress` is called with the number
/// of draws done so far.
pub fn run(c: &Computation, u: &Uncertainty, opts: &Options, progress: &(dyn Fn(u64) + Sync)) -> Result<Sensitivity> {
    let model = Model::new(c, u)?;
    let n = c.len();
    let draws = opts.draws.unwrap_or(u.draws).max(2);
    let seed = opts.seed.unwrap_or(u.seed);
    let k = u.factors.len();
    let mut ranks = vec![0u32; draws * n];
    let mut tiers = vec![0u8; draws * n];
    let done = std::sync::atomic::AtomicU64::new(0);
    // Each draw gives its per-tier rates and, when samples are kept, its index values.
    let per_draw: Vec<(Rates, Option<Vec<f64>>)> = ranks
        .par_chunks_mut(n.max(1))
        .zip(tiers.par_chunks_mut(n.max(1)))
        .enumerate()
        .map_init(
            || (Vec::new(), RadixScratch::default()),
            |(index, sort), (j, (rk, tr))| {
                let p = model.params(&uniforms(seed, j as u64, k));
                model.evaluate(&p, index);
                model.rank_and_tier(index, rk, tr, sort);
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if d % 16 == 0 || d as usize == draws {
                    progress(d);
                }
                (model.rate(&p, tr), opts.keep_samples.then(|| index.clone()))
            },
        )
        .collect();
    let (rates, index_samples): (Vec<Rates>, Vec<Option<Vec<f64>>>) = per_draw.into_iter().unzip();
    let tier_names = c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
    let kt = tier_names.len();
    let alloc_note = match &model.alloc {
        AllocShape::None(why) => Some(why.clone()),
        _ => None,
    };
    // Per-school statistics, tile by tile: each draw's slice of a tile is read contiguously and
    // transposed into per-school buffers.
    const TILE: usize = 512;
    let schools: Vec<SchoolBand> = (0..n.div_ceil(TILE))
        .into_par_iter()
        .flat_map_iter(|t| {
            let start = t * TILE;
            let len = TILE.min(n - start);
            let mut rk = vec![0u32; len * draws];
            let mut tr = vec![0u8; len * draws];
            for j in 0..draws {
                let base = j * n + start;
                for i in 0..len {
                    rk[i * draws + j] = ranks[base + i];
                    tr[i * draws + j] = tiers[base + i];
                }
            }
            let rates = &rates;
            let model = &model;
            let alloc_note = &alloc_note;
            (0..len)
                .map(move |i| {
                    let r = start + i;
                    let mut rks: Vec<u32> = rk[i * draws..(i + 1) * draws].iter().copied().filter(|&x| x > 0).collect();
                    let trs = &tr[i * draws..(i + 1) * draws];
                    let mut counts = vec![0usize; kt];
                    let mut unranked = 0;
                    let mut money = Vec::with_capacity(draws);
                    for (j, &t) in trs.iter().enumerate() {
                        if t == u8::MAX {
                            unranked += 1;
                        } else {
                            counts[t as usize] += 1;
                            if let Some(rate) = &rates[j] {
                                money.push(rate[t as usize] * model.pupils[r]);
                            }
                        }
                    }
                    // Nearest-rank quantiles by selection (no full sort of each school's draws).
                    let at = |len: usize, p: f64| ((p * len as f64).ceil() as usize).clamp(1, len) - 1;
                    let mut q = |p: f64| -> Option<u32> {
                        if rks.is_empty() {
                            return None;
                        }
                        let k = at(rks.len(), p);
                        Some(*rks.select_nth_unstable(k).1)
                    };
                    let (rank_p05, rank_median, rank_p95) = (q(0.05), q(0.5), q(0.95));
                    let allocation = (!money.is_empty() && alloc_note.is_none()).then(|| {
                        let mut qm = |p: f64| {
                            let k = at(money.len(), p);
                            *money.select_nth_unstable_by(k, f64::total_cmp).1
                        };
                        [qm(0.05), qm(0.5), qm(0.95)]
                    });
                    let tier = c.tiers.as_ref().and_then(|t| t[r]);
                    let probs: Vec<f64> = counts.iter().map(|&x| x as f64 / draws as f64).collect();
                    SchoolBand {
                        id: c.district.ids[r].clone(),
                        name: c.district.names[r].clone(),
                        index: (!c.index[r].is_nan()).then_some(c.index[r]),
                        rank: c.rank[r],
                        tier,
                        stable: tier.is_some_and(|t| probs[t] >= 0.9),
                        tier_probability: probs,
                        unranked_probability: unranked as f64 / draws as f64,
                        rank_median,
                        rank_p05,
                        rank_p95,
                        allocation,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let sobol = match opts.sobol {
        Some(base) if k > 0 => Some(sobol_run(&model, base, seed, opts.school.as_deref().or(u.school.as_deref()))?),
        _ => None,
    };
    let samples = opts.keep_samples.then(|| {
        let index: Vec<f64> = index_samples.into_iter().flatten().flatten().collect();
        (0..draws * n).map(|i| (index[i], ranks[i], tiers[i])).collect()
    });
    Ok(Sensitivity {
        draws,
        seed,
        factors: u.factors.iter().map(Factor::name).collect(),
        schools,
        tier_names,
        allocation_note: alloc_note,
        sobol,
        samples,
    })
}

/// First-order (Saltelli 2010) and total-order (Jansen 1999) Sobol indices of `f` over `k`
/// inputs uniform on [0,1]: `n` base samples, `n·(k + 2)` evaluations. Each sample point is a
/// seeded stream, so results do not depend on the thread count.
pub fn sobol_indices(k: usize, n: usize, seed: u64, f: &(dyn Fn(&[f64]) -> Vec<f64> + Sync)) -> Vec<Vec<(f64, f64)>> {
    let a: Vec<Vec<f64>> = (0..n).map(|j| uniforms(seed, (1u64 << 40) + j as u64, k)).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|j| uniforms(seed, (2u64 << 40) + j as u64, k)).collect();
    let fa: Vec<Vec<f64>> = a.par_iter().map(|x| f(x)).collect();
    let fb: Vec<Vec<f64>> = b.par_iter().map(|x| f(x)).collect();
    let outs = fa.first().map(Vec::len).unwrap_or(0);
    let mut result = vec![Vec::with_capacity(k); outs];
    for i in 0..k {
        let fab: Vec<Vec<f64>> = (0..n)
            .into_par_iter()
            .map(|j| {
                let mut x = a[j].clone();
                x[i] = b[j][i];
                f(&x)
            })
            .collect();
        for (o, res) in result.iter_mut().enumerate() {
            let all: Vec<f64> = fa.iter().chain(&fb).map(|v| v[o]).collect();
            let mean = all.iter().sum::<f64>() / all.len() as f64;
            let var = all.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / all.len() as f64;
            if var <= 0.0 {
                res.push((0.0, 0.0));
                continue;
            }
            let s1 = (0..n).map(|j| fb[j][o] * (fab[j][o] - fa[j][o])).sum::<f64>() / n as f64 / var;
            let st = (0..n).map(|j| (fa[j][o] - fab[j][o]).powi(2)).sum::<f64>() / (2.0 * n as f64) / var;
            res.push((s1, st));
        }
    }
    result
}

fn sobol_run(model: &Model, base: usize, seed: u64, school: Option<&str>) -> Result<(usize, String, Vec<SobolLine>)> {
    let c = model.c;
    let row = match school {
        Some(id) => crate::explain::find_school(c, id)?,
        None => {
            let ranked = c.rank.iter().filter(|r| r.is_some()).count();
            (0..c.len()).find(|&r| c.rank[r] == Some(ranked.div_ceil(2))).unwrap_or(0)
        }
    };
    let k = model.u.factors.len();
    let ranked_n = model.nominal_rank.iter().filter(|&&x| x > 0).count().max(1) as f64;
    let f = |us: &[f64]| -> Vec<f64> {
        let p = model.params(us);
        let mut index = Vec::new();
        model.evaluate(&p, &mut index);
        let mut ranks = vec![0u32; model.n];
        let mut tiers = vec![0u8; model.n];
        model.rank_and_tier(&index, &mut ranks, &mut tiers, &mut RadixScratch::default());
        let shift: f64 = ranks
            .iter()
            .zip(&model.nominal_rank)
            .filter(|(a, b)| **a > 0 && **b > 0)
            .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
            .sum::<f64>()
            / ranked_n;
        let money = match (model.rate(&p, &tiers), tiers[row]) {
            (Some(rate), t) if t != u8::MAX => rate[t as usize] * model.pupils[row],
            _ => 0.0,
        };
        vec![shift, money]
    };
    let res = sobol_indices(k, base, seed, &f);
    let lines = model
        .u
        .factors
        .iter()
        .enumerate()
        .map(|(i, fac)| SobolLine {
            factor: fac.name(),
            s1_rank_shift: res[0][i].0,
            st_rank_shift: res[0][i].1,
            s1_allocation: res[1][i].0,
            st_allocation: res[1][i].1,
        })
        .collect();
    let what = format!(
        "first order: Saltelli (2010) estimator; total order: Jansen (1999) estimator; N = {base} base samples, {} model runs; outputs: mean absolute rank shift from the nominal ranks, and the allocation of {} ({})",
        base * (k + 2),
        c.district.names[row],
        c.district.ids[row]
    );
    Ok((base, what, lines))
}

impl Sensitivity {
    /// The per-school table.
    pub fn sheet(&self) -> crate::export::Sheet {
        use crate::export::Cell;
        let mut columns: Vec<String> = vec!["id".into(), "name".into(), "index".into(), "rank".into(), "tier".into()];
        columns.extend(self.tier_names.iter().map(|t| format!("p({t})")));
        columns.extend(
            ["p(no index)", "rank_median", "rank_p05", "rank_p95", "allocation_p05", "allocation_median", "allocation_p95", "stable"]
                .iter()
                .map(|s| s.to_string()),
        );
        let rows = self
            .schools
            .iter()
            .map(|s| {
                let mut row = vec![
                    Cell::Text(s.id.clone()),
                    Cell::Text(s.name.clone()),
                    s.index.map(Cell::num).unwrap_or(Cell::Missing),
                    s.rank.map(|x| Cell::Int(x as i64)).unwrap_or(Cell::Missing),
                    Cell::Text(s.tier.map(|t| self.tier_names[t].clone()).unwrap_or_default()),
                ];
                row.extend(s.tier_probability.iter().map(|p| Cell::Num(*p, Some(3))));
                row.push(Cell::Num(s.unranked_probability, Some(3)));
                for q in [s.rank_median, s.rank_p05, s.rank_p95] {
                    row.push(q.map(|x| Cell::Int(i64::from(x))).unwrap_or(Cell::Missing));
                }
                match s.allocation {
                    Some(a) => row.extend(a.iter().map(|x| Cell::Money((x * 100.0).round() as i64))),
                    None => row.extend([Cell::Missing, Cell::Missing, Cell::Missing]),
                }
                row.push(Cell::Text(if s.stable { "yes" } else { "no" }.into()));
                row
            })
            .collect();
        crate::export::Sheet { name: "schools".into(), columns, rows }
    }

    /// The Sobol table (when Sobol indices were asked for).
    pub fn sobol_sheet(&self) -> Option<crate::export::Sheet> {
        use crate::export::Cell;
        self.sobol.as_ref().map(|(_, _, lines)| crate::export::Sheet {
            name: "sobol".into(),
            columns: ["input", "S1_rank_shift", "ST_rank_shift", "S1_allocation", "ST_allocation"].iter().map(|s| s.to_string()).collect(),
            rows: lines
                .iter()
                .map(|l| {
                    vec![
                        Cell::Text(l.factor.clone()),
                        Cell::Num(l.s1_rank_shift, Some(4)),
                        Cell::Num(l.st_rank_shift, Some(4)),
                        Cell::Num(l.s1_allocation, Some(4)),
                        Cell::Num(l.st_allocation, Some(4)),
                    ]
                })
                .collect(),
        })
    }

    /// Plain-text summary.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} draws (seed {}); uncertain inputs: {}",
            self.draws,
            self.seed,
            if self.factors.is_empty() { "none".to_string() } else { self.factors.join(", ") }
        );
        let ranked: Vec<&SchoolBand> = self.schools.iter().filter(|b| b.tier.is_some()).collect();
        let stable = ranked.iter().filter(|b| b.stable).count();
        let _ = writeln!(s, "{stable} of {} ranked schools keep their tier in at least 90% of draws", ranked.len());
        let widths: Vec<u32> = ranked.iter().filter_map(|b| Some(b.rank_p95? - b.rank_p05?)).collect();
        if !widths.is_empty() {
            let mut w = widths.clone();
            w.sort_unstable();
            let _ = writeln!(s, "width of the 5–95% rank band: median {} ranks, widest {}", w[w.len() / 2], w[w.len() - 1]);
        }
        if let Some(note) = &self.allocation_note {
            let _ = writeln!(s, "no allocation bands: {note}");
        }
        let mut least: Vec<&&SchoolBand> = ranked.iter().filter(|b| !b.stable).collect();
        least.sort_by(|a, b| {
            let pa = a.tier.map(|t| a.tier_probability[t]).unwrap_or(0.0);
            let pb = b.tier.map(|t| b.tier_probability[t]).unwrap_or(0.0);
            pa.total_cmp(&pb)
        });
        if !least.is_empty() {
            let _ = writeln!(s, "\nLeast certain tiers:");
            for b in least.iter().take(10) {
                let t = b.tier.expect("ranked");
                let _ = writeln!(
                    s,
                    "  {:<44} {:<14} p = {:.2}  rank {} (5–95%: {}–{})",
                    b.name.chars().take(44).collect::<String>(),
                    self.tier_names[t],
                    b.tier_probability[t],
                    b.rank.unwrap_or(0),
                    b.rank_p05.unwrap_or(0),
                    b.rank_p95.unwrap_or(0)
                );
            }
        }
        if let Some((_, what, lines)) = &self.sobol {
            let _ = writeln!(s, "\nSobol sensitivity indices ({what}):");
            let _ = writeln!(s, "  {:<36} {:>9} {:>9} {:>9} {:>9}", "input", "S1 rank", "ST rank", "S1 money", "ST money");
            for l in lines {
                let _ = writeln!(
                    s,
                    "  {:<36} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
                    l.factor, l.s1_rank_shift, l.st_rank_shift, l.s1_allocation, l.st_allocation
                );
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_order_matches_a_comparison_sort_with_ties_in_row_order() {
        // Values sharing their top 32 bits, negatives, zeros of both signs, ties and NaN.
        let base = 0.5f64;
        let mut v = vec![base, f64::from_bits(base.to_bits() + 1), -1.0, 0.0, -0.0, 3.0, f64::NAN, base, 1e-300, -1e300];
        v.extend((0..500).map(|i| ((i * 7919) % 101) as f64 / 7.0));
        let got = radix_order_desc(&v);
        let mut want: Vec<u32> = (0..v.len() as u32).filter(|&i| !v[i as usize].is_nan()).collect();
        want.sort_by(|&a, &b| v[b as usize].partial_cmp(&v[a as usize]).unwrap().then(a.cmp(&b)));
        assert_eq!(got, want);
    }
}
