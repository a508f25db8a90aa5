//! Charts (SVG and PNG, with plotters): allocation by tier, index distribution with tier
//! boundaries, before/after scatter of two runs, one school's contributions, dollars per pupil
//! by need quintile. Every chart has a title, axis labels and units.

use crate::allocate::dollars;
use crate::error::{Error, Result};
use crate::export::{Cell, Sheet};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;
use std::sync::Once;

const FONT: &str = "sans-serif";
static FONT_ONCE: Once = Once::new();

fn register_font() {
    FONT_ONCE.call_once(|| {
        // DejaVu Sans (Bitstream Vera licence, assets/DejaVuSans.LICENSE) for PNG text.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, include_bytes!("../assets/DejaVuSans.ttf"));
    });
}

/// Tier colours from highest need (dark) to lowest.
const PALETTE: [RGBColor; 6] =
    [RGBColor(128, 0, 38), RGBColor(215, 48, 39), RGBColor(244, 109, 67), RGBColor(253, 174, 97), RGBColor(254, 224, 139), RGBColor(170, 170, 170)];

/// A bar: label and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category label (a tier, quintile, indicator or school name).
    pub label: String,
    /// Value.
    pub value: f64,
}

/// A point of the before/after scatter.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Amount under A (dollars).
    pub a: f64,
    /// Amount under B (dollars).
    pub b: f64,
    /// −1 lower tier under B, 0 same, +1 higher.
    pub tier_move: i8,
}

/// A chart and its data.
#[derive(Debug, Clone, PartialEq)]
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
    },
    /// Per-school amounts under two runs with the 1:1 line.
    BeforeAfter {
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
    /// Tier probabilities of the schools nearest tier boundaries (stacked bars).
    TierProbability {
        /// (school name, probability of each tier).
        schools: Vec<(String, Vec<f64>)>,
        /// Tier names.
        tiers: Vec<String>,
    },
}

fn bars_of(sheet: &Sheet, value_col: &str, skip_total: bool) -> Vec<Bar> {
    let j = sheet.columns.iter().position(|c| c == value_col).expect("column");
    sheet
        .rows
        .iter()
        .filter(|r| !(skip_total && matches!(&r[0], Cell::Text(t) if t == "All schools")))
        .map(|r| Bar {
            label: r[0].text(""),
            value: match &r[j] {
                Cell::Money(c) => *c as f64 / 100.0,
                Cell::Num(x, _) | Cell::Dollars(x) => *x,
                Cell::Int(i) => *i as f64,
                _ => f64::NAN,
            },
        })
        .collect()
}

impl Chart {
    /// Allocation by tier from a tier summary sheet.
    pub fn allocation_by_tier(summary: &Sheet) -> Chart {
        Chart::AllocationByTier { totals: bars_of(summary, "total", true), per_pupil: bars_of(summary, "per_pupil", true) }
    }

    /// Dollars per pupil by need quintile from an audit's quintile sheet.
    pub fn per_pupil_by_quintile(quintiles: &Sheet) -> Chart {
        Chart::PerPupilByQuintile { bars: bars_of(quintiles, "per_pupil", false) }
    }

    /// Index distribution with the boundaries between tiers.
    pub fn index_distribution(c: &crate::Computation) -> Chart {
        let values: Vec<f64> = c.index.iter().copied().filter(|x| !x.is_nan()).collect();
        let mut boundaries = Vec::new();
        if let (Some(t), Some(tiers)) = (&c.formula.tiers, &c.tiers) {
            for pos in 0..t.names.len() {
                let lows = (0..c.len()).filter(|&r| tiers[r] == Some(pos)).map(|r| c.index[r]).fold(f64::INFINITY, f64::min);
                if lows.is_finite() {
                    boundaries.push((lows, t.names[pos].clone()));
                }
            }
            boundaries.sort_by(|a, b| a.0.total_cmp(&b.0));
            if !boundaries.is_empty() {
                boundaries.remove(0); // the lowest tier starts at the minimum: no boundary
            }
        }
        let label = c.formula.index().label.clone();
        Chart::IndexDistribution { values, boundaries, label }
    }

