//! `seni sensitivity`: how sure is each school's tier? Monte Carlo over the formula's
//! `[uncertainty]`, with rank bands, tier probabilities and Sobol indices.

use super::args::{OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use super::load::load_and_compute;
use crate::analysis::sensitivity::{SensitivityOptions, sensitivity};
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::export::{Meta, write_atomic};
use crate::view::{
    SensitivitySummary, run_header, samples_csv, sensitivity_table, sensitivity_text, sobol_table,
};
use clap::Args as ClapArgs;
use std::path::{Path, PathBuf};

// Options of `seni sensitivity`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// Number of draws (default: the formula's, else 1,000).
    #[arg(long)]
    draws: Option<usize>,
    /// Random seed (same seed → identical results, whatever the thread count).
    #[arg(long)]
    seed: Option<u64>,
    /// Also compute Sobol indices with this many base samples (N·(k+2) model runs).
    #[arg(long, value_name = "N")]
    sobol: Option<usize>,
    /// School whose allocation the Sobol indices explain.
    #[arg(long)]
    school: Option<String>,
    /// Write every draw (draw, id, index, rank, tier) to this CSV file.
    #[arg(long, value_name = "FILE")]
    samples: Option<PathBuf>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Also write charts (SVG and PNG) into this directory.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
}

/// Options checked before any work.
fn check(args: &Args) -> Result<()> {
    if let Some(p) = &args.samples {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(Error::usage(
                format!("the directory of --samples {} does not exist", p.display()),
                "create it first",
            ));
        }
    }
    if args.draws.is_some_and(|d| d < 2) {
        return Err(Error::usage("--draws must be at least 2", "e.g. --draws 1000"));
    }
    Ok(())
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let output = args.out.validate("sensitivity", &args.run.data)?;
    chart_dir(args.charts.as_deref())?;
    check(args)?;
    let c = load_and_compute(&args.run, &[])?;
    let draws =
        args.draws.or(c.formula.uncertainty.as_ref().map(|u| u.draws)).unwrap_or(1000) as u64;
    let bar = indicatif::ProgressBar::new(draws);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} draws ({eta})")
            .expect("valid template"),
    );
    let opts = SensitivityOptions {
        uncertainty: None,
        draws: args.draws,
        seed: args.seed,
        sobol: args.sobol,
        school: args.school.clone(),
        keep_samples: args.samples.is_some(),
    };
    let result = sensitivity(&c, &opts, &|d| bar.set_position(d))?;
    bar.finish_and_clear();
    let mut tables = vec![sensitivity_table(&result)];
    tables.extend(sobol_table(&result));
    let refs: Vec<_> = tables.iter().collect();
    write_output(
        &output,
        &refs,
        &Meta::of(&c),
        "",
        Some(("sensitivity", json(SensitivitySummary::of(&result)))),
    )?;
    if let (Some(p), Some(text)) = (&args.samples, samples_csv(&result, &c)) {
        write_atomic(p, text.as_bytes())?;
    }
    let mut s = run_header(&c);
    s.push('\n');
    s.push_str(&sensitivity_text(&result));
    s.push_str(&written(&output));
    if let Some(p) = &args.samples {
        s.push_str(&format!("wrote {}\n", p.display()));
    }
    s.push_str(&write_charts(args.charts.as_deref(), &Chart::sensitivity(&result))?);
    say(&output, &s);
    Ok(())
}
