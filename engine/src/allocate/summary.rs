//! Money by need tier: schools, pupils, dollars and dollars per pupil in each tier.

use super::result::AllocationResult;
use crate::index::Computation;

/// One tier's share of an allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRow {
    /// Tier name (or the name for schools without a tier).
    pub(crate) tier: String,
    /// Schools.
    pub(crate) schools: usize,
    /// Pupils.
    pub(crate) pupils: f64,
    /// Cents.
    pub(crate) total: i64,
}

impl TierRow {
    /// Tier name (or the name for schools without a tier).
    pub fn tier(&self) -> &str {
        &self.tier
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
}

impl TierRow {
    /// Dollars per pupil (None without pupils).
    pub fn per_pupil(&self) -> Option<f64> {
        (self.pupils > 0.0).then(|| self.total as f64 / 100.0 / self.pupils)
    }
}

/// Money by tier in tier order (schools without a tier last, when there are any), and all
/// schools together.
pub fn by_tier(c: &Computation, a: &AllocationResult) -> (Vec<TierRow>, TierRow) {
    let mut names: Vec<String> =
        c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
    let missing =
        c.formula.tiers.as_ref().map(|t| t.missing_name.as_str()).filter(|m| !m.is_empty());
    names.push(missing.unwrap_or("(no tier)").to_string());
    let k = names.len();
    let mut rows: Vec<TierRow> =
        names.into_iter().map(|tier| TierRow { tier, schools: 0, pupils: 0.0, total: 0 }).collect();
    for r in 0..c.len() {
        let row = &mut rows[c.tier(r).unwrap_or(k - 1)];
        row.schools += 1;
        row.pupils += a.pupils_or_zero(r);
        row.total += a.total[r];
    }
    let all = TierRow {
        tier: format!("All {}", c.unit_plural()),
        schools: rows.iter().map(|r| r.schools).sum(),
        pupils: rows.iter().map(|r| r.pupils).sum(),
        total: rows.iter().map(|r| r.total).sum(),
    };
    if rows[k - 1].schools == 0 {
        rows.pop();
    }
    (rows, all)
}

/// One group's share of an allocation (money by a column, e.g. by district type).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The group's value of the column (or `All districts`).
    pub(crate) group: String,
    /// Rows.
    pub(crate) rows: usize,
    /// Pupils.
    pub(crate) pupils: f64,
    /// Cents.
    pub(crate) total: i64,
    /// Last year's cents (when the allocation has prior amounts).
    pub(crate) prior: Option<i64>,
}

impl GroupRow {
    /// The group's value of the column (or `All districts`).
    pub fn group(&self) -> &str {
        &self.group
    }

    /// Rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Pupils.
    pub fn pupils(&self) -> f64 {
        self.pupils
    }

    /// Cents.
    pub fn total(&self) -> i64 {
        self.total
    }

    /// Last year's cents (when the allocation has prior amounts).
    pub fn prior(&self) -> Option<i64> {
        self.prior
    }

    /// Dollars per pupil (None without pupils).
    pub fn per_pupil(&self) -> Option<f64> {
        (self.pupils > 0.0).then(|| self.total as f64 / 100.0 / self.pupils)
    }
}

/// Money by the values of a text column (the largest total first, ties by name), and all rows
/// together.
pub fn by_group(c: &Computation, a: &AllocationResult, column: &str) -> (Vec<GroupRow>, GroupRow) {
    let values = c.district.txt(column);
    let prior = a.prior.as_ref();
    let new_row =
        |group: String| GroupRow { group, rows: 0, pupils: 0.0, total: 0, prior: prior.map(|_| 0) };
    let mut rows: Vec<GroupRow> = Vec::new();
    let mut all = new_row(format!("All {}", c.unit_plural()));
    for r in 0..c.len() {
        let i = match rows.iter().position(|g| g.group == values[r]) {
            Some(i) => i,
            None => {
                rows.push(new_row(values[r].clone()));
                rows.len() - 1
            }
        };
        for g in [&mut rows[i], &mut all] {
            g.rows += 1;
            g.pupils += a.pupils_or_zero(r);
            g.total += a.total[r];
            if let (Some(p), Some(prior)) = (g.prior.as_mut(), prior) {
                *p += prior[r].unwrap_or(0);
            }
        }
    }
    rows.sort_by(|x, y| y.total.cmp(&x.total).then_with(|| x.group.cmp(&y.group)));
    (rows, all)
}
