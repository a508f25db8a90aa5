//! Scale sweep: the whole pipeline at 1k, 10k, 100k and 1M schools (best of several runs),
//! with time per school, to check that cost grows as n log n or better. Prints a Markdown table.

#[path = "common.rs"]
mod common;

fn main() {
    let sizes: Vec<usize> = match std::env::var("SENI_SWEEP") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![1_000, 10_000, 100_000, 1_000_000],
    };
    println!("| schools | CSV MB | best of | seconds | µs per school | vs n·log₂n from 1k |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut base: Option<(f64, f64)> = None;
    for n in sizes {
        let path = common::district(n);
        let mb = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
        let f = common::formula(n, None);
        let reps = if n >= 1_000_000 { 3 } else { 5 };
        let best = (0..reps)
            .map(|_| {
                let t = std::time::Instant::now();
                std::hint::black_box(common::pipeline(&path, &f));
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        let nlogn = n as f64 * (n as f64).log2();
        let (b_t, b_nlogn) = *base.get_or_insert((best, nlogn));
        // 1.0 = exactly n log n scaling; below 1 = better than n log n.
        let ratio = (best / b_t) / (nlogn / b_nlogn);
        println!(
            "| {n} | {mb:.1} | {reps} | {best:.4} | {:.2} | {ratio:.2} |",
            best / n as f64 * 1e6
        );
    }
}
