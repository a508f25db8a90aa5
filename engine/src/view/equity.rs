//! Views of an equity analysis: the horizontal and vertical tables (every statistic, every
//! area, each run), the terminal text, the findings in words and the JSON summary.

use crate::analysis::equity::{Battery, Equity, Horizontal, Role, Vertical};
use crate::num::{capitalised, human, thousands, whole_dollars};
use crate::table::{Cell, Table, TableName};
use serde::Serialize;
use std::fmt::Write;
use strum::IntoEnumIterator;

/// Statistics in dollars (the rest are ratios and indices).
const HORIZONTAL_DOLLARS: [Horizontal; 8] = [
    Horizontal::Mean,
    Horizontal::Median,
    Horizontal::Min,
    Horizontal::Max,
    Horizontal::Range,
    Horizontal::P5,
    Horizontal::P95,
    Horizontal::RestrictedRange,
];
const VERTICAL_DOLLARS: [Vertical; 9] = [
    Vertical::GroupPerPupil,
    Vertical::OthersPerPupil,
    Vertical::Difference,
    Vertical::LowestQuartile,
    Vertical::HighestQuartile,
    Vertical::Gap,
    Vertical::Slope,
    Vertical::PredictedHigh,
    Vertical::PredictedLow,
];

/// A statistic as a cell: dollars to the cent, anything else in full; missing when undefined.
fn stat_cell(x: f64, dollars: bool) -> Cell {
    match (x.is_finite(), dollars) {
        (false, _) => Cell::Missing,
        (true, true) => Cell::Dollars(x),
        (true, false) => Cell::Num(x, None),
    }
}

/// The first cells of a row: the area, and the battery's name when two runs are compared.
fn lead(e: &Equity, area: &str, b: usize) -> Vec<Cell> {
    let mut row = vec![Cell::Text(area.to_string())];
    if e.compares() {
        row.push(Cell::Text(e.battery_names()[b].to_string()));
    }
    row
}

fn lead_columns(e: &Equity) -> Vec<String> {
    let mut c = vec!["area".to_string()];
    if e.compares() {
        c.push("run".into());
    }
    c
}

/// `horizontal`: per area (every row first) and battery, the units and pupils, every
/// horizontal statistic, whether the federal test passes and Theil's split between areas.
pub fn horizontal_table(e: &Equity) -> Table {
    let mut columns = lead_columns(e);
    columns.extend([e.unit.1.clone(), "pupils".into()]);
    columns.extend(Horizontal::iter().map(|h| h.name().to_string()));
    columns.extend(["passes_federal_test", "theil_between", "theil_within"].map(String::from));
    let mut rows = Vec::new();
    for a in &e.areas {
        for (b, battery) in a.batteries.iter().enumerate() {
            let mut row = lead(e, &a.area, b);
            row.push(Cell::Int(battery.units as i64));
            row.push(Cell::num(battery.pupils));
            row.extend(
                Horizontal::iter()
                    .map(|h| stat_cell(battery.horizontal(h), HORIZONTAL_DOLLARS.contains(&h))),
            );
            let change = e.compares() && b == 2;
            row.push(match battery.passes_federal_test().filter(|_| !change) {
                Some(p) => Cell::Text(if p { "yes" } else { "no" }.into()),
                None => Cell::Missing,
            });
            let (between, within) = battery.theil_split().unwrap_or((f64::NAN, f64::NAN));
            row.extend([Cell::num(between), Cell::num(within)]);
            rows.push(row);
        }
    }
    Table { name: TableName::Horizontal.as_str().into(), columns, rows }
}

