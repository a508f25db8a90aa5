//! What each chart shows, built from analyses (never from formatted tables).

use crate::allocate::TierRow;
use crate::analysis::audit::QuintileRow;
use crate::analysis::compare::Comparison;
use crate::analysis::discipline::GapList;
use crate::analysis::explain::Explanation;
use crate::analysis::sensitivity::{SchoolBand, Sensitivity};
use crate::analysis::trend::{Transition, Trend};
use crate::index::Computation;
use crate::num::axis_dollars;
use serde::Serialize;
use strum::{EnumDiscriminants, EnumIter, EnumString, IntoStaticStr};

/// A bar: label and value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// Category label (a tier, quintile, indicator or school name).
    pub label: String,
    /// Value.
    pub value: f64,
}

/// One area's progressivity ratio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatioRow {
    /// The area, e.g. a state.
    pub area: String,
    /// Money per pupil of the group's pupils over everyone else's.
    pub ratio: f64,
    /// Its 90% interval over the survey draws, when drawn.
    pub interval: Option<(f64, f64)>,
    /// The baseline's ratio, when a proposal is shown.
    pub baseline: Option<f64>,
}

/// A point of the before/after scatter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Amount under A (dollars).
    pub a: f64,
    /// Amount under B (dollars).
    pub b: f64,
    /// −1 lower tier under B, 0 same, +1 higher.
    pub tier_move: i8,
}

