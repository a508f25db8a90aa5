//! Is the money progressive? Dollars per pupil by need, concentration of money on need,
//! what the average student of each group receives, and who is affected by closures or cuts.

use super::areas::{Areas, areas};
use crate::allocate::{AllocationResult, TierRow, allocate, by_tier};
use crate::error::{Error, ErrorKind, Location, Problems, Result};
use crate::formula::{AuditConfig, group_label, is_group_column};
use crate::index::Computation;
use crate::num::{CutRule, quantile_classes};
use std::collections::{HashMap, HashSet};

/// A student group: label and count column.
#[derive(Debug, Clone)]
pub struct Group {
    /// Label, e.g. "black".
    pub(crate) label: String,
    /// Column with the group's student count per school.
    pub(crate) column: String,
    /// Count per school (`NaN` = unknown).
    pub(crate) counts: Vec<f64>,
}

impl Group {
    /// A group of students: its label, the count column it came from and the count per school
    /// (`NaN` = unknown).
    pub fn new(label: impl Into<String>, column: impl Into<String>, counts: Vec<f64>) -> Group {
        Group { label: label.into(), column: column.into(), counts }
    }

    /// Label, e.g. "black".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Column with the group's student count per school.
    pub fn column(&self) -> &str {
        &self.column
    }

    /// Count per school (`NaN` = unknown).
    pub fn counts(&self) -> &[f64] {
        &self.counts
    }
}

/// Money in one need quintile of schools.
#[derive(Debug, Clone, PartialEq)]
pub struct QuintileRow {
    /// "Q5 (highest need)" … "Q1 (lowest need)".
    pub(crate) label: String,
    /// Schools.
    pub(crate) schools: usize,
    /// Pupils.
    pub(crate) pupils: f64,
    /// Cents.
    pub(crate) total: i64,
    /// Dollars per pupil (`NaN` without pupils).
    pub(crate) per_pupil: f64,
}

impl QuintileRow {
    /// "Q5 (highest need)" … "Q1 (lowest need)".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Schools.
    pub fn schools(&self) -> usize {
        self.schools
    }

    /// Pupils.
    pub fn pupils(&self) -> f64 {
        self.pupils
    }

    /// Cents.
    pub fn total(&self) -> i64 {
        self.total
    }

    /// Dollars per pupil (`NaN` without pupils).
    pub fn per_pupil(&self) -> f64 {
        self.per_pupil
    }
}

/// Dollars per pupil experienced by the average student of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// Group label.
    pub(crate) label: String,
    /// Students of the group (in schools with pupils).
    pub(crate) students: f64,
    /// Dollars per pupil the group's average student experiences.
    pub(crate) per_pupil: f64,
    /// Dollars per pupil over all students.
    pub(crate) all_per_pupil: f64,
    /// The share of the group's students in the first (highest-need) tier, with tiers.
    pub(crate) in_first_tier: Option<f64>,
}

impl GroupRow {
    /// Group label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Students of the group (in schools with pupils).
    pub fn students(&self) -> f64 {
        self.students
    }

    /// Dollars per pupil the group's average student experiences.
    pub fn per_pupil(&self) -> f64 {
        self.per_pupil
    }

    /// Dollars per pupil over all students.
    pub fn all_per_pupil(&self) -> f64 {
        self.all_per_pupil
    }

    /// The share of the group's students in the first (highest-need) tier, with tiers.
    pub fn in_first_tier(&self) -> Option<f64> {
        self.in_first_tier
    }
}

/// Students of a group in a list of schools, against all the group's students.
#[derive(Debug, Clone, PartialEq)]
pub struct AffectedRow {
    /// Group label ("all students" first).
    pub(crate) label: String,
    /// Students in the listed schools.
    pub(crate) affected: f64,
    /// All the group's students.
    pub(crate) total: f64,
    /// Share of the group's students in the listed schools.
    pub(crate) share: f64,
    /// That share over the share of all students.
    pub(crate) ratio: f64,
}

