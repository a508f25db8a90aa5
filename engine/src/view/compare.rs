//! Views of a comparison: the per-school changes, the tier cross-table, the summary in words and
//! as JSON.

use super::allocation::by_tier_table;
use crate::analysis::compare::{Comparison, IndicatorShift, SchoolChange};
use crate::num::{
    capitalised, dollars, format_num, human, signed_dollars, thousands, whole_dollars,
};
use crate::table::{Cell, LazyTable, Table, TableName};
use serde::Serialize;
use std::fmt::Write;

/// The per-school table (biggest gain first).
pub fn changes_table(cmp: &Comparison) -> Table {
    let columns = [
        "id",
        "name",
        "pupils",
        "index_a",
        "index_b",
        "rank_a",
        "rank_b",
        "tier_a",
        "tier_b",
        "total_a",
        "total_b",
        "change",
        "change_per_pupil",
    ];
    let rows = cmp
        .schools
        .iter()
        .map(|s| {
            let o = |x: Option<f64>| x.map(Cell::num).unwrap_or(Cell::Missing);
            vec![
                Cell::Text(s.id.clone()),
                Cell::Text(s.name.clone()),
                Cell::num(s.pupils),
                o(s.index_a),
                o(s.index_b),
                Cell::count(s.rank_a),
                Cell::count(s.rank_b),
                Cell::Text(s.tier_a.clone()),
                Cell::Text(s.tier_b.clone()),
                Cell::Money(s.total_a),
                Cell::Money(s.total_b),
                Cell::Money(s.change()),
                if s.pupils > 0.0 {
                    Cell::Dollars(s.change() as f64 / 100.0 / s.pupils)
                } else {
                    Cell::Missing
                },
            ]
        })
        .collect();
    Table::new(TableName::Changes, &columns, rows)
}

/// Money by B's tiers for the same schools under A and under B (when both runs allocate): what
/// the schools now in each tier got before and get now, so a change of the tiers themselves
/// (their count, their cut-offs) compares school by school.
pub fn by_tier_now_table(cmp: &Comparison) -> Option<Table> {
    cmp.by_tier_b.as_ref()?;
    cmp.by_tier_a.as_ref()?;
    let n = cmp.tiers_b.len();
    let (mut schools, mut pupils) = (vec![0usize; n + 1], vec![0.0f64; n + 1]);
    let (mut total_a, mut total_b) = (vec![0i64; n + 1], vec![0i64; n + 1]);
    for s in &cmp.schools {
        for t in [s.tier_pos_b, n] {
            schools[t] += 1;
            pupils[t] += if s.pupils.is_nan() { 0.0 } else { s.pupils };
            total_a[t] += s.total_a;
            total_b[t] += s.total_b;
        }
    }
    let all = format!("All {}", cmp.unit.1);
    let per_pupil = |cents: i64, p: f64| (p > 0.0).then(|| cents as f64 / 100.0 / p);
    let rows = (0..=n)
        .filter(|&t| t + 1 < n || schools[t] > 0)
        .map(|t| {
            let (a, b) = (per_pupil(total_a[t], pupils[t]), per_pupil(total_b[t], pupils[t]));
            vec![
                Cell::Text(if t == n { all.clone() } else { cmp.tiers_b[t].clone() }),
                Cell::Int(schools[t] as i64),
                Cell::Num(pupils[t], None),
                Cell::Money(total_a[t]),
                Cell::Money(total_b[t]),
                Cell::dollars(a),
                Cell::dollars(b),
                Cell::dollars(a.zip(b).map(|(a, b)| b - a)),
            ]
        })
        .collect();
    let columns = [
        "tier",
        cmp.unit.1.as_str(),
        "pupils",
        "total_a",
        "total_b",
        "per_pupil_a",
        "per_pupil_b",
        "change_per_pupil",
    ];
    Some(Table::new(TableName::ByTierNow, &columns, rows))
}

/// The tier cross-table (rows: A, columns: B), omitting empty "(no tier)" rows/columns.
pub fn cross_table(cmp: &Comparison) -> Table {
    let (na, nb) = (cmp.tiers_a.len(), cmp.tiers_b.len());
    let keep_b: Vec<usize> =
        (0..nb).filter(|&j| j + 1 < nb || cmp.cross.iter().any(|r| r[j] > 0)).collect();
    let mut columns = vec!["A \\ B".to_string()];
    columns.extend(keep_b.iter().map(|&j| cmp.tiers_b[j].clone()));
    let rows = (0..na)
        .filter(|&i| i + 1 < na || cmp.cross[i].iter().any(|x| *x > 0))
        .map(|i| {
            let mut r = vec![Cell::Text(cmp.tiers_a[i].clone())];
            r.extend(keep_b.iter().map(|&j| Cell::Int(cmp.cross[i][j] as i64)));
            r
        })
        .collect();
    Table { name: TableName::TierChanges.as_str().into(), columns, rows }
}

