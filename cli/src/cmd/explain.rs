//! `seni explain`: one school's contributions, tier boundaries, smallest change and money.

use super::args::{ChartArgs, RunArgs};
use super::io::{chart_dir, emit, out_path, write_charts};
use super::load::{budget_change, load_and_compute};
use clap::{Args as ClapArgs, ValueEnum};
use seni::Run;
use seni::analysis::explain::{explain, find_school};
use seni::error::Result;
use seni::export::OutputFiles;
use seni::outputs;

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
    let mut files = OutputFiles::default();
    chart_dir(&args.charts, &mut files)?;
    let c = load_and_compute(&args.run, &budget_change(args.budget.as_deref())?)?;
    let row = find_school(&c, &args.school)?;
    let run = Run::of(c)?;
    let (c, a) = (run.computation(), run.allocation());
    let e = explain(c, a, row);
    let o = outputs::explain(c, &e);
    let text = match args.format {
        TextFormat::Text => o.text().to_string(),
        TextFormat::Json => {
            let (_, json) = o.summary().expect("an explanation");
            serde_json::to_string_pretty(json).expect("serialisable") + "\n"
        }
        TextFormat::Md => format!("## {} ({})\n\n```text\n{}```\n", e.name(), e.id(), o.text()),
    };
    let w = write_charts(&args.charts, o.meta(), o.charts(), &mut files)?;
    match out_path(&args.out) {
        Some(p) => files.write(p, text.as_bytes())?,
        None => emit(None, text.as_bytes())?,
    }
    files.commit()?;
    if !w.is_empty() {
        eprint!("{w}");
    }
    Ok(())
}