impl AffectedRow {
    /// Group label ("all students" first).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Students in the listed schools.
    pub fn affected(&self) -> f64 {
        self.affected
    }

    /// All the group's students.
    pub fn total(&self) -> f64 {
        self.total
    }

    /// Share of the group's students in the listed schools.
    pub fn share(&self) -> f64 {
        self.share
    }

    /// That share over the share of all students.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }
}

/// Audit results.
#[derive(Debug, Clone)]
pub struct Audit {
    /// What a row is, in the singular and the plural (`[data] unit`).
    pub(crate) unit: (String, String),
    /// Dollars per pupil by need quintile of schools (first row = highest need).
    pub(crate) quintiles: Vec<QuintileRow>,
    /// Money by tier, and all schools.
    pub(crate) by_tier: (Vec<TierRow>, TierRow),
    /// Dollars per pupil in the highest-need quintile over the lowest-need quintile.
    pub(crate) ratio_high_low: f64,
    /// Share of the money reaching the highest-need 20% of students.
    pub(crate) share_top20: f64,
    /// Share of the money reaching the highest-need 40% of students.
    pub(crate) share_top40: f64,
    /// Concentration index of money on need (pupil-weighted, schools ordered by need): > 0 means
    /// the money is concentrated on higher-need schools; −1…1.
    pub(crate) concentration: f64,
    /// Dollars per pupil experienced by the average student of each group vs all students.
    pub(crate) groups: Vec<GroupRow>,
    /// Schools without an index (left out of the need statistics).
    pub(crate) unranked: usize,
    /// (cumulative share of pupils, cumulative share of money) with schools ordered from the
    /// highest need, from (0, 0) to (1, 1); at most about 1,000 points.
    pub(crate) curve: Vec<(f64, f64)>,
    /// The run by area (the formula's group column), with tiers.
    pub(crate) areas: Option<Areas>,
    /// Composition of students affected by a list of schools, when given.
    pub(crate) affected: Option<Vec<AffectedRow>>,
}

impl Audit {
    /// What a row is, in the singular and the plural (`[data] unit`).
    pub fn unit(&self) -> &(String, String) {
        &self.unit
    }

    /// Dollars per pupil by need quintile of schools (first row = highest need).
    pub fn quintiles(&self) -> &[QuintileRow] {
        &self.quintiles
    }

    /// Money by tier, and all schools.
    pub fn by_tier(&self) -> &(Vec<TierRow>, TierRow) {
        &self.by_tier
    }

    /// Dollars per pupil in the highest-need quintile over the lowest-need quintile.
    pub fn ratio_high_low(&self) -> f64 {
        self.ratio_high_low
    }

    /// Share of the money reaching the highest-need 20% of students.
    pub fn share_top20(&self) -> f64 {
        self.share_top20
    }

    /// Share of the money reaching the highest-need 40% of students.
    pub fn share_top40(&self) -> f64 {
        self.share_top40
    }

    /// Concentration index of money on need (pupil-weighted, schools ordered by need): > 0 means
    /// the money is concentrated on higher-need schools; −1…1.
    pub fn concentration(&self) -> f64 {
        self.concentration
    }

    /// Dollars per pupil experienced by the average student of each group vs all students.
    pub fn groups(&self) -> &[GroupRow] {
        &self.groups
    }

    /// Schools without an index (left out of the need statistics).
    pub fn unranked(&self) -> usize {
        self.unranked
    }

    /// (cumulative share of pupils, cumulative share of money) with schools ordered from the
    /// highest need, from (0, 0) to (1, 1); at most about 1,000 points.
    pub fn curve(&self) -> &[(f64, f64)] {
        &self.curve
    }

    /// The run by area (the formula's group column), with tiers.
    pub fn areas(&self) -> Option<&Areas> {
        self.areas.as_ref()
    }

