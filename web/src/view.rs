//! A run as the page shows it, against the run as shipped: every number and sentence made by
//! the engine (`seni::outputs`, `seni::format`), every colour from the charts' palette.

use crate::contract::{
    Concentration, MapView, Movers, PageKnob, PageSection, PageTable, Rejected, RunView, TierBar,
};
use crate::fairness::fairness;
use crate::table::{Shape, page_table};
use seni::analysis::audit::{audit_allocation, student_groups};
use seni::analysis::compare::{Comparison, compare_schools};
use seni::chart::Chart;
use seni::chart::palette::{Palette, hex, tier_colour};
use seni::format::thousands;
use seni::index::Computation;
use seni::table::TableName;
use seni::{Run, outputs};

/// Rows of each list of movers: the biggest gains and the biggest losses (any other school is
/// one `find` away).
pub(crate) const MOVERS: usize = 250;

/// The columns of a list of schools: who, their tier and their money as shipped and now.
pub(crate) const SCHOOL_COLUMNS: [&str; 7] =
    ["name", "tier_a", "tier_b", "total_a", "total_b", "change", "change_per_pupil"];

/// What the run view is made of besides the two runs.
pub(crate) struct Setting<'a> {
    /// The command that computes the equity statistics of the run as shipped, if the page can
    /// name it (`seni equity -f NAME -d FILE`).
    pub(crate) command: Option<String>,
    /// The knobs with their values now.
    pub(crate) knobs: Vec<PageKnob>,
    /// The changes in words.
    pub(crate) changes: Vec<String>,
    /// Controls left out.
    pub(crate) rejected: Vec<Rejected>,
    /// How the money followed need as shipped.
    pub(crate) base_concentration: Option<&'a Curve>,
}

/// The run view of `run` against `base`.
pub(crate) fn run_view(base: &Run, run: &Run, setting: Setting) -> seni::Result<RunView> {
    let c = run.computation();
    let f = c.formula();
    let cmp = compare_schools(base, run);
    let o = outputs::compare(&cmp, base, run);
    let changed = !setting.changes.is_empty();
    let concentration = concentration_of(c, run)?;
    let mut findings: Vec<String> = Vec::new();
    if let Some(a) = run.allocation() {
        findings.extend(outputs::allocate(c, a).findings().iter().cloned());
    } else {
        findings.extend(outputs::compute(c).findings().iter().cloned());
    }
    if let Some((line, _)) = &concentration {
        findings.push(line.clone());
    }
    if changed {
        findings.extend(o.findings().iter().cloned());
    }
    let money = o.table(TableName::ByTierNow).map(|t| page_table(t, &compared(), 0..t.len()));
    let tiers = f.tiers().map_or(0, |t| t.names.len());
    Ok(RunView {
        // With a solve, the hash of the formula with the values found (as every output says).
        hash: run.formula_hash().to_string(),
        stem: format!("what-if-{}", f.hash()),
        line: run_line(f.title(), setting.changes.len()),
        status: status(&setting, &findings, &o),
        findings,
        changes: setting.changes,
        warnings: c.warnings().to_vec(),
        knobs: setting.knobs,
        rejected: setting.rejected,
        unit: (c.unit().to_string(), c.unit_plural().to_string()),
        palette: Palette::for_tiers(tiers),
        bars: money.as_ref().map(|m| bars(m, tiers)).unwrap_or_default(),
        money,
        movers: changed.then(|| movers(&cmp, &o)),
        sections: sections(
            &o,
            (base, run),
            changed,
            (cmp.total_label(), setting.command.as_deref()),
        ),
        concentration: concentration.zip(setting.base_concentration).map(|((t, now), (bt, b))| {
            Concentration { now_text: t, base_text: bt.clone(), now, base: b.clone() }
        }),
        map: Chart::school_map(c).and_then(map_view),
    })
}

/// The what-if's further sections: the tier moves (from the comparison's outputs, once
/// something changed), then "Is it fair?" (the equity statistics of the money). A new
/// analysis of the run is one more section here.
fn sections(
    o: &seni::Outputs,
    (base, run): (&Run, &Run),
    changed: bool,
    (total, command): (Option<&str>, Option<&str>),
) -> Vec<PageSection> {
    let mut out = Vec::new();
    if let Some(t) = o.table(TableName::TierChanges).filter(|_| changed) {
        out.push(PageSection {
            id: "tier_moves".into(),
            heading: "Tier moves".into(),
            lines: vec![
                "Schools by tier as shipped (rows) and now (columns); off the diagonal, a school moved."
                    .into(),
            ],
            tables: vec![(String::new(), page_table(t, &compared(), 0..t.len()))],
        });
    }
    let runs: Vec<&Run> = if changed { vec![base, run] } else { vec![run] };
    out.extend(fairness(&runs, total, command));
    out
}

