//! `seni chart`: one chart as SVG or PNG.

use super::args::{RunArgs, SizeArg};
use super::load::{group_columns, load_and_compute_with, resolve_run};
use crate::allocate::{allocate, by_tier};
use crate::analysis::audit::{audit, count_columns, groups};
use crate::analysis::compare::compare;
use crate::analysis::explain::{explain, find_school};
use crate::chart::{Chart, Look};
use crate::error::{Error, Result};
use crate::export::Meta;
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
    /// Dollars per pupil by tier, stacked by program and hold-harmless.
    PerPupilByTier,
    /// Cumulative share of money against pupils, highest need first.
    Concentration,
    /// Dollars per pupil at the average student's school, by student group (`*_count` columns).
    PerPupilByGroup,
    /// Where one school sits on the index distribution (--school).
    SchoolPosition,
    /// Change in dollars per pupil by tier, the run against --against.
    PerPupilChange,
    /// Each school's change per pupil against its need index (--against).
    ChangeVsNeed,
    /// Schools by tier in the run and --against, as a heat map.
    TierMoves,
    /// Where money redirected by --against comes from and goes.
    MoneyMoves,
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
    /// Size: natural, slide (1920×1080) or page (1500×1000).
    #[arg(long, value_enum, default_value = "natural")]
    size: SizeArg,
}

/// The chart, and the run whose provenance its footer carries.
fn build(args: &Args) -> Result<(Chart, Meta)> {
    use ChartKind as K;
    if matches!(
        args.kind,
        K::BeforeAfter | K::PerPupilChange | K::ChangeVsNeed | K::TierMoves | K::MoneyMoves
    ) {
        let ra = resolve_run("base", &args.run, &[])?;
        let rb = resolve_run(&args.against, &args.run, &[])?;
        let cmp = compare(&ra, &rb);
        let label = &rb.computation.formula.index().label;
        let chart = match args.kind {
            K::PerPupilChange => Chart::per_pupil_change(&cmp),
            K::ChangeVsNeed => Chart::change_vs_need(&cmp, label),
            K::TierMoves => Some(Chart::tier_heatmap(&cmp)),
            K::MoneyMoves => Chart::money_moves(&rb),
            _ => Some(Chart::before_after(&cmp)),
        };
        let chart = chart.ok_or_else(|| {
            Error::usage(
                "nothing to draw for these two runs (no money, or no redirect in --against)",
                "compare runs that allocate; money-moves needs a redirect, e.g. --against examples/redirect-police.toml",
            )
        })?;
        return Ok((chart, Meta::of(&rb.computation)));
    }
    let c = load_and_compute_with(&args.run, &[], &|n| group_columns(n, &[]))?;
    let chart = match args.kind {
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
        ChartKind::PerPupilByTier => Chart::per_pupil_stacked(&c, &allocate(&c)?),
        ChartKind::Concentration => Chart::concentration(&audit(&c, &allocate(&c)?, &[], None)),
        ChartKind::PerPupilByGroup => {
            let groups = groups(&c, &count_columns(&c))?;
            Chart::group_dots(&audit(&c, &allocate(&c)?, &groups, None)).ok_or_else(|| {
                Error::usage(
                    "the data have no student-group count columns",
                    "use data with *_count columns",
                )
            })?
        }
        ChartKind::SchoolPosition => {
            let row = match &args.school {
                Some(s) => find_school(&c, s)?,
                None => c.top_school().unwrap_or(0),
            };
            Chart::school_position(&c, &explain(&c, None, row)).ok_or_else(|| {
                Error::usage(
                    "the school has no index",
                    "choose a school with an index (see its reason column)",
                )
            })?
        }
        _ => Chart::per_pupil_by_quintile(&audit(&c, &allocate(&c)?, &[], None).quintiles),
    };
    Ok((chart, Meta::of(&c)))
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let (chart, meta) = build(args)?;
    let look = Look::of(&meta, args.size.size());
    let path =
        args.out.clone().unwrap_or_else(|| Path::new("out").join(format!("{}.svg", chart.stem())));
    if args.out.is_none() {
        std::fs::create_dir_all("out")
            .map_err(|e| Error::io("out", e, "create out/ or pass --out"))?;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("png") => chart.png(&path, &look)?,
        Some("svg") => write_atomic(&path, chart.svg_with(&look)?.as_bytes())?,
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
