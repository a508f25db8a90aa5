//! The run by area (the formula's `[data] group`, e.g. each state of a national table): how
//! many units and pupils each area has in each tier, the share of its pupils in the first
//! (highest-need) tier, and the money that reaches it.

use crate::allocate::AllocationResult;
use crate::index::Computation;
use crate::num::Groups;

/// One area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    /// The area (a value of the group column).
    pub(crate) area: String,
    /// Units (schools, districts) in the area.
    pub(crate) units: usize,
    /// Pupils in the area.
    pub(crate) pupils: f64,
    /// Pupils in each tier, in tier order (then pupils without a tier).
    pub(crate) tier_pupils: Vec<f64>,
    /// Cents reaching the area.
    pub(crate) total: i64,
}

impl AreaRow {
    /// The area (a value of the group column).
    pub fn area(&self) -> &str {
        &self.area
    }

    /// Units (schools, districts) in the area.
    pub fn units(&self) -> usize {
        self.units
    }

    /// Pupils in the area.
    pub fn pupils(&self) -> f64 {
        self.pupils
    }

    /// Pupils in each tier, in tier order (then pupils without a tier).
    pub fn tier_pupils(&self) -> &[f64] {
        &self.tier_pupils
    }

    /// Cents reaching the area.
    pub fn total(&self) -> i64 {
        self.total
    }
}

impl AreaRow {
    /// The share of the area's pupils in the first (highest-need) tier.
    pub fn first_tier_share(&self) -> f64 {
        if self.pupils > 0.0 { self.tier_pupils[0] / self.pupils } else { f64::NAN }
    }
}

/// Every area, the highest share of pupils in the first tier first.
#[derive(Debug, Clone, PartialEq)]
pub struct Areas {
    /// The group column (`state`).
    pub(crate) column: String,
    /// The tier names (then the name for units without a tier).
    pub(crate) tiers: Vec<String>,
    /// The areas.
    pub(crate) rows: Vec<AreaRow>,
}

impl Areas {
    /// The group column (`state`).
    pub fn column(&self) -> &str {
        &self.column
    }

    /// The tier names (then the name for units without a tier).
    pub fn tiers(&self) -> &[String] {
        &self.tiers
    }

    /// The areas.
    pub fn rows(&self) -> &[AreaRow] {
        &self.rows
    }
}

/// The run by area, when the formula names a group column and has tiers.
pub fn areas(c: &Computation, a: &AllocationResult) -> Option<Areas> {
    let column = c.formula.data.group.as_ref()?;
    let t = c.formula.tiers()?;
    let mut tiers = t.names.clone();
    tiers.push(t.missing_name.clone());
    let k = tiers.len();
    let groups = Groups::by_label(c.district.txt(column));
    let mut rows: Vec<AreaRow> = groups
        .labels
        .iter()
        .zip(&groups.members)
        .map(|(label, members)| {
            let mut row = AreaRow {
                area: label.to_string(),
                units: members.len(),
                pupils: 0.0,
                tier_pupils: vec![0.0; k],
                total: 0,
            };
            for &r in members {
                let p = a.pupils_or_zero(r);
                row.pupils += p;
                row.tier_pupils[c.tier(r).unwrap_or(k - 1)] += p;
                row.total += a.total[r];
            }
            row
        })
        .collect();
    rows.sort_by(|x, y| {
        y.first_tier_share().total_cmp(&x.first_tier_share()).then_with(|| x.area.cmp(&y.area))
    });
    Some(Areas { column: column.clone(), tiers, rows })
}
