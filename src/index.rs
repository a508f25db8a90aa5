//! The index engine: raw values → transforms → normalisers → domains → index → rank and tiers.
//!
//! Every aggregate keeps, per school, the slope of its score in each child, so each school's
//! index can be traced back to its indicator contributions (see [`Computation::contributions`]).

use crate::data::District;
use crate::error::{Error, ErrorKind, Location, Problem, Result};
use crate::formula::{Aggregation, Child, Direction, Formula, Indicator, MissingRule, ValueSource, Weight};
use crate::normalise::{Groups, transform};
use rayon::prelude::*;

/// Values of one indicator for every school.
#[derive(Debug, Clone)]
pub struct IndicatorValues {
    /// Raw value (after ratio/category mapping, before transform); `NaN` = missing.
    pub raw: Vec<f64>,
    /// Normalised value (what the parent aggregates); `NaN` = missing or not applicable.
    pub value: Vec<f64>,
    /// Per-row weight (`NaN` = the indicator does not apply to the school).
    pub weight: Vec<f64>,
    /// What was transformed and normalised when it differs from `raw` masked by applicability
    /// (i.e. when values were imputed); see [`IndicatorValues::input`].
    pub imputed_input: Option<Vec<f64>>,
    /// Whether the raw value was imputed.
    pub imputed: Vec<bool>,
    /// Flag (1/0) when the formula flags this indicator.
    pub flag: Option<Vec<f64>>,
}

/// Values of one aggregate for every school.
#[derive(Debug, Clone)]
pub struct DomainValues {
    /// Aggregated score.
    pub score: Vec<f64>,
    /// Re-normalised score, when the formula re-normalises.
    pub normalised: Option<Vec<f64>>,
    /// Count of descendant flags.
    pub flags: Option<Vec<f64>>,
    /// Extra normalisations of the score, in formula order.
    pub extra: Vec<Vec<f64>>,
    /// Class position (in the class names) per school.
    pub classes: Option<Vec<Option<usize>>>,
    /// Per child (formula order), per school: ∂score/∂child (`NaN` when not linear or absent).
    pub slopes: Vec<Vec<f64>>,
    /// Why the score is missing, per school.
    pub reasons: Vec<Option<String>>,
}

impl IndicatorValues {
    /// What was transformed and normalised for a school: its raw value if the indicator applies
    /// (`NaN` otherwise), or the imputed value.
    pub fn input(&self, row: usize) -> f64 {
        match &self.imputed_input {
            Some(v) => v[row],
            None if self.weight[row].is_nan() => f64::NAN,
            None => self.raw[row],
        }
    }
}

impl DomainValues {
    /// The value the parent aggregates.
    pub fn feed(&self, normalised: bool) -> &[f64] {
        match (&self.normalised, normalised) {
            (Some(n), true) => n,
            _ => &self.score,
        }
    }
}

/// The result of applying a formula to a district.
#[derive(Debug, Clone)]
pub struct Computation {
    /// The formula applied.
    pub formula: Formula,
    /// The district (ids, names, columns).
    pub district: District,
    /// Indicator values in formula order.
    pub indicators: Vec<IndicatorValues>,
    /// Aggregates in [`Formula::domains`] order (the last is the index).
    pub domains: Vec<DomainValues>,
    /// The final index value per school (`NaN` = no index).
    pub index: Vec<f64>,
    /// Rank by index, 1 = highest; tied schools share the best rank.
    pub rank: Vec<Option<usize>>,
    /// Tier position (in the tier names) per school.
    pub tiers: Option<Vec<Option<usize>>>,
    /// Number of applicable indicators with no raw value, per school.
    pub missing: Vec<u32>,
    /// Number of imputed indicator values, per school.
    pub imputed: Vec<u32>,
    /// Warnings (zero variance, single-school groups, suppressed cells …).
    pub warnings: Vec<String>,
}

/// The groups a column defines (all schools in one group when None).
pub fn group_labels(district: &District, column: Option<&String>) -> Groups {
    match column {
        Some(c) => Groups::by_label(district.txt(c)),
        None => Groups::all(district.len()),
    }
}