/// `vertical`: per area, battery and dimension, every vertical statistic (with its 90%
/// interval as `<name>_low` and `<name>_high` when the intervals were drawn).
pub fn vertical_table(e: &Equity) -> Table {
    let drawn = e.draws.is_some();
    let mut columns = lead_columns(e);
    columns.extend(["dimension".to_string(), "source".into()]);
    for v in Vertical::iter() {
        columns.push(v.name().to_string());
        if drawn {
            columns.extend([format!("{}_low", v.name()), format!("{}_high", v.name())]);
        }
    }
    let mut rows = Vec::new();
    for a in &e.areas {
        for (b, battery) in a.batteries.iter().enumerate() {
            for (d, dim) in e.dimensions.iter().enumerate() {
                let mut row = lead(e, &a.area, b);
                row.extend([Cell::Text(dim.label.clone()), Cell::Text(dim.source.clone())]);
                for v in Vertical::iter() {
                    let dollars = VERTICAL_DOLLARS.contains(&v);
                    row.push(stat_cell(battery.vertical(d, v), dollars));
                    if drawn {
                        let (lo, hi) = battery.interval(d, v).unwrap_or((f64::NAN, f64::NAN));
                        row.extend([stat_cell(lo, dollars), stat_cell(hi, dollars)]);
                    }
                }
                rows.push(row);
            }
        }
    }
    Table { name: TableName::Vertical.as_str().into(), columns, rows }
}

/// A statistic for people: dollars without cents, anything else to 4 decimals, with its
/// interval in brackets.
fn shown_cell(x: f64, interval: Option<(f64, f64)>, dollars: bool) -> Cell {
    let one = |x: f64| {
        if dollars && x.is_finite() { whole_dollars((x * 100.0).round() as i64) } else { human(x) }
    };
    match interval {
        Some((lo, hi)) if x.is_finite() => {
            Cell::Text(format!("{} [{}, {}]", one(x), one(lo), one(hi)))
        }
        _ => Cell::Text(one(x)),
    }
}

/// The horizontal statistics people read first, per area and battery.
fn horizontal_text_table(e: &Equity) -> Table {
    let stats = [
        Horizontal::Mean,
        Horizontal::Median,
        Horizontal::P5,
        Horizontal::P95,
        Horizontal::FederalRangeRatio,
        Horizontal::Mcloone,
        Horizontal::Verstegen,
        Horizontal::Cv,
        Horizontal::Gini,
        Horizontal::Theil,
    ];
    let mut columns = lead_columns(e);
    columns.push(e.unit.1.clone());
    columns.extend(stats.iter().map(|h| h.name().to_string()));
    let rows =
        e.areas
            .iter()
            .flat_map(|a| a.batteries.iter().enumerate().map(move |(b, battery)| (a, b, battery)))
            .map(|(a, b, battery)| {
                let mut row = lead(e, &a.area, b);
                row.push(Cell::Int(battery.units as i64));
                row.extend(stats.iter().map(|h| {
                    shown_cell(battery.horizontal(*h), None, HORIZONTAL_DOLLARS.contains(h))
                }));
                row
            })
            .collect();
    Table { name: TableName::Horizontal.as_str().into(), columns, rows }
}

/// One dimension's vertical statistics people read first, per area and battery.
fn vertical_text_table(e: &Equity, d: usize) -> Table {
    let mut stats = vec![
        Vertical::GroupPerPupil,
        Vertical::OthersPerPupil,
        Vertical::Ratio,
        Vertical::GapPct,
        Vertical::Correlation,
        Vertical::Elasticity,
    ];
    match e.dimensions[d].role {
        Role::Poverty => stats.push(Vertical::PredictedRatio),
        Role::Wealth => stats.retain(|v| {
            !matches!(v, Vertical::GroupPerPupil | Vertical::OthersPerPupil | Vertical::Ratio)
        }),
        Role::Group => {}
    }
    let mut columns = lead_columns(e);
    columns.extend(stats.iter().map(|v| v.name().to_string()));
    let rows = e
        .areas
        .iter()
        .flat_map(|a| a.batteries.iter().enumerate().map(move |(b, battery)| (a, b, battery)))
        .map(|(a, b, battery)| {
            let mut row = lead(e, &a.area, b);
            row.extend(stats.iter().map(|v| {
                shown_cell(
                    battery.vertical(d, *v),
                    battery.interval(d, *v),
                    VERTICAL_DOLLARS.contains(v),
                )
            }));
            row
        })
        .collect();
    Table { name: TableName::Vertical.as_str().into(), columns, rows }
}

