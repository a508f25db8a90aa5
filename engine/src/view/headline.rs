//! Headline sentences for people to read first (the report's findings, the what-if page): the
//! money, how it follows need, and the index — rounded for reading (whole dollars, whole
//! percentages, indices to three decimals).

use crate::allocate::{AllocationResult, TierRow, by_tier};
use crate::analysis::audit::Audit;
use crate::index::Computation;
use crate::num::{capitalised, fixed, percent, thousands, whole_dollars};
use crate::table::column_label;

/// Who shares how much, and the highest-need tier's dollars per pupil against the lowest's.
pub fn money_headlines(c: &Computation, a: &AllocationResult) -> Vec<String> {
    let (rows, all) = by_tier(c, a);
    let mut lines = vec![format!(
        "{} {} and {} pupils share {}.",
        thousands(all.schools as u64),
        c.unit_plural(),
        thousands(all.pupils.round() as u64),
        whole_dollars(a.grand_total())
    )];
    lines.extend(tier_ratio(&rows, c.unit_plural()));
    lines
}

/// "Schools in the highest-need tier get $2,762 per pupil, 5.0× the $552 of the lowest-need
/// tier" (tiers with pupils, highest need first).
fn tier_ratio(rows: &[TierRow], unit: &str) -> Option<String> {
    let tiered: Vec<&TierRow> = rows.iter().filter(|r| r.pupils > 0.0).collect();
    let (hi, lo) = (tiered.first()?, tiered.last()?);
    if tiered.len() < 2 {
        return None;
    }
    let (h, l) = (hi.per_pupil()?, lo.per_pupil()?);
    let dollars = |x: f64| whole_dollars((x * 100.0).round() as i64);
    Some(if l > 0.0 {
        format!(
            "{} in the “{}” tier get {} per pupil, {}× the {} of the “{}” tier.",
            capitalised(unit),
            hi.tier,
            dollars(h),
            fixed(h / l, 1),
            dollars(l),
            lo.tier
        )
    } else {
        format!(
            "{} in the “{}” tier get {} per pupil; the “{}” tier gets nothing.",
            capitalised(unit),
            hi.tier,
            dollars(h),
            lo.tier
        )
    })
}

/// How much of the money reaches the highest-need pupils.
pub fn concentration_headlines(au: &Audit) -> Vec<String> {
    vec![format!(
        "The highest-need fifth of pupils get {} of the money; the highest-need two-fifths, {}.",
        percent(au.share_top20),
        percent(au.share_top40)
    )]
}

/// Where each student group's students are: the share in the first (highest-need) tier, and
/// the areas (states) with the most and the fewest of their pupils there.
pub fn tier_share_headlines(au: &Audit, first_tier: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut groups: Vec<(&str, f64)> = au
        .groups
        .iter()
        .filter_map(|g| Some((g.label.as_str(), g.in_first_tier.filter(|s| s.is_finite())?)))
        .collect();
    if groups.len() > 1 {
        groups.sort_by(|a, b| b.1.total_cmp(&a.1));
        let list: Vec<String> =
            groups.iter().map(|(g, s)| format!("{g} {}", percent(*s))).collect();
        lines.push(format!(
            "Students in the “{first_tier}” tier, as a share of each group's: {}.",
            list.join(", ")
        ));
    }
    if let Some(areas) = &au.areas {
        let shares: Vec<(&str, f64)> = areas
            .rows
            .iter()
            .map(|r| (r.area.as_str(), r.first_tier_share()))
            .filter(|(_, s)| s.is_finite())
            .collect();
        if let (Some(hi), Some(lo)) = (shares.first(), shares.last()) {
            lines.push(format!(
                "By {}: from {} of pupils in the “{first_tier}” tier ({}) to {} ({}).",
                column_label(&areas.column),
                percent(hi.1),
                hi.0,
                percent(lo.1),
                lo.0
            ));
        }
    }
    lines
}

/// The index: how many are ranked, into how many tiers, and the highest-need one.
pub fn index_headlines(c: &Computation) -> Vec<String> {
    let ranked = c.rank.iter().flatten().count();
    let mut line = format!(
        "{} of {} {} have an index",
        thousands(ranked as u64),
        thousands(c.len() as u64),
        c.unit_plural()
    );
    if let Some(t) = c.formula.tiers() {
        line.push_str(&format!(", in {} tiers", t.names.len()));
    }
    line.push('.');
    let mut lines = vec![line];
    if let Some(top) = c.top_school() {
        lines.push(format!(
            "Highest need: {} (index {}).",
            c.district.names[top],
            fixed(c.index[top], 3)
        ));
    }
    lines
}