/// Applies `formula` to `district`.
pub fn compute(formula: &Formula, district: District) -> Result<Computation> {
    let n = district.len();
    let groups = group_labels(&district, formula.data.normalise_within.as_ref());
    let mut warnings: Vec<String> = district.markers.iter().map(|(c, k)| format!("column '{c}': {k} marked cells treated as missing")).collect();
    if formula.data.normalise_within.is_some() {
        for (label, m) in groups.labels.iter().zip(&groups.members) {
            if m.len() == 1 {
                warnings.push(format!("group '{label}' has a single school: its normalised values carry no comparison"));
            }
        }
    }
    let results: Vec<Result<(IndicatorValues, Vec<String>)>> =
        formula.indicators.par_iter().map(|ind| indicator_values(ind, &district, &groups, &formula.data.missing_values)).collect();
    let mut indicators = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for (ind, r) in formula.indicators.iter().zip(results) {
        match r {
            Ok((v, w)) => {
                warnings.extend(w.into_iter().map(|w| format!("indicator '{}': {w}", ind.id)));
                indicators.push(v);
            }
            Err(e) => problems.extend(e.problems),
        }
    }
    if !problems.is_empty() {
        return Err(Error::many(ErrorKind::Data, problems));
    }
    let mut domains: Vec<DomainValues> = Vec::with_capacity(formula.domains.len());
    for (d, dom) in formula.domains.iter().enumerate() {
        let mut v = aggregate(formula, d, &indicators, &domains, n);
        if let Some(norm) = &dom.normaliser {
            let mut w = Vec::new();
            let nv = groups.map(&v.score, |_, vals| norm.apply(vals, false, dom.normalised_round, &mut w));
            warnings.extend(w.into_iter().map(|w| format!("{}: {w}", dom.output)));
            v.normalised = Some(nv);
        }
        for (out, norm, round) in &dom.extra {
            let mut w = Vec::new();
            v.extra.push(groups.map(&v.score, |_, vals| norm.apply(vals, false, *round, &mut w)));
            warnings.extend(w.into_iter().map(|w| format!("{out}: {w}")));
        }
        if let Some(cls) = &dom.classes {
            let fin = v.normalised.as_ref().unwrap_or(&v.score).clone();
            let g = group_labels(&district, cls.within.as_ref());
            let floors = floor_values(cls, &district);
            v.classes = Some(cls.assign(&fin, &g, &floors));
        }
        domains.push(v);
    }
    let last = domains.last().expect("index");
    let index = last.normalised.clone().unwrap_or_else(|| last.score.clone());
    let rank = rank_desc(&index);
    let tiers = formula.tiers.as_ref().map(|t| {
        let g = group_labels(&district, t.within.as_ref());
        let floors = floor_values(t, &district);
        t.assign(&index, &g, &floors)
    });
    let mut missing = vec![0u32; n];
    let mut imputed = vec![0u32; n];
    for iv in &indicators {
        for r in 0..n {
            if !iv.weight[r].is_nan() && iv.raw[r].is_nan() {
                missing[r] += 1;
            }
            if iv.imputed[r] {
                imputed[r] += 1;
            }
        }
    }
    Ok(Computation { formula: formula.clone(), district, indicators, domains, index, rank, tiers, missing, imputed, warnings })
}

fn floor_values(t: &crate::tiers::Tiers, district: &District) -> Vec<Vec<f64>> {
    t.floors
        .iter()
        .map(|f| {
            (0..district.len())
                .map(|r| {
                    f.columns
                        .iter()
                        .map(|c| district.num(c)[r])
                        .fold(f64::INFINITY, |a, b| if b.is_nan() || a.is_nan() { f64::NAN } else { a.min(b) })
                })
                .collect()
        })
        .collect()
}

/// Competition ranking, highest value first: rank = 1 + number of strictly higher values.
pub fn rank_desc(values: &[f64]) -> Vec<Option<usize>> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    values.iter().map(|&x| if x.is_nan() { None } else { Some(1 + sorted.partition_point(|&s| s > x)) }).collect()
}

