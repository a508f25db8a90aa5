//! Command-line options (clap derive) and their validation into a run configuration.

use clap::{Args, Parser, Subcommand, ValueEnum};
use seni::error::{Error, Result};
use seni::spec::FormulaSource;
use std::path::{Path, PathBuf};

/// seni — student equity need index: need index, tiers and budget allocation for schools.
#[derive(Debug, Parser)]
#[command(name = "seni", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the need index and tiers for every school.
    Compute {
        /// Formula, data and scenario options.
        #[command(flatten)]
        run: RunArgs,
        /// Output options.
        #[command(flatten)]
        out: OutArgs,
    },
    /// Allocate a budget across schools and print a summary.
    Allocate {
        /// Formula, data and scenario options.
        #[command(flatten)]
        run: RunArgs,
        /// Budget of the main program in dollars (same as --set budget=AMOUNT).
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        budget: Option<String>,
        /// Output options.
        #[command(flatten)]
        out: OutArgs,
        /// Also write charts (SVG and PNG) into this directory.
        #[arg(long, value_name = "DIR")]
        charts: Option<PathBuf>,
    },
    /// Explain one school: indicator contributions, rank, tier boundaries, money.
    Explain {
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
        /// Also write the contributions chart (SVG and PNG) into this directory.
        #[arg(long, value_name = "DIR")]
        charts: Option<PathBuf>,
    },
    /// Compare two runs (formulas or scenarios) on the same district.
    Compare {
        /// Run A: `base` (the --formula), a bundled formula, a formula file, or a scenario file.
        a: String,
        /// Run B: the same kinds as A.
        b: String,
        /// Formula, data and scenario options (the base of both runs).
        #[command(flatten)]
        run: RunArgs,
        /// Overrides for run A only.
        #[arg(long, value_name = "KEY=VALUE")]
        set_a: Vec<String>,
        /// Overrides for run B only.
        #[arg(long, value_name = "KEY=VALUE")]
        set_b: Vec<String>,
        /// Output options.
        #[command(flatten)]
        out: OutArgs,
        /// Also write charts (SVG and PNG) into this directory.
        #[arg(long, value_name = "DIR")]
        charts: Option<PathBuf>,
    },
    /// Audit a run: is the money progressive? Who is affected by a list of schools?
    Audit {
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
        /// Also write charts (SVG and PNG) into this directory.
        #[arg(long, value_name = "DIR")]
        charts: Option<PathBuf>,
    },
    /// Draw one chart (SVG or PNG by the --out extension).
    Chart {
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
    },
    /// Write a self-contained HTML report (summary, tables, charts) into a directory.
    Report {
        /// Formula, data and scenario options.
        #[command(flatten)]
        run: RunArgs,
        /// Budget of the main program in dollars.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        budget: Option<String>,
        /// Directory to write index.html into.
        #[arg(long, short = 'o', default_value = "out/report")]
        out: PathBuf,
    },
    /// How sure is each school's tier? Monte Carlo over the formula's [uncertainty] choices.
    Sensitivity {
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
    },
    /// List the bundled formulas.
    Formulas,
    /// Check a data file against a formula and print every problem at once.
    Validate {
        /// Formula, data and scenario options.
        #[command(flatten)]
        run: RunArgs,
    },
    /// Generate a realistic sample district (seeded, reproducible).
    Sample {
        /// Number of schools.
        #[arg(long, default_value_t = 1000)]
        schools: usize,
        /// Random seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Number of states (adds a `state` column).
        #[arg(long, default_value_t = 0)]
        states: usize,
        /// Number of districts (adds a `district` column).
        #[arg(long, default_value_t = 0)]
        districts: usize,
        /// Output file, or - for standard output.
        #[arg(long, default_value = "-")]
        out: String,
    },
}

/// Options shared by every command that runs a formula.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// Formula: a bundled name (see `seni formulas`) or a path to a .toml file.
    #[arg(long, short = 'f', default_value = "seni")]
    pub formula: String,
    /// Scenario file(s) overriding the formula, applied in order.
    #[arg(long, short = 's', value_name = "FILE")]
    pub scenario: Vec<PathBuf>,
    /// Override any formula value, e.g. --set indicators.chronic_absence.weight=2.
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Data CSV file(s); several are joined by the formula's id. Default: the bundled district.
    #[arg(long, short = 'd', value_name = "CSV")]
    pub data: Vec<PathBuf>,
}

/// Format of an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// Plain-language text.
    Text,
    /// JSON.
    Json,
    /// Markdown.
    Md,
}

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartKind {
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
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// JSON with metadata.
    Json,
    /// Markdown table.
    Md,
    /// Excel workbook.
    Xlsx,
}

/// Where and how to write the per-school table.
#[derive(Debug, Args, Clone)]
pub struct OutArgs {
    /// Output file, or - for standard output (default: out/<command>.<format>).
    #[arg(long, short = 'o', value_name = "PATH|-")]
    pub out: Option<String>,
    /// Output format (default: from the --out extension, else csv).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Start CSV output with `# key: value` metadata lines (formula name and hash, data hash).
    #[arg(long)]
    pub header_comment: bool,
}

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file (written atomically).
    File(PathBuf),
}

/// Validated output settings.
#[derive(Debug, Clone)]
pub struct Output {
    /// Destination.
    pub target: Target,
    /// Format.
    pub format: Format,
    /// CSV comment header.
    pub header_comment: bool,
}

impl OutArgs {
    /// Validates output options; `default_stem` names the default file under `out/`.
    pub fn validate(&self, default_stem: &str, inputs: &[PathBuf]) -> Result<Output> {
        let from_ext = |p: &Path| match p.extension().and_then(|e| e.to_str()) {
            Some("json") => Some(Format::Json),
            Some("md") => Some(Format::Md),
            Some("xlsx") => Some(Format::Xlsx),
            Some("csv") => Some(Format::Csv),
            _ => None,
        };
        let (target, format) = match self.out.as_deref() {
            Some("-") => {
                let f = self.format.unwrap_or(Format::Csv);
                if f == Format::Xlsx {
                    return Err(Error::usage("an Excel workbook cannot be written to standard output", "give --out FILE.xlsx"));
                }
                (Target::Stdout, f)
            }
            Some(p) => {
                let path = PathBuf::from(p);
                let format = self.format.or_else(|| from_ext(&path)).unwrap_or(Format::Csv);
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
                if !dir.is_dir() {
                    return Err(Error::usage(
                        format!("the directory of --out {p} does not exist"),
                        format!("create {} first, or choose another --out", dir.display()),
                    ));
                }
                if path.is_dir() {
                    return Err(Error::usage(format!("--out {p} is a directory"), "give a file name, e.g. --out out/allocation.csv"));
                }
                for input in inputs {
                    if same_file(input, &path) {
                        return Err(Error::usage(
                            format!("--out {p} is the input data file"),
                            "write to another file so the input is not overwritten",
                        ));
                    }
                }
                (Target::File(path), format)
            }
            None => {
                let format = self.format.unwrap_or(Format::Csv);
                let ext = match format {
                    Format::Csv => "csv",
                    Format::Json => "json",
                    Format::Md => "md",
                    Format::Xlsx => "xlsx",
                };
                std::fs::create_dir_all("out").map_err(|e| Error::io("out", &e, "create the out/ directory or pass --out"))?;
                (Target::File(PathBuf::from(format!("out/{default_stem}.{ext}"))), format)
            }
        };
        Ok(Output { target, format, header_comment: self.header_comment })
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

impl RunArgs {
    /// The formula source.
    pub fn source(&self) -> FormulaSource {
        FormulaSource::parse(&self.formula)
    }
}