    /// Composition of students affected by a list of schools, when given.
    pub fn affected(&self) -> Option<&[AffectedRow]> {
        self.affected.as_deref()
    }
}

/// The `*_count` columns read with the data (student groups), except the enrolment.
pub fn count_columns(c: &Computation) -> Vec<String> {
    let enrol = c.formula.data.enrolment.clone().unwrap_or_default();
    c.district
        .extra_columns
        .iter()
        .filter(|s| is_group_column(s, &[]) && **s != enrol)
        .cloned()
        .collect()
}

/// Reads group count columns (label = column name without `_count`).
pub fn groups(c: &Computation, columns: &[String]) -> Result<Vec<Group>> {
    columns
        .iter()
        .map(|col| {
            let counts = c.district.extra_numeric(col)?.to_vec();
            Ok(Group { label: group_label(col).to_string(), column: col.clone(), counts })
        })
        .collect()
}

/// The student groups of a formula's `[audit]`: counts, or shares of a count column.
pub fn audit_groups(c: &Computation, cfg: &AuditConfig) -> Vec<Group> {
    cfg.groups
        .iter()
        .map(|g| {
            let column = c.district.num(&g.column);
            let counts = match &g.share_of {
                None => column.to_vec(),
                Some((of, per)) => {
                    column.iter().zip(c.district.num(of)).map(|(s, n)| s / per * n).collect()
                }
            };
            Group { label: g.label.clone(), column: g.column.clone(), counts }
        })
        .collect()
}

/// The student groups of an audit — the one rule every front end follows: the named count
/// columns (each must have been read), else every `*_count` column of the data, else the
/// groups of the formula's `[audit]`.
pub fn student_groups(c: &Computation, named: &[String]) -> Result<Vec<Group>> {
    let cols = if named.is_empty() { count_columns(c) } else { named.to_vec() };
    if let Some(col) = cols.iter().find(|col| !c.district.has_column(col)) {
        return Err(Error::usage(
            format!("no numeric column '{col}' in {}", c.district.source),
            "list count columns of the data with --groups",
        ));
    }
    match &c.formula.audit {
        Some(cfg) if cols.is_empty() => Ok(audit_groups(c, cfg)),
        _ => groups(c, &cols),
    }
}

/// The money an audit looks at: the allocation when the formula allocates; a formula without
/// an `[audit]` must allocate (its audit is of the money).
pub fn audit_allocation(c: &Computation) -> Result<Option<AllocationResult>> {
    match &c.formula.audit {
        Some(_) if !c.formula.allocates() => Ok(None),
        _ => allocate(c).map(Some),
    }
}

/// Reads a list of school ids (one per line, or the first column of a CSV with a header; lines
/// starting with `#` are comments).
pub fn read_ids(path: &std::path::Path, c: &Computation) -> Result<Vec<usize>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(&shown, e, "give a file with one school id per line"))?;
    rows_of_ids(&shown, &text, c)
}

/// The rows of a list of school ids given as text (as [`read_ids`] reads a file); `source`
/// names the list in messages.
pub fn rows_of_ids(source: &str, text: &str, c: &Computation) -> Result<Vec<usize>> {
    let known: HashMap<&str, usize> =
        c.district.ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let mut rows = Vec::new();
    let mut problems = Problems::default();
    let mut seen = HashSet::new();
    // A line ends with a line feed, a carriage return and a line feed, or a carriage return alone.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (n, line) in text.lines().enumerate() {
        let cell = line.split([',', ';', '\t']).next().unwrap_or("");
        let id = c.district.typed_id(
            cell.trim_matches(|ch: char| ch == '"' || ch.is_whitespace() || ch == '\u{feff}'),
        );
        let id = id.as_str();
        if id.is_empty()
            || line.trim_start().starts_with('#')
            || (n == 0 && !known.contains_key(id) && id.chars().any(|ch| ch.is_alphabetic()))
        {
            continue; // blank line or header
        }
        match known.get(id) {
            Some(&r) => {
                if seen.insert(r) {
                    rows.push(r);
                }
            }
            None => {
                let hint =
                    c.district.id_hint(id, || "check the ids against the data's id column".into());
                problems.push(
                    Location::file(source).line(n + 1),
                    format!("unknown {} id '{id}'", c.unit()),
                    hint,
                );
            }
        }
    }
    problems.check(ErrorKind::Data)?;
    if rows.is_empty() {
        return Err(Error::data(
            Location::file(source),
            format!("no {} ids in the file", c.unit()),
            format!("list one {} id per line", c.unit()),
        ));
    }
    Ok(rows)
}