/// Stage 1 of [`compute`]: one indicator's raw values, imputation, transform, normalisation and
/// flag (with any warnings).
pub fn indicator_values(ind: &Indicator, district: &District, groups: &Groups, markers: &[String]) -> Result<(IndicatorValues, Vec<String>)> {
    let n = district.len();
    let mut warnings = Vec::new();
    let raw: Vec<f64> = match &ind.source {
        ValueSource::Column(c) => district.num(c).to_vec(),
        ValueSource::Ratio { numerator, denominator, multiplier } => {
            let (a, b) = (district.num(numerator), district.num(denominator));
            let mut zero = 0;
            let v = a
                .iter()
                .zip(b)
                .map(|(&x, &y)| {
                    if y == 0.0 {
                        zero += 1;
                        f64::NAN
                    } else {
                        x / y * multiplier
                    }
                })
                .collect();
            if zero > 0 {
                warnings.push(format!("{zero} rows have {denominator} = 0; their ratio is missing"));
            }
            v
        }
        ValueSource::Categories { column, map } => {
            let cells = district.txt(column);
            let mut problems = Vec::new();
            let v = cells
                .iter()
                .enumerate()
                .map(|(r, s)| {
                    if s.is_empty() || markers.iter().any(|m| m.trim() == s) {
                        return f64::NAN;
                    }
                    match map.iter().find(|(k, _)| k == s) {
                        Some((_, v)) => *v,
                        None => {
                            let known: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).collect();
                            problems.push(Problem::new(
                                Location::file(&district.source).row(district.source_rows[r]).column(column),
                                format!("'{s}' is not one of the categories of indicator '{}'", ind.id),
                                format!("{}; or add '{s}' to missing_values under [data] if it means no value", crate::error::suggest(s, &known)),
                            ));
                            f64::NAN
                        }
                    }
                })
                .collect();
            if !problems.is_empty() {
                return Err(Error::many(ErrorKind::Data, problems));
            }
            v
        }
    };
    let mut weight: Vec<f64> = match &ind.weight {
        Weight::Fixed(w) => vec![*w; n],
        Weight::Column(c) => district.num(c).to_vec(),
    };
    if let Some(f) = &ind.applies {
        for (w, v) in weight.iter_mut().zip(district.txt(&f.column)) {
            if !f.matches(v) {
                *w = f64::NAN;
            }
        }
    }
    // Not applicable (blank weight) is not missing: the value is dropped silently.
    let mut x: Vec<f64> = raw.iter().zip(&weight).map(|(&v, &w)| if w.is_nan() { f64::NAN } else { v }).collect();
    let mut imputed = vec![false; n];
    if let Some(im) = &ind.impute {
        let g = group_labels(district, im.within.as_ref());
        for rows in &g.members {
            let mut present: Vec<f64> = rows.iter().map(|&r| x[r]).filter(|v| !v.is_nan()).collect();
            if present.is_empty() {
                continue;
            }
            let fill = if im.median {
                present.sort_unstable_by(f64::total_cmp);
                crate::tiers::percentile_inc(&present, 0.5)
            } else {
                present.iter().sum::<f64>() / present.len() as f64
            };
            for &r in rows {
                if x[r].is_nan() && !weight[r].is_nan() {
                    x[r] = fill;
                    imputed[r] = true;
                }
            }
        }
    }
    let mut present = x.iter().filter(|v| !v.is_nan());
    match present.next() {
        None => warnings.push("no school has a value".into()),
        Some(first) => {
            if present.all(|v| v == first) {
                warnings.push(format!("every school has the same value ({first}): the indicator does not tell schools apart"));
            }
        }
    }
    let imputed_input = imputed.iter().any(|b| *b).then(|| x.clone());
    if let Some(t) = ind.transform {
        x = groups.map(&x, |_, v| transform(v, t, &mut warnings));
    }
    let reflect = ind.direction == Direction::Lower;
    let value = groups.map(&x, |_, v| ind.normaliser.apply(v, reflect, ind.round, &mut warnings));
    let flag = ind.flag.as_ref().map(|(t, _)| value.iter().map(|&v| if v.is_nan() { f64::NAN } else { f64::from(u8::from(v >= *t)) }).collect());
    warnings.dedup();
    Ok((IndicatorValues { raw, value, weight, imputed_input, imputed, flag }, warnings))
}

/// A child's weight in an aggregate: one per school (indicators), or one for all (domains).
enum ChildWeight<'a> {
    PerRow(&'a [f64]),
    Fixed(f64),
}

impl ChildWeight<'_> {
    fn at(&self, r: usize) -> f64 {
        match self {
            ChildWeight::PerRow(w) => w[r],
            ChildWeight::Fixed(w) => *w,
        }
    }
}

