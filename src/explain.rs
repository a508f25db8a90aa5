//! One school explained: indicator values and contributions, rank and tier, the distance to the
//! next tier boundary, the smallest single-indicator change that would move it, and its money.

use crate::allocate::{AllocationResult, Bound};
use crate::error::{Error, Result, did_you_mean};
use crate::formula::Child;
use crate::index::Computation;
use crate::normalise::Groups;
use crate::normalise::Normaliser;
use serde::Serialize;

/// One indicator of one school.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    /// Indicator id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit of the raw value.
    pub unit: String,
    /// Parent domain id.
    pub domain: String,
    /// Raw value (None = missing or not applicable).
    pub raw: Option<f64>,
    /// Normalised value.
    pub value: Option<f64>,
    /// `present`, `missing`, `imputed` or `not applicable`.
    pub status: String,
    /// How the raw value was normalised.
    pub normaliser: String,
    /// Share of the parent's score per unit of value (the effective weight).
    pub weight: Option<f64>,
    /// Contribution to the parent domain's score.
    pub to_domain: Option<f64>,
    /// Contribution to the index score (None when the path is not linear).
    pub to_index: Option<f64>,
}

/// One domain of one school.
#[derive(Debug, Clone, Serialize)]
pub struct DomainLine {
    /// Domain id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Score.
    pub score: Option<f64>,
    /// Re-normalised value.
    pub normalised: Option<f64>,
    /// Contribution to the index score.
    pub to_index: Option<f64>,
}

/// A change of one indicator that would reach the next tier (others held fixed).
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Indicator id.
    pub indicator: String,
    /// Label.
    pub label: String,
    /// Raw value now.
    pub from_raw: f64,
    /// Raw value needed.
    pub to_raw: f64,
    /// Normalised value now.
    pub from_value: f64,
    /// Normalised value it would get.
    pub to_value: f64,
}

/// The next tier up or down.
#[derive(Debug, Clone, Serialize)]
pub struct TierMove {
    /// The tier it would move to.
    pub tier: String,
    /// Index points to the boundary (signed).
    pub index_gap: f64,
    /// Schools it would pass on the way.
    pub schools_between: usize,
    /// Single-indicator changes that would do it, smallest change (in normalised units) first.
    pub changes: Vec<Change>,
}

/// A program's amount for the school.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyLine {
    /// Program id.
    pub program: String,
    /// Label.
    pub label: String,
    /// Cents.
    pub cents: i64,
    /// Which rule bound it (empty when none).
    pub bound: String,
}

/// Everything about one school.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Group.
    pub group: Option<String>,
    /// Final index value.
    pub index: Option<f64>,
    /// Index score before any re-normalisation.
    pub index_score: Option<f64>,
    /// Why there is no index.
    pub reason: Option<String>,
    /// Rank (1 = highest need).
    pub rank: Option<usize>,
    /// Schools ranked.
    pub ranked: usize,
    /// Tier name.
    pub tier: Option<String>,
    /// Indicators in formula order.
    pub indicators: Vec<IndicatorLine>,
    /// Domains in formula order.
    pub domains: Vec<DomainLine>,
    /// Sum of the indicator contributions (equals the index score when the formula is linear).
    pub contributions_sum: Option<f64>,
    /// Moving up a tier.
    pub up: Option<TierMove>,
    /// Moving down a tier.
    pub down: Option<TierMove>,
    /// Money by program.
    pub money: Vec<MoneyLine>,
    /// Hold-harmless added on top, cents.
    pub hold_harmless: Option<i64>,
    /// Total cents.
    pub total: Option<i64>,
    /// Pupils.
    pub pupils: Option<f64>,
    /// Prior-year dollars.
    pub prior: Option<f64>,
}

