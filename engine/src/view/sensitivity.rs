//! Views of a sensitivity run: per-school bands, Sobol indices, the summary in words and as
//! JSON, and every draw as CSV.

use crate::analysis::sensitivity::{SchoolBand, Sensitivity};
use crate::table::{Cell, Table, TableName};
use serde::Serialize;
use std::fmt::Write;

/// The per-school table: nominal index, rank and tier, tier probabilities, rank and allocation
/// bands, and whether the tier is stable.
pub fn sensitivity_table(s: &Sensitivity) -> Table {
    let mut columns: Vec<String> =
        ["id", "name", "index", "rank", "tier"].iter().map(|c| c.to_string()).collect();
    columns.extend(s.tier_names.iter().map(|t| format!("p({t})")));
    let rest = [
        "p(no index)",
        "rank_median",
        "rank_p05",
        "rank_p95",
        "allocation_p05",
        "allocation_median",
        "allocation_p95",
        "stable",
    ];
    columns.extend(rest.iter().map(|c| c.to_string()));
    let rows = s.schools.iter().map(|b| band_row(s, b)).collect();
    Table { name: TableName::Schools.as_str().into(), columns, rows }
}

fn band_row(s: &Sensitivity, b: &SchoolBand) -> Vec<Cell> {
    let mut row = vec![
        Cell::Text(b.id.clone()),
        Cell::Text(b.name.clone()),
        b.index.map(Cell::num).unwrap_or(Cell::Missing),
        Cell::count(b.rank),
        Cell::Text(b.tier.map(|t| s.tier_names[t].clone()).unwrap_or_default()),
    ];
    let mut probabilities = b.tier_probability.clone();
    probabilities.push(b.unranked_probability);
    row.extend(thousandths(&probabilities).into_iter().map(|p| Cell::Num(p, Some(3))));
    for q in [b.rank_median, b.rank_p05, b.rank_p95] {
        row.push(q.map(|x| Cell::Int(i64::from(x))).unwrap_or(Cell::Missing));
    }
    match b.allocation {
        Some(a) => row.extend(a.iter().map(|x| Cell::Money((x * 100.0).round() as i64))),
        None => row.extend([Cell::Missing, Cell::Missing, Cell::Missing]),
    }
    row.push(Cell::Text(if b.stable { "yes" } else { "no" }.into()));
    row
}

/// Probabilities (summing to 1) rounded to thousandths by largest remainder, so that the written
/// values still sum to exactly 1 (ties go to the earlier tier).
fn thousandths(p: &[f64]) -> Vec<f64> {
    let exact: Vec<f64> = p.iter().map(|x| x * 1000.0).collect();
    let mut units: Vec<i64> = exact.iter().map(|x| (x + 1e-9).floor() as i64).collect();
    let total: i64 = (exact.iter().sum::<f64>()).round() as i64;
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - units[b] as f64).total_cmp(&(exact[a] - units[a] as f64)).then(a.cmp(&b))
    });
    let missing = (total - units.iter().sum::<i64>()).max(0) as usize;
    for &i in order.iter().take(missing) {
        units[i] += 1;
    }
    units.into_iter().map(|u| u as f64 / 1000.0).collect()
}

/// The Sobol table (when Sobol indices were asked for).
pub fn sobol_table(s: &Sensitivity) -> Option<Table> {
    let sobol = s.sobol.as_ref()?;
    let rows = sobol
        .lines
        .iter()
        .map(|l| {
            vec![
                Cell::Text(l.factor.clone()),
                Cell::Num(l.s1_rank_shift, Some(4)),
                Cell::Num(l.st_rank_shift, Some(4)),
                Cell::Num(l.s1_allocation, Some(4)),
                Cell::Num(l.st_allocation, Some(4)),
            ]
        })
        .collect();
    Some(Table::new(
        TableName::Sobol,
        &["input", "S1_rank_shift", "ST_rank_shift", "S1_allocation", "ST_allocation"],
        rows,
    ))
}