/// Stage 2 of [`compute`]: aggregate `d` of `formula` from its children's values (children are
/// earlier in `doms`).
pub fn aggregate(formula: &Formula, d: usize, inds: &[IndicatorValues], doms: &[DomainValues], n: usize) -> DomainValues {
    let dom = &formula.domains[d];
    let k = dom.children.len();
    // Child values and weights, column by column.
    let mut vals: Vec<&[f64]> = Vec::with_capacity(k);
    let mut wts: Vec<ChildWeight> = Vec::with_capacity(k);
    let mut child_names: Vec<String> = Vec::with_capacity(k);
    let mut child_reasons: Vec<Option<&Vec<Option<String>>>> = Vec::with_capacity(k);
    for c in &dom.children {
        match *c {
            Child::Indicator(i) => {
                vals.push(&inds[i].value);
                wts.push(ChildWeight::PerRow(&inds[i].weight));
                child_names.push(format!("indicator '{}'", formula.indicators[i].id));
                child_reasons.push(None);
            }
            Child::Domain(c) => {
                let cd = &formula.domains[c];
                vals.push(doms[c].feed(cd.feeds_normalised));
                let w = cd.weight;
                wts.push(ChildWeight::Fixed(w));
                child_names.push(format!("domain '{}'", cd.id));
                child_reasons.push(Some(&doms[c].reasons));
            }
        }
    }
    // Descendant indicators (applicable / present) for the coverage rule.
    let desc = &dom.indicators;
    let mut score = vec![f64::NAN; n];
    let mut slopes = vec![vec![f64::NAN; n]; k];
    let mut reasons = vec![None; n];
    let linear = dom.aggregation.is_linear();
    for r in 0..n {
        let applicable = desc.iter().filter(|&&i| !inds[i].weight[r].is_nan()).count();
        let present = desc.iter().filter(|&&i| !inds[i].value[r].is_nan()).count();
        if applicable == 0 {
            reasons[r] = Some(format!("{}: no indicator applies", dom.describe()));
            continue;
        }
        let mut missing_child = None;
        let mut children_present = 0;
        for j in 0..k {
            if wts[j].at(r).is_nan() {
                continue;
            }
            if vals[j][r].is_nan() {
                if missing_child.is_none() {
                    missing_child = Some(j);
                }
            } else {
                children_present += 1;
            }
        }
        match dom.missing {
            MissingRule::Propagate => {
                if let Some(j) = missing_child {
                    reasons[r] = Some(match child_reasons[j].and_then(|cr| cr[r].clone()) {
                        Some(why) => why,
                        None => format!("{} is missing (and {} propagates missing values)", child_names[j], dom.describe()),
                    });
                    continue;
                }
            }
            MissingRule::Drop { min_children, .. } => {
                let need = dom.missing.required(applicable);
                if children_present == 0
                    && let Some(why) = missing_child.and_then(|j| child_reasons[j].and_then(|cr| cr[r].clone()))
                {
                    reasons[r] = Some(why);
                    continue;
                }
                if present < need || children_present == 0 {
                    reasons[r] = Some(format!("{}: {present} of {applicable} indicators present, at least {} needed", dom.describe(), need.max(1)));
                    continue;
                }
                if children_present < min_children {
                    let why =
                        missing_child.and_then(|j| child_reasons[j].and_then(|cr| cr[r].clone())).map(|w| format!(" ({w})")).unwrap_or_default();
                    reasons[r] = Some(format!("{}: {children_present} of its parts present, at least {min_children} needed{why}", dom.describe()));
                    continue;
                }
            }
        }
        let (mut sw, mut acc) = (0.0, 0.0);
        match dom.aggregation {
            Aggregation::Mean | Aggregation::Sum => {
                for j in 0..k {
                    let (v, w) = (vals[j][r], wts[j].at(r));
                    if !v.is_nan() && !w.is_nan() {
                        acc += w * v;
                        sw += w;
                    }
                }
                let denom = if dom.aggregation == Aggregation::Mean { sw } else { 1.0 };
                score[r] = acc / denom * dom.multiplier;
                if linear {
                    for j in 0..k {
                        if !vals[j][r].is_nan() && !wts[j].at(r).is_nan() {
                            slopes[j][r] = wts[j].at(r) / denom * dom.multiplier;
                        }
                    }
                }
            }
            Aggregation::Geometric { zero_floor } => {
                let mut zero = false;
                for j in 0..k {
                    let (mut v, w) = (vals[j][r], wts[j].at(r));
                    if v.is_nan() || w.is_nan() {
                        continue;
                    }
                    if v <= 0.0 {
                        match zero_floor {
                            Some(z) => v = z,
                            None => zero = true,
                        }
                    }
                    acc += w * v.max(f64::MIN_POSITIVE).ln();
                    sw += w;
                }
                score[r] = if zero { 0.0 } else { (acc / sw).exp() * dom.multiplier };
            }
            Aggregation::Product => {
                let mut p = 1.0;
                for j in 0..k {
                    let (v, w) = (vals[j][r], wts[j].at(r));
                    if !v.is_nan() && !w.is_nan() {
                        p *= v.powf(w);
                    }
                }
                score[r] = p * dom.multiplier;
            }
            Aggregation::Min | Aggregation::Max => {
                let it = (0..k).filter(|&j| !vals[j][r].is_nan() && !wts[j].at(r).is_nan()).map(|j| vals[j][r]);
                let v = if dom.aggregation == Aggregation::Min { it.fold(f64::INFINITY, f64::min) } else { it.fold(f64::NEG_INFINITY, f64::max) };
                score[r] = v * dom.multiplier;
            }
        }
        if let Some(dp) = dom.round {
            score[r] = crate::normalise::round_half_up(score[r], dp);
        }
    }
    let flags = dom.flags_output.as_ref().map(|_| {
        (0..n)
            .map(|r| {
                let mut count = 0.0;
                for &i in desc {
                    if let Some(f) = &inds[i].flag {
                        if inds[i].weight[r].is_nan() {
                            continue;
                        }
                        let v = f[r];
                        if v.is_nan() {
                            if dom.missing == MissingRule::Propagate {
                                return f64::NAN;
                            }
                        } else {
                            count += v;
                        }
                    }
                }
                count
            })
            .collect()
    });
    DomainValues { score, normalised: None, flags, extra: Vec::new(), classes: None, slopes, reasons }
}

