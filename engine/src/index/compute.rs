//! Applying a formula to a district: indicators in parallel, then the aggregates from the
//! leaves up, then rank and tiers.

use super::aggregate::aggregate;
use super::computation::{Computation, DomainValues, IndicatorValues, RowWeights};
use super::indicator::indicator_values;
use crate::data::District;
use crate::error::{Error, ErrorKind, Problems, Result};
use crate::formula::{Domain, Formula, Weight};
use crate::num::{Groups, ordered_ranks, radix_order_desc_into, unify_ordered_ties, with_scratch};
use crate::tiers::Tiers;
use rayon::prelude::*;

/// Applies `formula` to `district`: every school's indicator values, aggregates, index, rank
/// and tier, with the reason for every missing index.
pub fn compute(formula: &Formula, district: District) -> Result<Computation> {
    let groups = district.groups_by(formula.data.normalise_within.as_ref());
    let mut warnings = reading_warnings(formula, &district, &groups);
    let indicators = all_indicators(formula, &district, &groups, &mut warnings)?;
    aggregated(formula, district, &groups, indicators, warnings)
}

/// `formula` on the district of `before`: when the two formulas differ only in fixed weights of
/// indicators and domains (what a what-if slider moves), the indicators' normalised values are
/// kept and only the aggregates, the index, ranks and tiers are worked out again — the same
/// numbers as [`compute`], for a fraction of the work. Any other change computes in full.
pub fn recompute(before: &Computation, formula: &Formula) -> Result<Computation> {
    if !only_weights_differ(&before.formula, formula) {
        return compute(formula, before.district.clone());
    }
    let district = before.district.clone();
    let groups = district.groups_by(formula.data.normalise_within.as_ref());
    let mut indicators = before.indicators.clone();
    for (iv, ind) in indicators.iter_mut().zip(&formula.indicators) {
        if let (Weight::Fixed(w), RowWeights::Fixed(_)) = (&ind.weight, &iv.weight) {
            iv.weight = RowWeights::Fixed(*w);
        }
    }
    let mut warnings = reading_warnings(formula, &district, &groups);
    warnings.extend(before.warnings.iter().filter(|w| w.starts_with("indicator '")).cloned());
    aggregated(formula, district, &groups, indicators, warnings)
}

/// Whether two formulas read and normalise the data alike: the same data settings and the same
/// indicators and aggregates but for their fixed weights (tiers, money and audits may differ).
fn only_weights_differ(a: &Formula, b: &Formula) -> bool {
    let unweighted = |f: &Formula| {
        let inds: Vec<_> = f
            .indicators
            .iter()
            .map(|i| {
                let mut i = i.clone();
                if matches!(i.weight, Weight::Fixed(_)) {
                    i.weight = Weight::Fixed(1.0);
                }
                i
            })
            .collect();
        let doms: Vec<_> = f.domains.iter().map(|d| Domain { weight: 1.0, ..d.clone() }).collect();
        (inds, doms)
    };
    a.data == b.data && unweighted(a) == unweighted(b)
}

/// The aggregates from the leaves up, the index, ranks and tiers, from the indicators' values.
fn aggregated(
    formula: &Formula,
    district: District,
    groups: &Groups,
    indicators: Vec<IndicatorValues>,
    mut warnings: Vec<String>,
) -> Result<Computation> {
    let mut domains: Vec<DomainValues> = Vec::with_capacity(formula.domains.len());
    for (d, dom) in formula.domains.iter().enumerate() {
        let mut v = aggregate(formula, d, &indicators, &domains, district.len());
        with_scratch(|s| {
            radix_order_desc_into(&v.score, s);
            unify_ordered_ties(&mut v.score, &s.order);
            finish_domain(dom, &mut v, &district, groups, &s.order, &mut warnings);
        });
        check_finite(formula, d, &v, &district)?;
        domains.push(v);
    }
    let mut index = domains.last().expect("index").final_value().to_vec();
    let mut rank = vec![None; index.len()];
    let tiers = with_scratch(|s| {
        radix_order_desc_into(&index, s);
        unify_ordered_ties(&mut index, &s.order);
        ordered_ranks(&index, &s.order, |r, k| rank[r] = Some(k));
        formula.tiers.as_ref().map(|t| assign_tiers(t, &index, &s.order, &district))
    });
    let (missing, imputed) = missing_and_imputed(&indicators, district.len());
    Ok(Computation {
        formula: formula.clone(),
        district,
        indicators,
        domains,
        index,
        rank,
        tiers,
        missing,
        imputed,
        warnings,
    })
}

/// Every school with a score has a finite one: huge weights, multipliers or values that overflow
/// are an error, never a silent missing value or an infinity in an output.
fn check_finite(formula: &Formula, d: usize, v: &DomainValues, district: &District) -> Result<()> {
    let dom = &formula.domains[d];
    let bad = |x: f64| x.is_infinite();
    let overflowed = (0..district.len()).find(|&r| {
        let computed = v.reasons[r].is_none();
        (computed && !v.score[r].is_finite())
            || v.normalised.as_ref().is_some_and(|n| bad(n[r]))
            || v.extra.iter().any(|e| bad(e[r]))
    });
    let Some(r) = overflowed else { return Ok(()) };
    let path: Vec<&str> = if dom.id == "index" { vec!["index"] } else { vec!["domains", &dom.id] };
    Err(Error::formula(
        formula.locate(&path),
        format!(
            "{} is not a finite number for school {} (row {}): its weights, multiplier or values are too large or too small to compute with",
            dom.describe(),
            district.ids[r],
            district.source_rows[r]
        ),
        "use weights of ordinary size (a mean only uses their shares: 1 and 2 weigh as 1e300 and 2e300) and check the data for values near ±1.8e308",
    ))
}

