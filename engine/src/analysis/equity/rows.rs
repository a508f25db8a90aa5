//! The rows an equity analysis reads from a run: money per pupil (cost-adjusted), pupils, each
//! dimension's level and group pupils, the regression's controls and the areas; rows without
//! pupils, money or a positive cost index are left out and counted.

use super::types::LeftOut;
use crate::analysis::Run;
use crate::error::{Error, Result};
use crate::formula::{EquityConfig, MoneyPart, PupilShare, ShareKind};

/// One run's rows, ready for the statistics.
pub(super) struct RunRows {
    /// The district rows used.
    pub(super) used: Vec<usize>,
    /// Money per pupil of each used row (dollars, cost-adjusted).
    pub(super) money: Vec<f64>,
    /// Pupils of each used row (all positive).
    pub(super) pupils: Vec<f64>,
    /// The rows left out, by reason.
    pub(super) left_out: LeftOut,
}

/// A dimension's values over the used rows: the level and, for a share, the group's pupils.
pub(super) struct DimensionValues {
    /// The share of pupils in the group (%), or the wealth.
    pub(super) level: Vec<f64>,
    /// The group's pupils (a share), or None (wealth).
    pub(super) group: Option<Vec<f64>>,
}

/// The money of a run: each part's dollars per row (a total, or per pupil).
enum Part<'a> {
    PerPupil(&'a [f64]),
    Total(Vec<f64>),
}

/// The rows of a run under the equity settings, taken in the order `order` (the ids' order, so
/// every sum is the same whatever the order of the data's rows).
pub(super) fn run_rows(run: &Run, cfg: &EquityConfig, order: &[usize]) -> Result<RunRows> {
    let c = &run.computation;
    let allocated = || {
        run.allocation.as_ref().ok_or_else(|| {
            Error::usage(
                format!(
                    "the money is the allocation, but formula '{}' allocates none",
                    c.formula.name
                ),
                "name money columns of the data with --money COLUMN (or [equity] money)",
            )
        })
    };
    let mut parts = Vec::new();
    for p in &cfg.money {
        parts.push(match p {
            MoneyPart::Column(col) if cfg.money_total => Part::Total(c.district.num(col).to_vec()),
            MoneyPart::Column(col) => Part::PerPupil(c.district.num(col)),
            MoneyPart::Allocation => Part::Total(dollars(allocated()?.total())),
            MoneyPart::Program(id) => {
                let a = allocated()?;
                let program = a.programs().iter().find(|x| x.id() == id).ok_or_else(|| {
                    Error::usage(
                        format!("no program '{id}' in the allocation"),
                        "name a program of the formula",
                    )
                })?;
                Part::Total(dollars(program.amounts()))
            }
        });
    }
    let pupils: Vec<f64> = match &cfg.pupils {
        Some(col) => c.district.num(col).to_vec(),
        None => allocated()?.pupils().to_vec(),
    };
    let cost = cfg.cost.as_ref().map(|col| c.district.num(col));
    let mut rows = RunRows {
        used: Vec::new(),
        money: Vec::new(),
        pupils: Vec::new(),
        left_out: LeftOut::default(),
    };
    for &r in order {
        let p = pupils[r];
        let money: f64 = parts
            .iter()
            .map(|part| match part {
                Part::PerPupil(v) => v[r],
                Part::Total(v) => v[r] / p,
            })
            .sum();
        let divisor = cost.map_or(1.0, |v| v[r]);
        if !(p.is_finite() && p > 0.0) {
            rows.left_out.no_pupils += 1;
        } else if !money.is_finite() {
            rows.left_out.no_money += 1;
        } else if !(divisor.is_finite() && divisor > 0.0) {
            rows.left_out.no_cost += 1;
        } else {
            rows.used.push(r);
            rows.money.push(money / divisor);
            rows.pupils.push(p);
        }
    }
    rows.left_out.used = rows.used.len();
    Ok(rows)
}

/// Cents as dollars.
fn dollars(cents: &[i64]) -> Vec<f64> {
    cents.iter().map(|c| *c as f64 / 100.0).collect()
}

/// A share of pupils over the used rows, from its columns' values per district row (`columns`,
/// in the order of `share.columns`; drawn values are kept within 0–100%).
pub(super) fn share_values(
    share: &PupilShare,
    columns: &[&[f64]],
    rows: &RunRows,
    drawn: bool,
) -> DimensionValues {
    let (mut level, mut group) = (Vec::with_capacity(rows.used.len()), Vec::new());
    for (i, &r) in rows.used.iter().enumerate() {
        let pupils = rows.pupils[i];
        let value: f64 = columns.iter().map(|col| col[r]).sum();
        let mut fraction = match share.kind {
            ShareKind::Share { per } => value / per,
            ShareKind::Count => value / pupils,
        };
        if share.complement {
            fraction = 1.0 - fraction;
        }
        if drawn {
            fraction = fraction.clamp(0.0, 1.0);
        }
        level.push(100.0 * fraction);
        group.push(pupils * fraction);
    }
    DimensionValues { level, group: Some(group) }
}

/// A level (wealth) over the used rows.
pub(super) fn level_values(column: &[f64], rows: &RunRows) -> DimensionValues {
    DimensionValues { level: rows.used.iter().map(|&r| column[r]).collect(), group: None }
}

/// Where a share comes from, in words: `pct_pov`, `black_count + latino_count`, `100 − pct_white`.
pub(super) fn share_source(share: &PupilShare) -> String {
    let columns = share.columns.join(" + ");
    match (share.complement, share.kind, share.columns.len()) {
        (false, _, _) => columns,
        (true, ShareKind::Share { per }, 1) => {
            format!("{} − {columns}", crate::num::format_num(per))
        }
        (true, ShareKind::Share { per }, _) => {
            format!("{} − ({columns})", crate::num::format_num(per))
        }
        (true, ShareKind::Count, _) => format!("pupils − ({columns})"),
    }
}

/// The rows ordered by id, and each row's position in that order (ties in a level are broken
/// by it).
pub(super) fn id_order(ids: &[String]) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    let mut position = vec![0; ids.len()];
    for (k, &r) in order.iter().enumerate() {
        position[r] = k;
    }
    (order, position)
}
