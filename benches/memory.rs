//! Where the memory of `seni allocate` goes on the generated 100,000-school district: a counting
//! allocator around the system's gives the bytes live after each stage of the library pipeline
//! (what the stage keeps) and the most live during it (its peak), and the district's and the
//! computation's columns are sized one by one (benches/README.md, "Memory"). Heap bytes only:
//! the process's resident peak adds the binary, the stacks and the allocator's retained pages.
//!
//! ```sh
//! cargo bench --bench memory            # SENI_SCHOOLS=1000000 for the 1M district
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[path = "common.rs"]
#[allow(dead_code)] // only the district and the formula
mod common;

/// The system allocator, counting the bytes live and the most live since the last reset.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new) };
        if !q.is_null() {
            if new >= layout.size() {
                let now = LIVE.fetch_add(new - layout.size(), Relaxed) + new - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Runs a stage, printing the bytes live after it and the most live during it.
fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    let out = f();
    let (live, peak) = (LIVE.load(Relaxed), PEAK.load(Relaxed));
    println!("| {name} | {:.1} | {:.1} |", mb(live), mb(peak));
    out
}

/// Heap bytes of a column of strings.
fn strings(v: &[String]) -> usize {
    v.iter().map(|s| s.capacity() + std::mem::size_of::<String>()).sum()
}

fn main() {
    let n = std::env::var("SENI_SCHOOLS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let path = common::district(n);
    let f = common::formula(n, None);
    let csv = std::fs::metadata(&path).unwrap().len() as usize;
    println!("{n} schools, CSV {:.1} MB; heap bytes (counting allocator)", mb(csv));
    println!();
    println!("| stage | live after (MB) | peak during (MB) |");
    println!("|---|---:|---:|");
    let d = stage("read + extract (`District::load`)", || {
        seni::District::load(std::slice::from_ref(&path), &f).unwrap()
    });
    let mut header = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(std::fs::File::open(&path).unwrap()),
        &mut header,
    )
    .unwrap();
    let header: Vec<&str> = header.trim_end().split(',').collect();
    let numeric: usize = header.iter().filter_map(|h| d.numeric(h)).map(|v| v.len() * 8).sum();
    let ids = strings(d.ids());
    let c = stage("index (`compute`)", || seni::compute(&f, d).unwrap());
    let a = stage("allocate", || seni::allocate(&c).unwrap());
    let o = stage("outputs (`outputs::allocate`)", || seni::outputs::allocate(&c, &a));
    let out = path.with_file_name("memory-out.csv");
    let written = stage("write (CSV streamed to a file, as `--out` does)", || {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
        seni::export::Format::Csv.write(&o.document(false), &mut w).unwrap();
        std::io::Write::flush(&mut w).unwrap();
        std::fs::metadata(&out).unwrap().len() as usize
    });
    println!();
    println!("| held at the end | MB |");
    println!("|---|---:|");
    let row = |what: &str, bytes: usize| println!("| {what} | {:.1} |", mb(bytes));
    row("district: numeric columns", numeric);
    row("district: ids (`String`s)", ids);
    let texts: usize = header.iter().filter_map(|h| c.district().text(h)).map(strings).sum();
    row("district: text columns (`String`s; names and groups share theirs)", texts);
    computation_sizes(&c, &header, row);
    row("output CSV written (not held)", written);
    drop(o);
    drop((a, c));
    row("still live with every result dropped (per-thread scratch, caches)", LIVE.load(Relaxed));
}

/// The computation's columns, by kind, as table rows.
fn computation_sizes(c: &seni::Computation, header: &[&str], row: impl Fn(&str, usize)) {
    let values: usize = c.indicators().iter().map(|i| 9 * i.value().len()).sum();
    row("computation: indicator values and imputed flags", values);
    let read_as_is = |i: &seni::index::IndicatorValues| {
        header.iter().any(|h| c.district().numeric(h).is_some_and(|v| std::ptr::eq(v, i.raw())))
    };
    let computed: usize =
        c.indicators().iter().filter(|i| !read_as_is(i)).map(|i| 8 * i.raw().len()).sum();
    row("computation: raw values computed (ratios)", computed);
    let aggregates: usize = c
        .domains()
        .iter()
        .map(|d| {
            let strings: usize = d.reasons().iter().flatten().map(String::capacity).sum();
            24 * d.reasons().len()
                + strings
                + 8 * d.score().len() * (1 + d.normalised().is_some() as usize)
                + d.extra().iter().map(|e| 8 * e.len()).sum::<usize>()
                + d.flags().map_or(0, |f| 8 * f.len())
                + d.classes().map_or(0, |f| 16 * f.len())
        })
        .sum();
    row("computation: aggregates (scores, reasons why missing)", aggregates);
    row("computation: index, rank, tier, counts", c.len() * (8 + 16 + 16 + 8));
    let other: usize = c
        .indicators()
        .iter()
        .map(|i| {
            let w = match i.weight() {
                seni::index::RowWeights::PerRow(w) => 8 * w.len(),
                seni::index::RowWeights::Fixed(_) => 0,
            };
            w + i.imputed_input().map_or(0, |v| 8 * v.len())
                + i.flag().map_or(0, |v| 8 * v.len())
                + i.notes().map_or(0, |v| 24 * v.len())
        })
        .sum();
    row("computation: per-school weights, imputed inputs, flags, notes", other);
}
