//! Is the money fair? The school-finance equity statistics of any money per pupil — a run's
//! allocation (or one program), money columns of the data (today's revenue), or a baseline
//! against a proposal — optionally divided by a cost index, every pupil counted once:
//!
//! * horizontal: range, percentiles by cumulative pupils and the federal range ratio (34 CFR
//!   222.162 and its appendix, with the 25% test), McLoone, Verstegen, coefficient of
//!   variation, Gini and Theil (split between and within areas);
//! * vertical and fiscal neutrality, for poverty, each student group and wealth: the
//!   progressivity ratio (Urban Institute), the highest- against the lowest-poverty quartile
//!   (Education Trust), correlation, slope and elasticity (Berne & Stiefel), and the money a
//!   regression predicts at 30% against 5% poverty (Education Law Center);
//!
//! for every row and each area (`[equity] by`, e.g. state), under each run and for the change.
//! Where a share has a margin of error, its vertical statistics get 90% intervals from the
//! survey draws `sensitivity --estimates` makes (see [`EquityOptions`]).

mod draws;
mod horizontal;
mod rows;
mod types;
mod vertical;

#[cfg(test)]
mod tests;

pub use types::{
    AreaEquity, Battery, Dimension, Draws, Equity, Horizontal, LeftOut, Role, Vertical,
};

use crate::analysis::Run;
use crate::error::{Error, Result};
use crate::formula::{EquityConfig, Formula};
use horizontal::{horizontal, theil_split};
use rows::{
    DimensionValues, RunRows, id_order, level_values, run_rows, share_source, share_values,
};
use types::{HORIZONTAL, VERTICAL};
use vertical::vertical;

/// Whether and how the intervals are drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EquityOptions {
    /// Draw every share with a margin of error from it (as `sensitivity --estimates` does) and
    /// give its statistics 90% intervals.
    pub estimates: bool,
    /// Draws (default: the formula's `[uncertainty] draws`, else 1,000).
    pub draws: Option<usize>,
    /// Seed (default: the formula's `[uncertainty] seed`, else 2026) — the same seed gives the
    /// same draws as `sensitivity --estimates`.
    pub seed: Option<u64>,
}

/// The equity settings of a formula: its `[equity]`, else its allocation per pupil within its
/// `[data] group`.
pub fn equity_config(f: &Formula) -> EquityConfig {
    f.equity.clone().unwrap_or_else(|| EquityConfig::allocation(f.data.group.as_ref()))
}

/// One run, prepared: its rows, each dimension's values, the controls and the areas.
struct Prepared {
    rows: RunRows,
    /// Per used row, its position among the ids (ties in a level are broken by it).
    tie: Vec<usize>,
    dims: Vec<DimensionValues>,
    controls: Vec<Vec<f64>>,
    /// Per area, its used rows (indices into `rows`).
    areas: Vec<Vec<usize>>,
}

/// The equity statistics of one run's money, or of a baseline and a proposal (two runs on the
/// same rows) and the change, with the settings of the first run's formula.
pub fn equity(runs: &[&Run], opts: &EquityOptions) -> Result<Equity> {
    let cfg = equity_config(&first_of(runs)?.computation.formula);
    equity_with(runs, &cfg, opts)
}