/// A chart and its data.
#[derive(Debug, Clone, PartialEq, Serialize, EnumDiscriminants)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[strum_discriminants(
    name(ChartKind),
    doc = "Which chart: one name per [`Chart`] variant (also its file name).",
    derive(EnumIter, IntoStaticStr, EnumString, Hash),
    strum(serialize_all = "kebab-case")
)]
pub enum Chart {
    /// Total dollars and dollars per pupil by tier.
    AllocationByTier {
        /// Totals by tier.
        totals: Vec<Bar>,
        /// Dollars per pupil by tier.
        per_pupil: Vec<Bar>,
    },
    /// Histogram of the index with tier boundaries.
    IndexDistribution {
        /// Index values.
        values: Vec<f64>,
        /// Boundaries (index value where a higher tier starts) with the tier name.
        boundaries: Vec<(f64, String)>,
        /// Index label.
        label: String,
        /// What the rows are (`schools`, `districts`).
        unit: String,
    },
    /// Per-school amounts under two runs with the 1:1 line.
    BeforeAfter {
        /// What the rows are (`schools`, `districts`).
        unit: String,
        /// Points.
        points: Vec<Point>,
        /// Run A label.
        a: String,
        /// Run B label.
        b: String,
    },
    /// One school's indicator contributions.
    Contributions {
        /// School name.
        school: String,
        /// Bars, largest first.
        bars: Vec<Bar>,
    },
    /// The share of each area's pupils in the first (highest-need) tier.
    AreaShares {
        /// The finding, as the title.
        title: String,
        /// The first tier's name.
        tier: String,
        /// One bar per area (% of its pupils), the highest first.
        bars: Vec<Bar>,
    },
    /// Dollars per pupil by need quintile.
    PerPupilByQuintile {
        /// Bars from the highest-need quintile.
        bars: Vec<Bar>,
    },
    /// 5–95% rank bands and median rank per school, by nominal rank.
    RankBands {
        /// (nominal rank, 5% rank, median rank, 95% rank, school name).
        schools: Vec<(u32, u32, u32, u32, String)>,
    },
    /// Per-school risk ratios (log scale) in rows by need tier.
    RiskRatios {
        /// What is compared, e.g. "Black/White out-of-school suspension".
        what: String,
        /// Row names: the tiers from the highest need, then schools without a tier.
        rows: Vec<String>,
        /// (row, ratio) per school.
        points: Vec<(usize, f64)>,
        /// Tiers (rows at or after this hold schools without a tier).
        tier_count: usize,
    },
    /// Schools by longitude and latitude, coloured by tier.
    SchoolMap {
        /// What the rows are (`schools`, `districts`).
        unit: String,
        /// (longitude, latitude, tier position; the last row: no tier).
        points: Vec<(f64, f64, usize)>,
        /// Row names: the tiers from the highest need, then schools without a tier.
        tiers: Vec<String>,
        /// Tiers (rows at or after this hold schools without a tier).
        tier_count: usize,
    },
    /// Schools by tier in two periods, with ribbons from tier to tier.
    TierFlow {
        /// Earlier and later period.
        periods: (String, String),
        /// Tier names.
        tiers: Vec<String>,
        /// Schools by earlier tier (rows) and later tier (columns).
        matrix: Vec<Vec<usize>>,
    },
    /// One school's rank in each period.
    RankHistory {
        /// School name and id.
        school: String,
        /// Period labels.
        periods: Vec<String>,
        /// Rank per period (None: no rank).
        ranks: Vec<Option<u32>>,
        /// Most schools ranked in a period (the axis length).
        ranked: u32,
    },
    /// Change in dollars per pupil by tier between two runs.
    PerPupilChangeByTier {
        /// The finding, as the title.
        title: String,
        /// (tier, dollars per pupil under A, under B).
        bars: Vec<(String, f64, f64)>,
        /// Tiers (bars at or after this are schools without a tier).
        tier_count: usize,
    },
    /// Each school's change in dollars per pupil against its need index.
    ChangeVsNeed {
        /// The finding, as the title.
        title: String,
        /// (index under A, change in dollars per pupil, tier move: +1 higher need, −1 lower,
        /// tier position under A).
        points: Vec<(f64, f64, i8, usize)>,
        /// Tier names under A, then the name for schools without a tier.
        tiers: Vec<String>,
        /// Index label.
        label: String,
    },
    /// Schools by tier under A (rows) and B (columns), as a heat map.
    TierMoves {
        /// The finding, as the title.
        title: String,
        /// Row and column names.
        rows: Vec<String>,
        /// Column names.
        cols: Vec<String>,
        /// Schools per cell.
        cells: Vec<Vec<usize>>,
    },
    /// Where money comes from and goes: a start total, steps, and the end total (cents).
    MoneyMoves {
        /// The finding, as the title.
        title: String,
        /// (label, cents): the first is the start total, the last the end total, the rest steps.
        steps: Vec<(String, i64)>,
    },
    /// Cumulative share of money against cumulative share of pupils, highest need first.
    ConcentrationCurve {
        /// The finding, as the title.
        title: String,
        /// (share of pupils, share of money).
        curve: Vec<(f64, f64)>,
    },
    /// Dollars per pupil experienced by each student group, against all students.
    PerPupilByGroup {
        /// The finding, as the title.
        title: String,
        /// (group, dollars per pupil).
        rows: Vec<(String, f64)>,
        /// All students' dollars per pupil.
        all: f64,
    },
    /// Dollars per pupil by tier, one segment per program (and hold-harmless on top).
    PerPupilByTier {
        /// The finding, as the title.
        title: String,
        /// Tier names.
        tiers: Vec<String>,
        /// Segment names (programs, then hold-harmless).
        parts: Vec<String>,
        /// Dollars per pupil by tier and segment.
        values: Vec<Vec<f64>>,
    },
    /// The index distribution with one school's position.
    SchoolPosition {
        /// The finding, as the title.
        title: String,
        /// Index values.
        values: Vec<f64>,
        /// Tier boundaries.
        boundaries: Vec<(f64, String)>,
        /// The school's index and label.
        school: (f64, String),
        /// Index label.
        label: String,
        /// What the rows are (`schools`, `districts`).
        unit: String,
    },
    /// Each area's progressivity ratio (money per pupil of a group's pupils over everyone
    /// else's) with its 90% interval, sorted, against equal money (1).
    Progressivity {
        /// The finding, as the title.
        title: String,
        /// What the ratio compares, e.g. "Children in poverty".
        group: String,
        /// One row per area, the lowest ratio first.
        rows: Vec<RatioRow>,
        /// The ratio over every row.
        all: f64,
    },
    /// Tier probabilities of the schools nearest tier boundaries (stacked bars).
    TierProbability {
        /// (school name, probability of each tier).
        schools: Vec<(String, Vec<f64>)>,
        /// Tier names.
        tiers: Vec<String>,
    },
}

