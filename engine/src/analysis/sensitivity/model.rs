//! The pre-computed model a draw evaluates: indicator values normalised once per alternative
//! normaliser, presence patterns, which schools each aggregate covers, and the allocation shape.

use super::estimates::Estimates;
use crate::error::Result;
use crate::formula::{
    Aggregation, Child, Direction, Domain, Formula, MissingChoice, MissingRule, NormaliserChoice,
    Num, PotWeights, ProgramKind, Rate, UncertainInput, Uncertainty, Weight,
};
use crate::index::{Computation, Coverages, Has, Verdict};
use crate::normalise::{Form, Normaliser, Ties, Zeros, transform};
use crate::num::Groups;
use statrs::distribution::{ContinuousCDF, Normal};
use std::collections::HashMap;

/// How a draw's allocation follows from tiers (for allocation bands).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum AllocShape {
    /// Pot shared by pupils × weight per tier position.
    Pot { budget: f64, tier_weight: Vec<f64> },
    /// Per-pupil rate per tier position.
    Rates(Vec<f64>),
    /// Not expressible from tiers alone.
    None(String),
}

/// The pre-computed model a draw evaluates.
pub(super) struct Model<'a> {
    pub(super) c: &'a Computation,
    pub(super) u: &'a Uncertainty,
    pub(super) n: usize,
    /// Indicators per school (row stride).
    pub(super) m: usize,
    /// Per normaliser choice, row-major (school × indicator): value with missing as 0, and its
    /// log (for geometric aggregation).
    pub(super) values: Vec<Vec<f64>>,
    pub(super) logs: Vec<Vec<f64>>,
    /// Per school: whether each indicator is present.
    pub(super) present: Vec<Vec<bool>>,
    /// Per school: its presence pattern (schools with the same pattern aggregate alike).
    pub(super) pattern: Vec<u32>,
    /// One representative school per pattern.
    pub(super) pattern_rows: Vec<usize>,
    /// Per missing choice, per aggregate: whether each school has a score.
    pub(super) valid: Vec<Vec<Vec<bool>>>,
    pub(super) nominal_weights: Vec<Vec<f64>>,
    /// Pupils (allocation) and the allocation shape.
    pub(super) pupils: Vec<f64>,
    pub(super) alloc: AllocShape,
    /// Nominal rank per school (0 = none).
    pub(super) nominal_rank: Vec<u32>,
    /// Why the fast evaluator cannot follow the formula (then every draw runs the index engine).
    pub(super) general: Option<String>,
    /// The survey estimates, when the draws vary them.
    pub(super) estimates: Option<Estimates>,
}

/// Why the fast evaluator cannot follow a formula (None when it can).
pub(super) fn unsupported(f: &Formula) -> Option<String> {
    for d in &f.domains {
        if d.normaliser.is_some() {
            return Some(format!("aggregate '{}' is re-normalised", d.id));
        }
        if d.round.is_some() {
            return Some(format!("aggregate '{}' is rounded", d.id));
        }
        if matches!(d.aggregation, Aggregation::Product | Aggregation::Min | Aggregation::Max) {
            return Some(format!("aggregate '{}' uses {:?}", d.id, d.aggregation));
        }
    }
    if let Some(t) = &f.tiers
        && (t.within.is_some() || !t.floors.is_empty())
    {
        return Some("tiers formed within groups or with floors".into());
    }
    f.indicators
        .iter()
        .any(|i| matches!(i.weight, Weight::Column(_)))
        .then(|| "per-row weight columns".into())
}

/// A weight as the evaluator sees it (a per-row weight column counts as 1).
pub(super) fn fixed(w: &Weight) -> f64 {
    match w {
        Weight::Fixed(x) => *x,
        Weight::Column(_) => 1.0,
    }
}

