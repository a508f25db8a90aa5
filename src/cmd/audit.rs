//! `seni audit`: is the money progressive, and who is affected by a list of schools?

use super::args::{OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use super::load::{budget_set, group_columns, load_and_compute_with};
use crate::allocate::allocate;
use crate::analysis::audit::{audit, count_columns, groups, read_ids};
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::export::Meta;
use crate::view::{
    AuditSummary, affected_table, audit_text, by_tier_table, groups_table, quintiles_table,
    run_header,
};
use clap::Args as ClapArgs;
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
    /// Also write charts (SVG and PNG) into this directory.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let output = args.out.validate("audit", &args.run.data)?;
    chart_dir(args.charts.as_deref())?;
    let named = &args.groups;
    let c = load_and_compute_with(&args.run, &budget_set(args.budget.as_deref())?, &|n| {
        group_columns(n, named)
    })?;
    let a = allocate(&c)?;
    let cols = if named.is_empty() { count_columns(&c) } else { named.clone() };
    if let Some(col) = cols.iter().find(|col| !c.district.has_column(col)) {
        return Err(Error::usage(
            format!("no numeric column '{col}' in {}", c.district.source),
            "list count columns of the data with --groups",
        ));
    }
    let rows = match &args.affected {
        Some(p) => Some(read_ids(p, &c)?),
        None => None,
    };
    let au = audit(&c, &a, &groups(&c, &cols)?, rows.as_deref());
    let mut tables = vec![
        quintiles_table(&au.quintiles),
        by_tier_table(&au.by_tier.0, &au.by_tier.1),
        groups_table(&au.groups),
    ];
    if let Some(x) = &au.affected {
        tables.push(affected_table(x));
    }
    let refs: Vec<_> = tables.iter().collect();
    write_output(
        &output,
        &refs,
        &Meta::of(&c),
        "",
        Some(("summary", json(AuditSummary::of(&au)))),
    )?;
    let mut s = run_header(&c);
    s.push('\n');
    s.push_str(&audit_text(&au));
    s.push_str(&written(&output));
    let charts =
        [Chart::per_pupil_by_quintile(&au.quintiles), Chart::allocation_by_tier(&au.by_tier.0)];
    s.push_str(&write_charts(args.charts.as_deref(), &charts)?);
    say(&output, &s);
    Ok(())
}
