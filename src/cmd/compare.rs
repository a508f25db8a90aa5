//! `seni compare`: two runs on the same district — who gains, who loses, who changes tier.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use super::load::{option_set, resolve_run};
use crate::analysis::compare::compare;
use crate::chart::Chart;
use crate::error::Result;
use crate::export::Meta;
use crate::table::Tabular;
use crate::view::{
    CompareSummary, by_tier_table, changes_table, compare_text, cross_table, shifts_rows,
};
use clap::Args as ClapArgs;

// Options of `seni compare`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Run A: `base` (the --formula), a bundled formula, a formula file, or a scenario file.
    #[arg(default_value = "base")]
    a: String,
    /// Run B: the same kinds as A.
    #[arg(default_value = "base")]
    b: String,
    /// Formula, data and scenario options (the base of both runs).
    #[command(flatten)]
    run: RunArgs,
    /// Overrides for run A only.
    #[arg(long, value_name = "KEY=VALUE")]
    set_a: Vec<String>,
    /// Overrides for run B only.
    #[arg(long, value_name = "KEY=VALUE")]
    set_b: Vec<String>,
    /// The period of run A (data with periods), e.g. 2015-16.
    #[arg(long, value_name = "PERIOD")]
    period_a: Option<String>,
    /// The period of run B, e.g. 2016-17.
    #[arg(long, value_name = "PERIOD")]
    period_b: Option<String>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let output = args.out.validate("compare", &args.run.data)?;
    chart_dir(&args.charts)?;
    let ra = resolve_run(&args.a, &args.run, &with_period(&args.set_a, "a", &args.period_a))?;
    let rb = resolve_run(&args.b, &args.run, &with_period(&args.set_b, "b", &args.period_b))?;
    let cmp = compare(&ra, &rb);
    let (changes, cross) = (changes_table(&cmp), cross_table(&cmp));
    // One row per school and indicator: made as it is written, never held whole.
    let shifts = cmp.moved_shifts().map(|s| shifts_rows(&cmp, s));
    let by_tier = match (&cmp.by_tier_a, &cmp.by_tier_b) {
        (Some((a_rows, a_all)), Some((b_rows, b_all))) => {
            // Named apart: one JSON key and one Excel sheet each.
            let named = |mut t: crate::table::Table, name: &str| {
                t.name = name.to_string();
                t
            };
            vec![
                named(by_tier_table(a_rows, a_all), "by_tier_a"),
                named(by_tier_table(b_rows, b_all), "by_tier_b"),
            ]
        }
        _ => Vec::new(),
    };
    let mut meta = Meta::of(&rb.computation);
    meta.formula = format!("A: {} | B: {}", cmp.a, cmp.b);
    meta.formula_hash =
        format!("{} | {}", ra.computation.formula.hash, rb.computation.formula.hash);
    let mut refs: Vec<&dyn Tabular> = vec![&changes, &cross];
    refs.extend(shifts.as_ref().map(|s| s as &dyn Tabular));
    refs.extend(by_tier.iter().map(|t| t as &dyn Tabular));
    write_output(&output, &refs, &meta, "", Some(("summary", json(CompareSummary::of(&cmp)))))?;
    let mut s = compare_text(&cmp);
    s.push_str(&written(&output));
    let label = &rb.computation.formula.index().label;
    let mut charts: Vec<Chart> = Chart::per_pupil_change(&cmp).into_iter().collect();
    charts.extend(Chart::change_vs_need(&cmp, label));
    charts.push(Chart::tier_heatmap(&cmp));
    charts.extend(Chart::money_moves(&rb));
    charts.push(Chart::before_after(&cmp));
    if let Some((rows, _)) = &cmp.by_tier_b {
        charts.push(Chart::allocation_by_tier(rows));
    }
    s.push_str(&write_charts(&args.charts, &meta, &charts)?);
    say(&output, &s);
    Ok(())
}

/// One side's overrides, with `--period-a/-b` as the override of `data.use_period`.
fn with_period(sets: &[String], side: &str, period: &Option<String>) -> Vec<String> {
    let mut sets = sets.to_vec();
    if let Some(p) = period {
        let value = toml::Value::String(p.clone());
        sets.push(option_set(&format!("--period-{side} {p}"), &format!("data.use_period={value}")));
    }
    sets
}