/// What the money is, what it is per, and per run what was used and left out.
fn scope_lines(e: &Equity) -> String {
    let mut s = format!("Money: {}", e.money);
    if let Some(c) = &e.cost {
        let _ = write!(s, ", divided by the cost index {c}");
    }
    let _ = writeln!(s, "; every pupil counted once (pupils: {})", e.pupils);
    for (k, l) in e.left_out.iter().enumerate() {
        if e.compares() {
            let _ = write!(s, "{} {}: ", e.battery_names()[k], e.runs[k]);
        }
        let _ = write!(s, "{} {} used", thousands(l.used as u64), e.unit.1);
        let reasons = [
            ("without pupils", l.no_pupils),
            ("without money", l.no_money),
            ("without a positive cost index", l.no_cost),
        ];
        let out: Vec<String> = reasons
            .iter()
            .filter(|r| r.1 > 0)
            .map(|(why, n)| format!("{} {why}", thousands(*n as u64)))
            .collect();
        if !out.is_empty() {
            let _ = write!(s, "; left out: {}", out.join(", "));
        }
        s.push('\n');
    }
    s
}

/// A dimension's heading: what it is, where it comes from, and where its intervals come from.
fn dimension_heading(e: &Equity, d: usize) -> String {
    let dim = &e.dimensions[d];
    let margin = match (&dim.moe, e.draws) {
        (Some(m), Some(dr)) => format!(
            "90% intervals from {m} over {} survey draws (seed {})",
            thousands(dr.draws as u64),
            dr.seed
        ),
        (Some(m), None) => format!("margin of error {m}: intervals with --estimates"),
        (None, _) if dim.role == Role::Wealth => "no margin of error".into(),
        (None, _) => format!("{} has no margin of error: no interval", dim.source),
    };
    format!("Vertical equity: {} ({}; {margin})", dim.label, dim.source)
}

/// The terminal text: findings first, then what the money is, then the tables.
pub fn equity_text(e: &Equity) -> String {
    let mut s = String::new();
    for f in equity_findings(e) {
        let _ = writeln!(s, "{f}");
    }
    let _ = writeln!(s, "\n{}", scope_lines(e));
    let _ = writeln!(
        s,
        "Horizontal equity (how equal the money per pupil is):\n{}",
        horizontal_text_table(e).aligned()
    );
    for d in 0..e.dimensions.len() {
        let _ =
            writeln!(s, "{}:\n{}", dimension_heading(e, d), vertical_text_table(e, d).aligned());
    }
    if let Some(d) = e.draws {
        let _ = writeln!(
            s,
            "Intervals: the 5th and 95th percentiles of each statistic over {} draws of the shares from their margins of error (seed {}, as seni sensitivity --estimates draws them). Noise in a share pulls some statistics (the elasticity, the correlation) towards 0, so such an interval can leave its estimate out.",
            thousands(d.draws as u64),
            d.seed
        );
    }
    if let Some((hi, lo)) =
        e.dimensions.iter().any(|d| d.role == Role::Poverty).then_some(e.predict)
    {
        let controls = if e.controls.is_empty() {
            "no controls".to_string()
        } else {
            format!("controls held at their means: {}", e.controls.join(", "))
        };
        let _ = writeln!(
            s,
            "predicted_ratio: money per pupil predicted at {}% over {}% poverty (pupil-weighted regression of ln money on poverty; {controls}).",
            human(hi),
            human(lo)
        );
    }
    s
}

