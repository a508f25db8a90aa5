//! The picture for each question, built from analyses with its finding as the title: who gains
//! per pupil by tier, does the change follow need, which schools move tier, where redirected
//! money comes from and goes, how concentrated the money is on need, what each student group
//! gets, money per pupil by tier and program, and where one school sits.

use super::model::{Bar, Chart, RatioRow};
use crate::allocate::{AllocationResult, by_tier};
use crate::analysis::Run;
use crate::analysis::areas::Areas;
use crate::analysis::audit::Audit;
use crate::analysis::compare::Comparison;
use crate::analysis::equity::{Equity, Role, Vertical};
use crate::analysis::explain::Explanation;
use crate::index::Computation;
use crate::num::{axis_dollars, capitalised, format_num, thousands};

/// "+$51 (+4.2%)".
fn change_text(a: f64, b: f64) -> String {
    let d = b - a;
    let sign = if d < 0.0 { "−" } else { "+" };
    let pct =
        if a > 0.0 { format!(" ({sign}{:.1}%)", (100.0 * d / a).abs()) } else { String::new() };
    format!("{sign}{}{pct}", axis_dollars(d.abs()))
}

impl Chart {
    /// Change in dollars per pupil by tier (A's tiers), when both runs allocate.
    pub fn per_pupil_change(cmp: &Comparison) -> Option<Chart> {
        let ((ra, _), (rb, _)) = (cmp.by_tier_a.as_ref()?, cmp.by_tier_b.as_ref()?);
        let bars: Vec<(String, f64, f64)> = ra
            .iter()
            .filter(|t| t.schools > 0)
            .filter_map(|t| {
                let b = rb.iter().find(|x| x.tier == t.tier)?;
                Some((t.tier.clone(), t.per_pupil()?, b.per_pupil()?))
            })
            .collect();
        let (first, last) = (bars.first()?, bars.last()?);
        let title = format!(
            "{} {} per pupil; {} {}",
            first.0,
            change_text(first.1, first.2),
            last.0,
            change_text(last.1, last.2)
        );
        let tier_count = cmp.tiers_a.len() - 1;
        Some(Chart::PerPupilChangeByTier { title, bars, tier_count })
    }

    /// Each school's change in dollars per pupil against its need index under A.
    pub fn change_vs_need(cmp: &Comparison, label: &str) -> Option<Chart> {
        let points: Vec<(f64, f64, i8, usize)> = cmp
            .schools
            .iter()
            .filter(|s| s.pupils > 0.0)
            .filter_map(|s| {
                let mv = (s.tier_pos_a as i64 - s.tier_pos_b as i64).signum() as i8;
                Some((s.index_a?, s.change() as f64 / 100.0 / s.pupils, mv, s.tier_pos_a))
            })
            .collect();
        if points.len() < 3 {
            return None;
        }
        let r = pearson(&points);
        let verdict = match r {
            r if r >= 0.2 => "rises with need",
            r if r <= -0.2 => "falls as need rises",
            _ => "does not follow need",
        };
        let title = format!(
            "The change per pupil {verdict} (correlation {r:.2} over {} {})",
            thousands(points.len() as u64),
            cmp.unit.1
        );
        let tiers = cmp.tiers_a.clone();
        Some(Chart::ChangeVsNeed { title, points, tiers, label: label.to_string() })
    }

    /// Schools by tier under A and B as a heat map.
    pub fn tier_heatmap(cmp: &Comparison) -> Chart {
        let moved = cmp.tier_changes();
        let title = format!(
            "{} of {} {} change tier",
            thousands(moved as u64),
            thousands(cmp.schools.len() as u64),
            cmp.unit.1
        );
        // "(no tier)" only when a school has none.
        let (na, nb) = (cmp.tiers_a.len(), cmp.tiers_b.len());
        let keep_a: Vec<usize> =
            (0..na).filter(|&i| i + 1 < na || cmp.cross[i].iter().any(|&k| k > 0)).collect();
        let keep_b: Vec<usize> =
            (0..nb).filter(|&j| j + 1 < nb || cmp.cross.iter().any(|r| r[j] > 0)).collect();
        Chart::TierMoves {
            title,
            rows: keep_a.iter().map(|&i| cmp.tiers_a[i].clone()).collect(),
            cols: keep_b.iter().map(|&j| cmp.tiers_b[j].clone()).collect(),
            cells: keep_a
                .iter()
                .map(|&i| keep_b.iter().map(|&j| cmp.cross[i][j]).collect())
                .collect(),
        }
    }