impl ChartKind {
    /// What the chart shows, in a line.
    pub fn about(self) -> &'static str {
        use ChartKind as K;
        match self {
            K::AllocationByTier => "Total and per-pupil dollars by tier",
            K::IndexDistribution => "Histogram of the index with tier boundaries",
            K::BeforeAfter => "Per-school amounts under the run and --against, with the 1:1 line",
            K::Contributions => "One school's indicator contributions (--school)",
            K::PerPupilByQuintile => "Dollars per pupil by need quintile",
            K::AreaShares => {
                "Each area's share of pupils in the highest-need tier (formulas with a group)"
            }
            K::RankBands => "Rank bands of the schools under the formula's uncertainty",
            K::RiskRatios => "Per-school risk ratios by need tier (formulas with an [audit])",
            K::SchoolMap => "Schools by latitude and longitude, coloured by tier",
            K::TierFlow => "Schools by tier in the last two periods (data with periods)",
            K::RankHistory => "One school's rank in each period (--school; data with periods)",
            K::PerPupilChangeByTier => {
                "Change in dollars per pupil by tier, the run against --against"
            }
            K::ChangeVsNeed => "Each school's change per pupil against its need index (--against)",
            K::TierMoves => "Schools by tier in the run and --against, as a heat map",
            K::MoneyMoves => "Where money redirected by --against comes from and goes",
            K::ConcentrationCurve => "Cumulative share of money against pupils, highest need first",
            K::PerPupilByGroup => "Dollars per pupil at the average student's school, by group",
            K::PerPupilByTier => "Dollars per pupil by tier, stacked by program and hold-harmless",
            K::SchoolPosition => "Where one school sits on the index distribution (--school)",
            K::TierProbability => "Tier probabilities of the schools nearest a tier boundary",
            K::Progressivity => {
                "Each area's progressivity ratio with its 90% interval (seni equity, with areas)"
            }
        }
    }
}

impl Chart {
    /// Total and per-pupil dollars by tier.
    pub fn allocation_by_tier(rows: &[TierRow]) -> Chart {
        let totals = rows
            .iter()
            .map(|t| Bar { label: t.tier.clone(), value: t.total as f64 / 100.0 })
            .collect();
        let per_pupil = rows
            .iter()
            .map(|t| Bar { label: t.tier.clone(), value: t.per_pupil().unwrap_or(f64::NAN) })
            .collect();
        Chart::AllocationByTier { totals, per_pupil }
    }

    /// Dollars per pupil by need quintile.
    pub fn per_pupil_by_quintile(rows: &[QuintileRow]) -> Chart {
        Chart::PerPupilByQuintile {
            bars: rows.iter().map(|q| Bar { label: q.label.clone(), value: q.per_pupil }).collect(),
        }
    }

    /// Index distribution with the boundaries between tiers.
    pub fn index_distribution(c: &Computation) -> Chart {
        let values: Vec<f64> = c.index.iter().copied().filter(|x| !x.is_nan()).collect();
        let mut boundaries = Vec::new();
        if let Some(t) = &c.formula.tiers {
            for pos in 0..t.names.len() {
                let low = (0..c.len())
                    .filter(|&r| c.tier(r) == Some(pos))
                    .map(|r| c.index[r])
                    .fold(f64::INFINITY, f64::min);
                if low.is_finite() {
                    boundaries.push((low, t.names[pos].clone()));
                }
            }
            boundaries.sort_by(|a, b| a.0.total_cmp(&b.0));
            if !boundaries.is_empty() {
                boundaries.remove(0); // the lowest tier starts at the minimum: no boundary
            }
        }
        let label = c.formula.index().label.clone();
        Chart::IndexDistribution { values, boundaries, label, unit: c.unit_plural().to_string() }
    }

    /// Before/after scatter of a comparison.
    pub fn before_after(cmp: &Comparison) -> Chart {
        let points = cmp
            .schools
            .iter()
            .map(|s| Point {
                a: s.total_a as f64 / 100.0,
                b: s.total_b as f64 / 100.0,
                tier_move: if s.tier_a == s.tier_b || s.tier_pos_a == s.tier_pos_b {
                    0
                } else if s.tier_pos_b < s.tier_pos_a {
                    1
                } else {
                    -1
                },
            })
            .collect();
        Chart::BeforeAfter { unit: cmp.unit.1.clone(), points, a: cmp.a.clone(), b: cmp.b.clone() }
    }

    /// One school's contributions.
    pub fn contributions(e: &Explanation) -> Chart {
        let mut bars: Vec<Bar> = e
            .indicators
            .iter()
            .filter_map(|l| {
                l.to_index.or(l.to_domain).map(|v| Bar { label: l.label.clone(), value: v })
            })
            .collect();
        bars.sort_by(|a, b| b.value.total_cmp(&a.value));
        Chart::Contributions { school: format!("{} ({})", e.name, e.id), bars }
    }

