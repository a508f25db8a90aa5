//! Is the money progressive? Dollars per pupil by need, concentration of money on need,
//! what the average student of each group receives, and who is affected by closures or cuts.

use crate::allocate::AllocationResult;
use crate::error::{Error, Result, did_you_mean};
use crate::export::{Cell, Sheet};
use crate::index::Computation;
use crate::tiers::{CutRule, quantile_classes};
use std::collections::HashSet;

/// A student group: label and count column.
#[derive(Debug, Clone)]
pub struct Group {
    /// Label, e.g. "black".
    pub label: String,
    /// Column with the group's student count per school.
    pub column: String,
    /// Count per school (`NaN` = unknown).
    pub counts: Vec<f64>,
}

/// Audit results.
#[derive(Debug, Clone)]
pub struct Audit {
    /// Dollars per pupil by need quintile of schools (first row = highest need).
    pub quintiles: Sheet,
    /// Totals and dollars per pupil by tier.
    pub by_tier: Sheet,
    /// Dollars per pupil in the highest-need quintile over the lowest-need quintile.
    pub ratio_high_low: f64,
    /// Share of the money reaching the highest-need 20% of students.
    pub share_top20: f64,
    /// Share of the money reaching the highest-need 40% of students.
    pub share_top40: f64,
    /// Concentration index of money on need (pupil-weighted, schools ordered by need): > 0 means
    /// the money is concentrated on higher-need schools; −1…1.
    pub concentration: f64,
    /// Dollars per pupil experienced by the average student of each group vs all students.
    pub groups: Sheet,
    /// Schools without an index (left out of the need statistics).
    pub unranked: usize,
    /// Composition of students affected by a list of schools, when given.
    pub affected: Option<Sheet>,
}

/// The `*_count` columns read with the data (student groups), except the enrolment.
pub fn count_columns(c: &Computation) -> Vec<String> {
    let enrol = c.formula.data.enrolment.clone().unwrap_or_default();
    c.district.extra_columns.iter().filter(|s| s.ends_with("_count") && **s != enrol).cloned().collect()
}

/// Reads group count columns (label = column name without `_count`).
pub fn groups(c: &Computation, columns: &[String]) -> Result<Vec<Group>> {
    columns
        .iter()
        .map(|col| {
            let counts = c.district.extra_numeric(col)?.to_vec();
            Ok(Group { label: col.trim_end_matches("_count").to_string(), column: col.clone(), counts })
        })
        .collect()
}