/// Rolling windows longer than the data, marker cells treated as missing, and groups of a
/// single school.
fn reading_warnings(formula: &Formula, district: &District, groups: &Groups) -> Vec<String> {
    let mut warnings: Vec<String> = rolling_too_long(formula, district).into_iter().collect();
    warnings.extend(
        district
            .markers
            .iter()
            .map(|(c, k)| format!("column '{c}': {k} marked cells treated as missing")),
    );
    warnings.extend(district.warnings.iter().cloned());
    if formula.data.normalise_within.is_some() {
        for (label, m) in groups.labels.iter().zip(&groups.members) {
            if m.len() == 1 {
                warnings.push(format!(
                    "group '{label}' has a single school: its normalised values carry no comparison"
                ));
            }
        }
    }
    warnings
}

/// Every indicator's values (in parallel); problems of all indicators are reported together.
fn all_indicators(
    formula: &Formula,
    district: &District,
    groups: &Groups,
    warnings: &mut Vec<String>,
) -> Result<Vec<IndicatorValues>> {
    let markers = &formula.data.missing_values;
    let results: Vec<_> = formula
        .indicators
        .par_iter()
        .map(|ind| indicator_values(ind, district, groups, markers))
        .collect();
    let mut indicators = Vec::with_capacity(results.len());
    let mut problems = Problems::default();
    for (ind, r) in formula.indicators.iter().zip(results) {
        match r {
            Ok((v, w)) => {
                warnings.extend(w.into_iter().map(|w| format!("indicator '{}': {w}", ind.id)));
                indicators.push(v);
            }
            Err(e) => problems.extend(e.problems),
        }
    }
    problems.check(ErrorKind::Data)?;
    Ok(indicators)
}

/// Indicators whose rolling window is longer than this period and the ones before it, said once.
fn rolling_too_long(formula: &Formula, district: &District) -> Option<String> {
    let period = district.period.as_ref()?;
    let there = 1 + district.history.len();
    let long: Vec<(&str, usize)> = formula
        .indicators
        .iter()
        .filter_map(|i| i.rolling.as_ref().map(|r| (i.id.as_str(), r.periods)))
        .filter(|(_, p)| *p > there)
        .collect();
    let most = long.iter().map(|(_, p)| *p).max()?;
    let ids: Vec<&str> = long.iter().map(|(id, _)| *id).collect();
    Some(format!(
        "rolling = {most} periods for {} indicator{} ({}), but {period} has {there} to average (itself and those before it): each average uses what there is",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        ids.join(", ")
    ))
}

/// Re-normalisation, extra outputs and classes of an aggregate's score (`order`: its present
/// scores, highest first).
fn finish_domain(
    dom: &Domain,
    v: &mut DomainValues,
    district: &District,
    groups: &Groups,
    order: &[u32],
    warnings: &mut Vec<String>,
) {
    if let Some(norm) = &dom.normaliser {
        let mut w = Vec::new();
        v.normalised = Some(
            groups.map(&v.score, |_, vals| norm.apply(vals, false, dom.normalised_round, &mut w)),
        );
        warnings.extend(w.into_iter().map(|w| format!("{}: {w}", dom.output)));
    }
    for e in &dom.extra {
        let mut w = Vec::new();
        v.extra
            .push(groups.map(&v.score, |_, vals| e.normaliser.apply(vals, false, e.round, &mut w)));
        warnings.extend(w.into_iter().map(|w| format!("{}: {w}", e.output)));
    }
    if let Some(cls) = &dom.classes {
        v.classes = Some(match &v.normalised {
            Some(n) => assign_tiers(cls, n, &[], district),
            None => assign_tiers(cls, &v.score, order, district),
        });
    }
}

/// Tier positions of values, within the tiers' groups and with their floors. `order` holds the
/// present values' rows, highest first, when known (empty: not known); ungrouped tiers use it
/// instead of sorting.
fn assign_tiers(
    t: &Tiers,
    values: &[f64],
    order: &[u32],
    district: &District,
) -> Vec<Option<usize>> {
    let floors = floor_values(t, district);
    let present = values.iter().filter(|x| !x.is_nan()).count();
    if t.within.is_none() && order.len() == present {
        return t.assign_ordered(values, order, &floors);
    }
    let groups = district.groups_by(t.within.as_ref());
    t.assign(values, &groups, &floors)
}

/// Per floor, per school: the minimum of the floor's columns (`NaN` when one is missing).
fn floor_values(t: &Tiers, district: &District) -> Vec<Vec<f64>> {
    let min_of = |cols: &[String], r: usize| {
        cols.iter()
            .map(|c| district.num(c)[r])
            .fold(f64::INFINITY, |a, b| if b.is_nan() || a.is_nan() { f64::NAN } else { a.min(b) })
    };
    t.floors.iter().map(|f| (0..district.len()).map(|r| min_of(&f.columns, r)).collect()).collect()
}

/// Per school: applicable indicators without a raw value, and imputed values.
fn missing_and_imputed(indicators: &[IndicatorValues], n: usize) -> (Vec<u32>, Vec<u32>) {
    let mut missing = vec![0u32; n];
    let mut imputed = vec![0u32; n];
    for iv in indicators {
        for r in 0..n {
            if iv.applies(r) && iv.raw[r].is_nan() {
                missing[r] += 1;
            }
            if iv.imputed[r] {
                imputed[r] += 1;
            }
        }
    }
    (missing, imputed)
}
