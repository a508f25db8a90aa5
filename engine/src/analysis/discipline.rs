//! Discipline and police contact by student group: each outcome's rate per 100 students of every
//! group, in all schools and in each district, the risk ratio and difference against the
//! reference group, the schools with the largest gaps, and how the money reaches them.

use crate::allocate::AllocationResult;
use crate::formula::{AuditConfig, Counts, Disparity, Measure, Outcome, ZeroEvents};
use crate::index::{Computation, GroupCounts, NoValue, disparity};
use crate::num::{CutRule, format_num, quantile_classes};

/// Students and those with an outcome, summed over the schools that report both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Students.
    pub(crate) students: f64,
    /// Students with the outcome (or events, when the outcome counts events).
    pub(crate) events: f64,
    /// Schools that report both counts.
    pub(crate) schools: usize,
}

impl Rate {
    /// Students.
    pub fn students(&self) -> f64 {
        self.students
    }

    /// Students with the outcome (or events, when the outcome counts events).
    pub fn events(&self) -> f64 {
        self.events
    }

    /// Schools that report both counts.
    pub fn schools(&self) -> usize {
        self.schools
    }
}

impl Rate {
    /// Students with the outcome (or events, when the outcome counts events) per 100 students
    /// (`NaN` without students).
    pub fn per_100(&self) -> f64 {
        if self.students > 0.0 { 100.0 * self.events / self.students } else { f64::NAN }
    }

    fn counts(&self) -> GroupCounts {
        GroupCounts { events: self.events, population: self.students }
    }
}

/// One outcome's rate for one group (or all students) in one area.
#[derive(Debug, Clone, PartialEq)]
pub struct RateRow {
    /// The district, or None for all schools.
    pub(crate) area: Option<String>,
    /// Outcome label.
    pub(crate) outcome: String,
    /// Group label, or None for all students.
    pub(crate) group: Option<String>,
    /// Whether the group is the reference group.
    pub(crate) is_reference: bool,
    /// Counts.
    pub(crate) rate: Rate,
    /// Risk ratio against the reference group (None for the reference group and all students,
    /// or when the counts are too small: see `note`).
    pub(crate) ratio: Option<f64>,
    /// Risk difference against the reference group, per 100 students.
    pub(crate) difference: Option<f64>,
    /// Why there is no ratio.
    pub(crate) note: Option<String>,
    /// What the outcome's columns count (students, or events such as suspensions).
    pub(crate) counts: Counts,
}

impl RateRow {
    /// What the outcome's columns count (students, or events such as suspensions).
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// The district, or None for all schools.
    pub fn area(&self) -> Option<&str> {
        self.area.as_deref()
    }

    /// Outcome label.
    pub fn outcome(&self) -> &str {
        &self.outcome
    }

    /// Group label, or None for all students.
    pub fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// Whether the group is the reference group.
    pub fn is_reference(&self) -> bool {
        self.is_reference
    }

    /// Counts.
    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// Risk ratio against the reference group (None for the reference group and all students,
    /// or when the counts are too small: see `note`).
    pub fn ratio(&self) -> Option<f64> {
        self.ratio
    }

    /// Risk difference against the reference group, per 100 students.
    pub fn difference(&self) -> Option<f64> {
        self.difference
    }

    /// Why there is no ratio.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// One school's gap between a group and the reference group.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolGap {
    /// Row of the school.
    pub(crate) row: usize,
    /// The group's counts.
    pub(crate) group: Rate,
    /// The reference group's counts.
    pub(crate) reference: Rate,
    /// Risk ratio.
    pub(crate) ratio: f64,
    /// Risk difference per 100 students.
    pub(crate) difference: f64,
}

impl SchoolGap {
    /// Row of the school.
    pub fn row(&self) -> usize {
        self.row
    }

    /// The group's counts.
    pub fn group(&self) -> Rate {
        self.group
    }

    /// The reference group's counts.
    pub fn reference(&self) -> Rate {
        self.reference
    }

    /// Risk ratio.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// Risk difference per 100 students.
    pub fn difference(&self) -> f64 {
        self.difference
    }
}

/// Every school's gap for one outcome and group, largest ratio first.
#[derive(Debug, Clone, PartialEq)]
pub struct GapList {
    /// Outcome label.
    pub(crate) outcome: String,
    /// Group label.
    pub(crate) group: String,
    /// Reference group label.
    pub(crate) reference: String,
    /// Schools with a ratio, largest first.
    pub(crate) schools: Vec<SchoolGap>,
    /// Schools without a ratio, by reason: (reason, schools).
    pub(crate) without: Vec<(String, usize)>,
}

impl GapList {
    /// Outcome label.
    pub fn outcome(&self) -> &str {
        &self.outcome
    }

