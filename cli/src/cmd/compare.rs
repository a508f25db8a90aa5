//! `seni compare`: two runs on the same district — who gains, who loses, who changes tier.

use super::args::{ChartArgs, OutArgs, RunArgs, period_change};
use super::io::{chart_dir, finish};
use super::load::resolve_run;
use clap::Args as ClapArgs;
use seni::analysis::compare::compare;
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::formula::{Change, Origin};
use seni::outputs;

// Options of `seni compare`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Run A: `base` (the --formula), a bundled formula, a formula file, or a scenario file.
    /// With --scenario and no runs named, A is the formula as shipped and B adds the scenarios
    /// (a proposal against current law).
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
    /// Not an option of compare (said with what to do instead).
    #[arg(long, hide = true, value_name = "AMOUNT")]
    budget: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    if let Some(b) = &args.budget {
        return Err(Error::usage(
            format!(
                "compare has no --budget: it compares two runs, and one budget for both would change nothing between them (--budget {b})"
            ),
            format!(
                "give run B its budget: seni compare base --set-b budget={b} (or a scenario file: seni compare base examples/budget-900m.toml)"
            ),
        ));
    }
    let mut files = OutputFiles::default();
    let output = args.out.validate("compare", &args.run.data, &mut files)?;
    chart_dir(&args.charts, &mut files)?;
    // `seni compare -f F -s PROPOSAL`: A is the formula as shipped (current), B adds the
    // scenarios (the proposal). With runs named, `base` is the formula with the scenarios.
    let current = RunArgs { scenario: Vec::new(), ..args.run.clone() };
    let model_vs_current = args.a == "base" && args.b == "base" && !args.run.scenario.is_empty();
    let run_a = if model_vs_current { &current } else { &args.run };
    let ra = resolve_run(&args.a, run_a, &side_changes(&args.set_a, "a", &args.period_a)?)?;
    let rb = resolve_run(&args.b, &args.run, &side_changes(&args.set_b, "b", &args.period_b)?)?;
    let cmp = compare(&ra, &rb);
    let o = outputs::compare(&cmp, &ra, &rb);
    finish(&output, &o, &args.charts, files, "")
}

/// One side's changes: `--set-a/-b`, and `--period-a/-b` as the change of `data.use_period`.
fn side_changes(sets: &[String], side: &str, period: &Option<String>) -> Result<Vec<Change>> {
    let mut changes: Vec<Change> = sets
        .iter()
        .map(|s| Change::parse(s, Origin::Flag(format!("--set-{side} {s}"))))
        .collect::<Result<_>>()?;
    if let Some(p) = period {
        changes.push(period_change(p, &format!("--period-{side}"))?);
    }
    Ok(changes)
}
