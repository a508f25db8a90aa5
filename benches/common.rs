//! Shared by the benches: generated districts cached under target/bench-data.

use std::path::PathBuf;

/// A generated district of `n` schools (51 states, n/8 districts), written once and reused.
pub fn district(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("district-{n}.csv"));
    if !path.exists() {
        let opts =
            seni::SampleOptions { schools: n, seed: 7, states: 51, districts: (n / 8).max(1) };
        std::fs::write(&path, seni::generate_sample(&opts)).unwrap();
    }
    path
}

/// The 20-indicator bench formula with the pot scaled to the district ($700M per 1,000 schools)
/// and optional grouping.
pub fn formula(n: usize, within: Option<&str>) -> seni::Formula {
    let mut sets = vec![format!("budget={}", 700_000 * n as u64)];
    if let Some(w) = within {
        sets.push(format!("data.normalise_within=\"{w}\""));
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/formula-20.toml");
    seni::Formula::load(&seni::FormulaSource::Path(path), &[], &sets).unwrap()
}

/// CSV bytes of a table.
pub fn csv(table: &seni::Table, meta: &seni::Meta) -> Vec<u8> {
    let doc = seni::Document {
        tables: vec![table],
        meta,
        missing: "",
        summary: None,
        header_comment: false,
    };
    seni::Format::Csv.render(&doc).unwrap()
}

/// The whole library pipeline: read, extract, index, allocate, write the per-school CSV.
pub fn pipeline(path: &std::path::Path, f: &seni::Formula) -> Vec<u8> {
    let d = seni::District::load(&[path.to_path_buf()], f).unwrap();
    let c = seni::compute(f, d).unwrap();
    let a = seni::allocate(&c).unwrap();
    csv(&seni::allocation_table(&c, &a), &seni::Meta::of(&c))
}
