//! A formula over every period of the data: each school's index, rank and tier per period, the
//! tier changes between consecutive periods (matrix, churn, moves of two tiers or more) and the
//! schools whose tier never changes.

use crate::index::Computation;
use std::collections::HashMap;

/// One school in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// Id.
    pub(crate) id: String,
    /// Name.
    pub(crate) name: String,
    /// Position of the period in [`Trend::periods`].
    pub(crate) period: usize,
    /// Index (`NaN` = none).
    pub(crate) index: f64,
    /// Rank within the period.
    pub(crate) rank: Option<usize>,
    /// Tier position.
    pub(crate) tier: Option<usize>,
}

impl TrendRow {
    /// Id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Position of the period in [`Trend::periods`].
    pub fn period(&self) -> usize {
        self.period
    }

    /// Index (`NaN` = none).
    pub fn index(&self) -> f64 {
        self.index
    }

    /// Rank within the period.
    pub fn rank(&self) -> Option<usize> {
        self.rank
    }

    /// Tier position.
    pub fn tier(&self) -> Option<usize> {
        self.tier
    }
}

/// A school whose tier moved by two or more between two periods.
#[derive(Debug, Clone, PartialEq)]
pub struct BigMove {
    /// Id.
    pub(crate) id: String,
    /// Name.
    pub(crate) name: String,
    /// Tier position in the earlier period.
    pub(crate) from: usize,
    /// Tier position in the later period.
    pub(crate) to: usize,
}

impl BigMove {
    /// Id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Tier position in the earlier period.
    pub fn from(&self) -> usize {
        self.from
    }

    /// Tier position in the later period.
    pub fn to(&self) -> usize {
        self.to
    }
}

/// The tier changes between two consecutive periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// Earlier period (position).
    pub(crate) from: usize,
    /// Later period (position).
    pub(crate) to: usize,
    /// Schools by tier in the earlier period (rows) and the later one (columns).
    pub(crate) matrix: Vec<Vec<usize>>,
    /// Schools with a tier in both periods.
    pub(crate) both: usize,
    /// Of those, schools whose tier changed.
    pub(crate) changed: usize,
    /// Schools that moved two tiers or more.
    pub(crate) big_moves: Vec<BigMove>,
}

impl Transition {
    /// Earlier period (position).
    pub fn from(&self) -> usize {
        self.from
    }

    /// Later period (position).
    pub fn to(&self) -> usize {
        self.to
    }

    /// Schools by tier in the earlier period (rows) and the later one (columns).
    pub fn matrix(&self) -> &[Vec<usize>] {
        &self.matrix
    }

    /// Schools with a tier in both periods.
    pub fn both(&self) -> usize {
        self.both
    }

    /// Of those, schools whose tier changed.
    pub fn changed(&self) -> usize {
        self.changed
    }

    /// Schools that moved two tiers or more.
    pub fn big_moves(&self) -> &[BigMove] {
        &self.big_moves
    }
}

impl Transition {
    /// Share of the schools tiered in both periods whose tier changed.
    pub fn churn(&self) -> f64 {
        if self.both == 0 { f64::NAN } else { self.changed as f64 / self.both as f64 }
    }
}

/// The trend of a formula over the periods of its data.
#[derive(Debug, Clone)]
pub struct Trend {
    /// Period labels, oldest first.
    pub(crate) periods: Vec<String>,
    /// Tier names.
    pub(crate) tier_names: Vec<String>,
    /// Every school in every period (period by period, each in data order).
    pub(crate) rows: Vec<TrendRow>,
    /// Tier changes between consecutive periods.
    pub(crate) transitions: Vec<Transition>,
    /// Schools with a tier in every period, and those whose tier never changed.
    pub(crate) in_every_period: usize,
    /// Of those, schools whose tier is the same in every period.
    pub(crate) stable: usize,
}

impl Trend {
    /// Period labels, oldest first.
    pub fn periods(&self) -> &[String] {
        &self.periods
    }

    /// Tier names.
    pub fn tier_names(&self) -> &[String] {
        &self.tier_names
    }

    /// Every school in every period (period by period, each in data order).
    pub fn rows(&self) -> &[TrendRow] {
        &self.rows
    }

