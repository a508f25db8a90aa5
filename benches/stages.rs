//! criterion benches of each stage on a generated 100,000-school × 20-indicator district, and of
//! the whole pipeline ungrouped, grouped by state (51) and by district (12,500).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "common.rs"]
mod common;

const N: usize = 100_000;

fn stages(c: &mut Criterion) {
    let path = common::district(N);
    let f = common::formula(N, None);
    let bytes = std::fs::read(&path).unwrap();
    let mut g = c.benchmark_group("stage");
    g.sample_size(10);
    g.bench_function("read", |b| {
        b.iter(|| black_box(seni::District::from_csv_bytes("bench", &bytes, &f).unwrap()))
    });
    let district = seni::District::from_csv_bytes("bench", &bytes, &f).unwrap();
    g.bench_function("index", |b| {
        b.iter(|| black_box(seni::compute(&f, district.clone()).unwrap()))
    });
    let comp = seni::compute(&f, district.clone()).unwrap();
    g.bench_function("allocate", |b| b.iter(|| black_box(seni::allocate(&comp).unwrap())));
    // A what-if weight change (index::recompute): the aggregate above the weight, the index, its
    // ranks and tiers again (the normalised values and the other aggregates are kept); then the
    // money.
    let origin = seni::Origin::Argument("bench".into());
    let twice = seni::Change::new("indicators.unduplicated.weight", 2.0, origin).unwrap();
    let mut changes = vec![twice];
    changes.push(seni::Change::budget(
        seni::formula::Amount::dollars(700_000.0 * N as f64).unwrap(),
        seni::Origin::Argument("bench".into()),
    ));
    let toml = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/formula-20.toml");
    let reweighted = seni::Formula::load(&seni::FormulaSource::Path(toml), &[], &changes).unwrap();
    g.bench_function("reweight", |b| {
        b.iter(|| black_box(seni::index::recompute(&comp, &reweighted).unwrap()))
    });
    g.bench_function("reweight_and_allocate", |b| {
        b.iter(|| {
            let c = seni::index::recompute(&comp, &reweighted).unwrap();
            black_box(seni::allocate(&c).unwrap())
        })
    });
    // A what-if budget change: no aggregate is summed again, the allocation is.
    let rebudgeted = common::formula(N * 13 / 14, None);
    g.bench_function("rebudget_and_allocate", |b| {
        b.iter(|| {
            let c = seni::index::recompute(&comp, &rebudgeted).unwrap();
            black_box(seni::allocate(&c).unwrap())
        })
    });
    let alloc = seni::allocate(&comp).unwrap();
    g.bench_function("write", |b| {
        b.iter(|| black_box(common::csv(&seni::outputs::allocate(&comp, &alloc))))
    });
    g.finish();
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    for (name, within) in
        [("ungrouped", None), ("by_state", Some("state")), ("by_district", Some("district"))]
    {
        let f = common::formula(N, within);
        g.bench_function(name, |b| b.iter(|| black_box(common::pipeline(&path, &f))));
    }
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