/// Reads a list of school ids (one per line, or the first column of a CSV with a header).
pub fn read_ids(path: &std::path::Path, c: &Computation) -> Result<Vec<usize>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&shown, &e, "give a file with one school id per line"))?;
    let mut rows = Vec::new();
    let known: std::collections::HashMap<&str, usize> = c.district.ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let id = line.split([',', ';', '\t']).next().unwrap_or("").trim().trim_matches('"');
        if id.is_empty() || (n == 0 && !known.contains_key(id) && id.chars().any(|ch| ch.is_alphabetic())) {
            continue; // blank line or header
        }
        match known.get(id) {
            Some(&r) => {
                if seen.insert(r) {
                    rows.push(r);
                }
            }
            None => {
                let hint = did_you_mean(id, c.district.ids.iter().map(String::as_str))
                    .map(|s| format!("did you mean {s}?"))
                    .unwrap_or_else(|| "check the ids against the data's id column".into());
                problems.push(crate::error::Problem::new(
                    crate::error::Location::file(&shown).line(n + 1),
                    format!("unknown school id '{id}'"),
                    hint,
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::many(crate::ErrorKind::Data, problems));
    }
    if rows.is_empty() {
        return Err(Error::data(crate::error::Location::file(&shown), "no school ids in the file", "list one school id per line"));
    }
    Ok(rows)
}

/// Audits one run.
pub fn audit(c: &Computation, a: &AllocationResult, groups: &[Group], affected: Option<&[usize]>) -> Audit {
    let n = c.len();
    let dollars = |r: usize| a.total[r] as f64 / 100.0;
    let pupils = |r: usize| if a.pupils[r].is_nan() { 0.0 } else { a.pupils[r] };
    // Quintiles of schools by need (equal counts by rank; ties share a quintile).
    let q = quantile_classes(&c.index, 5, CutRule::Rank);
    let mut qrows = Vec::new();
    let mut per_q = [0.0f64; 5];
    for k in (1..=5).rev() {
        let rows: Vec<usize> = (0..n).filter(|&r| q[r] == k).collect();
        let p: f64 = rows.iter().map(|&r| pupils(r)).sum();
        let t: f64 = rows.iter().map(|&r| dollars(r)).sum();
        per_q[5 - k] = if p > 0.0 { t / p } else { f64::NAN };
        let label = match k {
            5 => "Q5 (highest need)".to_string(),
            1 => "Q1 (lowest need)".to_string(),
            k => format!("Q{k}"),
        };
        qrows.push(vec![
            Cell::Text(label),
            Cell::Int(rows.len() as i64),
            Cell::Num(p, None),
            Cell::Money((t * 100.0).round() as i64),
            Cell::Dollars(per_q[5 - k]),
        ]);
    }
    let quintiles = Sheet {
        name: "by_need_quintile".into(),
        columns: ["quintile", "schools", "pupils", "total", "per_pupil"].iter().map(|s| s.to_string()).collect(),
        rows: qrows,
    };
    // Students ordered from the highest need.
    let mut order: Vec<usize> = (0..n).filter(|&r| !c.index[r].is_nan()).collect();
    order.sort_by(|&x, &y| c.index[y].total_cmp(&c.index[x]).then_with(|| c.district.ids[x].cmp(&c.district.ids[y])));
    let total_p: f64 = order.iter().map(|&r| pupils(r)).sum();
    let total_d: f64 = order.iter().map(|&r| dollars(r)).sum();
    let share_top = |frac: f64| {
        let (mut p, mut d) = (0.0, 0.0);
        for &r in &order {
            let room = frac * total_p - p;
            if room <= 0.0 {
                break;
            }
            let take = pupils(r).min(room);
            if pupils(r) > 0.0 {
                d += dollars(r) * take / pupils(r);
            }
            p += take;
        }
        d / total_d
    };
    // Concentration index: schools from the lowest need up, tied needs taken as one block.
    let mut asc = order.clone();
    asc.reverse();
    let (mut cum_p, mut cum_d, mut area) = (0.0f64, 0.0f64, 0.0f64);
    let mut k = 0;
    while k < asc.len() {
        let mut j = k;
        let (mut bp, mut bd) = (0.0, 0.0);
        while j < asc.len() && c.index[asc[j]] == c.index[asc[k]] {
            bp += pupils(asc[j]);
            bd += dollars(asc[j]);
            j += 1;
        }
        let (p0, d0) = (cum_p / total_p, cum_d / total_d);
        cum_p += bp;
        cum_d += bd;
        area += (cum_p / total_p - p0) * (cum_d / total_d + d0) / 2.0;
        k = j;
    }
    let concentration = 1.0 - 2.0 * area;
    // Groups: dollars per pupil experienced by the average student of the group.
    let all_pp = a.grand_total() as f64 / 100.0 / (0..n).map(pupils).sum::<f64>();
    let grows = groups
        .iter()
        .map(|g| {
            let (mut students, mut weighted) = (0.0, 0.0);
            for r in 0..n {
                let k = g.counts[r];
                if k.is_nan() || pupils(r) <= 0.0 {
                    continue;
                }
                students += k;
                weighted += k * dollars(r) / pupils(r);
            }
            let pp = weighted / students;
            vec![Cell::Text(g.label.clone()), Cell::Num(students, None), Cell::Dollars(pp), Cell::Dollars(all_pp), Cell::Num(pp / all_pp, Some(3))]
        })
        .collect();
    let groups_sheet = Sheet {
        name: "groups".into(),
        columns: ["group", "students", "per_pupil_experienced", "all_students_per_pupil", "ratio"].iter().map(|s| s.to_string()).collect(),
        rows: grows,
    };
    let affected = affected.map(|rows| {
        let set: HashSet<usize> = rows.iter().copied().collect();
        let all_total: f64 = (0..n).map(pupils).sum();
        let all_aff: f64 = rows.iter().map(|&r| pupils(r)).sum();
        let base = all_aff / all_total;
        let mut out = vec![vec![
            Cell::Text("all students".into()),
            Cell::Num(all_aff, None),
            Cell::Num(all_total, None),
            Cell::Num(base, Some(4)),
            Cell::Num(1.0, Some(3)),
        ]];
        for g in groups {
            let tot: f64 = g.counts.iter().filter(|x| !x.is_nan()).sum();
            let aff: f64 = (0..n).filter(|r| set.contains(r)).map(|r| g.counts[r]).filter(|x| !x.is_nan()).sum();
            let share = aff / tot;
            out.push(vec![
                Cell::Text(g.label.clone()),
                Cell::Num(aff, None),
                Cell::Num(tot, None),
                Cell::Num(share, Some(4)),
                Cell::Num(share / base, Some(3)),
            ]);
        }
        Sheet {
            name: "affected".into(),
            columns: ["group", "affected_students", "group_students", "share_affected", "ratio_to_all"].iter().map(|s| s.to_string()).collect(),
            rows: out,
        }
    });
    Audit {
        quintiles,
        by_tier: crate::export::tier_summary(c, a),
        ratio_high_low: per_q[0] / per_q[4],
        share_top20: share_top(0.2),
        share_top40: share_top(0.4),
        concentration,
        groups: groups_sheet,
        unranked: n - order.len(),
        affected,
    }
}

impl Audit {
    /// Plain-text report.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "Dollars per pupil by need quintile of schools:\n{}", crate::export::to_text(&self.quintiles));
        let _ = writeln!(s, "By tier:\n{}", crate::export::to_text(&self.by_tier));
        let _ = writeln!(s, "highest-need quintile gets {:.2}× the dollars per pupil of the lowest-need quintile", self.ratio_high_low);
        let _ = writeln!(s, "share of the money reaching the highest-need 20% of students: {:.1}%", 100.0 * self.share_top20);
        let _ = writeln!(s, "share of the money reaching the highest-need 40% of students: {:.1}%", 100.0 * self.share_top40);
        let verdict = if self.concentration > 0.0 { "progressive: concentrated on higher need" } else { "regressive: concentrated on lower need" };
        let _ = writeln!(s, "concentration index of money on need: {:.4} ({verdict})", self.concentration);
        if self.unranked > 0 {
            let _ = writeln!(s, "({} schools without an index are left out of the need statistics)", self.unranked);
        }
        if !self.groups.rows.is_empty() {
            let _ = writeln!(s, "\nDollars per pupil experienced by the average student of each group:\n{}", crate::export::to_text(&self.groups));
        }
        if let Some(a) = &self.affected {
            let _ =
                writeln!(s, "Students affected (share of each group in the listed schools vs share of all students):\n{}", crate::export::to_text(a));
        }
        s
    }
}