    /// Before/after scatter of a comparison.
    pub fn before_after(cmp: &crate::compare::Comparison) -> Chart {
        let rank = |names: &[String], t: &str| names.iter().position(|n| n == t).unwrap_or(usize::MAX);
        let points = cmp
            .schools
            .iter()
            .map(|s| {
                let (ra, rb) = (rank(&cmp.tiers_a, &s.tier_a), rank(&cmp.tiers_b, &s.tier_b));
                Point {
                    a: s.total_a as f64 / 100.0,
                    b: s.total_b as f64 / 100.0,
                    tier_move: if s.tier_a == s.tier_b || ra == rb {
                        0
                    } else if rb < ra {
                        1
                    } else {
                        -1
                    },
                }
            })
            .collect();
        Chart::BeforeAfter { points, a: cmp.a.clone(), b: cmp.b.clone() }
    }

    /// One school's contributions, from an explanation.
    pub fn contributions(e: &crate::explain::Explanation) -> Chart {
        let mut bars: Vec<Bar> =
            e.indicators.iter().filter_map(|l| l.to_index.or(l.to_domain).map(|v| Bar { label: l.label.clone(), value: v })).collect();
        bars.sort_by(|a, b| b.value.total_cmp(&a.value));
        Chart::Contributions { school: format!("{} ({})", e.name, e.id), bars }
    }

    /// Rank bands and tier probabilities of a sensitivity run.
    pub fn sensitivity(s: &crate::sensitivity::Sensitivity) -> Vec<Chart> {
        let mut ranked: Vec<&crate::sensitivity::SchoolBand> = s.schools.iter().filter(|b| b.rank.is_some() && b.rank_median.is_some()).collect();
        ranked.sort_by_key(|b| b.rank);
        let bands = ranked
            .iter()
            .map(|b| (b.rank.unwrap_or(0) as u32, b.rank_p05.unwrap_or(0), b.rank_median.unwrap_or(0), b.rank_p95.unwrap_or(0), b.name.clone()))
            .collect();
        let mut near: Vec<&&crate::sensitivity::SchoolBand> = ranked.iter().filter(|b| b.tier.is_some()).collect();
        near.sort_by(|a, b| {
            let pa = a.tier.map(|t| a.tier_probability[t]).unwrap_or(1.0);
            let pb = b.tier.map(|t| b.tier_probability[t]).unwrap_or(1.0);
            pa.total_cmp(&pb).then(a.rank.cmp(&b.rank))
        });
        let probs = near.iter().take(30).map(|b| (b.name.clone(), b.tier_probability.clone())).collect();
        vec![Chart::RankBands { schools: bands }, Chart::TierProbability { schools: probs, tiers: s.tier_names.clone() }]
    }

    /// The chart's title.
    pub fn title(&self) -> String {
        match self {
            Chart::AllocationByTier { .. } => "Allocation by need tier".into(),
            Chart::IndexDistribution { label, .. } => format!("Distribution of the {} with tier boundaries", label.to_lowercase()),
            Chart::BeforeAfter { .. } => "Per-school amounts: A vs B".into(),
            Chart::Contributions { school, .. } => format!("Indicator contributions: {school}"),
            Chart::PerPupilByQuintile { .. } => "Dollars per pupil by need quintile".into(),
            Chart::RankBands { .. } => "Rank bands: 5–95% of draws (line) and median (dot)".into(),
            Chart::TierProbability { .. } => "Tier probabilities of the schools nearest a tier boundary".into(),
        }
    }