/// Per-school dollars and pupils of an allocation.
struct Money<'a> {
    a: &'a AllocationResult,
}

impl Money<'_> {
    fn dollars(&self, r: usize) -> f64 {
        self.a.total[r] as f64 / 100.0
    }

    fn pupils(&self, r: usize) -> f64 {
        self.a.pupils_or_zero(r)
    }
}

/// Audits one run.
pub fn audit(
    c: &Computation,
    a: &AllocationResult,
    groups: &[Group],
    affected: Option<&[usize]>,
) -> Audit {
    let m = Money { a };
    let n = c.len();
    let quintiles = quintile_rows(c, &m);
    // Students ordered from the highest need.
    let mut order: Vec<usize> = (0..n).filter(|&r| !c.index[r].is_nan()).collect();
    order.sort_by(|&x, &y| {
        c.index[y].total_cmp(&c.index[x]).then_with(|| c.district.ids[x].cmp(&c.district.ids[y]))
    });
    let all_pp = a.grand_total() as f64 / 100.0 / (0..n).map(|r| m.pupils(r)).sum::<f64>();
    Audit {
        unit: c.formula.data.unit.clone(),
        ratio_high_low: quintiles[0].per_pupil / quintiles[4].per_pupil,
        quintiles,
        by_tier: by_tier(c, a),
        share_top20: share_top(&m, &order, 0.2),
        share_top40: share_top(&m, &order, 0.4),
        concentration: concentration(c, &m, &order),
        curve: need_curve(&m, &order),
        groups: groups.iter().map(|g| group_row(c, g, &m, all_pp)).collect(),
        areas: areas(c, a),
        unranked: n - order.len(),
        affected: affected.map(|rows| affected_rows(rows, groups, &m, n)),
    }
}

/// Quintiles of schools by need (equal counts by rank; ties share a quintile), highest first.
fn quintile_rows(c: &Computation, m: &Money) -> Vec<QuintileRow> {
    let q = quantile_classes(&c.index, 5, CutRule::Rank);
    (1..=5)
        .rev()
        .map(|k| {
            let rows: Vec<usize> = (0..c.len()).filter(|&r| q[r] == k).collect();
            let p: f64 = rows.iter().map(|&r| m.pupils(r)).sum();
            let t: f64 = rows.iter().map(|&r| m.dollars(r)).sum();
            let label = match k {
                5 => "Q5 (highest need)".to_string(),
                1 => "Q1 (lowest need)".to_string(),
                k => format!("Q{k}"),
            };
            let per_pupil = if p > 0.0 { t / p } else { f64::NAN };
            QuintileRow {
                label,
                schools: rows.len(),
                pupils: p,
                total: (t * 100.0).round() as i64,
                per_pupil,
            }
        })
        .collect()
}

/// Share of the money reaching the highest-need `frac` of students (`order`: highest need first).
fn share_top(m: &Money, order: &[usize], frac: f64) -> f64 {
    let total_p: f64 = order.iter().map(|&r| m.pupils(r)).sum();
    let total_d: f64 = order.iter().map(|&r| m.dollars(r)).sum();
    let (mut p, mut d) = (0.0, 0.0);
    for &r in order {
        let room = frac * total_p - p;
        if room <= 0.0 {
            break;
        }
        let take = m.pupils(r).min(room);
        if m.pupils(r) > 0.0 {
            d += m.dollars(r) * take / m.pupils(r);
        }
        p += take;
    }
    d / total_d
}