    /// Where redirected money comes from and goes (when run B moves money between lines and
    /// programs): the lines and programs involved before, each move, and after.
    pub fn money_moves(b: &Run) -> Option<Chart> {
        let (f, a) = (&b.computation.formula, b.allocation.as_ref()?);
        let rules = f.allocation.as_ref()?;
        if rules.redirects.is_empty() {
            return None;
        }
        let label = |name: &str| {
            rules
                .programs
                .iter()
                .find(|p| p.id == name)
                .map_or(name.to_string(), |p| p.label.clone())
        };
        // The money in the lines and programs the moves touch is the same before and after.
        let mut touched: Vec<&str> = Vec::new();
        for r in &rules.redirects {
            for id in [r.from.as_str(), rules.programs[r.to].id.as_str()] {
                if !touched.contains(&id) {
                    touched.push(id);
                }
            }
        }
        let after: i64 = touched
            .iter()
            .map(|id| match a.lines.iter().find(|l| l.name == *id) {
                Some(l) => l.after,
                None => a.programs.iter().find(|p| p.id == *id).map_or(0, |p| p.total),
            })
            .sum();
        let mut steps = vec![("before".to_string(), after)];
        for r in &rules.redirects {
            steps.push((format!("out of {}", label(&r.from)), -r.amount));
            steps.push((format!("into {}", rules.programs[r.to].label), r.amount));
        }
        steps.push(("after".into(), after));
        let moved: i64 = rules.redirects.iter().map(|r| r.amount).sum();
        let title = format!(
            "{} moves from {} to {}",
            axis_dollars(moved as f64 / 100.0),
            rules.redirects.iter().map(|r| label(&r.from)).collect::<Vec<_>>().join(", "),
            rules
                .redirects
                .iter()
                .map(|r| rules.programs[r.to].label.clone())
                .collect::<Vec<_>>()
                .join(", ")
        );
        Some(Chart::MoneyMoves { title, steps })
    }

    /// The concentration curve of an audit.
    pub fn concentration(au: &Audit) -> Chart {
        let title = format!(
            "The highest-need 20% of pupils get {:.0}% of the money (concentration index {:.2})",
            100.0 * au.share_top20,
            au.concentration
        );
        Chart::ConcentrationCurve { title, curve: au.curve.clone() }
    }

    /// Dollars per pupil experienced by each student group (when the audit has groups).
    pub fn group_dots(au: &Audit) -> Option<Chart> {
        let all = au.groups.first()?.all_per_pupil;
        let rows: Vec<(String, f64)> = au
            .groups
            .iter()
            .filter(|g| g.per_pupil.is_finite())
            .map(|g| (g.label.clone(), g.per_pupil))
            .collect();
        // The group furthest from the average, either way.
        let off = |v: f64| (v / all).ln().abs();
        let top = rows.iter().max_by(|a, b| off(a.1).total_cmp(&off(b.1)))?;
        let title = format!(
            "The average {} student's {} gets {} per pupil, {:.2}× the average of all students",
            top.0,
            au.unit.0,
            axis_dollars(top.1.round()),
            top.1 / all
        );
        Some(Chart::PerPupilByGroup { title, rows, all })
    }