    /// File stem for the chart.
    pub fn stem(&self) -> &'static str {
        match self {
            Chart::AllocationByTier { .. } => "allocation-by-tier",
            Chart::IndexDistribution { .. } => "index-distribution",
            Chart::BeforeAfter { .. } => "before-after",
            Chart::Contributions { .. } => "contributions",
            Chart::PerPupilByQuintile { .. } => "per-pupil-by-quintile",
            Chart::RankBands { .. } => "rank-bands",
            Chart::TierProbability { .. } => "tier-probability",
        }
    }

    fn size(&self) -> (u32, u32) {
        match self {
            Chart::AllocationByTier { .. } => (1100, 520),
            Chart::Contributions { bars, .. } => (1000, 140 + 34 * bars.len() as u32),
            Chart::TierProbability { schools, .. } => (1100, 160 + 26 * schools.len() as u32),
            Chart::RankBands { schools } if schools.len() <= 60 => (1000, 160 + 20 * schools.len() as u32),
            _ => (900, 560),
        }
    }

    /// SVG text.
    pub fn svg(&self) -> Result<String> {
        register_font();
        let mut s = String::new();
        {
            let root = SVGBackend::with_string(&mut s, self.size()).into_drawing_area();
            self.draw(&root)?;
            root.present().map_err(plot_err)?;
        }
        Ok(s)
    }

    /// Writes a PNG atomically (a temporary file in the same directory, then a rename).
    pub fn png(&self, path: &Path) -> Result<()> {
        register_font();
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".{}.tmp-{}.png", self.stem(), std::process::id()));
        {
            let root = BitMapBackend::new(&tmp, self.size()).into_drawing_area();
            self.draw(&root)?;
            root.present().map_err(plot_err)?;
        }
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path.display().to_string(), &e, "check that the chart directory is writable"))
    }

    /// Writes `<stem>.svg` and `<stem>.png` into a directory.
    pub fn write(&self, dir: &Path) -> Result<Vec<std::path::PathBuf>> {
        let svg = dir.join(format!("{}.svg", self.stem()));
        crate::export::write_atomic(&svg, self.svg()?.as_bytes())?;
        let png = dir.join(format!("{}.png", self.stem()));
        self.png(&png)?;
        Ok(vec![svg, png])
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        root.fill(&WHITE).map_err(plot_err)?;
        let title = self.title();
        let root = root.titled(&title, (FONT, 24)).map_err(plot_err)?;
        match self {
            Chart::AllocationByTier { totals, per_pupil } => {
                let (left, right) = root.split_horizontally(root.dim_in_pixel().0 / 2);
                bar_chart(&left, totals, "Total allocation", "dollars", true)?;
                bar_chart(&right, per_pupil, "Per pupil", "dollars per pupil", true)?;
            }
            Chart::PerPupilByQuintile { bars } => bar_chart(&root, bars, "", "dollars per pupil", true)?,
            Chart::IndexDistribution { values, boundaries, label } => histogram(&root, values, boundaries, label)?,
            Chart::BeforeAfter { points, a, b } => scatter(&root, points, a, b)?,
            Chart::Contributions { bars, .. } => hbars(&root, bars)?,
            Chart::RankBands { schools } => rank_bands(&root, schools)?,
            Chart::TierProbability { schools, tiers } => stacked(&root, schools, tiers)?,
        }
        Ok(())
    }
}

fn plot_err<E: std::fmt::Display>(e: E) -> Error {
    Error::io("chart", &std::io::Error::other(e.to_string()), "")
}

/// Dollars with thousands separators and no cents for axis labels, e.g. `$1,250,000`.
pub fn axis_dollars(x: f64) -> String {
    let d = dollars((x * 100.0).round() as i64);
    d.strip_suffix(".00").map(str::to_string).unwrap_or(d)
}

fn bar_chart<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, bars: &[Bar], caption: &str, y_label: &str, money: bool) -> Result<()> {
    let max = bars.iter().map(|b| b.value).filter(|v| v.is_finite()).fold(0.0, f64::max).max(1.0) * 1.12;
    let n = bars.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 18))
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(110)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..max)
        .map_err(plot_err)?;
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_desc(y_label)
        .y_label_formatter(&|y| if money { axis_dollars(*y) } else { format!("{y:.2}") })
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let colour = PALETTE[i.min(PALETTE.len() - 1)];
            let mut r = Rectangle::new([(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), b.value.max(0.0))], colour.filled());
            r.set_margin(0, 0, 12, 12);
            r
        }))
        .map_err(plot_err)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let text = if money { axis_dollars(b.value) } else { format!("{:.2}", b.value) };
            Text::new(
                text,
                (SegmentValue::CenterOf(i), b.value + max * 0.03),
                TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))
        .map_err(plot_err)?;
    Ok(())
}

