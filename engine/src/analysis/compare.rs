//! Two runs on the same district: who gains, who loses, which schools change tier.

use super::run::Run;
use crate::allocate::{TierRow, by_tier};
use crate::index::Computation;
use serde::Serialize;
use std::collections::HashMap;

/// One school under both runs.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolChange {
    /// Id.
    pub(crate) id: String,
    /// Name.
    pub(crate) name: String,
    /// Pupils (run A).
    pub(crate) pupils: f64,
    /// Index in A.
    pub(crate) index_a: Option<f64>,
    /// Index in B.
    pub(crate) index_b: Option<f64>,
    /// Rank in A.
    pub(crate) rank_a: Option<usize>,
    /// Rank in B.
    pub(crate) rank_b: Option<usize>,
    /// Tier in A.
    pub(crate) tier_a: String,
    /// Tier in B.
    pub(crate) tier_b: String,
    /// Tier position in A (in `tiers_a`).
    pub(crate) tier_pos_a: usize,
    /// Tier position in B (in `tiers_b`).
    pub(crate) tier_pos_b: usize,
    /// Total cents in A.
    pub(crate) total_a: i64,
    /// Total cents in B.
    pub(crate) total_b: i64,
}

impl SchoolChange {
    /// Id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Pupils (run A).
    pub fn pupils(&self) -> f64 {
        self.pupils
    }

    /// Index in A.
    pub fn index_a(&self) -> Option<f64> {
        self.index_a
    }

    /// Index in B.
    pub fn index_b(&self) -> Option<f64> {
        self.index_b
    }

    /// Rank in A.
    pub fn rank_a(&self) -> Option<usize> {
        self.rank_a
    }

    /// Rank in B.
    pub fn rank_b(&self) -> Option<usize> {
        self.rank_b
    }

    /// Tier in A.
    pub fn tier_a(&self) -> &str {
        &self.tier_a
    }

    /// Tier in B.
    pub fn tier_b(&self) -> &str {
        &self.tier_b
    }

    /// Tier position in A (in `tiers_a`).
    pub fn tier_pos_a(&self) -> usize {
        self.tier_pos_a
    }

    /// Tier position in B (in `tiers_b`).
    pub fn tier_pos_b(&self) -> usize {
        self.tier_pos_b
    }

    /// Total cents in A.
    pub fn total_a(&self) -> i64 {
        self.total_a
    }

    /// Total cents in B.
    pub fn total_b(&self) -> i64 {
        self.total_b
    }
}

impl SchoolChange {
    /// B − A in cents.
    pub fn change(&self) -> i64 {
        self.total_b - self.total_a
    }
}

/// The comparison of two runs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What a row is, in the singular and the plural (B's `[data] unit`).
    pub(crate) unit: (String, String),
    /// Label of A.
    pub(crate) a: String,
    /// Label of B.
    pub(crate) b: String,
    /// Schools in both, biggest gain first (ties by id).
    pub(crate) schools: Vec<SchoolChange>,
    /// Ids only in A.
    pub(crate) only_a: Vec<String>,
    /// Ids only in B.
    pub(crate) only_b: Vec<String>,
    /// Tier names of A (rows of the cross-table), then "(no tier)".
    pub(crate) tiers_a: Vec<String>,
    /// Tier names of B (columns), then "(no tier)".
    pub(crate) tiers_b: Vec<String>,
    /// Schools by A tier × B tier.
    pub(crate) cross: Vec<Vec<usize>>,
    /// Money by tier under A (tiers, all schools).
    pub(crate) by_tier_a: Option<(Vec<TierRow>, TierRow)>,
    /// Money by tier under B.
    pub(crate) by_tier_b: Option<(Vec<TierRow>, TierRow)>,
    /// Each school's index change split by indicator, when both runs have the same indicators
    /// (e.g. one formula in two periods).
    pub(crate) shifts: Option<Vec<IndicatorShift>>,
    /// Every program (and line of the calculation) both runs have, when a run has lines that
    /// are not paid (a state formula: formula aid, local share, the year's adjustments).
    pub(crate) lines: Vec<LineChange>,
    /// The parameters A's solve found (name, value).
    pub(crate) solved_a: Vec<(String, f64)>,
    /// The parameters B's solve found.
    pub(crate) solved_b: Vec<(String, f64)>,
    /// What the total is called (B's formula), e.g. "State cost".
    pub(crate) total_label: Option<String>,
}