fn opt(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

/// Finds a school by id (an error suggests the closest ids).
pub fn find_school(c: &Computation, id: &str) -> Result<usize> {
    if let Some(r) = c.district.ids.iter().position(|s| s == id) {
        return Ok(r);
    }
    let by_name: Vec<usize> = (0..c.len()).filter(|&r| c.district.names[r].eq_ignore_ascii_case(id)).collect();
    if by_name.len() == 1 {
        return Ok(by_name[0]);
    }
    let hint = match did_you_mean(id, c.district.ids.iter().map(String::as_str)) {
        Some(s) => format!("did you mean {s}?"),
        None => format!("ids look like {}", c.district.ids.iter().take(3).cloned().collect::<Vec<_>>().join(", ")),
    };
    Err(Error::usage(format!("no school with id '{id}' in {}", c.district.source), hint))
}

/// Explains one school of a computation (and its allocation, when given).
pub fn explain(c: &Computation, alloc: Option<&AllocationResult>, row: usize) -> Explanation {
    let f = &c.formula;
    let root = f.domains.len() - 1;
    let index_score = opt(c.domains[root].score[row]);
    let contributions = c.contributions(row);
    let linear = contributions.iter().all(|x| !x.is_nan());
    let indicators: Vec<IndicatorLine> = f
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let v = &c.indicators[i];
            let applicable = !v.weight[row].is_nan();
            let status = if !applicable {
                "not applicable"
            } else if v.imputed[row] {
                "imputed"
            } else if v.raw[row].is_nan() {
                "missing"
            } else {
                "present"
            };
            let parent = ind.parent;
            let j = f.domains[parent].children.iter().position(|ch| *ch == Child::Indicator(i)).expect("child");
            let slope = opt(c.domains[parent].slopes[j][row]);
            let value = opt(v.value[row]);
            IndicatorLine {
                id: ind.id.clone(),
                label: ind.label.clone(),
                unit: ind.unit.clone(),
                domain: f.domains[parent].id.clone(),
                raw: if applicable { opt(v.input(row)) } else { None },
                value,
                status: status.to_string(),
                normaliser: ind.normaliser.describe(),
                weight: slope,
                to_domain: value.zip(slope).map(|(a, b)| a * b),
                to_index: value.and(opt(contributions[i])),
            }
        })
        .collect();
    let order = crate::export::domain_output_order(c);
    let domains: Vec<DomainLine> = order
        .iter()
        .filter(|&&d| d != root)
        .map(|&d| {
            let dom = &f.domains[d];
            let to_index: f64 = dom.indicators.iter().map(|&i| contributions[i]).sum();
            DomainLine {
                id: dom.id.clone(),
                label: dom.label.clone(),
                score: opt(c.domains[d].score[row]),
                normalised: c.domains[d].normalised.as_ref().and_then(|n| opt(n[row])),
                to_index: opt(to_index),
            }
        })
        .collect();
    let (up, down) = tier_moves(c, row);
    let (money, hold_harmless, total, pupils, prior) = match alloc {
        Some(a) => (
            a.programs
                .iter()
                .map(|p| MoneyLine {
                    program: p.id.clone(),
                    label: p.label.clone(),
                    cents: p.amounts[row],
                    bound: if p.bound[row] == Bound::None { String::new() } else { p.bound[row].as_str().to_string() },
                })
                .collect(),
            a.hold_harmless.as_ref().map(|h| h.extra[row]).filter(|x| *x > 0),
            Some(a.total[row]),
            opt(a.pupils[row]),
            a.prior.as_ref().and_then(|p| opt(p[row])),
        ),
        None => (Vec::new(), None, None, None, None),
    };
    Explanation {
        id: c.district.ids[row].clone(),
        name: c.district.names[row].clone(),
        group: c.district.groups.as_ref().map(|g| g[row].clone()),
        index: opt(c.index[row]),
        index_score,
        reason: c.reason(row).map(str::to_string),
        rank: c.rank[row],
        ranked: c.rank.iter().filter(|r| r.is_some()).count(),
        tier: match (&f.tiers, &c.tiers) {
            (Some(t), Some(p)) => Some(t.name(p[row]).to_string()),
            _ => None,
        },
        indicators,
        domains,
        contributions_sum: if linear && index_score.is_some() { Some(contributions.iter().sum()) } else { None },
        up,
        down,
        money,
        hold_harmless,
        total,
        pupils,
        prior,
    }
}