fn compared() -> Shape<'static> {
    Shape { compared: true, ..Shape::default() }
}

/// "SENI-style need index … · your what-if: 2 changes from the formula as shipped".
fn run_line(title: &str, changes: usize) -> String {
    match changes {
        0 => format!("{title} · as shipped"),
        1 => format!("{title} · your what-if: 1 change from the formula as shipped"),
        n => format!("{title} · your what-if: {n} changes from the formula as shipped"),
    }
}

/// The live region's one sentence: a control left out, else who gains and who loses, else the
/// money as shipped.
fn status(setting: &Setting, findings: &[String], o: &seni::Outputs) -> String {
    if let Some(r) = setting.rejected.last() {
        let text = r.error.text.lines().next().unwrap_or_default();
        return format!("Not applied — {text}");
    }
    if setting.changes.is_empty() {
        let first = findings.first().cloned().unwrap_or_default();
        return format!("As shipped: {first}");
    }
    // The comparison's second finding counts who gains and who loses.
    let counts = o.findings().iter().find(|l| l.contains(" gain, ")).cloned().unwrap_or_default();
    format!("With your changes: {counts}")
}

/// The biggest gains and losses of a comparison.
fn movers(cmp: &Comparison, o: &seni::Outputs) -> Movers {
    let t = o.table(TableName::Changes).expect("a comparison has its changes");
    let (g, l, _) = cmp.counts();
    let shape = Shape { keep: &SCHOOL_COLUMNS, id: Some("id"), compared: true };
    let gains = page_table(t, &shape, 0..g.min(MOVERS));
    let losses = page_table(t, &shape, (t.len() - l.min(MOVERS)..t.len()).rev());
    let (one, many) = cmp.unit();
    let list = |n: usize, verb: &str, noun: &str| match n {
        0 => format!("no {one} {verb}s"),
        n if n > MOVERS => format!("the {MOVERS} biggest {noun} of {}", thousands(n as u64)),
        1 => format!("the one {one} that {verb}s"),
        n => format!("all {} {many} that {verb}", thousands(n as u64)),
    };
    let note = format!("Listed: {}; {}.", list(g, "gain", "gains"), list(l, "lose", "losses"));
    let sentence = o.findings().iter().find(|s| s.contains(" gain, ")).cloned().unwrap_or_default();
    Movers { sentence, note, gains, losses, total: t.len() }
}

/// Dollars per pupil by tier as shipped and now (the money table's first rows, one per tier;
/// not the untiered nor the total).
fn bars(money: &PageTable, tiers: usize) -> Vec<TierBar> {
    let col = |name: &str| money.columns.iter().position(|c| c.name == name);
    let (Some(a), Some(b)) = (col("per_pupil_a"), col("per_pupil_b")) else { return Vec::new() };
    let n = tiers.min(money.rows.len().saturating_sub(1));
    money.rows[..n]
        .iter()
        .enumerate()
        .map(|(i, r)| TierBar {
            tier: r.cells[0].t.clone(),
            colour: hex(tier_colour(i, tiers)),
            base: r.cells[a].v.unwrap_or(0.0),
            now: r.cells[b].v.unwrap_or(0.0),
            base_text: r.cells[a].t.clone(),
            now_text: r.cells[b].t.clone(),
        })
        .collect()
}

/// A run's concentration finding and curve (share of pupils, share of money).
pub(crate) type Curve = (String, Vec<(f64, f64)>);

/// How the money follows need in a run: the audit's finding and its concentration curve.
pub(crate) fn concentration_of(c: &Computation, run: &Run) -> seni::Result<Option<Curve>> {
    let money = match run.allocation() {
        Some(a) => Some(a.clone()),
        None => audit_allocation(c).ok().flatten(),
    };
    let Some(money) = money else { return Ok(None) };
    let groups = student_groups(c, &[])?;
    let Ok(o) = outputs::audit(c, Some(&money), &groups, None) else { return Ok(None) };
    let curve = o.charts().iter().find_map(|ch| match ch {
        Chart::ConcentrationCurve { curve, .. } => Some(curve.clone()),
        _ => None,
    });
    Ok(curve.zip(o.findings().first().cloned()).map(|(curve, line)| (line, curve)))
}

/// The school map's points and its legend in the palette's colours.
fn map_view(chart: Chart) -> Option<MapView> {
    let Chart::SchoolMap { unit, points, tiers, tier_count } = chart else { return None };
    let legend =
        tiers.into_iter().enumerate().map(|(i, t)| (t, hex(tier_colour(i, tier_count)))).collect();
    Some(MapView { points, legend, unit })
}
