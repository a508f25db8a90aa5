//! `seni audit`: is the money progressive, who is affected by a list of schools, and (with an
//! `[audit]` in the formula) discipline and police contact by student group.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, finish};
use super::load::{budget_change, load_and_compute_with};
use clap::Args as ClapArgs;
use seni::analysis::audit::{audit_allocation, read_ids, student_groups};
use seni::error::Result;
use seni::export::OutputFiles;
use seni::formula::is_group_column;
use seni::outputs;
use std::path::PathBuf;

// Options of `seni audit`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// Budget of the main program in dollars.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    budget: Option<String>,
    /// File of school ids (closures or cuts): composition of affected students.
    #[arg(long, value_name = "FILE")]
    affected: Option<PathBuf>,
    /// Student-group count columns (default: every *_count column of the data).
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    groups: Vec<String>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let mut files = OutputFiles::default();
    let output = args.out.validate("audit", &args.run.data, &mut files)?;
    chart_dir(&args.charts, &mut files)?;
    let named = &args.groups;
    let c = load_and_compute_with(&args.run, &budget_change(args.budget.as_deref())?, &|n| {
        is_group_column(n, named)
    })?;
    let a = audit_allocation(&c)?;
    let groups = student_groups(&c, named)?;
    let rows = match &args.affected {
        Some(p) => Some(read_ids(p, &c)?),
        None => None,
    };
    let o = outputs::audit(&c, a.as_ref(), &groups, rows.as_deref())?;
    finish(&output, &o, &args.charts, files, "")
}