fn histogram<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, values: &[f64], boundaries: &[(f64, String)], label: &str) -> Result<()> {
    let (lo, hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo, hi) } else { (0.0, 1.0) };
    let bins = 30usize;
    let w = (hi - lo) / bins as f64;
    let mut counts = vec![0usize; bins];
    for &v in values {
        counts[(((v - lo) / w) as usize).min(bins - 1)] += 1;
    }
    let top = *counts.iter().max().unwrap_or(&1) as f64 * 1.15;
    let mut chart = ChartBuilder::on(area)
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(60)
        .build_cartesian_2d(lo..hi, 0.0..top.max(1.0))
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(format!("{label} (higher = more need)"))
        .y_desc("schools")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, &k)| {
            let x0 = lo + i as f64 * w;
            Rectangle::new([(x0, 0.0), (x0 + w * 0.95, k as f64)], RGBColor(66, 103, 172).filled())
        }))
        .map_err(plot_err)?;
    for (k, (x, name)) in boundaries.iter().enumerate() {
        chart.draw_series(LineSeries::new([(*x, 0.0), (*x, top)], BLACK.stroke_width(2))).map_err(plot_err)?;
        // Staggered so neighbouring labels do not overlap.
        let y = top * (0.97 - 0.06 * (k % 3) as f64);
        chart.draw_series(std::iter::once(Text::new(format!(" {name} ≥ {x:.3}"), (*x, y), (FONT, 12)))).map_err(plot_err)?;
    }
    Ok(())
}

fn scatter<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, points: &[Point], a: &str, b: &str) -> Result<()> {
    let max = points.iter().map(|p| p.a.max(p.b)).fold(0.0, f64::max).max(1.0) * 1.05;
    let mut chart =
        ChartBuilder::on(area).margin(15).x_label_area_size(55).y_label_area_size(110).build_cartesian_2d(0.0..max, 0.0..max).map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(format!("A: {a} (dollars)"))
        .y_desc(format!("B: {b} (dollars)"))
        .x_label_formatter(&|x| axis_dollars(*x))
        .y_label_formatter(&|y| axis_dollars(*y))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(0.0, 0.0), (max, max)], BLACK.stroke_width(1)))
        .map_err(plot_err)?
        .label("same amount (1:1)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK));
    for (mv, colour, name) in [
        (1i8, RGBColor(26, 152, 80), "higher tier under B"),
        (0, RGBColor(150, 150, 150), "same tier"),
        (-1, RGBColor(215, 48, 39), "lower tier under B"),
    ] {
        chart
            .draw_series(points.iter().filter(|p| p.tier_move == mv).map(|p| Circle::new((p.a, p.b), 3, colour.filled())))
            .map_err(plot_err)?
            .label(name)
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, colour.filled()));
    }
    chart.configure_series_labels().background_style(WHITE.mix(0.9)).border_style(BLACK).label_font((FONT, 13)).draw().map_err(plot_err)?;
    Ok(())
}

/// Layout of a chart with one named row per item (first item at the top).
struct Rows<'a> {
    labels: &'a [String],
    label_width: u32,
    label_size: u32,
    x_desc: &'a str,
    x_label: Option<&'a dyn Fn(&f64) -> String>,
    y_mesh: bool,
}

type RowsChart<'c, DB> = ChartContext<
    'c,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize>>,
>;

/// Builds the chart and draws its mesh, names on the y axis.
fn rows_chart<'c, DB: DrawingBackend>(area: &'c DrawingArea<DB, Shift>, x: std::ops::Range<f64>, rows: &Rows) -> Result<RowsChart<'c, DB>> {
    let k = rows.labels.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(rows.label_width)
        .build_cartesian_2d(x, (0..k - 1).into_segmented())
        .map_err(plot_err)?;
    let names = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => k.checked_sub(1 + *i).and_then(|j| rows.labels.get(j)).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let mut mesh = chart.configure_mesh();
    if !rows.y_mesh {
        mesh.disable_y_mesh();
    }
    mesh.light_line_style(WHITE)
        .y_labels(k)
        .y_label_formatter(&names)
        .x_desc(rows.x_desc)
        .label_style((FONT, rows.label_size))
        .axis_desc_style((FONT, 15));
    if let Some(f) = rows.x_label {
        mesh.x_label_formatter(f);
    }
    mesh.draw().map_err(plot_err)?;
    Ok(chart)
}

/// The segment of item `i` of `k` (the first item is the top row).
fn row(k: usize, i: usize) -> usize {
    k - 1 - i
}

