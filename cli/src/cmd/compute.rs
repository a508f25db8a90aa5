//! `seni compute`: the need index, domains, rank and tier of every school.

use super::args::{OutArgs, RunArgs};
use super::io::{say, write_outputs};
use super::load::load_and_compute;
use clap::Args as ClapArgs;
use seni::error::Result;
use seni::export::OutputFiles;
use seni::outputs;

// Options of `seni compute` (the subcommand's help comes from its variant in `Command`).
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let mut files = OutputFiles::default();
    let output = args.out.validate("index", &args.run.data, &mut files)?;
    let c = load_and_compute(&args.run, &[])?;
    let o = outputs::compute(&c);
    let wrote = write_outputs(&output, &o, &mut files)?;
    files.commit()?;
    say(&output, &format!("{}{}", o.text(), wrote));
    Ok(())
}
