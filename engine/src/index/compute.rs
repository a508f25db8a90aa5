//! Applying a formula to a district: indicators in parallel, then the aggregates from the
//! leaves up, then rank and tiers — each a column built once.

use super::aggregate::{ScoreScratch, coverage, scores};
use super::computation::{Column, Computation, DomainValues, IndicatorValues, Reasons};
use super::indicator::indicator_values;
use crate::data::District;
use crate::error::{Error, ErrorKind, Problems, Result};
use crate::formula::Formula;
use crate::num::{
    Groups, ordered_ranks, radix_order_desc_into, release_scratch, unify_ordered_ties, with_scratch,
};
use crate::tiers::Tiers;
use rayon::prelude::*;
use std::cell::OnceCell;
use std::sync::Arc;

/// Applies `formula` to `district`: every school's indicator values, aggregates, index, rank
/// and tier, with the reason for every missing index.
pub fn compute(formula: &Formula, district: District) -> Result<Computation> {
    let district = Arc::new(district);
    let cx = Context::new(formula, &district);
    let n = district.len();
    let mut warnings = reading_warnings(formula, &district, cx.groups());
    let indicators = all_indicators(formula, &district, cx.groups(), &mut warnings)?;
    release_scratch(); // the pool's threads sort no more: the aggregates sort on this one
    let input_warnings = Arc::new(warnings.clone());
    let mut domains: Vec<DomainValues> = Vec::with_capacity(formula.domains.len());
    let mut scratch = ScoreScratch::default();
    for d in 0..formula.domains.len() {
        let (reasons, flags) = coverage(formula, d, &indicators, &domains, n);
        let flags = flags.map(Arc::new);
        let v = cx.domain(d, &indicators, &domains, Arc::new(reasons), flags, &mut scratch)?;
        warnings.extend(v.warnings.iter().cloned());
        domains.push(v);
    }
    drop(scratch);
    let (missing, imputed) = missing_and_imputed(&indicators, n);
    let (index, rank, tiers) = cx.ranked(domains.last().expect("index").final_value());
    release_scratch();
    let (warnings, consequential) =
        consequential_first(formula, &district, &index, tiers.as_deref(), warnings);
    Ok(Computation {
        formula: formula.clone(),
        district,
        indicators,
        domains,
        index,
        rank,
        tiers,
        missing: Arc::new(missing),
        imputed: Arc::new(imputed),
        warnings,
        consequential,
        input_warnings,
    })
}

/// The warnings with those that change money or tiers first (the data's own, a tier group of
/// one, a normalisation group of one), and how many of them there are.
pub(super) fn consequential_first(
    formula: &Formula,
    district: &District,
    index: &[f64],
    tiers: Option<&[Option<usize>]>,
    warnings: Vec<String>,
) -> (Vec<String>, usize) {
    let mut first = district.consequential.clone();
    first.extend(lone_tier_groups(formula, district, index, tiers));
    let (lone, rest): (Vec<String>, Vec<String>) =
        warnings.into_iter().partition(|w| w.starts_with(LONE_GROUP));
    first.extend(lone);
    let consequential = first.len();
    first.extend(rest);
    (first, consequential)
}

/// The start of the warning about a normalisation group of one.
const LONE_GROUP: &str = "normalised within";

/// Tiers within groups where a group has one ranked school: alone, it is always in the same
/// tier (with quantile tiers, the first), whatever its need — said first, as it changes money.
fn lone_tier_groups(
    formula: &Formula,
    district: &District,
    index: &[f64],
    tiers: Option<&[Option<usize>]>,
) -> Option<String> {
    let t = formula.tiers.as_ref()?;
    let column = t.within.as_ref()?;
    let groups = district.groups_by(Some(column));
    let tiers = tiers?;
    let mut lone: Vec<String> = Vec::new();
    let mut named = std::collections::BTreeSet::new();
    for (label, m) in groups.labels.iter().zip(&groups.members) {
        let ranked: Vec<usize> = m.iter().copied().filter(|&r| !index[r].is_nan()).collect();
        if let [r] = ranked[..] {
            lone.push(format!("{label} ({})", district.ids[r]));
            named.insert(t.name(tiers[r]).to_string());
        }
    }
    if lone.is_empty() {
        return None;
    }
    let (unit, units) = &formula.data.unit;
    let names: Vec<String> = named.into_iter().map(|n| format!("'{n}'")).collect();
    let one = lone.len() == 1;
    Some(format!(
        "tiers within '{column}': {} group{} a single ranked {unit} ({}), so {} in tier {} on its own, whatever its need, and is paid as that tier; fix: form tiers across all {units}, or group the {units} so that every group has several",
        lone.len(),
        if one { " has" } else { "s have" },
        lone.join(", "),
        if one { "it is" } else { "each is" },
        names.join(" or "),
    ))
}

/// The index, its ranks and its tiers.
pub(super) type Ranked = (Column<f64>, Column<Option<usize>>, Option<Vec<Option<usize>>>);

/// What the aggregates of one computation share: the formula, the district and (made when first
/// needed) the groups it normalises within.
pub(super) struct Context<'a> {
    formula: &'a Formula,
    district: &'a District,
    groups: OnceCell<Groups>,
}

