//! `seni init`: a commented starter formula from a data file, checked to compute before it is
//! written.

use super::args::check_out_path;
use super::io::print_out;
use crate::starter::starter;
use clap::Args as ClapArgs;
use seni::data::{District, read_file};
use seni::error::{Error, Result};
use seni::export::write_atomic;
use seni::formula::Formula;
use seni::index::compute;
use seni::outputs::run_header;
use std::path::{Path, PathBuf};

// Options of `seni init`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// The district's data file (CSV).
    #[arg(long, short = 'd', value_name = "FILE")]
    data: PathBuf,
    /// Where to write the formula (default: the data file's name with `.toml`, in the current
    /// directory).
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let stem = args.data.file_stem().and_then(|s| s.to_str()).unwrap_or("district").to_string();
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(format!("{stem}.toml")));
    let out = check_out_path(&out.display().to_string(), std::slice::from_ref(&args.data))?;
    if out.exists() && !args.force {
        return Err(Error::usage(
            format!("{} exists", out.display()),
            "choose another --out, or add --force to replace it",
        ));
    }
    let name: String = stem
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    // Read once: the data may be a pipe (`--data <(…)`), which cannot be read twice.
    let (source, bytes) = (args.data.display().to_string(), read_file(&args.data)?);
    let (toml, summary, warnings) = starter(&source, &bytes, &name)?;
    let c = check(&out, &toml, &source, &bytes)?;
    write_atomic(&out, toml.as_bytes())?;
    print_out(&run_header(&c));
    for w in warnings {
        print_out(&format!("warning: {w}\n"));
    }
    print_out(&format!("guessed: {summary}wrote {}\n", out.display()));
    let (f, d) = (out.display(), args.data.display());
    if !args.data.is_file() {
        print_out(&format!(
            "note: {d} is not a file (a pipe?): save the data to a file to use it again\n"
        ));
    }
    print_out(&format!(
        "next: check every `guess:` line in {f}, then\n  seni validate -f {f} -d {d}\n  seni report -f {f} -d {d}\n"
    ));
    if toml.contains("\n# [allocation]") {
        print_out(&format!(
            "money: {f} has an [allocation] commented out near its end; remove its # signs to allocate\n  seni allocate -f {f} -d {d} --budget 10M\n"
        ));
    }
    Ok(())
}

/// The starter formula loads and computes on its data (a failure here is a bug in `init`).
fn check(out: &Path, toml: &str, source: &str, bytes: &[u8]) -> Result<seni::index::Computation> {
    let f = Formula::from_text(&out.display().to_string(), toml)?;
    let d = District::from_csv_bytes(source, bytes, &f)?;
    compute(&f, d)
}