/// One program (or line of the calculation) under both runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineChange {
    /// Program id.
    pub(crate) id: String,
    /// Label (B's).
    pub(crate) label: String,
    /// Whether it counts in the total (B).
    pub(crate) in_total: bool,
    /// Total cents under A (schools in both).
    pub(crate) total_a: i64,
    /// Total cents under B.
    pub(crate) total_b: i64,
    /// Schools with more under B.
    pub(crate) gaining: usize,
    /// Schools with less under B.
    pub(crate) losing: usize,
}

impl LineChange {
    /// Program id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Label (B's).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Whether it counts in the total (B).
    pub fn in_total(&self) -> bool {
        self.in_total
    }

    /// Total cents under A (schools in both).
    pub fn total_a(&self) -> i64 {
        self.total_a
    }

    /// Total cents under B.
    pub fn total_b(&self) -> i64 {
        self.total_b
    }

    /// Schools with more under B.
    pub fn gaining(&self) -> usize {
        self.gaining
    }

    /// Schools with less under B.
    pub fn losing(&self) -> usize {
        self.losing
    }
}

impl Comparison {
    /// What a row is, in the singular and the plural (B's `[data] unit`).
    pub fn unit(&self) -> &(String, String) {
        &self.unit
    }

    /// Label of A.
    pub fn a(&self) -> &str {
        &self.a
    }

    /// Label of B.
    pub fn b(&self) -> &str {
        &self.b
    }

    /// Schools in both, biggest gain first (ties by id).
    pub fn schools(&self) -> &[SchoolChange] {
        &self.schools
    }

    /// Ids only in A.
    pub fn only_a(&self) -> &[String] {
        &self.only_a
    }

    /// Ids only in B.
    pub fn only_b(&self) -> &[String] {
        &self.only_b
    }

    /// Tier names of A (rows of the cross-table), then "(no tier)".
    pub fn tiers_a(&self) -> &[String] {
        &self.tiers_a
    }

    /// Tier names of B (columns), then "(no tier)".
    pub fn tiers_b(&self) -> &[String] {
        &self.tiers_b
    }

    /// Schools by A tier × B tier.
    pub fn cross(&self) -> &[Vec<usize>] {
        &self.cross
    }

    /// Money by tier under A (tiers, all schools).
    pub fn by_tier_a(&self) -> Option<&(Vec<TierRow>, TierRow)> {
        self.by_tier_a.as_ref()
    }

    /// Money by tier under B.
    pub fn by_tier_b(&self) -> Option<&(Vec<TierRow>, TierRow)> {
        self.by_tier_b.as_ref()
    }

    /// Each school's index change split by indicator, when both runs have the same indicators
    /// (e.g. one formula in two periods).
    pub fn shifts(&self) -> Option<&[IndicatorShift]> {
        self.shifts.as_deref()
    }

    /// Every program and line both runs have, when a run has lines that are not paid.
    pub fn lines(&self) -> &[LineChange] {
        &self.lines
    }

    /// The parameters A's solve found (name, value).
    pub fn solved_a(&self) -> &[(String, f64)] {
        &self.solved_a
    }

    /// The parameters B's solve found.
    pub fn solved_b(&self) -> &[(String, f64)] {
        &self.solved_b
    }

    /// What the total is called (B's formula), e.g. "State cost".
    pub fn total_label(&self) -> Option<&str> {
        self.total_label.as_deref()
    }
}

/// One school's indicator under both runs: raw values and contributions to the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorShift {
    /// Position of the school in [`Comparison::schools`].
    pub(crate) school: usize,
    /// Indicator id.
    pub(crate) indicator: String,
    /// Raw value under A (`NaN` = none).
    pub(crate) raw_a: f64,
    /// Raw value under B.
    pub(crate) raw_b: f64,
    /// Contribution to the index under A (0 without a value).
    pub(crate) contribution_a: f64,
    /// Contribution under B.
    pub(crate) contribution_b: f64,
}

impl IndicatorShift {
    /// Position of the school in [`Comparison::schools`].
    pub fn school(&self) -> usize {
        self.school
    }