/// Plain-text summary.
pub fn compare_text(cmp: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "A: {}\nB: {}\n", cmp.a, cmp.b);
    if let (Some((ra, aa)), Some((rb, ab))) = (&cmp.by_tier_a, &cmp.by_tier_b) {
        let _ = writeln!(s, "Under A:\n{}", by_tier_table(ra, aa, &cmp.unit.1).aligned());
        let _ = writeln!(s, "Under B:\n{}", by_tier_table(rb, ab, &cmp.unit.1).aligned());
    }
    let (ta, tb) = cmp.totals();
    let (g, l, u) = cmp.counts();
    let label = cmp.total_label.as_deref().unwrap_or("total");
    let _ = writeln!(s, "{label}: {} → {} (change {})", dollars(ta), dollars(tb), dollars(tb - ta));
    solved_text(&mut s, cmp);
    let _ = writeln!(
        s,
        "{g} {} gain, {l} lose, {u} unchanged; {} change tier",
        cmp.unit.1,
        cmp.tier_changes()
    );
    if let Some(top) = cmp.schools.iter().max_by_key(|x| x.change().abs()) {
        let _ = writeln!(
            s,
            "largest single change: {} ({}) {}",
            top.name,
            top.id,
            dollars(top.change())
        );
    }
    let winners: Vec<&SchoolChange> =
        cmp.schools.iter().take(5).filter(|x| x.change() > 0).collect();
    movers(&mut s, "\nBiggest winners", &format!("no {} gains", cmp.unit.0), &winners);
    let losers: Vec<&SchoolChange> =
        cmp.schools.iter().rev().take(5).filter(|x| x.change() < 0).collect();
    movers(&mut s, "Biggest losers", &format!("no {} loses", cmp.unit.0), &losers);
    if !cmp.lines.is_empty() {
        let mut t = lines_table(cmp);
        t.columns.pop();
        t.rows.iter_mut().for_each(|r| drop(r.pop()));
        let _ = writeln!(s, "\nEvery line, A → B:\n{}", t.aligned());
    }
    let units = capitalised(&cmp.unit.1);
    let _ = writeln!(s, "\n{units} by tier (rows: A, columns: B):\n{}", cross_table(cmp).aligned());
    if let Some(shifts) = cmp.moved_shifts() {
        why_text(&mut s, cmp, shifts);
    }
    if !cmp.only_a.is_empty() || !cmp.only_b.is_empty() {
        let _ = writeln!(
            s,
            "{} {} only in A, {} only in B (not compared)",
            cmp.only_a.len(),
            cmp.unit.1,
            cmp.only_b.len(),
        );
    }
    s
}

/// The parameters each run's solve found.
fn solved_text(s: &mut String, cmp: &Comparison) {
    let pairs = |v: &[(String, f64)]| {
        v.iter().map(|(k, x)| format!("{k} = {}", format_num(*x))).collect::<Vec<_>>().join(", ")
    };
    for (side, v) in [("A", &cmp.solved_a), ("B", &cmp.solved_b)] {
        if !v.is_empty() {
            let _ = writeln!(s, "{side}'s solve found {}", pairs(v));
        }
    }
}

/// Every program and line of the calculation both runs have: totals, change, how many schools
/// gain and lose on each, and its label last (`lines`; the terminal leaves the label out).
pub fn lines_table(cmp: &Comparison) -> Table {
    let columns =
        ["line", "in_total", "total_a", "total_b", "change", "gaining", "losing", "label"];
    let rows = cmp
        .lines
        .iter()
        .map(|l| {
            vec![
                Cell::Text(l.id.clone()),
                Cell::Text(if l.in_total { "yes" } else { "no" }.into()),
                Cell::Money(l.total_a),
                Cell::Money(l.total_b),
                Cell::Money(l.total_b - l.total_a),
                Cell::Int(l.gaining as i64),
                Cell::Int(l.losing as i64),
                Cell::Text(l.label.clone()),
            ]
        })
        .collect();
    Table::new(TableName::Lines, &columns, rows)
}

/// Headline sentences: the money, who gains and loses, who changes tier.
pub fn compare_findings(cmp: &Comparison) -> Vec<String> {
    let (ta, tb) = cmp.totals();
    let (g, l, u) = cmp.counts();
    let mut lines = Vec::new();
    if ta != 0 || tb != 0 {
        lines.push(format!(
            "{} goes from {} to {} ({}).",
            cmp.total_label.as_deref().map_or("The total".to_string(), capitalised),
            whole_dollars(ta),
            whole_dollars(tb),
            signed_dollars(tb - ta)
        ));
    }
    let units = &cmp.unit.1;
    let count = |n: usize| thousands(n as u64);
    lines.push(format!(
        "{} {units} gain, {} lose and {} are unchanged.",
        count(g),
        count(l),
        count(u)
    ));
    lines.push(tier_line(cmp));
    if let Some(top) =
        cmp.schools.iter().max_by_key(|x| x.change().abs()).filter(|x| x.change() != 0)
    {
        lines.push(format!(
            "The largest change is {} at {}.",
            signed_dollars(top.change()),
            top.name
        ));
    }
    lines
}

