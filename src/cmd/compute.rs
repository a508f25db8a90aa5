//! `seni compute`: the need index, domains, rank and tier of every school.

use super::args::{OutArgs, RunArgs};
use super::io::{say, write_output, written};
use super::load::load_and_compute;
use crate::error::Result;
use crate::export::Meta;
use crate::view::{index_rows, run_header, tier_counts};
use clap::Args as ClapArgs;

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
    let output = args.out.validate("index", &args.run.data)?;
    let c = load_and_compute(&args.run, &[])?;
    write_output(&output, &[&index_rows(&c)], &Meta::of(&c), &c.formula.missing_text, None)?;
    let mut s = run_header(&c);
    s.push_str(&tier_counts(&c));
    s.push_str(&written(&output));
    say(&output, &s);
    Ok(())
}
