//! `seni sample`: a generated district (seeded, reproducible).

use super::io::{emit, out_path};
use clap::Args as ClapArgs;
use seni::error::{Error, Result};
use seni::sample::{SampleOptions, generate};

// Options of `seni sample`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
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
}

pub(crate) fn run(args: &Args) -> Result<()> {
    if args.schools == 0 {
        return Err(Error::usage("--schools must be at least 1", "e.g. --schools 1000"));
    }
    let opts = SampleOptions {
        schools: args.schools,
        seed: args.seed,
        states: args.states,
        districts: args.districts,
    };
    emit(out_path(&args.out), generate(&opts).as_bytes())
}