/// Who changes tier; when B's tiers are not A's (another count, other names) no school keeps
/// "its" tier, so the line says how the tiers were regrouped and who stays in the highest-need
/// one.
fn tier_line(cmp: &Comparison) -> String {
    let units = &cmp.unit.1;
    if cmp.tiers_a == cmp.tiers_b {
        return format!("{} {units} change tier.", thousands(cmp.tier_changes() as u64));
    }
    let (ka, kb) = (cmp.tiers_a.len() - 1, cmp.tiers_b.len() - 1);
    let top = |pos: usize| pos == 0;
    let was = cmp.schools.iter().filter(|s| top(s.tier_pos_a)).count();
    let stay = cmp.schools.iter().filter(|s| top(s.tier_pos_a) && top(s.tier_pos_b)).count();
    format!(
        "The tiers are regrouped ({ka} as shipped, {kb} now): {} of the {} {units} in the highest-need tier as shipped are in the highest-need tier now.",
        thousands(stay as u64),
        thousands(was as u64)
    )
}

/// The JSON summary of a comparison (dollars).
#[derive(Debug, Serialize)]
pub struct CompareSummary {
    total_a: f64,
    total_b: f64,
    change: f64,
    gaining: usize,
    losing: usize,
    unchanged: usize,
    tier_changes: usize,
}

impl CompareSummary {
    /// The summary of a comparison.
    pub fn of(cmp: &Comparison) -> CompareSummary {
        let (ta, tb) = cmp.totals();
        let (gaining, losing, unchanged) = cmp.counts();
        CompareSummary {
            total_a: ta as f64 / 100.0,
            total_b: tb as f64 / 100.0,
            change: (tb - ta) as f64 / 100.0,
            gaining,
            losing,
            unchanged,
            tier_changes: cmp.tier_changes(),
        }
    }
}

/// A list of the schools that change most, or a sentence saying there are none.
fn movers(s: &mut String, title: &str, none: &str, schools: &[&SchoolChange]) {
    if schools.is_empty() {
        let _ = writeln!(s, "{title}: none ({none})");
        return;
    }
    let _ = writeln!(s, "{title}:");
    for x in schools {
        let _ = writeln!(
            s,
            "  {:<44} {:>16}  {} → {}",
            x.name,
            dollars(x.change()),
            x.tier_a,
            x.tier_b
        );
    }
}

/// [`shifts_table`], its rows made as they are written (one per school and indicator).
pub fn shifts_rows<'a>(cmp: &'a Comparison, shifts: &'a [IndicatorShift]) -> LazyTable<'a> {
    let columns =
        ["id", "name", "indicator", "raw_a", "raw_b", "contribution_a", "contribution_b", "change"];
    let columns = columns.iter().map(|c| c.to_string()).collect();
    LazyTable::new(TableName::IndexChangeByIndicator, columns, shifts.len(), move |i| {
        let x = &shifts[i];
        let school = &cmp.schools[x.school];
        vec![
            Cell::Text(school.id.clone()),
            Cell::Text(school.name.clone()),
            Cell::Text(x.indicator.clone()),
            Cell::num(x.raw_a),
            Cell::num(x.raw_b),
            Cell::num(x.contribution_a),
            Cell::num(x.contribution_b),
            Cell::num(x.change()),
        ]
    })
}

/// The five largest index moves, each with the three indicators that explain most of it.
fn why_text(s: &mut String, cmp: &Comparison, shifts: &[IndicatorShift]) {
    let delta = |c: &SchoolChange| match (c.index_a, c.index_b) {
        (Some(a), Some(b)) => b - a,
        _ => 0.0,
    };
    let mut order: Vec<usize> = (0..cmp.schools.len()).collect();
    order.sort_by(|&x, &y| {
        delta(&cmp.schools[y]).abs().total_cmp(&delta(&cmp.schools[x]).abs()).then(x.cmp(&y))
    });
    let _ = writeln!(s, "\nWhy the index moved most (each indicator's share of the change):");
    for &k in order.iter().take(5) {
        let c = &cmp.schools[k];
        let mut own: Vec<&IndicatorShift> = shifts.iter().filter(|x| x.school == k).collect();
        own.sort_by(|x, y| y.change().abs().total_cmp(&x.change().abs()));
        let parts: Vec<String> = own
            .iter()
            .take(3)
            .map(|x| {
                format!(
                    "{} {:+.3} ({} → {})",
                    x.indicator,
                    x.change(),
                    human(x.raw_a),
                    human(x.raw_b)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  {} ({}): {} → {} ({:+.3}) {} → {}; {}",
            c.name,
            c.id,
            c.index_a.map_or("–".into(), human),
            c.index_b.map_or("–".into(), human),
            delta(c),
            c.tier_a,
            c.tier_b,
            parts.join(", ")
        );
    }
}
