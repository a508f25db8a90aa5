//! `seni allocate`: the money for every school, a summary by tier and program, and charts.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use super::load::{budget_set, load_and_compute};
use crate::allocate::{allocate, by_tier};
use crate::chart::Chart;
use crate::error::Result;
use crate::export::Meta;
use crate::view::{AllocationSummary, allocation_rows, by_tier_table, programs_text, run_header};
use clap::Args as ClapArgs;

// Options of `seni allocate`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// Budget of the main program in dollars (same as --set budget=AMOUNT).
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    budget: Option<String>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let output = args.out.validate("allocation", &args.run.data)?;
    chart_dir(&args.charts)?;
    let c = load_and_compute(&args.run, &budget_set(args.budget.as_deref())?)?;
    let a = allocate(&c)?;
    let (rows, all) = by_tier(&c, &a);
    let summary = by_tier_table(&rows, &all);
    write_output(
        &output,
        &[&allocation_rows(&c, &a), &summary],
        &Meta::of(&c),
        "",
        Some(("summary", json(AllocationSummary::of(&a)))),
    )?;
    let mut s = run_header(&c);
    s.push('\n');
    s.push_str(&summary.aligned());
    s.push('\n');
    s.push_str(&programs_text(&a));
    s.push_str(&written(&output));
    s.push_str(&write_charts(
        &args.charts,
        &Meta::of(&c),
        &[
            Chart::per_pupil_stacked(&c, &a),
            Chart::allocation_by_tier(&rows),
            Chart::index_distribution(&c),
        ],
    )?);
    say(&output, &s);
    Ok(())
}
