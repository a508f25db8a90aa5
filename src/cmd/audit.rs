//! `seni audit`: is the money progressive, who is affected by a list of schools, and (with an
//! `[audit]` in the formula) discipline and police contact by student group.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use super::load::{allocation_if_any, budget_set, group_columns, load_and_compute_with};
use crate::allocate::allocate;
use crate::analysis::audit::{Audit, Group, audit, audit_groups, count_columns, groups, read_ids};
use crate::analysis::discipline::discipline;
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::export::Meta;
use crate::index::Computation;
use crate::table::{Table, Tabular};
use crate::view::{
    AuditSummary, affected_table, audit_text, by_tier_table, discipline_money_table,
    discipline_text, gaps_table, groups_table, quintiles_table, rates_table, run_header,
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
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let output = args.out.validate("audit", &args.run.data)?;
    chart_dir(&args.charts)?;
    let named = &args.groups;
    let c = load_and_compute_with(&args.run, &budget_set(args.budget.as_deref())?, &|n| {
        group_columns(n, named)
    })?;
    let a = match &c.formula.audit {
        Some(_) => allocation_if_any(&c)?,
        None => Some(allocate(&c)?),
    };
    let student_groups = student_groups(&c, named)?;
    let rows = match &args.affected {
        Some(p) => Some(read_ids(p, &c)?),
        None => None,
    };
    let au = a.as_ref().map(|a| audit(&c, a, &student_groups, rows.as_deref()));
    let disc = c.formula.audit.as_ref().map(|cfg| discipline(&c, a.as_ref(), cfg));
    let mut tables = Vec::new();
    let mut s = run_header(&c);
    let mut charts = Vec::new();
    if let Some(au) = &au {
        tables.extend(money_tables(au));
        s.push('\n');
        s.push_str(&audit_text(au));
        charts.push(Chart::concentration(au));
        charts.extend(Chart::group_dots(au));
        charts.push(Chart::per_pupil_by_quintile(&au.quintiles));
        charts.push(Chart::allocation_by_tier(&au.by_tier.0));
    }
    if let Some(d) = &disc {
        tables.extend([rates_table(&d.rates), gaps_table(&c, a.as_ref(), d)]);
        if !d.money.is_empty() {
            tables.push(discipline_money_table(&d.money));
        }
        s.push_str(&discipline_text(&c, a.as_ref(), d));
        charts.extend(d.gaps.iter().map(|g| Chart::risk_ratios(&c, g)));
    }
    let refs: Vec<&dyn Tabular> = tables.iter().map(|t| t as &dyn Tabular).collect();
    let summary = json(AuditSummary::of(au.as_ref(), disc.as_ref()));
    write_output(&output, &refs, &Meta::of(&c), "", Some(("summary", summary)))?;
    s.push_str(&written(&output));
    s.push_str(&write_charts(&args.charts, &Meta::of(&c), &charts)?);
    say(&output, &s);
    Ok(())
}

/// The student groups of the money audit: --groups, else `*_count` columns, else `[audit]`'s.
fn student_groups(c: &Computation, named: &[String]) -> Result<Vec<Group>> {
    let cols = if named.is_empty() { count_columns(c) } else { named.to_vec() };
    if let Some(col) = cols.iter().find(|col| !c.district.has_column(col)) {
        return Err(Error::usage(
            format!("no numeric column '{col}' in {}", c.district.source),
            "list count columns of the data with --groups",
        ));
    }
    match &c.formula.audit {
        Some(cfg) if cols.is_empty() => Ok(audit_groups(c, cfg)),
        _ => groups(c, &cols),
    }
}

/// The tables of the money audit.
fn money_tables(au: &Audit) -> Vec<Table> {
    let mut tables = vec![
        quintiles_table(&au.quintiles),
        by_tier_table(&au.by_tier.0, &au.by_tier.1),
        groups_table(&au.groups),
    ];
    if let Some(x) = &au.affected {
        tables.push(affected_table(x));
    }
    tables
}