/// The equity statistics of one run, or of a baseline and a proposal, with settings `cfg`
/// instead of the formula's (e.g. the formula's `[equity]` judging the allocation rather than
/// columns of the data: the settings `seni equity --money allocation` makes).
pub fn equity_with(runs: &[&Run], cfg: &EquityConfig, opts: &EquityOptions) -> Result<Equity> {
    let first = first_of(runs)?;
    let c = &first.computation;
    if runs.iter().any(|r| r.computation.district.ids != c.district.ids) {
        return Err(Error::usage(
            "the baseline and the proposal read different rows",
            "compare two runs of the same data (the same filters)",
        ));
    }
    let names = area_names(c, cfg);
    let ties = id_order(&c.district.ids);
    let prepared =
        runs.iter().map(|run| prepare(run, cfg, &names, &ties)).collect::<Result<Vec<_>>>()?;
    let dimensions = dimensions(cfg, &c.formula);
    let all = format!("all {}", c.formula.data.unit.1);
    let mut areas: Vec<types::AreaEquity> = std::iter::once(all)
        .chain(names.iter().cloned())
        .enumerate()
        .map(|(k, area)| {
            let batteries = prepared.iter().map(|p| battery(p, cfg, &dimensions, k)).collect();
            types::AreaEquity { area, batteries }
        })
        .collect();
    if runs.len() == 2 {
        for a in &mut areas {
            let change = change(&a.batteries[0], &a.batteries[1]);
            a.batteries.push(change);
        }
    }
    let draws = match opts.estimates {
        true => Some(draws::intervals(runs, &prepared, cfg, &dimensions, opts, &mut areas)?),
        false => None,
    };
    // An area whose every row is left out (no money, say) has nothing to show.
    let mut k = 0;
    areas.retain(|a| {
        k += 1;
        k == 1 || a.batteries.iter().any(|b| b.units > 0)
    });
    Ok(Equity {
        unit: c.formula.data.unit.clone(),
        money: cfg.label.clone(),
        cost: cfg.cost.clone(),
        pupils: cfg.pupils.clone().unwrap_or_else(|| "the allocation's pupils".into()),
        by: cfg.by.clone(),
        runs: runs.iter().map(|r| r.label.clone()).collect(),
        dimensions,
        controls: cfg.controls.clone(),
        predict: cfg.predict,
        poverty_weight: cfg.poverty_weight,
        areas,
        left_out: prepared.iter().map(|p| p.rows.left_out).collect(),
        draws,
    })
}

/// The first of one or two runs.
fn first_of<'a>(runs: &[&'a Run]) -> Result<&'a Run> {
    runs.first().copied().filter(|_| runs.len() <= 2).ok_or_else(|| {
        Error::usage("equity takes one run, or a baseline and a proposal", "give one or two runs")
    })
}

/// The areas' names, sorted (none without a `by` column).
fn area_names(c: &crate::index::Computation, cfg: &EquityConfig) -> Vec<String> {
    let Some(by) = &cfg.by else { return Vec::new() };
    let mut names: Vec<String> = c.district.txt(by).to_vec();
    names.sort();
    names.dedup();
    names
}

/// The dimensions of vertical equity: poverty, the groups, then wealth. A share's margin of
/// error is its own (`moe`), else that of the indicator read from its column.
fn dimensions(cfg: &EquityConfig, f: &Formula) -> Vec<Dimension> {
    let share = |s: &crate::formula::PupilShare, role| Dimension {
        label: s.label.clone(),
        source: share_source(s),
        role,
        moe: s.moe.as_ref().map(|m| m.0.clone()).or_else(|| {
            let column = (s.columns.len() == 1).then(|| &s.columns[0])?;
            f.indicators[indicator_of(f, column)?].moe.as_ref().map(|m| m.0.clone())
        }),
    };
    let mut out: Vec<Dimension> = cfg.poverty.iter().map(|s| share(s, Role::Poverty)).collect();
    out.extend(cfg.groups.iter().map(|s| share(s, Role::Group)));
    out.extend(cfg.wealth.iter().map(|w| Dimension {
        label: "Wealth".into(),
        source: w.clone(),
        role: Role::Wealth,
        moe: None,
    }));
    out
}

/// The position of the indicator read from `column` with a margin of error.
pub(super) fn indicator_of(f: &Formula, column: &str) -> Option<usize> {
    f.indicators.iter().position(|i| {
        i.moe.is_some()
            && matches!(&i.source, crate::formula::ValueSource::Column(c) if c == column)
    })
}

