//! `seni sensitivity`: how sure is each school's tier? Monte Carlo over the formula's
//! `[uncertainty]`, with rank bands, tier probabilities and Sobol indices.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::interrupt;
use super::io::{chart_dir, finish};
use super::load::{load_and_compute, load_formula};
use clap::Args as ClapArgs;
use seni::analysis::sensitivity::{
    SampleBlock, Sensitivity, SensitivityOptions, Watch, available_memory, default_uncertainty,
    sensitivity,
};
use seni::chart::Chart;
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::export::{Meta, write_csv_rows};
use seni::formula::Amount;
use seni::formula::{Change, Origin, Value};
use seni::index::Computation;
use seni::outputs;
use seni::table::{Cell, LazyTable, TableName};
use std::io::Write;
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
    /// Draw every survey estimate from its margin of error (indicators with `moe`), alone or
    /// with the other uncertain inputs.
    #[arg(long)]
    estimates: bool,
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
    let mut files = OutputFiles::default();
    let output = args.out.validate("sensitivity", &args.run.data, &mut files)?;
    chart_dir(&args.charts, &mut files)?;
    check(args)?;
    let (changes, default_note) = uncertainty_changes(args)?;
    let c = load_and_compute(&args.run, &changes)?;
    let opts = SensitivityOptions {
        uncertainty: None,
        draws: args.draws,
        seed: args.seed,
        sobol: args.sobol,
        school: args.school.clone(),
        keep_samples: args.samples.is_some(),
        memory_limit: available_memory(),
    };
    let result = match &args.samples {
        // The draws stream into the samples file as they are made.
        Some(p) => {
            let mut result = None;
            files.write_with(p, &mut |w| {
                result = Some(with_progress(&c, &opts, Some(w))?);
                Ok(())
            })?;
            result.expect("the draws ran")
        }
        None => with_progress(&c, &opts, None)?,
    };
    let o = outputs::sensitivity(&c, &result, default_note.as_deref());
    let samples = args.samples.as_ref().map(|p| format!("wrote {}\n", p.display()));
    finish(&output, &o, &args.charts, files, samples.as_deref().unwrap_or(""))
}

/// The terminal's view of the draws: a progress bar, Ctrl-C, and the `--samples` rows (draw,
/// id, index, rank, tier) written as each block of draws arrives.
struct Terminal<'a, 'w> {
    bar: indicatif::ProgressBar,
    c: &'a Computation,
    samples: Option<&'w mut dyn Write>,
}

impl Watch for Terminal<'_, '_> {
    fn progress(&mut self, done: usize, total: usize) -> bool {
        // The draws, then (with --sobol) the Sobol indices' model runs.
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
        !interrupt::requested()
    }

    fn samples(&mut self, b: &SampleBlock) -> Result<()> {
        let Some(out) = self.samples.as_mut() else { return Ok(()) };
        let (c, n) = (self.c, b.schools().max(1));
        let names = c.formula().tiers().as_ref().map(|t| t.names.as_slice()).unwrap_or_default();
        let rows = LazyTable::new(TableName::Samples, Vec::new(), b.ranks().len(), |i| {
            let tier = names.get(b.tiers()[i] as usize).map(|t| Cell::Text(t.clone()));
            let rank = b.ranks()[i];
            vec![
                Cell::Int((b.first_draw() + i / n) as i64),
                Cell::Text(c.district().ids()[i % n].clone()),
                Cell::num(b.index()[i]),
                if rank == 0 { Cell::Missing } else { Cell::Int(rank as i64) },
                tier.unwrap_or(Cell::Text(String::new())),
            ]
        });
        write_csv_rows(&rows, "", &mut **out)
    }
}

/// Runs the draws with a progress bar on the terminal, writing samples to `samples`.
fn with_progress(
    c: &Computation,
    opts: &SensitivityOptions,
    mut samples: Option<&mut dyn Write>,
) -> Result<Sensitivity> {
    let draws =
        opts.draws.or(c.formula().uncertainty().as_ref().map(|u| u.draws)).unwrap_or(1000) as u64;
    let bar = indicatif::ProgressBar::new(draws);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs ({eta})")
            .expect("valid template"),
    );
    if let Some(out) = samples.as_mut() {
        out.write_all(b"draw,id,index,rank,tier\n")
            .map_err(|e| Error::io("--samples", e, "check the disk has space"))?;
    }
    let mut watch = Terminal { bar, c, samples };
    let result = sensitivity(c, opts, &mut watch);
    watch.bar.finish_and_clear();
    result
}

