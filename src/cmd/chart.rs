//! `seni chart`: one chart as SVG or PNG.

use super::args::RunArgs;
use super::load::{load_and_compute, resolve_run};
use crate::allocate::{allocate, by_tier};
use crate::analysis::audit::audit;
use crate::analysis::compare::compare;
use crate::analysis::explain::{explain, find_school};
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::export::write_atomic;
use clap::{Args as ClapArgs, ValueEnum};
use std::path::{Path, PathBuf};

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChartKind {
    /// Total and per-pupil dollars by tier.
    AllocationByTier,
    /// Histogram of the index with tier boundaries.
    IndexDistribution,
    /// Per-school amounts under the run and --against, with the 1:1 line.
    BeforeAfter,
    /// One school's indicator contributions.
    Contributions,
    /// Dollars per pupil by need quintile.
    PerPupilByQuintile,
    /// Schools by latitude and longitude, coloured by tier (formulas with coordinates).
    Map,
}

// Options of `seni chart`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Which chart.
    #[arg(value_enum)]
    kind: ChartKind,
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// School id (for `contributions`; default: the highest-need school).
    #[arg(long)]
    school: Option<String>,
    /// Run B for `before-after` (a formula or scenario, as in `seni compare`).
    #[arg(long, value_name = "B", default_value = "base")]
    against: String,
    /// Output file (.svg or .png).
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
}

fn build(args: &Args) -> Result<Chart> {
    if args.kind == ChartKind::BeforeAfter {
        let ra = resolve_run("base", &args.run, &[])?;
        let rb = resolve_run(&args.against, &args.run, &[])?;
        return Ok(Chart::before_after(&compare(&ra, &rb)));
    }
    let c = load_and_compute(&args.run, &[])?;
    Ok(match args.kind {
        ChartKind::IndexDistribution => Chart::index_distribution(&c),
        ChartKind::Contributions => {
            let row = match &args.school {
                Some(s) => find_school(&c, s)?,
                None => c.top_school().unwrap_or(0),
            };
            Chart::contributions(&explain(&c, None, row))
        }
        ChartKind::AllocationByTier => Chart::allocation_by_tier(&by_tier(&c, &allocate(&c)?).0),
        ChartKind::Map => Chart::school_map(&c).ok_or_else(|| {
            Error::usage(
                format!("formula {} names no coordinates with values", c.formula.name),
                "set latitude = \"COLUMN\" and longitude = \"COLUMN\" under [data]",
            )
        })?,
        _ => Chart::per_pupil_by_quintile(&audit(&c, &allocate(&c)?, &[], None).quintiles),
    })
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let chart = build(args)?;
    let path =
        args.out.clone().unwrap_or_else(|| Path::new("out").join(format!("{}.svg", chart.stem())));
    if args.out.is_none() {
        std::fs::create_dir_all("out")
            .map_err(|e| Error::io("out", e, "create out/ or pass --out"))?;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("png") => chart.png(&path)?,
        Some("svg") => write_atomic(&path, chart.svg()?.as_bytes())?,
        _ => {
            return Err(Error::usage(
                "the chart file must end in .svg or .png",
                "e.g. --out chart.svg",
            ));
        }
    }
    println!("wrote {}", path.display());
    Ok(())
}
