//! `seni trend`: the formula over every period of the data — each school's index, rank and tier
//! per period, tier changes between periods, and charts.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, finish};
use super::load::load_formula;
use clap::Args as ClapArgs;
use rayon::prelude::*;
use seni::analysis::trend::trend;
use seni::data::District;
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::index::{Computation, compute};
use seni::outputs;

// Options of `seni trend`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// School whose rank over time is charted (default: the one whose rank moved most).
    #[arg(long)]
    school: Option<String>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

/// Every period of the data, computed (in parallel), oldest first.
pub(crate) fn every_period(run: &RunArgs) -> Result<Vec<Computation>> {
    let formula = load_formula(run, &[])?;
    let Some(column) = &formula.data().period else {
        return Err(Error::usage(
            format!("formula {} names no period column", formula.name()),
            "name it with --set data.period='\"year\"' (or period = \"year\" under [data])",
        ));
    };
    let districts = District::load_periods(&run.data, &formula)?;
    if let [only] = districts.as_slice() {
        return Err(Error::usage(
            format!(
                "the data have only one period ({} in column '{column}' of {}): a trend needs two or more",
                only.period().unwrap_or(""),
                only.source()
            ),
            "give a file with one row per school and period (e.g. --data data/kentucky/ky_schools_panel_2012_2017.csv)",
        ));
    }
    districts.into_par_iter().map(|d| compute(&formula, d)).collect()
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let mut files = OutputFiles::default();
    let output = args.out.validate("trend", &args.run.data, &mut files)?;
    chart_dir(&args.charts, &mut files)?;
    let runs = every_period(&args.run)?;
    let t = trend(&runs);
    let o = outputs::trend(&t, &runs, args.school.as_deref()).ok_or_else(|| {
        Error::usage(
            format!("no school '{}' in any period", args.school.as_deref().unwrap_or("")),
            "give an id from the data's id column",
        )
    })?;
    finish(&output, &o, &args.charts, files, "")
}