    /// Group label.
    pub fn group(&self) -> &str {
        &self.group
    }

    /// Reference group label.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// Schools with a ratio, largest first.
    pub fn schools(&self) -> &[SchoolGap] {
        &self.schools
    }

    /// Schools without a ratio, by reason: (reason, schools).
    pub fn without(&self) -> &[(String, usize)] {
        &self.without
    }
}

/// The money reaching one set of schools.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyRow {
    /// What the set measures, e.g. "Out-of-school suspension, Black/White".
    pub(crate) measure: String,
    /// Which schools, e.g. "ratio 2 or more".
    pub(crate) set: String,
    /// Schools.
    pub(crate) schools: usize,
    /// Pupils.
    pub(crate) pupils: f64,
    /// Cents.
    pub(crate) total: i64,
    /// Dollars per pupil (`NaN` without pupils).
    pub(crate) per_pupil: f64,
    /// Schools in the highest-need tier.
    pub(crate) first_tier: usize,
}

impl MoneyRow {
    /// What the set measures, e.g. "Out-of-school suspension, Black/White".
    pub fn measure(&self) -> &str {
        &self.measure
    }

    /// Which schools, e.g. "ratio 2 or more".
    pub fn set(&self) -> &str {
        &self.set
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

    /// Schools in the highest-need tier.
    pub fn first_tier(&self) -> usize {
        self.first_tier
    }
}

/// The discipline and police-contact audit of a run.
#[derive(Debug, Clone)]
pub struct Discipline {
    /// Rates in all schools, then in each district (when the data hold several).
    pub(crate) rates: Vec<RateRow>,
    /// Gaps by school for each outcome and non-reference group.
    pub(crate) gaps: Vec<GapList>,
    /// Money reaching the schools with large gaps and the most contact (with an allocation).
    pub(crate) money: Vec<MoneyRow>,
    /// Districts in the data (1 when there is no district column).
    pub(crate) districts: usize,
    /// Name of the highest-need tier, if the formula has tiers.
    pub(crate) first_tier: Option<String>,
    /// A ratio at or above this is a large gap.
    pub(crate) gap_ratio: f64,
    /// Schools listed per gap.
    pub(crate) top: usize,
}

impl Discipline {
    /// Rates in all schools, then in each district (when the data hold several).
    pub fn rates(&self) -> &[RateRow] {
        &self.rates
    }

    /// Gaps by school for each outcome and non-reference group.
    pub fn gaps(&self) -> &[GapList] {
        &self.gaps
    }

    /// Money reaching the schools with large gaps and the most contact (with an allocation).
    pub fn money(&self) -> &[MoneyRow] {
        &self.money
    }

    /// Districts in the data (1 when there is no district column).
    pub fn districts(&self) -> usize {
        self.districts
    }

    /// Name of the highest-need tier, if the formula has tiers.
    pub fn first_tier(&self) -> Option<&str> {
        self.first_tier.as_deref()
    }

    /// A ratio at or above this is a large gap.
    pub fn gap_ratio(&self) -> f64 {
        self.gap_ratio
    }

    /// Schools listed per gap.
    pub fn top(&self) -> usize {
        self.top
    }
}

/// Audits the outcomes of `[audit]` by group; `a` adds where the money goes.
pub fn discipline(c: &Computation, a: Option<&AllocationResult>, cfg: &AuditConfig) -> Discipline {
    let all: Vec<usize> = (0..c.len()).collect();
    let mut rates = area_rates(c, cfg, None, &all);
    let areas = districts(c);
    if areas.len() > 1 {
        for (name, rows) in &areas {
            rates.extend(area_rates(c, cfg, Some(name), rows));
        }
    }
    let gaps = gap_lists(c, cfg);
    let money = a.map(|a| money_rows(c, a, cfg, &gaps)).unwrap_or_default();
    Discipline {
        rates,
        gaps,
        money,
        districts: areas.len().max(1),
        first_tier: c.formula.tiers.as_ref().and_then(|t| t.names.first().cloned()),
        gap_ratio: cfg.gap_ratio,
        top: cfg.top,
    }
}

/// The schools of each district (the formula's group column), by name.
fn districts(c: &Computation) -> Vec<(String, Vec<usize>)> {
    let Some(names) = &c.district.groups else { return Vec::new() };
    let mut by: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (r, n) in names.iter().enumerate() {
        by.entry(n.as_str()).or_default().push(r);
    }
    by.into_iter().map(|(n, rows)| (n.to_string(), rows)).collect()
}

/// The ratio rule of the audit: a risk ratio with the audit's minimums, no correction.
fn rule(
    cfg: &AuditConfig,
    o: &Outcome,
    [events, population]: [&str; 2],
    reference: [&str; 2],
) -> Disparity {
    Disparity {
        events: events.to_string(),
        population: population.to_string(),
        reference_events: reference[0].to_string(),
        reference_population: reference[1].to_string(),
        measure: Measure::Ratio,
        min_population: cfg.min_population,
        min_events: cfg.min_events,
        zero: ZeroEvents::Missing,
        multiplier: 1.0,
        counts: o.counts,
    }
}

/// Sums the counts of `rows` where both are reported.
fn sum_rate(events: &[f64], students: &[f64], rows: &[usize]) -> Rate {
    let mut rate = Rate { students: 0.0, events: 0.0, schools: 0 };
    for &r in rows {
        if !events[r].is_nan() && !students[r].is_nan() {
            rate.students += students[r];
            rate.events += events[r];
            rate.schools += 1;
        }
    }
    rate
}

/// The columns of one outcome for the reference group: (events, students).
fn reference_columns<'a>(cfg: &'a AuditConfig, o: &'a Outcome) -> Option<[&'a str; 2]> {
    let r = cfg.reference?;
    let events = o.by_group.iter().find(|(g, _)| *g == r)?;
    Some([events.1.as_str(), cfg.groups[r].column.as_str()])
}