/// The findings, one sentence each, most important first: with two runs, what the proposal
/// changes, then the proposal's own.
pub fn equity_findings(e: &Equity) -> Vec<String> {
    let mut out = if e.compares() { change_findings(e) } else { Vec::new() };
    for (d, dim) in e.dimensions.iter().enumerate().filter(|(_, d)| d.role != Role::Wealth) {
        out.extend(ratio_finding(e, d));
        if dim.role == Role::Poverty {
            out.extend(quartile_finding(e, d));
            out.extend(prediction_finding(e, d));
        }
    }
    out.extend(federal_finding(e));
    out.extend(inequality_finding(e));
    for dim in e.dimensions.iter().filter(|d| d.moe.is_none() && d.role != Role::Wealth) {
        out.push(format!(
            "{} ({}) has no margin of error: its statistics carry no interval.",
            capitalised(&dim.label),
            dim.source
        ));
    }
    out
}

/// The battery findings read (the proposal's when two runs are compared), and how a sentence
/// about it begins.
fn shown(e: &Equity) -> (usize, &'static str) {
    if e.compares() { (1, "under the proposal, ") } else { (0, "") }
}

/// Dollars per pupil in prose: `$10,170`.
fn prose_dollars(x: f64) -> String {
    whole_dollars((x * 100.0).round() as i64)
}

/// "State and local revenue per child, 2014-17: in 30 of 49 states (with more than one
/// district), children in poverty were in districts with less money per pupil than everyone
/// else; across all districts, children in poverty get $10,170 per pupil and everyone else
/// $10,667: a progressivity ratio of 0.953."
fn ratio_finding(e: &Equity, d: usize) -> Option<String> {
    let (b, under) = shown(e);
    let all = &e.areas[0].batteries[b];
    let ratio = all.vertical(d, Vertical::Ratio);
    if !ratio.is_finite() {
        return None;
    }
    let dim = &e.dimensions[d];
    let who = &dim.label;
    let mut s = match under.is_empty() {
        true => format!("{}: ", capitalised(&e.money)),
        false => format!("{} under the proposal: ", capitalised(&e.money)),
    };
    let areas: Vec<&Battery> =
        e.areas[1..].iter().map(|a| &a.batteries[b]).filter(|x| x.units >= 2).collect();
    if !areas.is_empty() {
        let below = areas.iter().filter(|x| x.vertical(d, Vertical::Ratio) < 1.0).count();
        let _ = write!(
            s,
            "in {below} of {} {} (with more than one {}), {who} were in {} with less money per pupil than everyone else; ",
            areas.len(),
            e.areas_word(),
            e.unit.0,
            e.unit.1
        );
        if e.draws.is_some() && dim.moe.is_some() {
            let sure = areas
                .iter()
                .filter(|x| x.interval(d, Vertical::Ratio).is_some_and(|i| i.1 < 1.0))
                .count();
            let _ = write!(s, "in {sure} of them even at the top of the 90% interval; ");
        }
    }
    let _ = write!(
        s,
        "across all {}, {who} get {} per pupil and everyone else {}: a progressivity ratio of {}.",
        e.unit.1,
        prose_dollars(all.vertical(d, Vertical::GroupPerPupil)),
        prose_dollars(all.vertical(d, Vertical::OthersPerPupil)),
        human_ratio(ratio, all.interval(d, Vertical::Ratio))
    );
    Some(s)
}

/// "0.953" or "0.936 (90% interval 0.936 to 0.937)".
fn human_ratio(x: f64, interval: Option<(f64, f64)>) -> String {
    match interval {
        Some((lo, hi)) => format!("{x:.3} (90% interval {lo:.3} to {hi:.3})"),
        None => format!("{x:.3}"),
    }
}

