//! Which schools a program may fund: conditions on columns, eligible tiers, and the top schools
//! by need (overall or per group). A tier given money that no school is in is a mistake.

use super::lines::Lines;
use crate::error::{Error, Result};
use crate::formula::PotWeights;
use crate::formula::{Program, ProgramKind, Rate};
use crate::index::Computation;

/// Whether each school is eligible for a program (conditions on columns and earlier programs,
/// tiers, the top schools by need); an error when none is.
pub(super) fn eligibility(
    lines: &Lines,
    p: &Program,
    tiers: &[Option<usize>],
) -> Result<Vec<bool>> {
    let c = lines.c;
    let n = c.len();
    let mut ok = lines.all_hold(&p.eligible)?;
    if let Some(ts) = &p.tiers {
        for r in 0..n {
            ok[r] &= tiers[r].is_some_and(|t| ts.contains(&t));
        }
    }
    if let Some((top, within)) = &p.select {
        ok = select_top(c, &ok, *top, within.as_ref());
    }
    if !ok.iter().any(|x| *x) {
        let programs = c.formula.allocation.as_ref().map_or(&[][..], |a| &a.programs[..]);
        let why: Vec<String> = p.eligible.iter().map(|e| e.describe(programs)).collect();
        let why = if why.is_empty() { String::new() } else { format!(" ({})", why.join("; ")) };
        return Err(Error::infeasible(
            format!("program {}", p.id),
            format!("no school is eligible for program '{}'{why}", p.id),
            "loosen the eligibility rules or check the data columns they read",
        ));
    }
    Ok(ok)
}

/// The `top` eligible schools by need in each group (ties broken by id, so row order never
/// matters).
fn select_top(c: &Computation, ok: &[bool], top: usize, within: Option<&String>) -> Vec<bool> {
    let groups = c.district.groups_by(within);
    let mut chosen = vec![false; ok.len()];
    for rows in &groups.members {
        let mut cand: Vec<usize> =
            rows.iter().copied().filter(|&r| ok[r] && !c.index[r].is_nan()).collect();
        cand.sort_by(|&a, &b| {
            c.index[b]
                .total_cmp(&c.index[a])
                .then_with(|| c.district.ids[a].cmp(&c.district.ids[b]))
        });
        for &r in cand.iter().take(top) {
            chosen[r] = true;
        }
    }
    chosen
}

/// A tier given money (a rate or a pot weight) that no school is in is a mistake in the rules.
pub(super) fn empty_tiers(c: &Computation, p: &Program, tiers: &[Option<usize>]) -> Result<()> {
    let per_tier: Option<&Vec<f64>> = match &p.kind {
        ProgramKind::PerPupil { rate: Some(Rate::ByTier(r)), .. } => Some(r),
        ProgramKind::Pot { weights: PotWeights::Tier(w), .. } => Some(w),
        _ => None,
    };
    let (Some(values), Some(t)) = (per_tier, &c.formula.tiers) else { return Ok(()) };
    for (i, v) in values.iter().enumerate() {
        if *v > 0.0 && !tiers.contains(&Some(i)) {
            let what = if matches!(p.kind, ProgramKind::Pot { .. }) { "weight" } else { "rate" };
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!(
                    "tier '{}' has no schools, so its {what} of {v} cannot be paid",
                    t.names[i]
                ),
                "use fewer tiers or cut-offs that every tier reaches, or set that tier's value to 0",
            ));
        }
    }
    Ok(())
}