/// One run's rows, dimension values, controls and areas.
fn prepare(
    run: &Run,
    cfg: &EquityConfig,
    names: &[String],
    (order, ties): &(Vec<usize>, Vec<usize>),
) -> Result<Prepared> {
    let d = &run.computation.district;
    let rows = run_rows(run, cfg, order)?;
    let mut dims: Vec<DimensionValues> = Vec::new();
    for s in cfg.poverty.iter().chain(&cfg.groups) {
        let columns: Vec<&[f64]> = s.columns.iter().map(|col| d.num(col)).collect();
        dims.push(share_values(s, &columns, &rows, false));
    }
    dims.extend(cfg.wealth.iter().map(|w| level_values(d.num(w), &rows)));
    let controls =
        cfg.controls.iter().map(|col| rows.used.iter().map(|&r| d.num(col)[r]).collect()).collect();
    let mut areas = vec![(0..rows.used.len()).collect::<Vec<usize>>()];
    if let Some(by) = &cfg.by {
        let labels = d.txt(by);
        let mut members = vec![Vec::new(); names.len()];
        for (i, &r) in rows.used.iter().enumerate() {
            let k = names.binary_search(&labels[r]).expect("every area is named");
            members[k].push(i);
        }
        areas.extend(members);
    }
    let tie = rows.used.iter().map(|&r| ties[r]).collect();
    Ok(Prepared { rows, tie, dims, controls, areas })
}

/// A dimension's values as the vertical statistics read them.
fn dimension<'a>(
    cfg: &EquityConfig,
    role: Role,
    values: &'a DimensionValues,
    controls: &'a [&'a [f64]],
) -> vertical::Dimension<'a> {
    let poverty = role == Role::Poverty;
    vertical::Dimension {
        level: &values.level,
        group: values.group.as_deref(),
        group_weight: if poverty { cfg.poverty_weight } else { 0.0 },
        predict: poverty.then_some((cfg.predict.0, cfg.predict.1, controls)),
        log_rows: None,
    }
}

/// Every statistic of area `k` (0: every row) of a prepared run.
fn battery(p: &Prepared, cfg: &EquityConfig, dims: &[Dimension], k: usize) -> Battery {
    let members = &p.areas[k];
    let (money, pupils) = (&p.rows.money, &p.rows.pupils);
    let x: Vec<f64> = members.iter().map(|&i| money[i]).collect();
    let w: Vec<f64> = members.iter().map(|&i| pupils[i]).collect();
    let controls: Vec<&[f64]> = p.controls.iter().map(Vec::as_slice).collect();
    let vertical = dims
        .iter()
        .zip(&p.dims)
        .map(|(d, values)| {
            let dim = dimension(cfg, d.role, values, &controls);
            vertical(money, pupils, &p.tie, &dim, members)
        })
        .collect();
    Battery {
        units: members.len(),
        pupils: w.iter().sum(),
        horizontal: if x.is_empty() { [f64::NAN; HORIZONTAL] } else { horizontal(&x, &w) },
        theil_split: (k == 0 && p.areas.len() > 1)
            .then(|| theil_split(money, pupils, &p.areas[1..])),
        vertical,
        intervals: vec![None; dims.len()],
    }
}

/// The change from `a` to `b`: each statistic of `b` minus `a`'s.
fn change(a: &Battery, b: &Battery) -> Battery {
    let minus =
        |x: &[f64], y: &[f64]| -> Vec<f64> { x.iter().zip(y).map(|(p, q)| q - p).collect() };
    let mut horizontal = [f64::NAN; HORIZONTAL];
    horizontal.copy_from_slice(&minus(&a.horizontal, &b.horizontal));
    let vertical = a
        .vertical
        .iter()
        .zip(&b.vertical)
        .map(|(x, y)| {
            let mut v = [f64::NAN; VERTICAL];
            v.copy_from_slice(&minus(x, y));
            v
        })
        .collect();
    Battery {
        units: b.units,
        pupils: b.pupils,
        horizontal,
        theil_split: a.theil_split.zip(b.theil_split).map(|(x, y)| (y.0 - x.0, y.1 - x.1)),
        vertical,
        intervals: vec![None; a.vertical.len()],
    }
}
