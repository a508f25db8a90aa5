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
        #[arg(long, value_name = "AMOUNT")]
        budget: Option<String>,
        /// Output options.
        #[command(flatten)]
        out: OutArgs,
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
