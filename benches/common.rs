//! Shared by the benches: generated districts cached under target/bench-data.

use std::path::PathBuf;

/// A generated district of `n` schools (51 states, n/8 districts), written once and reused.
pub fn district(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("district-{n}.csv"));
    if !path.exists() {
        let opts = seni::sample::SampleOptions {
            schools: n,
            seed: 7,
            states: 51,
            districts: (n / 8).max(1),
        };
        std::fs::write(&path, seni::sample::generate(&opts)).unwrap();
    }
    path
}

/// The 20-indicator bench formula with the pot scaled to the district ($700M per 1,000 schools)
/// and optional grouping.
pub fn formula(n: usize, within: Option<&str>) -> seni::Formula {
    let origin = || seni::Origin::Argument("bench".into());
    let budget = seni::formula::Amount::dollars(700_000.0 * n as f64).unwrap();
    let mut changes = vec![seni::Change::budget(budget, origin())];
    if let Some(w) = within {
        changes.push(seni::Change::new("data.normalise_within", w, origin()).unwrap());
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/formula-20.toml");
    seni::Formula::load(&seni::FormulaSource::Path(path), &[], &changes).unwrap()
}

/// CSV bytes of an analysis's outputs (the first table, as `--format csv` writes it).
pub fn csv(o: &seni::Outputs) -> Vec<u8> {
    seni::export::Format::Csv.render(&o.document(false)).unwrap()
}

/// The whole library pipeline: read, extract, index, allocate, write the per-school CSV.
pub fn pipeline(path: &std::path::Path, f: &seni::Formula) -> Vec<u8> {
    let d = seni::District::load(&[path.to_path_buf()], f).unwrap();
    let c = seni::compute(f, d).unwrap();
    let a = seni::allocate(&c).unwrap();
    csv(&seni::outputs::allocate(&c, &a))
}