    /// Tier changes between consecutive periods.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// Schools with a tier in every period, and those whose tier never changed.
    pub fn in_every_period(&self) -> usize {
        self.in_every_period
    }

    /// Of those, schools whose tier is the same in every period.
    pub fn stable(&self) -> usize {
        self.stable
    }
}

/// The trend over computations of consecutive periods (oldest first).
pub fn trend(runs: &[Computation]) -> Trend {
    let periods: Vec<String> =
        runs.iter().map(|c| c.district.period.clone().unwrap_or_default()).collect();
    let rows: Vec<TrendRow> = runs
        .iter()
        .enumerate()
        .flat_map(|(p, c)| {
            (0..c.len()).map(move |r| TrendRow {
                id: c.district.ids[r].clone(),
                name: c.district.names[r].clone(),
                period: p,
                index: c.index[r],
                rank: c.rank[r],
                tier: c.tier(r),
            })
        })
        .collect();
    let tiers: Vec<HashMap<&str, usize>> = runs.iter().map(tiers_by_id).collect();
    let k = runs.first().and_then(|c| c.formula.tiers.as_ref()).map_or(0, |t| t.names.len());
    let transitions = (1..runs.len()).map(|p| transition(runs, &tiers, p - 1, p, k)).collect();
    let (in_every_period, stable) = stability(&tiers);
    Trend {
        periods,
        tier_names: runs
            .first()
            .and_then(|c| c.formula.tiers.as_ref())
            .map(|t| t.names.clone())
            .unwrap_or_default(),
        rows,
        transitions,
        in_every_period,
        stable,
    }
}

/// Each tiered school's tier position, by id.
fn tiers_by_id(c: &Computation) -> HashMap<&str, usize> {
    (0..c.len()).filter_map(|r| Some((c.district.ids[r].as_str(), c.tier(r)?))).collect()
}

fn transition(
    runs: &[Computation],
    tiers: &[HashMap<&str, usize>],
    from: usize,
    to: usize,
    k: usize,
) -> Transition {
    let mut t = Transition {
        from,
        to,
        matrix: vec![vec![0; k]; k],
        both: 0,
        changed: 0,
        big_moves: vec![],
    };
    let later = &runs[to].district;
    for (r, id) in later.ids.iter().enumerate() {
        let (Some(&a), Some(&b)) = (tiers[from].get(id.as_str()), tiers[to].get(id.as_str()))
        else {
            continue;
        };
        t.matrix[a][b] += 1;
        t.both += 1;
        t.changed += usize::from(a != b);
        if a.abs_diff(b) >= 2 {
            t.big_moves.push(BigMove {
                id: id.clone(),
                name: later.names[r].clone(),
                from: a,
                to: b,
            });
        }
    }
    t.big_moves.sort_by(|x, y| {
        y.from.abs_diff(y.to).cmp(&x.from.abs_diff(x.to)).then_with(|| x.id.cmp(&y.id))
    });
    t
}

/// (Schools tiered in every period, of those the ones whose tier never changed.)
fn stability(tiers: &[HashMap<&str, usize>]) -> (usize, usize) {
    let Some(first) = tiers.first() else { return (0, 0) };
    let mut every = 0;
    let mut stable = 0;
    for (id, &t) in first {
        let all: Option<Vec<usize>> = tiers.iter().map(|m| m.get(id).copied()).collect();
        if let Some(all) = all {
            every += 1;
            stable += usize::from(all.iter().all(|&x| x == t));
        }
    }
    (every, stable)
}

/// The id whose rank moved most between its best and worst period (ties: the smaller id).
pub fn most_moved(t: &Trend) -> String {
    let mut span: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for r in &t.rows {
        if let Some(rank) = r.rank {
            let e = span.entry(r.id.as_str()).or_insert((rank, rank));
            *e = (e.0.min(rank), e.1.max(rank));
        }
    }
    span.iter()
        .max_by(|a, b| (a.1.1 - a.1.0).cmp(&(b.1.1 - b.1.0)).then(b.0.cmp(a.0)))
        .map(|(id, _)| id.to_string())
        .unwrap_or_default()
}