impl<'a> Model<'a> {
    /// Builds the model; formulas the fast evaluator cannot follow run every draw on the index
    /// engine itself (the reason is kept in `general`).
    pub(super) fn new(c: &'a Computation, u: &'a Uncertainty) -> Result<Model<'a>> {
        let f = &c.formula;
        let (n, m) = (c.len(), f.indicators.len());
        let normalisers = input_choices(u, |x| match x {
            UncertainInput::Normaliser(v) => Some(v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| vec![NormaliserChoice::Own]);
        let (values, logs) = normalisers.iter().map(|choice| prepared(c, *choice)).unzip();
        let present: Vec<Vec<bool>> =
            (0..n).map(|r| (0..m).map(|i| !c.indicators[i].value[r].is_nan()).collect()).collect();
        let (pattern, pattern_rows) = patterns(c, &present);
        let missing = input_choices(u, |x| match x {
            UncertainInput::Missing(v) => Some(v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| vec![MissingChoice::Own]);
        let valid = missing.iter().map(|choice| validity(c, *choice)).collect();
        let nominal_weights = f
            .domains
            .iter()
            .map(|d| d.children.iter().map(|ch| child_weight(f, ch)).collect())
            .collect();
        let (pupils, alloc) = alloc_shape(c);
        let nominal_rank = c.rank.iter().map(|r| r.map(|x| x as u32).unwrap_or(0)).collect();
        let estimates = u.inputs.contains(&UncertainInput::Estimates).then(|| Estimates::of(c));
        let model = Model {
            estimates,
            general: unsupported(f),
            c,
            u,
            n,
            m,
            values,
            logs,
            present,
            pattern,
            pattern_rows,
            valid,
            nominal_weights,
            pupils,
            alloc,
            nominal_rank,
        };
        model.check_general()?;
        Ok(model)
    }
}

/// The choices of one kind of uncertain input, when the formula varies it.
pub(super) fn input_choices<T>(
    u: &Uncertainty,
    pick: impl Fn(&UncertainInput) -> Option<T>,
) -> Option<T> {
    u.inputs.iter().find_map(pick)
}

/// A child's nominal weight in its aggregate.
fn child_weight(f: &Formula, ch: &Child) -> f64 {
    match *ch {
        Child::Indicator(i) => fixed(&f.indicators[i].weight),
        Child::Domain(k) => f.domains[k].weight,
    }
}

/// Indicator values under a normaliser choice, row-major with missing as 0, and their logs.
fn prepared(c: &Computation, choice: NormaliserChoice) -> (Vec<f64>, Vec<f64>) {
    let f = &c.formula;
    let (n, m) = (c.len(), f.indicators.len());
    let groups = c.district.groups_by(f.data.normalise_within.as_ref());
    let mut vs = vec![0.0; n * m];
    let mut ls = vec![0.0; n * m];
    for (i, iv) in c.indicators.iter().enumerate() {
        let v: Vec<f64> = match alternative_normaliser(choice) {
            None => iv.value.to_vec(),
            Some(_) => {
                let input: Vec<f64> = (0..n).map(|r| iv.input(r)).collect();
                normalised(c, &groups, i, input, choice)
            }
        };
        set_column(&mut vs, &mut ls, (i, m), &v, choice);
    }
    (vs, ls)
}

/// One indicator's values (`input`: what its normaliser reads) transformed and normalised
/// under a choice (its own normaliser, with its rounding, or an alternative).
pub(super) fn normalised(
    c: &Computation,
    groups: &Groups,
    i: usize,
    input: Vec<f64>,
    choice: NormaliserChoice,
) -> Vec<f64> {
    let ind = &c.formula.indicators[i];
    let mut w = Vec::new();
    let x = match ind.transform {
        Some(t) => groups.map(&input, |_, v| transform(v, t, &mut w)),
        None => input,
    };
    let reflect = ind.direction == Direction::Lower;
    match alternative_normaliser(choice) {
        None => groups.map(&x, |_, v| ind.normaliser.apply(v, reflect, ind.round, &mut w)),
        Some(norm) => groups.map(&x, |_, v| norm.apply(v, reflect, None, &mut w)),
    }
}

/// Writes one indicator's values into column `i` of a row-major matrix of `m` columns (missing
/// as 0), and their logs. Geometric aggregation needs positive values: z-scores go through the
/// normal CDF, and a value ≤ 0 counts as 0.01.
pub(super) fn set_column(
    vs: &mut [f64],
    ls: &mut [f64],
    (i, m): (usize, usize),
    v: &[f64],
    choice: NormaliserChoice,
) {
    let std = Normal::standard();
    for (r, &x) in v.iter().enumerate() {
        let (value, log) = if x.is_nan() {
            (0.0, 0.0)
        } else {
            let y = if choice == NormaliserChoice::ZScore { std.cdf(x) } else { x };
            (x, floored_ln(y))
        };
        vs[r * m + i] = value;
        ls[r * m + i] = log;
    }
}

/// The log a geometric mean takes of a value: a value ≤ 0 counts as 0.01, as the index engine's
/// `zero_floor = 0.01` does.
pub(super) fn floored_ln(x: f64) -> f64 {
    if x > 0.0 { x.ln() } else { 0.01f64.ln() }
}

/// The normaliser an alternative stands for (None: each indicator's own).
pub(super) fn alternative_normaliser(choice: NormaliserChoice) -> Option<Normaliser> {
    match choice {
        NormaliserChoice::Own => None,
        NormaliserChoice::Percentile => Some(Normaliser::Percentile {
            ties: Ties::Average,
            form: Form::RankOverN,
            zeros: Zeros::Rank,
            scale: 1.0,
        }),
        NormaliserChoice::ZScore => Some(Normaliser::ZScore { sample: false }),
        NormaliserChoice::MinMax => Some(Normaliser::MinMax { scale: 1.0 }),
    }
}

/// Presence and applicability decide every aggregate's coverage, so schools sharing them share
/// the coefficients of the (linear) index in their indicator values.
fn patterns(c: &Computation, present: &[Vec<bool>]) -> (Vec<u32>, Vec<usize>) {
    let m = c.formula.indicators.len();
    let mut seen: HashMap<(Vec<bool>, Vec<bool>), u32> = HashMap::new();
    let mut rows = Vec::new();
    let pattern = (0..c.len())
        .map(|r| {
            let applies: Vec<bool> = (0..m).map(|i| c.indicators[i].applies(r)).collect();
            *seen.entry((present[r].clone(), applies)).or_insert_with(|| {
                rows.push(r);
                (rows.len() - 1) as u32
            })
        })
        .collect();
    (pattern, rows)
}

/// The missing-data rule of an aggregate under a choice.
pub(super) fn rule_under(dom: &Domain, choice: MissingChoice) -> MissingRule {
    match choice {
        MissingChoice::Drop => {
            MissingRule::Drop { min_present: 1, min_share: 0.0, min_children: 1 }
        }
        MissingChoice::Propagate => MissingRule::Propagate,
        MissingChoice::Own => dom.missing,
    }
}

/// Which schools have a score in each aggregate under a missing-data choice (weights do not
/// change this: coverage depends only on which values are present).
fn validity(c: &Computation, choice: MissingChoice) -> Vec<Vec<bool>> {
    let f = &c.formula;
    let indicator = |i: usize| {
        let iv = &c.indicators[i];
        (iv.applying(), Has::Value(&iv.value))
    };
    let mut out: Vec<Vec<bool>> = Vec::with_capacity(f.domains.len());
    for dom in &f.domains {
        let rule = rule_under(dom, choice);
        let cov = Coverages::count(dom, c.len(), indicator, |j| match dom.children[j] {
            Child::Indicator(i) => indicator(i),
            Child::Domain(d) => (Has::All, Has::Flag(&out[d])),
        });
        let v = (0..c.len()).map(|r| cov.at(r).verdict(rule) == Verdict::Covered).collect();
        out.push(v);
    }
    out
}

/// Pupils of the main program and how its money follows from tiers.
fn alloc_shape(c: &Computation) -> (Vec<f64>, AllocShape) {
    let n = c.len();
    let Some(a) = &c.formula.allocation else {
        return (vec![0.0; n], AllocShape::None("the formula has no [allocation]".into()));
    };
    let p = &a.programs[a.main];
    let col = p.pupils.as_ref().or(a.pupils.as_ref());
    let pupils: Vec<f64> = col
        .map(|c2| c.district.num(c2).iter().map(|x| if x.is_nan() { 0.0 } else { *x }).collect())
        .unwrap_or_else(|| vec![0.0; n]);
    let k = c.formula.tiers.as_ref().map(|t| t.names.len()).unwrap_or(0);
    let bounded = p.min.is_some()
        || p.max.is_some()
        || p.min_per_pupil.is_some()
        || p.max_per_pupil.is_some();
    if !p.eligible.is_empty() || p.tiers.is_some() || p.select.is_some() || bounded {
        return (
            pupils,
            AllocShape::None("the main program has eligibility rules, floors or caps".into()),
        );
    }
    let shape = match &p.kind {
        ProgramKind::Pot { budget, weights: PotWeights::Tier(w) } => {
            AllocShape::Pot { budget: *budget as f64 / 100.0, tier_weight: w.clone() }
        }
        ProgramKind::Pot { budget, weights: PotWeights::Pupils } => {
            AllocShape::Pot { budget: *budget as f64 / 100.0, tier_weight: vec![1.0; k.max(1)] }
        }
        ProgramKind::PerPupil {
            rate: Some(Rate::ByTier(r)),
            components,
            foundation: 0,
            cost_index: None,
            ..
        } if components.is_empty() => AllocShape::Rates(r.clone()),
        ProgramKind::PerPupil {
            rate: Some(Rate::Flat(Num::Value(r))),
            components,
            foundation: 0,
            cost_index: None,
            ..
        } if components.is_empty() => AllocShape::Rates(vec![*r; k.max(1)]),
        _ => AllocShape::None(
            "the main program is not a pot by tier/pupils or a per-pupil rate by tier".into(),
        ),
    };
    (pupils, shape)
}
