//! The command line: one module per command, each holding its clap `Args` and its `run`.

mod allocate;
mod args;
mod audit;
mod chart;
mod compare;
mod compute;
mod equity;
mod explain;
mod formulas;
mod init;
mod interrupt;
mod io;
mod load;
mod report;
mod sample;
mod sensitivity;
mod trend;
mod validate;

use clap::{Parser, Subcommand};
use std::ffi::OsString;

/// seni — student equity need index: need index, tiers and budget allocation for schools.
#[derive(Debug, Parser)]
#[command(name = "seni", version, about, long_about = None)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Compute the need index and tiers for every school.
    Compute(compute::Args),
    /// Allocate a budget across schools and print a summary.
    Allocate(allocate::Args),
    /// Explain one school: indicator contributions, rank, tier boundaries, money.
    Explain(explain::Args),
    /// Compare two runs (formulas or scenarios) on the same district.
    Compare(compare::Args),
    /// Audit a run: is the money progressive? Who is affected by a list of schools?
    Audit(audit::Args),
    /// Is the money fair? Equity statistics of any money per pupil (an allocation, a proposal
    /// against a baseline, or today's revenue), by area, with survey error.
    Equity(equity::Args),
    /// Draw one chart (SVG or PNG by the --out extension).
    Chart(chart::Args),
    /// Write a self-contained HTML report (summary, tables, charts) into a directory.
    Report(report::Args),
    /// How sure is each school's tier? Monte Carlo over the formula's [uncertainty] choices.
    Sensitivity(sensitivity::Args),
    /// The formula over every period of the data: index, rank and tier per period, tier changes.
    Trend(trend::Args),
    /// List the bundled formulas.
    Formulas,
    /// Write a commented starter formula for a data file (every guess marked).
    Init(init::Args),
    /// Check a data file against a formula and print every problem at once.
    Validate(validate::Args),
    /// Generate a realistic sample district (seeded, reproducible).
    Sample(sample::Args),
}

/// Runs the `seni` command line with these arguments and returns the process exit code (the
/// binary's `main`): 0 success, 2 usage, 3 formula, 4 data, 5 infeasible allocation, 6 I/O,
/// 130 stopped by Ctrl-C.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    interrupt::install();
    let result = match &cli.command {
        Command::Compute(a) => compute::run(a),
        Command::Allocate(a) => allocate::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Audit(a) => audit::run(a),
        Command::Equity(a) => equity::run(a),
        Command::Chart(a) => chart::run(a),
        Command::Report(a) => report::run(a),
        Command::Sensitivity(a) => sensitivity::run(a),
        Command::Trend(a) => trend::run(a),
        Command::Formulas => formulas::run(),
        Command::Init(a) => init::run(a),
        Command::Validate(a) => validate::run(a),
        Command::Sample(a) => sample::run(a),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            e.kind.exit_code()
        }
    }
}