/// The charts of a sensitivity run with the command's defaults (for `seni chart rank-bands`).
pub(super) fn sensitivity_charts(run: &RunArgs) -> Result<(Vec<Chart>, Meta)> {
    let (changes, note) = formula_or_default(run)?;
    let c = load_and_compute(run, &changes)?;
    let opts = SensitivityOptions { memory_limit: available_memory(), ..Default::default() };
    let result = with_progress(&c, &opts, None)?;
    let o = outputs::sensitivity(&c, &result, note.as_deref());
    Ok((o.charts().to_vec(), o.meta().clone()))
}

/// The uncertain inputs given on the command line, as changes of `[uncertainty]` named by
/// their options; without any, and without an `[uncertainty]` that varies something, every
/// weight varies (`--weights dirichlet:50`) and a note says so.
fn uncertainty_changes(args: &Args) -> Result<(Vec<Change>, Option<String>)> {
    let mut changes = Vec::new();
    if let Some(spec) = &args.weights {
        changes.push(weights_change(spec)?);
    }
    for (option, key, list) in [
        ("--normalisers", "normalisers", &args.normalisers),
        ("--aggregations", "aggregations", &args.aggregations),
        ("--missing", "missing", &args.missing),
    ] {
        if !list.is_empty() {
            let names: Vec<Value> = list.iter().map(|x| Value::from(x.trim())).collect();
            let origin = Origin::Flag(format!("{option} {}", list.join(",")));
            changes.push(Change::new(&format!("uncertainty.{key}"), names, origin)?);
        }
    }
    if let Some(range) = &args.budget_range {
        changes.push(budget_range_change(range)?);
    }
    if args.estimates {
        changes.push(Change::new(
            "uncertainty.estimates",
            true,
            Origin::Flag("--estimates".into()),
        )?);
    }
    if !changes.is_empty() {
        return Ok((changes, None));
    }
    formula_or_default(&args.run)
}

/// Without uncertain inputs from the command line: the formula's `[uncertainty]`, or every
/// weight varying (`--weights dirichlet:50`, the engine's default) with a note that says so.
fn formula_or_default(run: &RunArgs) -> Result<(Vec<Change>, Option<String>)> {
    let f = load_formula(run, &[])?;
    let origin = Origin::Flag("--weights dirichlet:50".into());
    let choose = "choose with --weights, --normalisers, --aggregations, --missing and --budget-range, or add [uncertainty] to the formula";
    Ok(match default_uncertainty(&f, origin, choose) {
        Some((change, note)) => (vec![change], Some(note)),
        None => (Vec::new(), None),
    })
}

/// `--budget-range LOW:HIGH` as the change of `uncertainty.budget`.
fn budget_range_change(range: &str) -> Result<Change> {
    let (low, high) = range.split_once(':').ok_or_else(|| {
        Error::usage(
            format!("--budget-range '{range}' is not LOW:HIGH"),
            "e.g. --budget-range 600M:900M",
        )
    })?;
    let origin = Origin::Flag(format!("--budget-range {range}"));
    let amount = |s: &str| Amount::parse(s).map_err(|e| e.from_origin(&origin.to_string()));
    let bounds = vec![amount(low)?.value(), amount(high)?.value()];
    Change::new("uncertainty.budget", bounds, origin)
}

/// `dirichlet[:C]` or `range[:LOW:HIGH]` as the change of `uncertainty.weights`.
fn weights_change(spec: &str) -> Result<Change> {
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
    let mut table = toml::Table::new();
    table.insert("kind".into(), Value::from(kind));
    match (kind, numbers.as_slice()) {
        ("dirichlet", []) | ("range", []) => {}
        ("dirichlet", [c]) => {
            table.insert("concentration".into(), Value::from(*c));
        }
        ("range", [lo, hi]) => {
            table.insert("low".into(), Value::from(*lo));
            table.insert("high".into(), Value::from(*hi));
        }
        _ => {
            return Err(Error::usage(
                format!("--weights {spec} is not dirichlet[:CONCENTRATION] or range[:LOW:HIGH]"),
                "write --weights dirichlet:50 or --weights range:0.5:1.5",
            ));
        }
    };
    Change::new("uncertainty.weights", table, Origin::Flag(format!("--weights {spec}")))
}