/// The nearest schools in a higher and a lower tier (same tier group), holding cut-offs fixed.
fn tier_moves(c: &Computation, row: usize) -> (Option<TierMove>, Option<TierMove>) {
    let (Some(t), Some(tiers)) = (&c.formula.tiers, &c.tiers) else { return (None, None) };
    let Some(own) = tiers[row] else { return (None, None) };
    let x = c.index[row];
    let groups = crate::index::group_labels(&c.district, t.within.as_ref());
    let members: Vec<usize> = match groups.members.iter().find(|m| m.contains(&row)) {
        Some(m) => m.clone(),
        None => Groups::all(c.len()).members.remove(0),
    };
    let higher = |r: usize| tiers[r].is_some_and(|p| p != own) && c.index[r] > x;
    let lower = |r: usize| tiers[r].is_some_and(|p| p != own) && c.index[r] < x;
    let up_school = members.iter().copied().filter(|&r| higher(r)).min_by(|&a, &b| c.index[a].total_cmp(&c.index[b]));
    let down_school = members.iter().copied().filter(|&r| lower(r)).max_by(|&a, &b| c.index[a].total_cmp(&c.index[b]));
    let mk = |target: usize, up: bool| {
        let tv = c.index[target];
        let between = members.iter().filter(|&&r| if up { c.index[r] > x && c.index[r] < tv } else { c.index[r] < x && c.index[r] > tv }).count();
        TierMove { tier: t.name(tiers[target]).to_string(), index_gap: tv - x, schools_between: between, changes: changes(c, row, target, up) }
    };
    (up_school.map(|s| mk(s, true)), down_school.map(|s| mk(s, false)))
}

/// Single-indicator changes that bring the school's index score to the target school's score.
fn changes(c: &Computation, row: usize, target: usize, up: bool) -> Vec<Change> {
    let root = c.formula.domains.len() - 1;
    let gap = c.domains[root].score[target] - c.domains[root].score[row];
    if gap.is_nan() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, ind) in c.formula.indicators.iter().enumerate() {
        let v = &c.indicators[i];
        let (x0, n0) = (v.input(row), v.value[row]);
        let slope = c.index_slope(i, row);
        if x0.is_nan() || n0.is_nan() || v.imputed[row] || slope.is_nan() || slope <= 0.0 {
            continue;
        }
        let target_n = n0 + gap / slope;
        let reaches = |n: f64| if up { n >= target_n - 1e-12 } else { n <= target_n + 1e-12 };
        // Raw values only move the normalised value one way: search along that way.
        let raise = up == (ind.direction == crate::formula::Direction::Higher);
        let Some(to_raw) = search(c, i, row, raise, &reaches) else { continue };
        out.push(Change {
            indicator: ind.id.clone(),
            label: ind.label.clone(),
            from_raw: x0,
            to_raw,
            from_value: n0,
            to_value: c.normalised_with(i, row, to_raw),
        });
    }
    out.sort_by(|a, b| (a.to_value - a.from_value).abs().total_cmp(&(b.to_value - b.from_value).abs()));
    out
}

