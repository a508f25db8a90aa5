//! `seni trend`: the formula over every period of the data — each school's index, rank and tier
//! per period, tier changes between periods, and charts.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use crate::analysis::trend::{Trend, most_moved, trend};
use crate::chart::Chart;
use crate::data::District;
use crate::error::{Error, Result};
use crate::export::Meta;
use crate::formula::Formula;
use crate::index::{Computation, compute};
use crate::table::Tabular;
use crate::view::{
    TrendSummary, run_header, transition_matrix, transitions_table, trend_table, trend_text,
};
use clap::Args as ClapArgs;
use rayon::prelude::*;

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
    let formula = Formula::load(&run.source(), &run.scenario, &run.sets())?;
    let Some(column) = &formula.data.period else {
        return Err(Error::usage(
            format!("formula {} names no period column", formula.name),
            "name it with --set data.period='\"year\"' (or period = \"year\" under [data])",
        ));
    };
    let districts = District::load_periods(&run.data, &formula)?;
    if let [only] = districts.as_slice() {
        return Err(Error::usage(
            format!(
                "the data have only one period ({} in column '{column}' of {}): a trend needs two or more",
                only.period.as_deref().unwrap_or(""),
                only.source
            ),
            "give a file with one row per school and period (e.g. --data data/kentucky/ky_schools_panel_2012_2017.csv)",
        ));
    }
    districts.into_par_iter().map(|d| compute(&formula, d)).collect()
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let output = args.out.validate("trend", &args.run.data)?;
    chart_dir(&args.charts)?;
    let runs = every_period(&args.run)?;
    let t = trend(&runs);
    let mut tables = vec![trend_table(&t), transitions_table(&t)];
    tables.extend(t.transitions.iter().map(|x| transition_matrix(&t, x)));
    let refs: Vec<&dyn Tabular> = tables.iter().map(|t| t as &dyn Tabular).collect();
    let last = runs.last().expect("two or more periods");
    write_output(
        &output,
        &refs,
        &Meta::of(last),
        "",
        Some(("summary", json(TrendSummary::of(&t)))),
    )?;
    let mut s = run_header(last);
    s.push('\n');
    s.push_str(&trend_text(&t));
    s.push_str(&written(&output));
    s.push_str(&write_charts(&args.charts, &Meta::of(last), &charts(&t, args.school.as_deref())?)?);
    say(&output, &s);
    Ok(())
}

/// The tier flow of the last two periods and one school's rank over time.
fn charts(t: &Trend, school: Option<&str>) -> Result<Vec<Chart>> {
    let mut charts: Vec<Chart> =
        t.transitions.last().map(|x| Chart::tier_flow(t, x)).into_iter().collect();
    let id = match school {
        Some(id) => id.to_string(),
        None => most_moved(t),
    };
    match Chart::rank_history(t, &id) {
        Some(c) => charts.push(c),
        None => {
            return Err(Error::usage(
                format!("no school '{id}' in any period"),
                "give an id from the data's id column",
            ));
        }
    }
    Ok(charts)
}
