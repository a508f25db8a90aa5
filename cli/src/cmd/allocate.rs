//! `seni allocate`: the money for every school, a summary by tier and program, and charts.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, finish};
use super::load::{budget_change, load_and_compute};
use clap::Args as ClapArgs;
use seni::allocate::allocate;
use seni::error::Result;
use seni::export::OutputFiles;
use seni::outputs;

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
    let mut files = OutputFiles::default();
    let output = args.out.validate("allocation", &args.run.data, &mut files)?;
    chart_dir(&args.charts, &mut files)?;
    let c = load_and_compute(&args.run, &budget_change(args.budget.as_deref())?)?;
    let a = allocate(&c)?;
    let o = outputs::allocate(&c, &a);
    finish(&output, &o, &args.charts, files, "")
}
