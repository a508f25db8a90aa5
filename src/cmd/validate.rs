//! `seni validate`: check a data file against a formula and print every problem at once.

use super::args::RunArgs;
use crate::allocate::allocate;
use crate::data::District;
use crate::error::Result;
use crate::formula::Formula;
use crate::index::compute;
use crate::num::dollars;
use crate::view::{coverage_table, run_header_with};
use clap::Args as ClapArgs;

// Options of `seni validate`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let run = &args.run;
    let formula = Formula::load(&run.source(), &run.scenario, &run.sets())?;
    let (indicators, domains) = (formula.indicators.len(), formula.domains.len() - 1);
    println!(
        "formula {} ({}): {indicators} indicators, {domains} domains — OK",
        formula.name, formula.hash
    );
    let district = District::load(&run.data, &formula)?;
    let c = compute(&formula, district)?;
    print!("{}", run_header_with(&c, usize::MAX));
    print!("coverage by indicator (schools):\n{}", coverage_table(&c).aligned());
    if formula.allocates() {
        let a = allocate(&c)?;
        println!("allocation: OK, {} allocated", dollars(a.grand_total()));
    }
    println!("data: OK");
    Ok(())
}