    /// Indicator id.
    pub fn indicator(&self) -> &str {
        &self.indicator
    }

    /// Raw value under A (`NaN` = none).
    pub fn raw_a(&self) -> f64 {
        self.raw_a
    }

    /// Raw value under B.
    pub fn raw_b(&self) -> f64 {
        self.raw_b
    }

    /// Contribution to the index under A (0 without a value).
    pub fn contribution_a(&self) -> f64 {
        self.contribution_a
    }

    /// Contribution under B.
    pub fn contribution_b(&self) -> f64 {
        self.contribution_b
    }
}

impl IndicatorShift {
    /// How much of the index change this indicator explains (B − A).
    pub fn change(&self) -> f64 {
        self.contribution_b - self.contribution_a
    }
}

/// Tier names of a run, then "(no tier)".
fn tier_names(c: &Computation) -> Vec<String> {
    let mut v = c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
    v.push("(no tier)".into());
    v
}

/// Compares two runs school by school (matched by id), with each school's index change split by
/// indicator when both runs have the same indicators.
pub fn compare(a: &Run, b: &Run) -> Comparison {
    let mut cmp = compare_schools(a, b);
    let (ca, cb) = (&a.computation, &b.computation);
    let pos = |c: &'_ Computation| -> HashMap<String, usize> {
        c.district.ids.iter().enumerate().map(|(i, s)| (s.clone(), i)).collect()
    };
    cmp.shifts = shifts(ca, cb, &cmp.schools, (&pos(ca), &pos(cb)));
    cmp
}

/// Compares two runs school by school (matched by id), without the split of each index change
/// by indicator (`shifts` is None): what a live page redraws on every change.
pub fn compare_schools(a: &Run, b: &Run) -> Comparison {
    let (ca, cb) = (&a.computation, &b.computation);
    let pos_b: HashMap<&str, usize> =
        cb.district.ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let pos_a: HashMap<&str, usize> =
        ca.district.ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let (tiers_a, tiers_b) = (tier_names(ca), tier_names(cb));
    let mut cross = vec![vec![0usize; tiers_b.len()]; tiers_a.len()];
    let mut schools = Vec::new();
    let mut only_a = Vec::new();
    for (ra, id) in ca.district.ids.iter().enumerate() {
        let Some(&rb) = pos_b.get(id.as_str()) else {
            only_a.push(id.clone());
            continue;
        };
        let s = school_change(a, b, ra, rb, (&tiers_a, &tiers_b));
        cross[s.tier_pos_a][s.tier_pos_b] += 1;
        schools.push(s);
    }
    let only_b =
        cb.district.ids.iter().filter(|id| !pos_a.contains_key(id.as_str())).cloned().collect();
    schools.sort_by(|x, y| y.change().cmp(&x.change()).then_with(|| x.id.cmp(&y.id)));
    Comparison {
        unit: cb.formula.data.unit.clone(),
        a: a.label.clone(),
        b: b.label.clone(),
        schools,
        only_a,
        only_b,
        tiers_a,
        tiers_b,
        cross,
        by_tier_a: a.allocation.as_ref().map(|al| by_tier(ca, al)),
        by_tier_b: b.allocation.as_ref().map(|al| by_tier(cb, al)),
        shifts: None,
        lines: line_changes(a, b, &pos_b),
        solved_a: solved_values(a),
        solved_b: solved_values(b),
        total_label: cb.formula.allocation.as_ref().and_then(|al| al.total_label.clone()),
    }
}

/// The values a run's solve found.
fn solved_values(r: &Run) -> Vec<(String, f64)> {
    let solved = r.allocation.as_ref().and_then(|a| a.solved());
    solved.map(|s| s.values().to_vec()).unwrap_or_default()
}

