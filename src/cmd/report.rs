//! `seni report`: a self-contained HTML page to open or print.

use super::args::RunArgs;
use super::load::{allocation_if_any, budget_change, group_columns, load_and_compute_with};
use crate::error::{Error, Result};
use crate::export::write_atomic;
use crate::report::report_page;
use clap::Args as ClapArgs;
use std::path::PathBuf;

// Options of `seni report`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// Budget of the main program in dollars.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    budget: Option<String>,
    /// Directory to write index.html into.
    #[arg(long, short = 'o', default_value = "out/report")]
    out: PathBuf,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let out = &args.out;
    std::fs::create_dir_all(out).map_err(|e| {
        Error::io(out.display().to_string(), e, "choose a writable --out directory")
    })?;
    let c = load_and_compute_with(&args.run, &budget_change(args.budget.as_deref())?, &|n| {
        group_columns(n, &[])
    })?;
    let a = allocation_if_any(&c)?;
    let page = report_page(&c, a.as_ref())?;
    let path = out.join("index.html");
    write_atomic(&path, page.as_bytes())?;
    println!("wrote {}", path.display());
    Ok(())
}
