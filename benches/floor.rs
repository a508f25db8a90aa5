//! The speed of light of each stage on this machine: the least work a stage cannot avoid, done
//! as plainly as the machine allows, one thread, best of 7 (benches/README.md, "Speed of light").
//! On the generated 100,000-school district and the bench formula's 22 numeric columns.

use sha2::Digest;
use std::hint::black_box;
use std::time::Instant;

#[path = "common.rs"]
#[allow(dead_code)] // the floors need only the district
mod common;

const N: usize = 100_000;
/// Indicators of the bench formula.
const M: usize = 20;

/// Best wall time of 7 runs, in milliseconds.
fn best<T>(mut f: impl FnMut() -> T) -> f64 {
    (0..7)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

/// The numeric fields of every row (the columns a formula reads are most of them).
fn numbers(bytes: &[u8]) -> Vec<f64> {
    let text = std::str::from_utf8(bytes).unwrap();
    text.lines()
        .skip(1)
        .flat_map(|l| l.split(',').skip(6))
        .filter_map(|c| c.parse::<f64>().ok())
        .collect()
}

/// An LSD radix sort of order-preserving 32-bit keys packed with their row (3 passes of 11 bits).
fn radix_rows(keys: &mut Vec<u64>, buf: &mut Vec<u64>) {
    let mut count = vec![[0usize; 2048]; 3];
    for &k in keys.iter() {
        for (p, c) in count.iter_mut().enumerate() {
            c[((k >> (32 + 11 * p)) & 0x7FF) as usize] += 1;
        }
    }
    buf.resize(keys.len(), 0);
    for (p, c) in count.iter_mut().enumerate() {
        let mut sum = 0;
        for x in c.iter_mut() {
            (*x, sum) = (sum, sum + *x);
        }
        for &k in keys.iter() {
            let d = ((k >> (32 + 11 * p)) & 0x7FF) as usize;
            buf[c[d]] = k;
            c[d] += 1;
        }
        std::mem::swap(keys, buf);
    }
}

fn main() {
    let path = common::district(N);
    let bytes = std::fs::read(&path).unwrap();
    let values = numbers(&bytes);
    let columns: Vec<Vec<f64>> = (0..M)
        .map(|j| (0..N).map(|r| values[(r * 23 + j) % values.len()] / 100.0).collect())
        .collect();
    let weights: Vec<f64> = (0..M).map(|j| 1.0 + j as f64 / 7.0).collect();
    let mb = bytes.len() as f64 / 1e6;
    println!("| floor (one thread, best of 7; {N} schools, {mb:.1} MB) | ms |");
    println!("|---|---:|");
    let line = |what: &str, ms: f64| println!("| {what} | {ms:.2} |");
    line("read the file (page cache → memory)", best(|| std::fs::read(&path).unwrap()));
    line("find every line end", best(|| bytes.iter().filter(|&&b| b == b'\n').count()));
    let count = values.len();
    line(&format!("parse the {count} numbers (std `f64::from_str`)"), best(|| numbers(&bytes)));
    line("SHA-256 of the bytes", best(|| sha2::Sha256::digest(&bytes)));
    let one = &columns[0];
    line("copy one column (0.8 MB)", best(|| one.clone()));
    line(
        "sort one column (`sort_unstable_by(total_cmp)`)",
        best(|| {
            let mut v = one.clone();
            v.sort_unstable_by(f64::total_cmp);
            v
        }),
    );
    let (mut keys, mut buf) = (Vec::with_capacity(N), Vec::with_capacity(N));
    line(
        "radix-order one column (3 × 11 bits, packed rows)",
        best(|| {
            keys.clear();
            keys.extend(one.iter().enumerate().map(|(r, x)| (x.to_bits() >> 32) << 32 | r as u64));
            radix_rows(&mut keys, &mut buf);
            keys.len()
        }),
    );
    let mut out = vec![0.0; N];
    line(
        &format!("weighted sum of {M} columns (naive)"),
        best(|| {
            out.iter_mut().for_each(|o| *o = 0.0);
            for (c, w) in columns.iter().zip(&weights) {
                out.iter_mut().zip(c).for_each(|(o, x)| *o += w * x);
            }
            out[0]
        }),
    );
    let mut err = vec![0.0; N];
    line(
        &format!("weighted sum of {M} columns, error-free (TwoSum)"),
        best(|| {
            out.iter_mut().for_each(|o| *o = -0.0);
            err.iter_mut().for_each(|e| *e = 0.0);
            for (c, w) in columns.iter().zip(&weights) {
                for ((s, e), x) in out.iter_mut().zip(err.iter_mut()).zip(c) {
                    let t = w * x;
                    let sum = *s + t;
                    let z = sum - *s;
                    *e += (*s - (sum - z)) + (t - z);
                    *s = sum;
                }
            }
            out[0] + err[0]
        }),
    );
    let cents: Vec<i64> = one.iter().map(|x| (x * 1e6) as i64).collect();
    line(
        "write one row per school (id, 4 numbers, cents)",
        best(|| {
            use std::fmt::Write;
            let mut s = String::with_capacity(8 << 20);
            for r in 0..N {
                let _ =
                    writeln!(s, "{},{},{},{},{},{}", r, one[r], out[r], one[r], out[r], cents[r]);
            }
            s.len()
        }),
    );
}
