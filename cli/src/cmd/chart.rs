//! `seni chart`: one chart as SVG or PNG.

use super::args::{RunArgs, SizeArg};
use super::load::{load_and_compute_with, resolve_run};
use super::sensitivity::sensitivity_charts;
use super::trend::every_period;
use clap::Args as ClapArgs;
use clap::builder::{PossibleValue, PossibleValuesParser};
use seni::allocate::allocate;
use seni::analysis::audit::{audit_allocation, student_groups};
use seni::analysis::compare::compare;
use seni::analysis::equity::{EquityOptions, equity};
use seni::analysis::explain::{explain, find_school};
use seni::analysis::trend::trend;
use seni::chart::{Chart, ChartKind, Look};
use seni::error::{Error, Result};
use seni::export::Meta;
use seni::export::OutputFiles;
use seni::formula::is_group_column;
use seni::outputs;
use std::path::{Path, PathBuf};
use strum::IntoEnumIterator;

/// Every chart's name, from [`ChartKind`].
fn chart_names() -> PossibleValuesParser {
    let names =
        ChartKind::iter().map(|k| PossibleValue::new(<&'static str>::from(k)).help(k.about()));
    PossibleValuesParser::new(names)
}

// Options of `seni chart`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Which chart.
    #[arg(value_parser = chart_names())]
    kind: String,
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// School id (for `contributions`; default: the highest-need school).
    #[arg(long)]
    school: Option<String>,
    /// Run B for `before-after` and the comparison charts, and the proposal for
    /// `progressivity` (a formula or scenario, as in `seni compare`).
    #[arg(long, value_name = "B", default_value = "base")]
    against: String,
    /// Output file (.svg or .png).
    #[arg(long, short = 'o')]
    out: Option<PathBuf>,
    /// Size: natural, slide (1920×1080) or page (1500×1000).
    #[arg(long, value_enum, default_value = "natural")]
    size: SizeArg,
}

/// The analysis whose outputs hold a chart of this kind.
enum Source {
    Compute,
    Allocate,
    Audit,
    Explain,
    Compare,
    Sensitivity,
    Trend,
    Equity,
}

fn source(kind: ChartKind) -> Source {
    use ChartKind as K;
    match kind {
        K::IndexDistribution | K::SchoolMap => Source::Compute,
        K::AllocationByTier | K::PerPupilByTier => Source::Allocate,
        K::PerPupilByQuintile
        | K::ConcentrationCurve
        | K::PerPupilByGroup
        | K::RiskRatios
        | K::AreaShares => Source::Audit,
        K::Contributions | K::SchoolPosition => Source::Explain,
        K::BeforeAfter
        | K::PerPupilChangeByTier
        | K::ChangeVsNeed
        | K::TierMoves
        | K::MoneyMoves => Source::Compare,
        K::RankBands | K::TierProbability => Source::Sensitivity,
        K::TierFlow | K::RankHistory => Source::Trend,
        K::Progressivity => Source::Equity,
    }
}

/// The charts of the analysis that draws `kind`, and the provenance of their footer.
fn analysis_charts(args: &Args, kind: ChartKind) -> Result<(Vec<Chart>, Meta)> {
    let groups = |n: &str| is_group_column(n, &[]);
    let o: (Vec<Chart>, Meta) = match source(kind) {
        Source::Compare => {
            let ra = resolve_run("base", &args.run, &[])?;
            let rb = resolve_run(&args.against, &args.run, &[])?;
            let cmp = compare(&ra, &rb);
            parts(&outputs::compare(&cmp, &ra, &rb))
        }
        Source::Trend => {
            let runs = every_period(&args.run)?;
            let t = trend(&runs);
            let o =
                outputs::trend(&t, &runs, args.school.as_deref()).ok_or_else(|| no_school(args))?;
            parts(&o)
        }
        Source::Sensitivity => sensitivity_charts(&args.run)?,
        Source::Equity => {
            let mut runs = vec![resolve_run("base", &args.run, &[])?];
            if args.against != "base" {
                runs.push(resolve_run(&args.against, &args.run, &[])?);
            }
            let refs: Vec<&seni::Run> = runs.iter().collect();
            let e = equity(&refs, &EquityOptions::default())?;
            parts(&outputs::equity(&e, &refs))
        }
        source => {
            let c = load_and_compute_with(&args.run, &[], &groups)?;
            match source {
                Source::Compute => parts(&outputs::compute(&c)),
                Source::Allocate => parts(&outputs::allocate(&c, &allocate(&c)?)),
                Source::Audit => {
                    let a = audit_allocation(&c)?;
                    parts(&outputs::audit(&c, a.as_ref(), &student_groups(&c, &[])?, None)?)
                }
                _ => {
                    let row = match &args.school {
                        Some(s) => find_school(&c, s)?,
                        None => c.top_school().unwrap_or(0),
                    };
                    parts(&outputs::explain(&c, &explain(&c, None, row)))
                }
            }
        }
    };
    Ok(o)
}

fn parts(o: &outputs::Outputs) -> (Vec<Chart>, Meta) {
    (o.charts().to_vec(), o.meta().clone())
}

fn no_school(args: &Args) -> Error {
    Error::usage(
        format!("no school '{}' in any period", args.school.as_deref().unwrap_or("")),
        "give an id from the data's id column",
    )
}

/// The chart, and the run whose provenance its footer carries.
fn build(args: &Args) -> Result<(Chart, Meta)> {
    let kind: ChartKind = args.kind.parse().expect("clap checks the chart name");
    let (charts, meta) = analysis_charts(args, kind)?;
    let chart = charts.into_iter().find(|c| c.kind() == kind).ok_or_else(|| {
        Error::usage(
            format!("nothing to draw: this run has no {} chart", args.kind),
            nothing_fix(kind),
        )
    })?;
    Ok((chart, meta))
}

/// What a run needs for a chart it could not draw.
fn nothing_fix(kind: ChartKind) -> &'static str {
    match source(kind) {
        Source::Compare => {
            "compare runs that allocate; money-moves needs a redirect, e.g. --against examples/redirect-police.toml"
        }
        Source::Compute => {
            "the formula needs coordinates: set latitude = \"COLUMN\" and longitude = \"COLUMN\" under [data]"
        }
        Source::Audit => {
            "per-pupil-by-group needs *_count columns; risk-ratios needs an [audit] in the formula"
        }
        Source::Explain => "choose a school with an index (see its reason column)",
        Source::Equity => {
            "progressivity needs a poverty column or student groups and areas: see seni equity --poverty and --by"
        }
        Source::Allocate | Source::Sensitivity | Source::Trend => {
            "check the formula and data (see seni validate)"
        }
    }
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let (chart, meta) = build(args)?;
    let look = Look::of(&meta, args.size.size());
    let path =
        args.out.clone().unwrap_or_else(|| Path::new("out").join(format!("{}.svg", chart.stem())));
    let mut files = OutputFiles::default();
    if args.out.is_none() {
        files.create_dir(Path::new("out"))?;
    }
    let bytes = match path.extension().and_then(|e| e.to_str()) {
        Some("png") => chart.png(&look)?,
        Some("svg") => chart.svg_with(&look)?.into_bytes(),
        _ => {
            return Err(Error::usage(
                "the chart file must end in .svg or .png",
                "e.g. --out chart.svg",
            ));
        }
    };
    files.write(&path, &bytes)?;
    files.commit()?;
    println!("wrote {}", path.display());
    Ok(())
}