/// Every outcome's rates in one area: all students, then each group with its ratio.
fn area_rates(
    c: &Computation,
    cfg: &AuditConfig,
    area: Option<&String>,
    rows: &[usize],
) -> Vec<RateRow> {
    let d = &c.district;
    let reference_label = cfg.reference.map(|r| &cfg.groups[r].label);
    let mut out = Vec::new();
    for o in &cfg.outcomes {
        let row = |group: Option<&String>, rate: Rate| RateRow {
            area: area.cloned(),
            outcome: o.label.clone(),
            group: group.cloned(),
            is_reference: group.is_some() && group == reference_label,
            rate,
            ratio: None,
            difference: None,
            note: None,
            counts: o.counts,
        };
        if let (Some(col), Some(enrol)) = (&o.all, &c.formula.data.enrolment) {
            out.push(row(None, sum_rate(d.num(col), d.num(enrol), rows)));
        }
        let reference = reference_columns(cfg, o);
        let ref_rate = reference.map(|[e, n]| sum_rate(d.num(e), d.num(n), rows));
        for (g, col) in &o.by_group {
            let group = &cfg.groups[*g];
            let mut line =
                row(Some(&group.label), sum_rate(d.num(col), d.num(&group.column), rows));
            if let (Some(refc), Some(rr)) = (reference, ref_rate)
                && Some(*g) != cfg.reference
            {
                let rule = rule(cfg, o, [col, &group.column], refc);
                match disparity(&rule, line.rate.counts(), rr.counts()) {
                    Ok(v) => line.ratio = Some(v),
                    Err(why) => line.note = Some(why.to_string()),
                }
                line.difference = Some(line.rate.per_100() - rr.per_100());
            }
            out.push(line);
        }
    }
    out
}

/// Every school's gap for each outcome and non-reference group.
fn gap_lists(c: &Computation, cfg: &AuditConfig) -> Vec<GapList> {
    let d = &c.district;
    let mut out = Vec::new();
    for o in &cfg.outcomes {
        let Some(refc) = reference_columns(cfg, o) else { continue };
        let reference_label = &cfg.groups[cfg.reference.expect("a reference")].label;
        for (g, col) in o.by_group.iter().filter(|(g, _)| Some(*g) != cfg.reference) {
            let group = &cfg.groups[*g];
            let rule = rule(cfg, o, [col, &group.column], refc);
            let mut list = GapList {
                outcome: o.label.clone(),
                group: group.label.clone(),
                reference: reference_label.clone(),
                schools: Vec::new(),
                without: Vec::new(),
            };
            let mut reasons: Vec<(String, usize)> = Vec::new();
            for r in 0..c.len() {
                let gc = school_counts(d.num(col), d.num(&group.column), r);
                let rc = school_counts(d.num(refc[0]), d.num(refc[1]), r);
                match disparity(&rule, gc, rc) {
                    Ok(ratio) => list.schools.push(school_gap(r, gc, rc, ratio)),
                    Err(why) => count_reason(&mut reasons, reason_kind(&why, cfg)),
                }
            }
            sort_gaps(&mut list.schools, c);
            list.without = reasons;
            out.push(list);
        }
    }
    out
}

/// A school's counts as reported (`NaN` when missing).
fn school_counts(events: &[f64], students: &[f64], r: usize) -> GroupCounts {
    GroupCounts { events: events[r], population: students[r] }
}

