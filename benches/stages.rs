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
    let keep = |n: &str| f.columns.iter().any(|u| u.column == n);
    g.bench_function("read", |b| b.iter(|| black_box(seni::data::read_bytes_select("bench", &bytes, &keep).unwrap())));
    let table = seni::data::read_bytes_select("bench", &bytes, &keep).unwrap();
    g.bench_function("extract", |b| b.iter(|| black_box(seni::District::from_table(&table, &f).unwrap())));
    let district = seni::District::from_table(&table, &f).unwrap();
    let groups = seni::normalise::Groups::all(district.len());
    g.bench_function("normalise", |b| {
        b.iter(|| {
            for ind in &f.indicators {
                black_box(seni::index::indicator_values(ind, &district, &groups, &[]).unwrap());
            }
        })
    });
    let inds: Vec<_> = f.indicators.iter().map(|i| seni::index::indicator_values(i, &district, &groups, &[]).unwrap().0).collect();
    g.bench_function("aggregate", |b| {
        b.iter(|| {
            let mut doms = Vec::new();
            for k in 0..f.domains.len() {
                let v = seni::index::aggregate(&f, k, &inds, &doms, district.len());
                doms.push(v);
            }
            black_box(doms)
        })
    });
    let comp = seni::compute_district(&f, district.clone()).unwrap();
    let tiers = f.tiers.as_ref().unwrap();
    g.bench_function("tiers", |b| b.iter(|| black_box(tiers.assign(&comp.index, &groups, &[]))));
    g.bench_function("allocate", |b| b.iter(|| black_box(seni::allocate::allocate(&comp).unwrap())));
    let alloc = seni::allocate::allocate(&comp).unwrap();
    g.bench_function("write", |b| {
        b.iter(|| {
            let sheet = seni::export::allocation_sheet(&comp, &alloc);
            black_box(seni::export::to_csv(&sheet, &seni::export::Meta::of(&comp), "", false).unwrap())
        })
    });
    g.finish();
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    for (name, within) in [("ungrouped", None), ("by_state", Some("state")), ("by_district", Some("district"))] {
        let f = common::formula(N, within);
        g.bench_function(name, |b| b.iter(|| black_box(common::pipeline(&path, &f))));
    }
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
