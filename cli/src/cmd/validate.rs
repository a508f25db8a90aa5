//! `seni validate`: check a data file against a formula and print every problem at once.

use super::args::RunArgs;
use super::io::print_out;
use super::load::load_formula;
use clap::Args as ClapArgs;
use seni::allocate::allocate;
use seni::data::District;
use seni::error::Result;
use seni::format::dollars;
use seni::index::compute;
use seni::outputs;

// Options of `seni validate`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Formula, data and scenario options.
    #[command(flatten)]
    run: RunArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let run = &args.run;
    let formula = load_formula(run, &[])?;
    let (indicators, domains) = (formula.indicators().len(), formula.domains().len() - 1);
    print_out(&format!(
        "formula {} ({}): {indicators} indicators, {domains} domains — OK\n",
        formula.name(),
        formula.hash()
    ));
    let district = District::load(&run.data, &formula)?;
    let c = compute(&formula, district)?;
    print_out(outputs::validate(&c).text());
    if formula.allocates() {
        let a = allocate(&c)?;
        print_out(&format!("allocation: OK, {} allocated\n", dollars(a.grand_total())));
    }
    print_out("data: OK\n");
    Ok(())
}