impl Computation {
    /// Number of schools.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are no schools.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Why a school has no index (None when it has one).
    pub fn reason(&self, row: usize) -> Option<&str> {
        if self.index[row].is_nan() { self.domains.last().and_then(|d| d.reasons[row].as_deref()).or(Some("no index value")) } else { None }
    }

    /// Each indicator's contribution to the index *score* of a school (before any
    /// re-normalisation of the index): normalised value × the product of the slopes on its path.
    /// They add up to the score when every aggregate on the way is a mean or a sum fed by scores;
    /// otherwise the contribution is `NaN`.
    pub fn contributions(&self, row: usize) -> Vec<f64> {
        (0..self.formula.indicators.len())
            .map(|i| {
                let v = self.indicators[i].value[row];
                if v.is_nan() { 0.0 } else { v * self.index_slope(i, row) }
            })
            .collect()
    }
}

impl Computation {
    /// The normalised value a school would get for indicator `i` if its input were `x`, holding
    /// every other school's value fixed (transform and normaliser rerun on its group).
    pub fn normalised_with(&self, i: usize, row: usize, x: f64) -> f64 {
        let ind = &self.formula.indicators[i];
        let groups = group_labels(&self.district, self.formula.data.normalise_within.as_ref());
        let members = groups.members.iter().find(|m| m.binary_search(&row).is_ok()).expect("every row is in a group");
        let mut vals: Vec<f64> = members.iter().map(|&r| self.indicators[i].input(r)).collect();
        let pos = members.binary_search(&row).expect("row in its group");
        vals[pos] = x;
        let mut w = Vec::new();
        if let Some(t) = ind.transform {
            vals = transform(&vals, t, &mut w);
        }
        ind.normaliser.apply(&vals, ind.direction == Direction::Lower, ind.round, &mut w)[pos]
    }

    /// ∂(index score)/∂(normalised value of indicator `i`) for a school: the product of the
    /// slopes on the path (`NaN` when a step is not linear, 0 when the value is not used).
    pub fn index_slope(&self, i: usize, row: usize) -> f64 {
        let f = &self.formula;
        let mut slope = 1.0;
        let mut child = Child::Indicator(i);
        let mut d = f.indicators[i].parent;
        loop {
            let j = f.domains[d].children.iter().position(|c| *c == child).expect("child of parent");
            slope *= self.domains[d].slopes[j][row];
            match f.domains[d].parent {
                Some(_) if f.domains[d].feeds_normalised => return f64::NAN,
                Some(p) => {
                    child = Child::Domain(d);
                    d = p;
                }
                None => return slope,
            }
        }
    }
}