/// "Across all districts, the quarter of pupils in the districts with the most children in
/// poverty gets $9,999 per pupil, 16.6% less than the quarter with the least ($11,992)."
fn quartile_finding(e: &Equity, d: usize) -> Option<String> {
    let (b, under) = shown(e);
    let all = &e.areas[0].batteries[b];
    let (lo, hi) =
        (all.vertical(d, Vertical::LowestQuartile), all.vertical(d, Vertical::HighestQuartile));
    let pct = all.vertical(d, Vertical::GapPct);
    if !pct.is_finite() {
        return None;
    }
    let way = if pct < 0.0 { "less" } else { "more" };
    Some(capitalised(&format!(
        "{under}across all {}, the quarter of pupils in the {} with the most {} gets {} per pupil, {:.1}% {way} than the quarter with the least ({}).",
        e.unit.1,
        e.unit.1,
        e.dimensions[d].label,
        prose_dollars(hi),
        100.0 * pct.abs(),
        prose_dollars(lo)
    )))
}

/// "A district with 30% poverty is predicted 16.9% less money per pupil than one with 5%".
fn prediction_finding(e: &Equity, d: usize) -> Option<String> {
    let (b, under) = shown(e);
    let ratio = e.areas[0].batteries[b].vertical(d, Vertical::PredictedRatio);
    if !ratio.is_finite() {
        return None;
    }
    let way = if ratio < 1.0 { "less" } else { "more" };
    let controls = match e.controls.is_empty() {
        true => "no controls".to_string(),
        false => format!("controlling for {}", e.controls.join(", ")),
    };
    Some(capitalised(&format!(
        "{under}a {} with {}% poverty is predicted {:.1}% {way} money per pupil than one with {}% (pupil-weighted regression of ln money on poverty, {controls}).",
        e.unit.0,
        human(e.predict.0),
        100.0 * (ratio - 1.0).abs(),
        human(e.predict.1)
    )))
}

/// "Federal range ratio (34 CFR 222.162 …): 292.7% across all districts (fails); 0 of 49
/// states with more than one district pass."
fn federal_finding(e: &Equity) -> Option<String> {
    let (b, under) = shown(e);
    let r = e.areas[0].batteries[b].horizontal(Horizontal::FederalRangeRatio);
    if !r.is_finite() {
        return None;
    }
    let verdict = if r <= 0.25 { "passes" } else { "fails" };
    let mut s = capitalised(&format!(
        "{under}the federal range ratio (34 CFR 222.162: 95th over 5th percentile of pupils, at most 25% to pass) is {:.1}% across all {} ({verdict})",
        100.0 * r,
        e.unit.1
    ));
    let areas: Vec<&Battery> =
        e.areas[1..].iter().map(|a| &a.batteries[b]).filter(|x| x.units >= 2).collect();
    if !areas.is_empty() {
        let pass = areas.iter().filter(|x| x.passes_federal_test() == Some(true)).count();
        let _ = write!(
            s,
            "; {pass} of {} {} with more than one {} pass",
            areas.len(),
            e.areas_word(),
            e.unit.0
        );
    }
    s.push('.');
    Some(s)
}

/// "Inequality of money per pupil across all districts: Gini 0.207, … Theil 0.0760, 54% of it
/// between states."
fn inequality_finding(e: &Equity) -> Option<String> {
    let (b, under) = shown(e);
    let all = &e.areas[0].batteries[b];
    let (g, t) = (all.horizontal(Horizontal::Gini), all.horizontal(Horizontal::Theil));
    if !g.is_finite() {
        return None;
    }
    let mut s = capitalised(&format!(
        "{under}inequality of money per pupil across all {}: Gini {g:.3}, coefficient of variation {:.3}, McLoone {:.3}, Theil {t:.4}",
        e.unit.1,
        all.horizontal(Horizontal::Cv),
        all.horizontal(Horizontal::Mcloone)
    ));
    if let Some((between, _)) = all.theil_split().filter(|_| t > 0.0) {
        let _ = write!(s, ", {:.0}% of it between {}", 100.0 * between / t, e.areas_word());
    }
    s.push('.');
    Some(s)
}