impl<'a> Context<'a> {
    pub(super) fn new(formula: &'a Formula, district: &'a District) -> Context<'a> {
        Context { formula, district, groups: OnceCell::new() }
    }

    fn groups(&self) -> &Groups {
        self.groups
            .get_or_init(|| self.district.groups_by(self.formula.data.normalise_within.as_ref()))
    }

    /// Aggregate `d` from its children (earlier in `doms`) and what weights never change of it
    /// (`reasons`, `flags`): the score, its ties made equal, its re-normalisation, extra outputs
    /// and classes.
    pub(super) fn domain(
        &self,
        d: usize,
        inds: &[IndicatorValues],
        doms: &[DomainValues],
        reasons: Arc<Reasons>,
        flags: Option<Column<f64>>,
        scratch: &mut ScoreScratch,
    ) -> Result<DomainValues> {
        let mut score = scores(self.formula, d, inds, doms, &reasons, scratch);
        let v = with_scratch(|s| {
            radix_order_desc_into(&score, s);
            unify_ordered_ties(&mut score, &s.order);
            self.finished(d, score, reasons, flags, &s.order)
        });
        check_finite(self.formula, d, &v, self.district)?;
        Ok(v)
    }

    /// An aggregate's values from its score (`order`: its present scores, highest first):
    /// re-normalisation, extra outputs and classes, with their warnings.
    fn finished(
        &self,
        d: usize,
        score: Vec<f64>,
        reasons: Arc<Reasons>,
        flags: Option<Column<f64>>,
        order: &[u32],
    ) -> DomainValues {
        let dom = &self.formula.domains[d];
        let mut warnings = Vec::new();
        let normalised = dom.normaliser.as_ref().map(|norm| {
            let mut w = Vec::new();
            let r = dom.normalised_round;
            let v = self.groups().map(&score, |_, vals| norm.apply(vals, false, r, &mut w));
            warnings.extend(w.into_iter().map(|w| format!("{}: {w}", dom.output)));
            Arc::new(v)
        });
        let mut extra = Vec::with_capacity(dom.extra.len());
        for e in &dom.extra {
            let mut w = Vec::new();
            extra.push(
                self.groups()
                    .map(&score, |_, vals| e.normaliser.apply(vals, false, e.round, &mut w)),
            );
            warnings.extend(w.into_iter().map(|w| format!("{}: {w}", e.output)));
        }
        let classes = dom.classes.as_ref().map(|cls| {
            Arc::new(match &normalised {
                Some(n) => assign_tiers(cls, n, &[], self.district),
                None => assign_tiers(cls, &score, order, self.district),
            })
        });
        let score = Arc::new(score);
        let extra = Arc::new(extra);
        DomainValues { score, normalised, flags, extra, classes, reasons, warnings }
    }

    /// The index from the root aggregate's final value: its ties made equal, ranks and tiers,
    /// from one sort.
    pub(super) fn ranked(&self, root: &[f64]) -> Ranked {
        let mut index = root.to_vec();
        let mut rank = vec![None; index.len()];
        let tiers = with_scratch(|s| {
            radix_order_desc_into(&index, s);
            unify_ordered_ties(&mut index, &s.order);
            ordered_ranks(&index, &s.order, |r, k| rank[r] = Some(k));
            self.formula.tiers.as_ref().map(|t| assign_tiers(t, &index, &s.order, self.district))
        });
        (Arc::new(index), Arc::new(rank), tiers)
    }

    /// The tiers of an index whose ties are already equal.
    pub(super) fn tiers_of(&self, index: &[f64]) -> Option<Vec<Option<usize>>> {
        let t = self.formula.tiers.as_ref()?;
        Some(with_scratch(|s| {
            radix_order_desc_into(index, s);
            assign_tiers(t, index, &s.order, self.district)
        }))
    }
}

/// Every school with a score has a finite one: huge weights, multipliers or values that overflow
/// are an error, never a silent missing value or an infinity in an output.
fn check_finite(formula: &Formula, d: usize, v: &DomainValues, district: &District) -> Result<()> {
    let dom = &formula.domains[d];
    let bad = |x: f64| x.is_infinite();
    let overflowed = (0..district.len()).find(|&r| {
        let computed = v.reasons.has_score(r);
        (computed && !v.score[r].is_finite())
            || v.normalised.as_ref().is_some_and(|n| bad(n[r]))
            || v.extra.iter().any(|e| bad(e[r]))
    });
    let Some(r) = overflowed else { return Ok(()) };
    let path: Vec<&str> = if dom.id == "index" { vec!["index"] } else { vec!["domains", &dom.id] };
    Err(Error::formula(
        formula.locate(&path),
        format!(
            "{} is not a finite number for {} {} (row {}): its weights, multiplier or values are too large or too small to compute with",
            dom.describe(),
            formula.data.unit.0,
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
                    "{LONE_GROUP} '{}': group '{label}' has a single {}: its normalised values carry no comparison, so its index and tier say nothing about its need against others",
                    formula.data.normalise_within.as_deref().unwrap_or_default(),
                    formula.data.unit.0
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
    // One column of imputed flags shared by every indicator that imputed nothing.
    let none_imputed: Column<bool> = Arc::new(vec![false; district.len()]);
    for (ind, r) in formula.indicators.iter().zip(results) {
        match r {
            Ok((mut v, w)) => {
                warnings.extend(w.into_iter().map(|w| format!("indicator '{}': {w}", ind.id)));
                if v.imputed_input.is_none() {
                    v.imputed = Arc::clone(&none_imputed);
                }
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