/// Plain-text summary: draws and inputs, stable schools, band widths, the least certain tiers
/// and the Sobol indices.
pub fn sensitivity_text(s: &Sensitivity) -> String {
    let mut out = String::new();
    let inputs = if s.factors.is_empty() { "none".to_string() } else { s.factors.join(", ") };
    let _ = writeln!(out, "{} draws (seed {}); uncertain inputs: {inputs}", s.draws, s.seed);
    let ranked: Vec<&SchoolBand> = s.schools.iter().filter(|b| b.tier.is_some()).collect();
    let stable = ranked.iter().filter(|b| b.stable).count();
    let _ = writeln!(
        out,
        "{stable} of {} ranked {} keep their tier in at least 90% of draws",
        ranked.len(),
        s.unit.1
    );
    let mut widths: Vec<u32> =
        ranked.iter().filter_map(|b| Some(b.rank_p95? - b.rank_p05?)).collect();
    if !widths.is_empty() {
        widths.sort_unstable();
        let (median, widest) = (widths[widths.len() / 2], widths[widths.len() - 1]);
        let _ =
            writeln!(out, "width of the 5–95% rank band: median {median} ranks, widest {widest}");
    }
    if let Some(why) = &s.general_engine {
        let _ = writeln!(
            out,
            "every draw ran the full index engine ({why}: the fast evaluator cannot follow it)"
        );
    }
    if let Some(note) = &s.allocation_note {
        let _ = writeln!(out, "no allocation bands: {note}");
    }
    least_certain(&mut out, s, &ranked);
    if let Some(sobol) = &s.sobol {
        let _ = writeln!(out, "\nSobol sensitivity indices ({}):", sobol.method);
        let _ = writeln!(
            out,
            "  {:<36} {:>9} {:>9} {:>9} {:>9}",
            "input", "S1 rank", "ST rank", "S1 money", "ST money"
        );
        for l in &sobol.lines {
            let _ = writeln!(
                out,
                "  {:<36} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
                l.factor, l.s1_rank_shift, l.st_rank_shift, l.s1_allocation, l.st_allocation
            );
        }
    }
    out
}

/// Headline sentences: how many tiers are certain, and how wide the rank bands are.
pub fn sensitivity_findings(s: &Sensitivity) -> Vec<String> {
    let ranked: Vec<&SchoolBand> = s.schools.iter().filter(|b| b.tier.is_some()).collect();
    let stable = ranked.iter().filter(|b| b.stable).count();
    let mut lines = vec![format!(
        "{stable} of {} ranked {} keep their tier in at least 90% of {} draws; {} do not.",
        ranked.len(),
        s.unit.1,
        s.draws,
        ranked.len() - stable
    )];
    let mut widths: Vec<u32> =
        ranked.iter().filter_map(|b| Some(b.rank_p95? - b.rank_p05?)).collect();
    if !widths.is_empty() {
        widths.sort_unstable();
        lines.push(format!(
            "Half of the {}' ranks move within a band of {} places (5–95% of draws).",
            s.unit.1,
            widths[widths.len() / 2]
        ));
    }
    lines
}

/// The ten unstable schools whose own tier is least likely.
fn least_certain(out: &mut String, s: &Sensitivity, ranked: &[&SchoolBand]) {
    let own = |b: &SchoolBand| b.tier.map(|t| b.tier_probability[t]).unwrap_or(0.0);
    let mut least: Vec<&&SchoolBand> = ranked.iter().filter(|b| !b.stable).collect();
    least.sort_by(|a, b| own(a).total_cmp(&own(b)));
    if least.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nLeast certain tiers:");
    for b in least.iter().take(10) {
        let t = b.tier.expect("ranked");
        let _ = writeln!(
            out,
            "  {:<44} {:<14} p = {:.2}  rank {} (5–95%: {}–{})",
            b.name.chars().take(44).collect::<String>(),
            s.tier_names[t],
            b.tier_probability[t],
            b.rank.unwrap_or(0),
            b.rank_p05.unwrap_or(0),
            b.rank_p95.unwrap_or(0)
        );
    }
}

/// The JSON summary of a sensitivity run.
#[derive(Debug, Serialize)]
pub struct SensitivitySummary {
    draws: usize,
    seed: u64,
    inputs: Vec<String>,
    sobol_method: Option<String>,
    allocation_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    general_engine: Option<String>,
    /// What varied when the formula's `[uncertainty]` varied nothing (see
    /// `analysis::sensitivity::default_uncertainty`).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl SensitivitySummary {
    /// The summary of a run; `note` says what varied when the formula did not say.
    pub fn of(s: &Sensitivity, note: Option<&str>) -> SensitivitySummary {
        SensitivitySummary {
            draws: s.draws,
            seed: s.seed,
            inputs: s.factors.clone(),
            sobol_method: s.sobol.as_ref().map(|x| x.method.clone()),
            allocation_note: s.allocation_note.clone(),
            general_engine: s.general_engine.clone(),
            note: note.map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::thousandths;

    #[test]
    fn rounded_probabilities_sum_to_one() {
        // 1/3 each: 0.333 + 0.333 + 0.334 (the first gets the spare thousandth).
        assert_eq!(thousandths(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]), vec![0.334, 0.333, 0.333]);
        assert_eq!(thousandths(&[0.1235, 0.8765, 0.0]), vec![0.124, 0.876, 0.0]);
        let p = [0.1666, 0.1667, 0.6667];
        let t = thousandths(&p);
        assert_eq!(t.iter().map(|x| (x * 1000.0).round() as i64).sum::<i64>(), 1000);
    }
}