    /// Dollars per pupil by tier, one segment per program and hold-harmless on top.
    pub fn per_pupil_stacked(c: &Computation, a: &AllocationResult) -> Chart {
        let (rows, _) = by_tier(c, a);
        let n = c.len();
        let mut parts: Vec<String> = a.programs.iter().map(|p| p.label.clone()).collect();
        let on_top = a.on_top();
        if on_top.is_some() {
            parts.push("hold-harmless".into());
        }
        let tier_count = c.formula.tiers.as_ref().map_or(0, |t| t.names.len());
        let values: Vec<Vec<f64>> = rows
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let in_tier = |r: usize| {
                    if k < tier_count { c.tier(r) == Some(k) } else { c.tier(r).is_none() }
                };
                let pupils = t.pupils.max(1e-9);
                let sum = |v: &[i64]| {
                    (0..n).filter(|&r| in_tier(r)).map(|r| v[r]).sum::<i64>() as f64
                        / 100.0
                        / pupils
                };
                let mut seg: Vec<f64> = a.programs.iter().map(|p| sum(&p.amounts)).collect();
                if let Some(h) = on_top {
                    seg.push(sum(&h.extra));
                }
                seg
            })
            .collect();
        let pp: Vec<f64> = rows.iter().map(|t| t.per_pupil().unwrap_or(0.0)).collect();
        let title = match (pp.first(), pp.iter().rev().find(|x| **x > 0.0)) {
            (Some(&hi), Some(&lo)) if lo > 0.0 && rows.len() > 1 => format!(
                "{} gets {} per pupil, {:.1}× the lowest funded tier ({})",
                rows[0].tier,
                axis_dollars(hi.round()),
                hi / lo,
                axis_dollars(lo.round())
            ),
            _ => "Dollars per pupil by tier".into(),
        };
        let tiers = rows.iter().map(|t| t.tier.clone()).collect();
        Chart::PerPupilByTier { title, tiers, parts, values }
    }

    /// The share of each area's pupils in the first tier, the highest first (None without areas
    /// with pupils).
    pub fn area_shares(areas: &Areas) -> Option<Chart> {
        let tier = areas.tiers.first()?.clone();
        let bars: Vec<Bar> = areas
            .rows
            .iter()
            .filter(|r| r.first_tier_share().is_finite())
            .map(|r| Bar { label: r.area.clone(), value: 100.0 * r.first_tier_share() })
            .collect();
        let (hi, lo) = (bars.first()?, bars.last()?);
        let title = format!(
            "Pupils in the “{tier}” tier: from {:.0}% in {} to {:.0}% in {}",
            hi.value, hi.label, lo.value, lo.label
        );
        Some(Chart::AreaShares { title, tier, bars })
    }

    /// Where one school sits on the index distribution.
    pub fn school_position(c: &Computation, e: &Explanation) -> Option<Chart> {
        let index = e.index?;
        let Chart::IndexDistribution { values, boundaries, label, unit } =
            Chart::index_distribution(c)
        else {
            return None;
        };
        let below = values.iter().filter(|&&v| v < index).count();
        let share = 100.0 * below as f64 / values.len().max(1) as f64;
        let title = format!(
            "{}: more need than {share:.0}% of {unit} (rank {} of {})",
            e.name,
            e.rank.map_or("–".into(), |r| format_num(r as f64)),
            thousands(e.ranked as u64)
        );
        Some(Chart::SchoolPosition {
            title,
            values,
            boundaries,
            school: (index, e.name.clone()),
            label,
            unit,
        })
    }
}

/// Pearson correlation of the first two coordinates.
fn pearson(points: &[(f64, f64, i8, usize)]) -> f64 {
    let n = points.len() as f64;
    let (mx, my) = points.iter().fold((0.0, 0.0), |(a, b), p| (a + p.0 / n, b + p.1 / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for p in points {
        sxy += (p.0 - mx) * (p.1 - my);
        sxx += (p.0 - mx).powi(2);
        syy += (p.1 - my).powi(2);
    }
    if sxx > 0.0 && syy > 0.0 { sxy / (sxx * syy).sqrt() } else { 0.0 }
}

impl Chart {
    /// Each area's progressivity ratio for dimension `d` (a share of pupils) with its 90%
    /// interval, the lowest first: the proposal's against the baseline's when two runs are
    /// compared. None without areas or without a ratio.
    pub fn progressivity(e: &Equity, d: usize) -> Option<Chart> {
        let dim = e.dimensions().get(d).filter(|x| x.role() != Role::Wealth)?;
        let shown = usize::from(e.compares());
        let ratio = |b: &crate::analysis::equity::Battery| b.vertical(d, Vertical::Ratio);
        let mut rows: Vec<RatioRow> = e.areas()[1..]
            .iter()
            .filter(|a| a.batteries()[shown].units() >= 2)
            .filter(|a| ratio(&a.batteries()[shown]).is_finite())
            .map(|a| {
                let b = &a.batteries()[shown];
                RatioRow {
                    area: a.area().to_string(),
                    ratio: ratio(b),
                    interval: b.interval(d, Vertical::Ratio),
                    baseline: e.compares().then(|| ratio(&a.batteries()[0])),
                }
            })
            .collect();
        let all = ratio(&e.areas()[0].batteries()[shown]);
        if rows.is_empty() || !all.is_finite() {
            return None;
        }
        rows.sort_by(|a, b| a.ratio.total_cmp(&b.ratio).then_with(|| a.area.cmp(&b.area)));
        let below = rows.iter().filter(|r| r.ratio < 1.0).count();
        let title = format!(
            "{} get less money per pupil than everyone else in {below} of {} {}",
            capitalised(dim.label()),
            thousands(rows.len() as u64),
            e.areas_word()
        );
        Some(Chart::Progressivity { title, group: dim.label().to_string(), rows, all })
    }
}
