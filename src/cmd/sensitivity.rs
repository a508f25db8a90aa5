//! `seni sensitivity`: how sure is each school's tier? Monte Carlo over the formula's
//! `[uncertainty]`, with rank bands, tier probabilities and Sobol indices.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, json, say, write_charts, write_output, written};
use super::load::{load_and_compute, option_set};
use crate::analysis::sensitivity::{SensitivityOptions, sensitivity};
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::export::{Meta, write_atomic};
use crate::formula::Formula;
use crate::num::parse_amount;
use crate::table::Tabular;
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
    /// Vary every weight: `dirichlet[:CONCENTRATION]` (default 50) or `range[:LOW:HIGH]`
    /// (factors, default 0.5:1.5). Default when the formula has no [uncertainty]: dirichlet:50.
    #[arg(long, value_name = "SPEC")]
    weights: Option<String>,
    /// Alternative normalisers, e.g. `zscore,minmax` (also `percentile`).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    normalisers: Vec<String>,
    /// Alternative aggregations, e.g. `geometric` (also `mean`).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    aggregations: Vec<String>,
    /// Alternative missing-data rules, e.g. `drop,propagate`.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    missing: Vec<String>,
    /// Budget range of the main program, `LOW:HIGH` in dollars (e.g. 600M:900M).
    #[arg(long, value_name = "LOW:HIGH")]
    budget_range: Option<String>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
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
    chart_dir(&args.charts)?;
    check(args)?;
    let (sets, default_note) = uncertainty_sets(args)?;
    let c = load_and_compute(&args.run, &sets)?;
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
    let refs: Vec<&dyn Tabular> = tables.iter().map(|t| t as &dyn Tabular).collect();
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
    s.push_str(&default_note);
    s.push('\n');
    s.push_str(&sensitivity_text(&result));
    s.push_str(&written(&output));
    if let Some(p) = &args.samples {
        s.push_str(&format!("wrote {}\n", p.display()));
    }
    s.push_str(&write_charts(&args.charts, &Meta::of(&c), &Chart::sensitivity(&result))?);
    say(&output, &s);
    Ok(())
}

/// The uncertain inputs given on the command line, as overrides of `[uncertainty]` named by
/// their options; without any, and without an `[uncertainty]` that varies something, every
/// weight varies (`--weights dirichlet:50`) and a note says so.
fn uncertainty_sets(args: &Args) -> Result<(Vec<String>, String)> {
    let mut sets = Vec::new();
    if let Some(spec) = &args.weights {
        sets.push(option_set(&format!("--weights {spec}"), &weights_set(spec)?));
    }
    for (option, key, list) in [
        ("--normalisers", "normalisers", &args.normalisers),
        ("--aggregations", "aggregations", &args.aggregations),
        ("--missing", "missing", &args.missing),
    ] {
        if !list.is_empty() {
            let quoted: Vec<String> = list.iter().map(|x| format!("{:?}", x.trim())).collect();
            let assignment = format!("uncertainty.{key}=[{}]", quoted.join(","));
            sets.push(option_set(&format!("{option} {}", list.join(",")), &assignment));
        }
    }
    if let Some(range) = &args.budget_range {
        let (low, high) = range.split_once(':').ok_or_else(|| {
            Error::usage(
                format!("--budget-range '{range}' is not LOW:HIGH"),
                "e.g. --budget-range 600M:900M",
            )
        })?;
        let assignment =
            format!("uncertainty.budget=[{}, {}]", parse_amount(low)?, parse_amount(high)?);
        sets.push(option_set(&format!("--budget-range {range}"), &assignment));
    }
    if !sets.is_empty() {
        return Ok((sets, String::new()));
    }
    let run = &args.run;
    let f = Formula::load(&run.source(), &run.scenario, &run.sets())?;
    if f.uncertainty.as_ref().is_some_and(|u| !u.inputs.is_empty()) {
        return Ok((sets, String::new()));
    }
    let note = format!(
        "note: formula {} has no [uncertainty] that varies anything, so every weight varies around its own (--weights dirichlet:50); choose with --weights, --normalisers, --aggregations, --missing and --budget-range, or add [uncertainty] to the formula\n",
        f.name
    );
    sets.push(option_set("--weights dirichlet:50", &weights_set("dirichlet:50")?));
    Ok((sets, note))
}

/// `dirichlet[:C]` or `range[:LOW:HIGH]` as the `uncertainty.weights` override.
fn weights_set(spec: &str) -> Result<String> {
    let mut parts = spec.split(':').map(str::trim);
    let kind = parts.next().unwrap_or_default();
    let numbers: Vec<f64> = parts
        .map(|x| {
            x.parse::<f64>().map_err(|_| {
                Error::usage(
                    format!("--weights {spec}: '{x}' is not a number"),
                    "write --weights dirichlet:50 or --weights range:0.5:1.5",
                )
            })
        })
        .collect::<Result<_>>()?;
    let table = match (kind, numbers.as_slice()) {
        ("dirichlet", []) => "{ kind = \"dirichlet\" }".to_string(),
        ("dirichlet", [c]) => format!("{{ kind = \"dirichlet\", concentration = {c:?} }}"),
        ("range", []) => "{ kind = \"range\" }".to_string(),
        ("range", [lo, hi]) => format!("{{ kind = \"range\", low = {lo:?}, high = {hi:?} }}"),
        _ => {
            return Err(Error::usage(
                format!("--weights {spec} is not dirichlet[:CONCENTRATION] or range[:LOW:HIGH]"),
                "write --weights dirichlet:50 or --weights range:0.5:1.5",
            ));
        }
    };
    Ok(format!("uncertainty.weights={table}"))
}