fn hbars<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, bars: &[Bar]) -> Result<()> {
    let n = bars.len().max(1);
    let max = bars.iter().map(|b| b.value.abs()).fold(0.0, f64::max).max(1e-9) * 1.2;
    let min = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let fmt = |x: &f64| format!("{x:.3}");
    let rows = Rows {
        labels: &labels,
        label_width: 330,
        label_size: 13,
        x_desc: "contribution to the index (index points)",
        x_label: Some(&fmt),
        y_mesh: false,
    };
    let mut chart = rows_chart(area, min.min(0.0)..max, &rows)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let y = row(n, i);
            let mut r = Rectangle::new([(0.0, SegmentValue::Exact(y)), (b.value, SegmentValue::Exact(y + 1))], RGBColor(215, 48, 39).filled());
            r.set_margin(5, 5, 0, 0);
            r
        }))
        .map_err(plot_err)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Text::new(
                format!(" {:.4}", b.value),
                (b.value.max(0.0), SegmentValue::CenterOf(row(n, i))),
                TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            )
        }))
        .map_err(plot_err)?;
    Ok(())
}

fn rank_bands<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, schools: &[(u32, u32, u32, u32, String)]) -> Result<()> {
    let n = schools.iter().map(|s| s.0.max(s.3)).max().unwrap_or(1) as f64 + 1.0;
    let named = schools.len() <= 60;
    if named {
        // Few schools: one row each, names on the axis, rank on x.
        let k = schools.len().max(1);
        let labels: Vec<String> = schools.iter().map(|s| s.4.clone()).collect();
        let rows =
            Rows { labels: &labels, label_width: 300, label_size: 12, x_desc: "rank across draws (1 = highest need)", x_label: None, y_mesh: true };
        let mut chart = rows_chart(area, 0.0..n, &rows)?;
        for (i, s) in schools.iter().enumerate() {
            let y = || SegmentValue::CenterOf(row(k, i));
            chart
                .draw_series(LineSeries::new([(f64::from(s.1), y()), (f64::from(s.3), y())], RGBColor(66, 103, 172).stroke_width(3)))
                .map_err(plot_err)?;
            chart.draw_series(std::iter::once(Circle::new((f64::from(s.2), y()), 4, RGBColor(215, 48, 39).filled()))).map_err(plot_err)?;
        }
        return Ok(());
    }
    let mut chart =
        ChartBuilder::on(area).margin(15).x_label_area_size(50).y_label_area_size(70).build_cartesian_2d(0.0..n, 0.0..n).map_err(plot_err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc("nominal rank (1 = highest need)")
        .y_desc("rank across draws")
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(plot_err)?;
    for s in schools {
        let x = f64::from(s.0);
        chart.draw_series(LineSeries::new([(x, f64::from(s.1)), (x, f64::from(s.3))], RGBColor(66, 103, 172).mix(0.35))).map_err(plot_err)?;
    }
    chart.draw_series(schools.iter().map(|s| Circle::new((f64::from(s.0), f64::from(s.2)), 1, RGBColor(215, 48, 39).filled()))).map_err(plot_err)?;
    Ok(())
}

fn stacked<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, schools: &[(String, Vec<f64>)], tiers: &[String]) -> Result<()> {
    let k = schools.len().max(1);
    let labels: Vec<String> = schools.iter().map(|s| s.0.clone()).collect();
    let fmt = |x: &f64| format!("{:.0}%", x * 100.0);
    let rows = Rows { labels: &labels, label_width: 300, label_size: 12, x_desc: "share of draws in each tier", x_label: Some(&fmt), y_mesh: true };
    let mut chart = rows_chart(area, 0.0..1.0, &rows)?;
    for (t, name) in tiers.iter().enumerate() {
        let colour = PALETTE[t.min(PALETTE.len() - 1)];
        chart
            .draw_series(schools.iter().enumerate().map(|(i, s)| {
                let start: f64 = s.1[..t].iter().sum();
                let y = row(k, i);
                let mut r = Rectangle::new([(start, SegmentValue::Exact(y)), (start + s.1[t], SegmentValue::Exact(y + 1))], colour.filled());
                r.set_margin(3, 3, 0, 0);
                r
            }))
            .map_err(plot_err)?
            .label(name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font((FONT, 12))
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(plot_err)?;
    Ok(())
}