    /// Per-school risk ratios of one gap beside each school's need tier.
    pub fn risk_ratios(c: &Computation, g: &GapList) -> Chart {
        let mut rows: Vec<String> =
            c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
        let unranked = rows.len();
        let points: Vec<(usize, f64)> =
            g.schools.iter().map(|s| (c.tier(s.row).unwrap_or(unranked), s.ratio)).collect();
        if points.iter().any(|p| p.0 == unranked) {
            let all = format!("all {}", c.unit_plural());
            rows.push(c.formula.tiers.as_ref().map_or(all, |t| t.name(None).to_string()));
        }
        let what = format!("{}/{} {}", g.group, g.reference, g.outcome.to_lowercase());
        Chart::RiskRatios { what, rows, points, tier_count: unranked }
    }

    /// Schools on a map by tier, when the formula names coordinate columns (and some school has
    /// both).
    pub fn school_map(c: &Computation) -> Option<Chart> {
        let (lat, lon) = c.formula.data.coordinates.as_ref()?;
        let (lat, lon) = (c.district.numeric(lat)?, c.district.numeric(lon)?);
        let mut tiers: Vec<String> =
            c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
        let none = tiers.len();
        let points: Vec<(f64, f64, usize)> = (0..c.len())
            .filter(|&r| !lat[r].is_nan() && !lon[r].is_nan())
            .map(|r| (lon[r], lat[r], c.tier(r).unwrap_or(none)))
            .collect();
        if points.iter().any(|p| p.2 == none) {
            let all = format!("all {}", c.unit_plural());
            tiers.push(c.formula.tiers.as_ref().map_or(all, |t| t.name(None).to_string()));
        }
        let unit = c.unit_plural().to_string();
        (!points.is_empty()).then_some(Chart::SchoolMap { unit, points, tiers, tier_count: none })
    }

    /// Tier flow of one transition of a trend.
    pub fn tier_flow(t: &Trend, x: &Transition) -> Chart {
        Chart::TierFlow {
            periods: (t.periods[x.from].clone(), t.periods[x.to].clone()),
            tiers: t.tier_names.clone(),
            matrix: x.matrix.clone(),
        }
    }

    /// One school's rank over the periods of a trend (None when the id is in no period).
    pub fn rank_history(t: &Trend, id: &str) -> Option<Chart> {
        let rows: Vec<_> = t.rows.iter().filter(|r| r.id == id).collect();
        let first = rows.first()?;
        let ranks = (0..t.periods.len())
            .map(|p| rows.iter().find(|r| r.period == p).and_then(|r| r.rank).map(|x| x as u32))
            .collect();
        let ranked = (0..t.periods.len())
            .map(|p| t.rows.iter().filter(|r| r.period == p && r.rank.is_some()).count())
            .max()
            .unwrap_or(1) as u32;
        Some(Chart::RankHistory {
            school: format!("{} ({id})", first.name),
            periods: t.periods.clone(),
            ranks,
            ranked,
        })
    }

    /// Rank bands and tier probabilities of a sensitivity run.
    pub fn sensitivity(s: &Sensitivity) -> Vec<Chart> {
        let mut ranked: Vec<&SchoolBand> =
            s.schools.iter().filter(|b| b.rank.is_some() && b.rank_median.is_some()).collect();
        ranked.sort_by_key(|b| b.rank);
        let bands = ranked
            .iter()
            .map(|b| {
                (
                    b.rank.unwrap_or(0) as u32,
                    b.rank_p05.unwrap_or(0),
                    b.rank_median.unwrap_or(0),
                    b.rank_p95.unwrap_or(0),
                    b.name.clone(),
                )
            })
            .collect();
        let own = |b: &SchoolBand| b.tier.map(|t| b.tier_probability[t]).unwrap_or(1.0);
        let mut near: Vec<&&SchoolBand> = ranked.iter().filter(|b| b.tier.is_some()).collect();
        near.sort_by(|a, b| own(a).total_cmp(&own(b)).then(a.rank.cmp(&b.rank)));
        let probs =
            near.iter().take(30).map(|b| (b.name.clone(), b.tier_probability.clone())).collect();
        vec![
            Chart::RankBands { schools: bands },
            Chart::TierProbability { schools: probs, tiers: s.tier_names.clone() },
        ]
    }