/// The nearest raw value (moving up if `raise`, else down) whose normalised value `reaches` the
/// target; None when even the most extreme value does not.
fn search(c: &Computation, i: usize, row: usize, raise: bool, reaches: &dyn Fn(f64) -> bool) -> Option<f64> {
    let iv = &c.indicators[i];
    let x0 = iv.input(row);
    let norm = &c.formula.indicators[i].normaliser;
    let others: Vec<f64> = (0..c.len()).filter(|&r| r != row).map(|r| iv.input(r)).filter(|x| !x.is_nan()).collect();
    let (lo, hi) = others.iter().fold((x0, x0), |(a, b), &x| (a.min(x), b.max(x)));
    let span = (hi - lo).max(x0.abs()).max(1.0);
    let eval = |x: f64| reaches(c.normalised_with(i, row, x));
    let rank_based =
        matches!(norm, Normaliser::Percentile { .. } | Normaliser::Rank { .. } | Normaliser::Quantile { .. } | Normaliser::Points { .. });
    if rank_based {
        // Candidates: tying each other value, or just passing it (mid-way to the next value).
        let mut vals: Vec<f64> = others.iter().copied().filter(|&x| if raise { x > x0 } else { x < x0 }).collect();
        if let Normaliser::Points { cutoffs, .. } = norm {
            vals.extend(cutoffs.iter().copied().filter(|&x| if raise { x > x0 } else { x < x0 }));
        }
        vals.sort_by(|a, b| if raise { a.total_cmp(b) } else { b.total_cmp(a) });
        vals.dedup();
        let mut cands = Vec::with_capacity(2 * vals.len() + 1);
        for (k, &v) in vals.iter().enumerate() {
            cands.push(v);
            let next = vals.get(k + 1).copied().unwrap_or(if raise { v + 0.01 * span } else { v - 0.01 * span });
            cands.push((v + next) / 2.0);
        }
        if !cands.last().is_some_and(|&l| eval(l)) {
            return None;
        }
        let k = cands.partition_point(|&x| !eval(x));
        return cands.get(k).copied();
    }
    // Continuous normalisers: bisection between now and far beyond the observed range.
    let far = if raise { hi + span } else { lo - span };
    if !eval(far) {
        return None;
    }
    let (mut a, mut b) = (x0, far);
    for _ in 0..100 {
        let m = 0.5 * (a + b);
        if eval(m) { b = m } else { a = m }
    }
    Some(b)
}

/// A number for people: up to 4 decimals, trailing zeros dropped.
pub fn human(x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    let s = format!("{:.4}", crate::normalise::round_half_up(x, 4));
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" { "0".into() } else { s }
}