fn school_gap(row: usize, group: GroupCounts, reference: GroupCounts, ratio: f64) -> SchoolGap {
    let rate = |g: GroupCounts| Rate { students: g.population, events: g.events, schools: 1 };
    let (group, reference) = (rate(group), rate(reference));
    SchoolGap { row, group, reference, ratio, difference: group.per_100() - reference.per_100() }
}

/// Largest ratio first; then the larger difference, then the id.
fn sort_gaps(gaps: &mut [SchoolGap], c: &Computation) {
    gaps.sort_by(|x, y| {
        y.ratio
            .total_cmp(&x.ratio)
            .then(y.difference.total_cmp(&x.difference))
            .then_with(|| c.district.ids[x.row].cmp(&c.district.ids[y.row]))
    });
}

/// The reason a school has no ratio, in words shared by many schools.
fn reason_kind(why: &NoValue, cfg: &AuditConfig) -> String {
    match why {
        NoValue::Missing(_) => "counts missing or suppressed".into(),
        NoValue::SmallGroup(..) => {
            format!("a group under {} students", format_num(cfg.min_population))
        }
        NoValue::FewEvents(..) => format!(
            "fewer than {} students with the outcome in both groups",
            format_num(cfg.min_events)
        ),
        NoValue::ZeroEvents(_) => "none in one group (ratio undefined)".into(),
        NoValue::Negative(..) => "a negative count (not a count of students)".into(),
    }
}

fn count_reason(reasons: &mut Vec<(String, usize)>, reason: String) {
    match reasons.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, n)) => *n += 1,
        None => reasons.push((reason, 1)),
    }
}

/// The money reaching schools with large gaps, and the schools with the most contact.
fn money_rows(
    c: &Computation,
    a: &AllocationResult,
    cfg: &AuditConfig,
    gaps: &[GapList],
) -> Vec<MoneyRow> {
    let mut out = Vec::new();
    let ratio = format_num(cfg.gap_ratio);
    for g in gaps {
        let measure = format!("{}, {}/{}", g.outcome, g.group, g.reference);
        let large: Vec<usize> =
            g.schools.iter().filter(|s| s.ratio >= cfg.gap_ratio).map(|s| s.row).collect();
        let rest: Vec<usize> =
            g.schools.iter().filter(|s| s.ratio < cfg.gap_ratio).map(|s| s.row).collect();
        let with: std::collections::HashSet<usize> = g.schools.iter().map(|s| s.row).collect();
        let none: Vec<usize> = (0..c.len()).filter(|r| !with.contains(r)).collect();
        out.push(money_row(c, a, &measure, &format!("ratio {ratio} or more"), &large));
        out.push(money_row(c, a, &measure, &format!("ratio under {ratio}"), &rest));
        out.push(money_row(c, a, &measure, "no ratio", &none));
    }
    for o in cfg.outcomes.iter().filter(|o| o.all.is_some()) {
        out.extend(contact_rows(c, a, o));
    }
    let all: Vec<usize> = (0..c.len()).collect();
    out.push(money_row(c, a, "All schools", "all", &all));
    out
}

/// Schools in the highest fifth by an outcome's rate per 100 enrolled, and the others.
fn contact_rows(c: &Computation, a: &AllocationResult, o: &Outcome) -> Vec<MoneyRow> {
    let (Some(col), Some(enrol)) = (&o.all, &c.formula.data.enrolment) else { return Vec::new() };
    let (events, students) = (c.district.num(col), c.district.num(enrol));
    let rate: Vec<f64> = (0..c.len()).map(|r| sum_rate(events, students, &[r]).per_100()).collect();
    let class = quantile_classes(&rate, 5, CutRule::Rank);
    let top: Vec<usize> = (0..c.len()).filter(|&r| class[r] == 5).collect();
    let rest: Vec<usize> = (0..c.len()).filter(|&r| (1..5).contains(&class[r])).collect();
    let measure = format!("{} per 100 students", o.label);
    vec![
        money_row(c, a, &measure, "highest fifth of schools", &top),
        money_row(c, a, &measure, "other schools with a rate", &rest),
    ]
}

fn money_row(
    c: &Computation,
    a: &AllocationResult,
    measure: &str,
    set: &str,
    rows: &[usize],
) -> MoneyRow {
    let pupils: f64 = rows.iter().map(|&r| a.pupils_or_zero(r)).sum();
    let total: i64 = rows.iter().map(|&r| a.total[r]).sum();
    MoneyRow {
        measure: measure.to_string(),
        set: set.to_string(),
        schools: rows.len(),
        pupils,
        total,
        per_pupil: if pupils > 0.0 { total as f64 / 100.0 / pupils } else { f64::NAN },
        first_tier: rows.iter().filter(|&&r| c.tier(r) == Some(0)).count(),
    }
}
