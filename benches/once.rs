//! One stage, once, on the generated 100,000-school district: for instruction counts under
//! `valgrind --tool=callgrind`, which are repeatable on a busy machine where wall times are not.
//! The stage runs inside `measured` on one thread, so only it is counted:
//!
//! ```sh
//! cargo build --profile profiling --bench once
//! valgrind --tool=callgrind --toggle-collect='once::measured*' target/profiling/deps/once-* reweight
//! ```
//!
//! Stages: `pipeline` (read the file, index, allocate, write the CSV), `read`, `index`, `allocate`, `reweight` (a what-if weight change: `index::recompute`),
//! `reweight_and_allocate`, `rebudget` (a budget change: the allocation again), `write`,
//! `sensitivity` (`SENI_DRAWS` draws, 100 by default).

use std::hint::black_box;

#[path = "common.rs"]
mod common;

const N: usize = 100_000;

/// The one stage counted.
#[inline(never)]
fn measured<T>(stage: impl FnOnce() -> T) -> T {
    black_box(stage())
}

fn main() {
    // One thread, this one: callgrind counts only the thread inside `measured`.
    rayon::ThreadPoolBuilder::new().num_threads(1).use_current_thread().build_global().unwrap();
    let stage = std::env::args().nth(1).unwrap_or_else(|| "index".into());
    let path = common::district(N);
    let f = common::formula(N, None);
    let bytes = std::fs::read(&path).unwrap();
    if stage == "pipeline" {
        measured(|| common::pipeline(&path, &f));
        return;
    }
    if stage == "read" {
        measured(|| seni::District::from_csv_bytes("bench", &bytes, &f).unwrap());
        return;
    }
    let district = seni::District::from_csv_bytes("bench", &bytes, &f).unwrap();
    if stage == "index" {
        measured(|| seni::compute(&f, district).unwrap());
        return;
    }
    let comp = seni::compute(&f, district).unwrap();
    let origin = || seni::Origin::Argument("bench".into());
    let budget = |dollars: f64| {
        seni::Change::budget(seni::formula::Amount::dollars(dollars).unwrap(), origin())
    };
    let toml = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/formula-20.toml");
    let load = |changes: &[seni::Change]| {
        seni::Formula::load(&seni::FormulaSource::Path(toml.clone()), &[], changes).unwrap()
    };
    let twice = seni::Change::new("indicators.unduplicated.weight", 2.0, origin()).unwrap();
    let reweighted = load(&[twice, budget(700_000.0 * N as f64)]);
    let rebudgeted = load(&[budget(650_000.0 * N as f64)]);
    match stage.as_str() {
        "allocate" => drop(measured(|| seni::allocate(&comp).unwrap())),
        "reweight" => drop(measured(|| seni::index::recompute(&comp, &reweighted).unwrap())),
        "reweight_and_allocate" => drop(measured(|| {
            let c = seni::index::recompute(&comp, &reweighted).unwrap();
            seni::allocate(&c).unwrap()
        })),
        "rebudget" => drop(measured(|| {
            let c = seni::index::recompute(&comp, &rebudgeted).unwrap();
            seni::allocate(&c).unwrap()
        })),
        "write" => {
            let alloc = seni::allocate(&comp).unwrap();
            measured(|| common::csv(&seni::outputs::allocate(&comp, &alloc)));
        }
        "sensitivity" => {
            let draws = std::env::var("SENI_DRAWS").ok().and_then(|d| d.parse().ok());
            let scenario = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("benches/uncertainty.toml");
            let u = seni::Formula::load(
                &seni::FormulaSource::Path(toml.clone()),
                &[scenario],
                &[budget(700_000.0 * N as f64)],
            )
            .unwrap();
            let c = seni::index::recompute(&comp, &u).unwrap();
            let opts = seni::analysis::sensitivity::SensitivityOptions {
                draws: Some(draws.unwrap_or(100)),
                ..Default::default()
            };
            measured(|| seni::sensitivity(&c, &opts, &mut ()).unwrap());
        }
        other => panic!("no stage '{other}'"),
    }
}
