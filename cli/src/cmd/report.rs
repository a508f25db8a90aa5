//! `seni report`: one self-contained HTML page — findings first, a what-if panel that runs the
//! engine in the browser, the details, and the method last.

use super::args::RunArgs;
use super::io::print_out;
use super::load::{budget_change, load_and_compute_with};
use crate::report::{Shipped, report_page};
use clap::Args as ClapArgs;
use seni::Run;
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::formula::is_group_column;
use seni::formula::{Change, FormulaSource, bundled_files, scenario_toml};
use seni::index::Computation;
use std::path::{Path, PathBuf};

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
    let budget = budget_change(args.budget.as_deref())?;
    let c = load_and_compute_with(&args.run, &budget, &|n| is_group_column(n, &[]))?;
    let run = Run::of(c)?;
    let (c, a) = (run.computation(), run.allocation());
    let mut changes = args.run.changes()?;
    changes.extend(budget);
    let page = report_page(c, a, &shipped(args, c, &changes)?)?;
    let mut files = OutputFiles::default();
    files.create_dir(out)?;
    let path = out.join("index.html");
    files.write(&path, page.as_bytes())?;
    files.commit()?;
    print_out(&format!("wrote {}\n", path.display()));
    Ok(())
}

/// What the page's what-if panel opens: the formula, its scenarios (and the command line's
/// changes, as one more) and the data as given, and the command that reproduces its numbers.
fn shipped(args: &Args, c: &Computation, changes: &[Change]) -> Result<Shipped> {
    let run = &args.run;
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| Error::io(p.display().to_string(), e, "check the path"))
    };
    let text = |p: &Path| -> Result<(String, String)> {
        let bytes = read(p)?;
        Ok((p.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
    };
    let mut s =
        Shipped { command: format!("seni allocate -f {}", run.formula), ..Default::default() };
    match run.source() {
        FormulaSource::Bundled(name) => s.bundled = Some(name),
        FormulaSource::Path(p) => s.formula = Some(text(&p)?),
        FormulaSource::Text { origin, text } => s.formula = Some((origin, text)),
    }
    for p in &run.scenario {
        s.scenarios.push(text(p)?);
        s.command.push_str(&format!(" -s {}", p.display()));
    }
    if !changes.is_empty() {
        s.scenarios.push(("the command line".into(), scenario_toml("command line", changes)));
        for set in &run.set {
            s.command.push_str(&format!(" --set '{set}'"));
        }
        if let Some(p) = &run.period {
            s.command.push_str(&format!(" --period {p}"));
        }
        if let Some(b) = &args.budget {
            s.command.push_str(&format!(" --budget {b}"));
        }
    }
    if run.data.is_empty() {
        let name = c.formula().data().bundled.as_deref().unwrap_or_default();
        let files = bundled_files(name).expect("the run read its bundled data");
        for (path, bytes) in files {
            s.data.push((format!("{path} (bundled)"), bytes.to_vec()));
        }
    }
    for p in &run.data {
        s.data.push((p.display().to_string(), read(p)?));
        s.command.push_str(&format!(" -d {}", p.display()));
    }
    Ok(s)
}