impl Explanation {
    /// Plain-language text (the default output of `seni explain`).
    pub fn to_text(&self, formula: &str, hash: &str) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let group = self.group.as_ref().map(|g| format!(", {g}")).unwrap_or_default();
        let _ = writeln!(s, "{} ({}{group})", self.name, self.id);
        let _ = writeln!(s, "formula {formula} ({hash})\n");
        match (self.index, self.rank) {
            (Some(ix), Some(rank)) => {
                let _ = write!(s, "Need index {} — rank {rank} of {} (1 = highest need)", human(ix), self.ranked);
                if let Some(t) = &self.tier {
                    let _ = write!(s, " — tier: {t}");
                }
                s.push('\n');
            }
            _ => {
                let _ = writeln!(s, "No index: {}", self.reason.as_deref().unwrap_or("missing values"));
            }
        }
        if self.index_score.is_some() && self.index_score != self.index {
            let _ = writeln!(s, "(the index is the re-normalised score {})", human(self.index_score.unwrap_or(f64::NAN)));
        }
        let _ = writeln!(s, "\nHow the index is built (contributions add up to the index score):");
        let _ = writeln!(s, "  {:<44} {:>12} {:>10} {:>8} {:>12}", "indicator", "raw", "normalised", "weight", "contribution");
        for d in &self.domains {
            let _ = writeln!(
                s,
                "  {:<44} {:>12} {:>10} {:>8} {:>12}",
                format!("[{}]", d.label),
                "",
                d.score.map(human).unwrap_or_else(|| "–".into()),
                "",
                d.to_index.map(human).unwrap_or_else(|| "–".into())
            );
            for l in self.indicators.iter().filter(|l| l.domain == d.id) {
                indicator_row(&mut s, l);
            }
        }
        for l in self.indicators.iter().filter(|l| !self.domains.iter().any(|d| d.id == l.domain)) {
            indicator_row(&mut s, l);
        }
        if let Some(sum) = self.contributions_sum {
            let _ = writeln!(s, "  {:<44} {:>43}", "sum of contributions", human(sum));
        }
        s.push('\n');
        match (&self.up, &self.tier) {
            (Some(m), _) => move_text(&mut s, "up", m),
            (None, Some(t)) => {
                let _ = writeln!(s, "Up: already in the top tier ({t}).");
            }
            _ => {}
        }
        match (&self.down, &self.tier) {
            (Some(m), _) => move_text(&mut s, "down", m),
            (None, Some(t)) => {
                let _ = writeln!(s, "Down: already in the bottom tier ({t}).");
            }
            _ => {}
        }
        if self.up.is_some() || self.down.is_some() {
            let _ = writeln!(s, "(holding every other school's values and the tier cut-offs fixed)");
        }
        if let Some(total) = self.total {
            let _ = writeln!(s, "\nMoney:");
            for m in &self.money {
                let b = if m.bound.is_empty() { String::new() } else { format!(" (set by the {} rule)", m.bound) };
                let _ = writeln!(s, "  {:<40} {:>18}{b}", m.label, crate::allocate::dollars(m.cents));
            }
            if let Some(h) = self.hold_harmless {
                let _ = writeln!(s, "  {:<40} {:>18}", "hold-harmless (on top)", crate::allocate::dollars(h));
            }
            let _ = writeln!(s, "  {:<40} {:>18}", "total", crate::allocate::dollars(total));
            if let Some(p) = self.pupils.filter(|p| *p > 0.0) {
                let _ = writeln!(
                    s,
                    "  {:<40} {:>18}",
                    format!("per pupil ({} pupils)", human(p)),
                    crate::allocate::dollars((total as f64 / p).round() as i64)
                );
            }
            if let Some(prior) = self.prior {
                let change = total - (prior * 100.0).round() as i64;
                let _ = writeln!(
                    s,
                    "  {:<40} {:>18}   change {}",
                    "prior year",
                    crate::allocate::dollars((prior * 100.0).round() as i64),
                    crate::allocate::dollars(change)
                );
            }
        }
        s
    }
}

fn indicator_row(s: &mut String, l: &IndicatorLine) {
    use std::fmt::Write;
    let raw = match (l.raw, l.status.as_str()) {
        (_, "not applicable") => "n/a".to_string(),
        (Some(r), "imputed") => format!("{} (imputed)", human(r)),
        (Some(r), _) => human(r),
        (None, _) => "missing".to_string(),
    };
    let _ = writeln!(
        s,
        "    {:<42} {:>12} {:>10} {:>8} {:>12}",
        l.label.chars().take(42).collect::<String>(),
        raw,
        l.value.map(human).unwrap_or_else(|| "–".into()),
        l.weight.map(human).unwrap_or_else(|| "–".into()),
        l.to_index.or(l.to_domain).map(human).unwrap_or_else(|| "–".into())
    );
}

fn move_text(s: &mut String, way: &str, m: &TierMove) {
    use std::fmt::Write;
    let _ = writeln!(
        s,
        "{}: {} index points to {} (passing {} school{}).",
        if way == "up" { "Up" } else { "Down" },
        human(m.index_gap.abs()),
        m.tier,
        m.schools_between,
        if m.schools_between == 1 { "" } else { "s" }
    );
    match m.changes.first() {
        Some(ch) => {
            let _ = writeln!(
                s,
                "  smallest single change: {} from {} to {} (normalised {} → {})",
                ch.label,
                human(ch.from_raw),
                human(ch.to_raw),
                human(ch.from_value),
                human(ch.to_value)
            );
            for ch in m.changes.iter().skip(1).take(3) {
                let _ = writeln!(s, "  or: {} from {} to {}", ch.label, human(ch.from_raw), human(ch.to_raw));
            }
        }
        None => {
            let _ = writeln!(s, "  no single indicator can do it alone (none possible).");
        }
    }
}
