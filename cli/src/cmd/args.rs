//! Options shared by the commands: formula, scenarios, overrides and data; output file and
//! format; validated into where and how to write.

use clap::{Args, ValueEnum};
use seni::error::{Error, Result};
use seni::export::Format;
use seni::export::{OutputFiles, check_regular};
use seni::formula::{Change, FormulaSource, Origin};
use std::path::{Path, PathBuf};

/// Options shared by every command that runs a formula.
#[derive(Debug, Args, Clone)]
pub(crate) struct RunArgs {
    /// Formula: a bundled name (see `seni formulas`) or a path to a .toml file.
    #[arg(long, short = 'f', default_value = "seni")]
    pub(crate) formula: String,
    /// Scenario file(s) overriding the formula, applied in order.
    #[arg(long, short = 's', value_name = "FILE")]
    pub(crate) scenario: Vec<PathBuf>,
    /// Override any formula value, e.g. --set indicators.chronic_absence.weight=2.
    #[arg(long, value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Data CSV file(s); several are joined by the formula's id. Default: the bundled district.
    #[arg(long, short = 'd', value_name = "CSV")]
    pub(crate) data: Vec<PathBuf>,
    /// The period to compute, when the data hold several (`[data] period`); default the latest.
    #[arg(long, value_name = "PERIOD")]
    pub(crate) period: Option<String>,
}

impl RunArgs {
    /// The `--set` overrides, with `--period` as the change of `data.use_period`.
    pub(crate) fn changes(&self) -> Result<Vec<Change>> {
        let mut changes: Vec<Change> = self
            .set
            .iter()
            .map(|s| Change::parse(s, Origin::Flag(format!("--set {s}"))))
            .collect::<Result<_>>()?;
        if let Some(p) = &self.period {
            changes.push(period_change(p, "--period")?);
        }
        Ok(changes)
    }

    /// The formula source.
    pub(crate) fn source(&self) -> FormulaSource {
        FormulaSource::parse(&self.formula)
    }
}

/// `--period P` (or `--period-a P`) as the change of `data.use_period`.
pub(crate) fn period_change(period: &str, option: &str) -> Result<Change> {
    let origin = Origin::Flag(format!("{option} {period}"));
    Change::new("data.use_period", period, origin)
}

/// Output format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// Comma-separated values.
    Csv,
    /// JSON with metadata.
    Json,
    /// Markdown table.
    Md,
    /// Excel workbook.
    Xlsx,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

/// Where and how to write the per-school table.
#[derive(Debug, Args, Clone)]
pub(crate) struct OutArgs {
    /// Output file, or - for standard output (default: out/<command>.<format>).
    #[arg(long, short = 'o', value_name = "PATH|-")]
    pub(crate) out: Option<String>,
    /// Output format (default: from the --out extension, else csv).
    #[arg(long, value_enum)]
    pub(crate) format: Option<FormatArg>,
    /// Start CSV output with `# key: value` metadata lines (formula name and hash, data hash).
    #[arg(long)]
    pub(crate) header_comment: bool,
}

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Standard output.
    Stdout,
    /// A file (written atomically).
    File(PathBuf),
}

/// Validated output settings.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub(crate) target: Target,
    pub(crate) format: Format,
    pub(crate) header_comment: bool,
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The format an output path names (csv, json, md, xlsx).
fn from_extension(p: &Path) -> Option<Format> {
    let ext = p.extension().and_then(|e| e.to_str())?;
    Format::from_extension(ext).filter(|f| *f != Format::Text)
}

impl OutArgs {
    /// Validates output options; `default_stem` names the default file under `out/`.
    /// A default `out/` made here is recorded in `files` (removed again if the run fails).
    pub(crate) fn validate(
        &self,
        default_stem: &str,
        inputs: &[PathBuf],
        files: &mut OutputFiles,
    ) -> Result<Output> {
        let format = self.format.map(FormatArg::format);
        let (target, format) = match self.out.as_deref() {
            Some("-") => {
                let f = format.unwrap_or(Format::Csv);
                if f == Format::Xlsx {
                    return Err(Error::usage(
                        "an Excel workbook cannot be written to standard output",
                        "give --out FILE.xlsx",
                    ));
                }
                (Target::Stdout, f)
            }
            Some(p) => (
                Target::File(check_out_path(p, inputs)?),
                format.or_else(|| from_extension(Path::new(p))).unwrap_or(Format::Csv),
            ),
            None => {
                let format = format.unwrap_or(Format::Csv);
                files.create_dir(Path::new("out"))?;
                (
                    Target::File(PathBuf::from(format!(
                        "out/{default_stem}.{}",
                        format.extension()
                    ))),
                    format,
                )
            }
        };
        Ok(Output { target, format, header_comment: self.header_comment })
    }
}

/// An output file: its directory exists, it is not a directory, and it is not an input.
pub(crate) fn check_out_path(p: &str, inputs: &[PathBuf]) -> Result<PathBuf> {
    let path = PathBuf::from(p);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(
            format!("the directory of --out {p}, {}, is a file", dir.display()),
            format!("choose an --out inside a directory (e.g. out/{})", file_name(&path)),
        ));
    }
    if !dir.is_dir() {
        return Err(Error::usage(
            format!("the directory of --out {p} does not exist"),
            format!("create {} first, or choose another --out", dir.display()),
        ));
    }
    check_regular(&path)?;
    if path.is_dir() {
        return Err(Error::usage(
            format!("--out {p} is a directory"),
            "give a file name, e.g. --out out/allocation.csv",
        ));
    }
    if inputs.iter().any(|input| same_file(input, &path)) {
        return Err(Error::usage(
            format!("--out {p} is the input data file"),
            "write to another file so the input is not overwritten",
        ));
    }
    Ok(path)
}

/// The file name of a path (for messages).
fn file_name(path: &Path) -> String {
    path.file_name().map_or("out.csv".into(), |n| n.to_string_lossy().into_owned())
}

/// Chart sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SizeArg {
    /// Each chart's own size (about 1000 pixels wide).
    Natural,
    /// 1920×1080, for slides.
    Slide,
    /// 1500×1000, for a printed page.
    Page,
}

impl SizeArg {
    pub(crate) fn size(self) -> seni::chart::Size {
        match self {
            SizeArg::Natural => seni::chart::Size::Natural,
            SizeArg::Slide => seni::chart::Size::Slide,
            SizeArg::Page => seni::chart::Size::Page,
        }
    }
}

/// Where charts go, and their size.
#[derive(Debug, clap::Args)]
pub(crate) struct ChartArgs {
    /// Also write charts (SVG and PNG) into this directory.
    #[arg(long, value_name = "DIR")]
    pub(crate) charts: Option<PathBuf>,
    /// Chart size: natural, slide (1920×1080) or page (1500×1000).
    #[arg(long, value_enum, default_value = "natural")]
    pub(crate) size: SizeArg,
}