    /// The chart's title: for the pictures of a question, the finding in words.
    pub fn title(&self) -> String {
        match self {
            Chart::PerPupilChangeByTier { title, .. }
            | Chart::ChangeVsNeed { title, .. }
            | Chart::TierMoves { title, .. }
            | Chart::MoneyMoves { title, .. }
            | Chart::ConcentrationCurve { title, .. }
            | Chart::AreaShares { title, .. }
            | Chart::PerPupilByGroup { title, .. }
            | Chart::PerPupilByTier { title, .. }
            | Chart::Progressivity { title, .. }
            | Chart::SchoolPosition { title, .. } => title.clone(),
            Chart::AllocationByTier { per_pupil, .. } => {
                ratio_title(per_pupil, "Allocation by need tier")
            }
            Chart::IndexDistribution { label, .. } => {
                format!("Distribution of the {} with tier boundaries", label.to_lowercase())
            }
            Chart::BeforeAfter { points, unit, .. } => {
                let up = points.iter().filter(|p| p.b > p.a).count();
                let down = points.iter().filter(|p| p.b < p.a).count();
                let one = unit.strip_suffix('s').unwrap_or(unit);
                format!("Per-{one} amounts, A against B: {up} {unit} gain, {down} lose")
            }
            Chart::Contributions { school, .. } => format!("Indicator contributions: {school}"),
            Chart::PerPupilByQuintile { bars } => {
                ratio_title(bars, "Dollars per pupil by need quintile")
            }
            Chart::RankBands { .. } => "Rank bands: 5–95% of draws (line) and median (dot)".into(),
            Chart::RiskRatios { what, .. } => {
                format!("{what} risk ratio by school and need tier (log scale)")
            }
            Chart::SchoolMap { unit, .. } => format!("Where the {unit} are, by need tier"),
            Chart::TierFlow { periods, .. } => {
                format!("Schools by need tier, {} → {}", periods.0, periods.1)
            }
            Chart::RankHistory { school, .. } => format!("Rank over the years: {school}"),
            Chart::TierProbability { .. } => {
                "Tier probabilities of the schools nearest a tier boundary".into()
            }
        }
    }

    /// Which chart this is.
    pub fn kind(&self) -> ChartKind {
        ChartKind::from(self)
    }

    /// File stem for the chart: its kind's name (risk ratios also name what they compare).
    pub fn stem(&self) -> String {
        let name: &'static str = self.kind().into();
        match self {
            Chart::RiskRatios { what, .. } => format!("{name}-{}", slug(what)),
            Chart::Progressivity { group, .. } => format!("{name}-{}", slug(group)),
            _ => name.to_string(),
        }
    }

    /// Width and height in pixels.
    #[cfg(feature = "charts")]
    pub(super) fn size(&self) -> (u32, u32) {
        match self {
            Chart::AllocationByTier { .. } => (1100, 520),
            Chart::Contributions { bars, .. } => (1000, 140 + 34 * bars.len() as u32),
            Chart::AreaShares { bars, .. } => (1000, 140 + 22 * bars.len() as u32),
            Chart::TierProbability { schools, .. } => (1100, 160 + 26 * schools.len() as u32),
            Chart::RiskRatios { rows, .. } => (1000, 160 + 70 * rows.len() as u32),
            Chart::TierFlow { .. } => (1000, 640),
            Chart::ConcentrationCurve { .. } => (1000, 760),
            Chart::PerPupilByGroup { rows, .. } => (1000, 200 + 40 * rows.len() as u32),
            Chart::Progressivity { rows, .. } => (1000, 170 + 20 * rows.len() as u32),
            Chart::TierMoves { rows, .. } => (900, 220 + 60 * rows.len() as u32),
            Chart::SchoolMap { points, .. } => {
                // Plot area in proportion to the ground (width 1000, height 400–1000).
                let aspect = super::map::extent(points).2;
                (1000, (120.0 + 880.0 / aspect.max(0.1)).clamp(400.0, 1000.0) as u32)
            }
            Chart::RankBands { schools } if schools.len() <= 60 => {
                (1000, 160 + 20 * schools.len() as u32)
            }
            _ => (900, 560),
        }
    }
}

/// Lower-case letters and digits, other runs as one `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// "Highest need gets 3.7× the dollars per pupil of Lowest need", from bars ordered from the
/// highest need; `otherwise` when there is no positive lowest bar.
fn ratio_title(bars: &[Bar], otherwise: &str) -> String {
    let (Some(hi), Some(lo)) = (bars.first(), bars.iter().rev().find(|b| b.value.is_finite()))
    else {
        return otherwise.into();
    };
    if bars.len() < 2 || hi.value.is_nan() || hi.value <= 0.0 {
        return otherwise.into();
    }
    if lo.value <= 0.0 {
        return format!(
            "{} gets {} per pupil; {} gets nothing",
            hi.label,
            axis_dollars(hi.value),
            lo.label
        );
    }
    format!("{} gets {:.1}× the dollars per pupil of {}", hi.label, hi.value / lo.value, lo.label)
}