/// Every program both runs have, over the schools in both — when a run has lines of the
/// calculation that are not paid.
fn line_changes(a: &Run, b: &Run, pos_b: &HashMap<&str, usize>) -> Vec<LineChange> {
    let (Some(aa), Some(ab)) = (&a.allocation, &b.allocation) else { return Vec::new() };
    if aa.programs().iter().chain(ab.programs()).all(|p| p.in_total()) {
        return Vec::new();
    }
    let rows: Vec<(usize, usize)> = a
        .computation
        .district
        .ids
        .iter()
        .enumerate()
        .filter_map(|(ra, id)| pos_b.get(id.as_str()).map(|&rb| (ra, rb)))
        .collect();
    ab.programs()
        .iter()
        .filter_map(|pb| {
            let pa = aa.programs().iter().find(|p| p.id() == pb.id())?;
            let pairs = rows.iter().map(|&(ra, rb)| (pa.amounts()[ra], pb.amounts()[rb]));
            let mut line = LineChange {
                id: pb.id().to_string(),
                label: pb.label().to_string(),
                in_total: pb.in_total(),
                total_a: 0,
                total_b: 0,
                gaining: 0,
                losing: 0,
            };
            for (x, y) in pairs {
                line.total_a += x;
                line.total_b += y;
                line.gaining += usize::from(y > x);
                line.losing += usize::from(y < x);
            }
            Some(line)
        })
        .collect()
}

/// Every matched school's indicators under both runs, when the runs have the same indicators.
fn shifts(
    ca: &Computation,
    cb: &Computation,
    schools: &[SchoolChange],
    pos: (&HashMap<String, usize>, &HashMap<String, usize>),
) -> Option<Vec<IndicatorShift>> {
    let ids =
        |c: &Computation| c.formula.indicators.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    if ids(ca) != ids(cb) {
        return None;
    }
    let mut out = Vec::with_capacity(schools.len() * ca.formula.indicators.len());
    for (k, s) in schools.iter().enumerate() {
        let (ra, rb) = (pos.0[&s.id], pos.1[&s.id]);
        let (xa, xb) = (ca.contributions(ra), cb.contributions(rb));
        for (i, ind) in ca.formula.indicators.iter().enumerate() {
            out.push(IndicatorShift {
                school: k,
                indicator: ind.id.clone(),
                raw_a: ca.indicators[i].raw[ra],
                raw_b: cb.indicators[i].raw[rb],
                contribution_a: xa[i],
                contribution_b: xb[i],
            });
        }
    }
    Some(out)
}

/// School `ra` of run A (`rb` of run B) under both runs.
fn school_change(
    a: &Run,
    b: &Run,
    ra: usize,
    rb: usize,
    names: (&[String], &[String]),
) -> SchoolChange {
    let (ca, cb) = (&a.computation, &b.computation);
    let total = |run: &Run, r: usize| run.allocation.as_ref().map(|al| al.total[r]).unwrap_or(0);
    let opt = |x: f64| (!x.is_nan()).then_some(x);
    let pos_a = ca.tier(ra).unwrap_or(names.0.len() - 1);
    let pos_b = cb.tier(rb).unwrap_or(names.1.len() - 1);
    SchoolChange {
        id: ca.district.ids[ra].clone(),
        name: ca.district.names[ra].clone(),
        pupils: a.allocation.as_ref().map(|al| al.pupils[ra]).unwrap_or(f64::NAN),
        index_a: opt(ca.index[ra]),
        index_b: opt(cb.index[rb]),
        rank_a: ca.rank[ra],
        rank_b: cb.rank[rb],
        tier_a: names.0[pos_a].clone(),
        tier_b: names.1[pos_b].clone(),
        tier_pos_a: pos_a,
        tier_pos_b: pos_b,
        total_a: total(a, ra),
        total_b: total(b, rb),
    }
}

impl Comparison {
    /// Total cents under A and B over the matched schools.
    pub fn totals(&self) -> (i64, i64) {
        (self.schools.iter().map(|s| s.total_a).sum(), self.schools.iter().map(|s| s.total_b).sum())
    }

    /// Schools gaining, losing and unchanged.
    pub fn counts(&self) -> (usize, usize, usize) {
        let g = self.schools.iter().filter(|s| s.change() > 0).count();
        let l = self.schools.iter().filter(|s| s.change() < 0).count();
        (g, l, self.schools.len() - g - l)
    }

    /// The indicator shifts, when some school's index moved (else None).
    pub fn moved_shifts(&self) -> Option<&[IndicatorShift]> {
        self.shifts.as_deref().filter(|v| v.iter().any(|x| x.change().abs() > 1e-12))
    }

    /// Schools whose tier changed.
    pub fn tier_changes(&self) -> usize {
        self.schools.iter().filter(|s| s.tier_a != s.tier_b).count()
    }
}
