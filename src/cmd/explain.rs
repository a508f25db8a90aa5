//! `seni explain`: one school's contributions, tier boundaries, smallest change and money.

use super::args::{ChartArgs, RunArgs};
use super::io::{chart_dir, emit, out_path, write_charts};
use super::load::{allocation_if_any, budget_set, load_and_compute};
use crate::analysis::explain::{Explanation, explain, find_school};
use crate::chart::Chart;
use crate::error::Result;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{ExplainJson, explain_text};
use clap::{Args as ClapArgs, ValueEnum};

/// Format of an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TextFormat {
    /// Plain-language text.
    Text,
    /// JSON.
    Json,
    /// Markdown.
    Md,
}

// Options of `seni explain`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// School id (or exact name).
    school: String,
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// Budget of the main program in dollars.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    budget: Option<String>,
    /// Output format: text (default), json or md.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
    /// Output file, or - for standard output (default).
    #[arg(long, short = 'o', default_value = "-")]
    out: String,
    /// Charts (contributions, position on the index distribution): directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    chart_dir(&args.charts)?;
    let c = load_and_compute(&args.run, &budget_set(args.budget.as_deref())?)?;
    let row = find_school(&c, &args.school)?;
    let a = allocation_if_any(&c)?;
    let e = explain(&c, a.as_ref(), row);
    let f = &c.formula;
    let text = match args.format {
        TextFormat::Text => explain_text(&e, &f.name, &f.hash),
        TextFormat::Json => {
            serde_json::to_string_pretty(&ExplainJson::new(&c, &e)).expect("serialisable") + "\n"
        }
        TextFormat::Md => format!(
            "## {} ({})\n\n```text\n{}```\n",
            e.name,
            e.id,
            explain_text(&e, &f.name, &f.hash)
        ),
    };
    emit(out_path(&args.out), text.as_bytes())?;
    let w = write_charts(&args.charts, &Meta::of(&c), &explain_charts(&c, &e))?;
    if !w.is_empty() {
        eprint!("{w}");
    }
    Ok(())
}

/// The school's contributions and its position on the index distribution.
fn explain_charts(c: &Computation, e: &Explanation) -> Vec<Chart> {
    let mut charts = vec![Chart::contributions(e)];
    charts.extend(Chart::school_position(c, e));
    charts
}