/// Baseline against proposal: the progressivity ratios, the federal range ratio and Gini.
fn change_findings(e: &Equity) -> Vec<String> {
    let [a, b] = [&e.areas[0].batteries[0], &e.areas[0].batteries[1]];
    let mut out = Vec::new();
    let (ma, mb) = (a.horizontal(Horizontal::Mean), b.horizontal(Horizontal::Mean));
    out.push(format!(
        "The proposal moves the mean money per pupil from {} to {} across all {}.",
        prose_dollars(ma),
        prose_dollars(mb),
        e.unit.1
    ));
    for (d, dim) in e.dimensions.iter().enumerate().filter(|(_, d)| d.role != Role::Wealth) {
        let (x, y) = (a.vertical(d, Vertical::Ratio), b.vertical(d, Vertical::Ratio));
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let mut s = format!(
            "The proposal moves the progressivity ratio for {} from {x:.3} to {y:.3} across all {}",
            dim.label, e.unit.1
        );
        let areas: Vec<&Battery> = e.areas[1..]
            .iter()
            .filter(|a| a.batteries[1].units >= 2)
            .map(|a| &a.batteries[2])
            .filter(|b| b.vertical(d, Vertical::Ratio).is_finite())
            .collect();
        if !areas.is_empty() {
            let rises = areas.iter().filter(|b| b.vertical(d, Vertical::Ratio) > 0.0).count();
            let _ = write!(
                s,
                "; it rises in {rises} of {} {} with more than one {}",
                areas.len(),
                e.areas_word(),
                e.unit.0
            );
        }
        s.push('.');
        out.push(s);
    }
    for (h, what) in
        [(Horizontal::Gini, "Gini"), (Horizontal::FederalRangeRatio, "the federal range ratio")]
    {
        let (x, y) = (a.horizontal(h), b.horizontal(h));
        if x.is_finite() && y.is_finite() {
            out.push(format!(
                "The proposal moves {what} from {x:.3} to {y:.3} across all {}.",
                e.unit.1
            ));
        }
    }
    out
}

/// The JSON summary: what the money is, the dimensions, what was left out, the draws, and the
/// headline statistics of every row (per battery) with the areas counted by verdict.
#[derive(Debug, Serialize)]
pub struct EquitySummary {
    money: String,
    cost: Option<String>,
    pupils: String,
    by: Option<String>,
    runs: Vec<String>,
    batteries: Vec<&'static str>,
    dimensions: Vec<DimensionSummary>,
    left_out: Vec<LeftOutSummary>,
    draws: Option<usize>,
    seed: Option<u64>,
    controls: Vec<String>,
    predict: (f64, f64),
    findings: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DimensionSummary {
    label: String,
    source: String,
    role: &'static str,
    moe: Option<String>,
}

#[derive(Debug, Serialize)]
struct LeftOutSummary {
    used: usize,
    without_pupils: usize,
    without_money: usize,
    without_cost: usize,
}

impl EquitySummary {
    /// The summary of an equity analysis.
    pub fn of(e: &Equity) -> EquitySummary {
        EquitySummary {
            money: e.money.clone(),
            cost: e.cost.clone(),
            pupils: e.pupils.clone(),
            by: e.by.clone(),
            runs: e.runs.clone(),
            batteries: e.battery_names(),
            dimensions: e
                .dimensions
                .iter()
                .map(|d| DimensionSummary {
                    label: d.label.clone(),
                    source: d.source.clone(),
                    role: match d.role {
                        Role::Poverty => "poverty",
                        Role::Group => "group",
                        Role::Wealth => "wealth",
                    },
                    moe: d.moe.clone(),
                })
                .collect(),
            left_out: e
                .left_out
                .iter()
                .map(|l| LeftOutSummary {
                    used: l.used,
                    without_pupils: l.no_pupils,
                    without_money: l.no_money,
                    without_cost: l.no_cost,
                })
                .collect(),
            draws: e.draws.map(|d| d.draws),
            seed: e.draws.map(|d| d.seed),
            controls: e.controls.clone(),
            predict: e.predict,
            findings: equity_findings(e),
        }
    }
}