/// Concentration index: schools from the lowest need up, tied needs taken as one block.
fn concentration(c: &Computation, m: &Money, order: &[usize]) -> f64 {
    let total_p: f64 = order.iter().map(|&r| m.pupils(r)).sum();
    let total_d: f64 = order.iter().map(|&r| m.dollars(r)).sum();
    let asc: Vec<usize> = order.iter().rev().copied().collect();
    let (mut cum_p, mut cum_d, mut area) = (0.0f64, 0.0f64, 0.0f64);
    let mut k = 0;
    while k < asc.len() {
        let mut j = k;
        let (mut bp, mut bd) = (0.0, 0.0);
        while j < asc.len() && c.index[asc[j]] == c.index[asc[k]] {
            bp += m.pupils(asc[j]);
            bd += m.dollars(asc[j]);
            j += 1;
        }
        let (p0, d0) = (cum_p / total_p, cum_d / total_d);
        cum_p += bp;
        cum_d += bd;
        area += (cum_p / total_p - p0) * (cum_d / total_d + d0) / 2.0;
        k = j;
    }
    1.0 - 2.0 * area
}

/// The cumulative shares of pupils and money, schools from the highest need (`order`).
fn need_curve(m: &Money, order: &[usize]) -> Vec<(f64, f64)> {
    let total_p: f64 = order.iter().map(|&r| m.pupils(r)).sum();
    let total_d: f64 = order.iter().map(|&r| m.dollars(r)).sum();
    if total_p <= 0.0 || total_d <= 0.0 {
        return Vec::new();
    }
    let step = order.len().div_ceil(1000).max(1);
    let (mut p, mut d) = (0.0, 0.0);
    let mut curve = vec![(0.0, 0.0)];
    for (k, &r) in order.iter().enumerate() {
        p += m.pupils(r);
        d += m.dollars(r);
        if (k + 1) % step == 0 || k + 1 == order.len() {
            curve.push((p / total_p, d / total_d));
        }
    }
    curve
}

/// Dollars per pupil experienced by the average student of a group.
fn group_row(c: &Computation, g: &Group, m: &Money, all_pp: f64) -> GroupRow {
    let (mut students, mut weighted, mut first) = (0.0, 0.0, 0.0);
    for r in 0..c.len() {
        let k = g.counts[r];
        if k.is_nan() || m.pupils(r) <= 0.0 {
            continue;
        }
        students += k;
        weighted += k * m.dollars(r) / m.pupils(r);
        if c.tier(r) == Some(0) {
            first += k;
        }
    }
    GroupRow {
        label: g.label.clone(),
        students,
        per_pupil: weighted / students,
        all_per_pupil: all_pp,
        in_first_tier: c.formula.tiers().map(|_| first / students),
    }
}

/// Students of each group in the listed schools (all students first).
fn affected_rows(rows: &[usize], groups: &[Group], m: &Money, n: usize) -> Vec<AffectedRow> {
    let set: HashSet<usize> = rows.iter().copied().collect();
    let all_total: f64 = (0..n).map(|r| m.pupils(r)).sum();
    let all_aff: f64 = rows.iter().map(|&r| m.pupils(r)).sum();
    let base = all_aff / all_total;
    let mut out = vec![AffectedRow {
        label: "all students".into(),
        affected: all_aff,
        total: all_total,
        share: base,
        ratio: 1.0,
    }];
    for g in groups {
        let total: f64 = g.counts.iter().filter(|x| !x.is_nan()).sum();
        let affected: f64 =
            (0..n).filter(|r| set.contains(r)).map(|r| g.counts[r]).filter(|x| !x.is_nan()).sum();
        let share = affected / total;
        out.push(AffectedRow {
            label: g.label.clone(),
            affected,
            total,
            share,
            ratio: share / base,
        });
    }
    out
}
