//! Ordering values by an LSD radix sort on an order-preserving integer key: no comparisons, a few
//! passes over 100,000 values. One scratch per thread ([`with_radix_order`]) serves every sort of
//! a run, so sorting allocates nothing after the first.

use std::cell::RefCell;

/// Bits of the key sorted by the radix passes (the rest finish the rare runs that share them).
const SORTED_BITS: u32 = 32;
/// Bits per radix pass: 3 passes of 11 bits cover 32 (a 2,048-slot histogram stays in L1).
const DIGIT: u32 = 11;
const PASSES: usize = 3;

/// Reusable buffers of [`radix_order_desc_into`].
#[derive(Default)]
pub(crate) struct RadixScratch {
    /// Top 32 bits of each value's key, then its row: one `u64` a value, so a pass moves 8 bytes.
    keys: Vec<u64>,
    buf: Vec<u64>,
    /// The result: rows, highest value first.
    pub(crate) order: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<RadixScratch> = RefCell::new(RadixScratch::default());
}

/// Calls `f` with this thread's scratch (a fresh one if it is already in use further up).
pub(crate) fn with_scratch<T>(f: impl FnOnce(&mut RadixScratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut RadixScratch::default()),
    })
}

/// Frees every thread's scratch (this thread's and the pool's): a run sorts nothing after its
/// index, so its buffers (20 bytes a school a thread) need not live as long as its results. A
/// scratch in use further up is left alone, and so is everything when called on one of the
/// pool's threads (runs in parallel, such as sensitivity draws, reuse their scratch).
pub(crate) fn release_scratch() {
    if rayon::current_thread_index().is_some() {
        return;
    }
    let release = || {
        SCRATCH.with(|cell| {
            if let Ok(mut s) = cell.try_borrow_mut() {
                *s = RadixScratch::default();
            }
        })
    };
    if rayon::current_num_threads() > 1 {
        rayon::broadcast(|_| release());
    }
    release();
}

/// Order-preserving descending key of a float.
fn descending_key(x: f64) -> u64 {
    let b = (x + 0.0).to_bits();
    !(if b >> 63 == 1 { !b } else { b | (1 << 63) })
}

/// Order of the present values, highest first (ties in row order), into reusable buffers: an LSD
/// radix sort of the top 32 bits of the key (3 passes of 11 bits, histograms counted in one
/// pass), then the rare runs that share those bits are finished by the full key.
pub(crate) fn radix_order_desc_into(values: &[f64], s: &mut RadixScratch) {
    assert!(values.len() <= u32::MAX as usize, "rows are numbered in 32 bits");
    s.keys.clear();
    s.keys.extend(
        values
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_nan())
            .map(|(i, &x)| (descending_key(x) >> SORTED_BITS) << SORTED_BITS | i as u64),
    );
    let mut count = [[0u32; 1 << DIGIT]; PASSES];
    for &k in &s.keys {
        for (p, c) in count.iter_mut().enumerate() {
            c[digit(k, p)] += 1;
        }
    }
    s.buf.resize(s.keys.len(), 0);
    for (p, c) in count.iter_mut().enumerate() {
        if c.contains(&(s.keys.len() as u32)) {
            continue; // every key has the same digit here
        }
        let mut sum = 0;
        for x in c.iter_mut() {
            (*x, sum) = (sum, sum + *x);
        }
        for &k in &s.keys {
            let d = digit(k, p);
            s.buf[c[d] as usize] = k;
            c[d] += 1;
        }
        std::mem::swap(&mut s.keys, &mut s.buf);
    }
    finish_runs(&mut s.keys, values);
    s.order.clear();
    s.order.extend(s.keys.iter().map(|&k| k as u32));
}

/// Digit `p` (of [`PASSES`]) of a packed key.
fn digit(k: u64, p: usize) -> usize {
    ((k >> (SORTED_BITS as usize + DIGIT as usize * p)) & ((1 << DIGIT) - 1)) as usize
}

/// Runs sharing the top 32 bits of their key: sorted by the full key (stable, so ties keep row
/// order).
fn finish_runs(keys: &mut [u64], values: &[f64]) {
    let full = |k: u64| descending_key(values[k as u32 as usize]);
    let mut start = 0;
    while start < keys.len() {
        let top = keys[start] >> SORTED_BITS;
        let mut end = start + 1;
        while end < keys.len() && keys[end] >> SORTED_BITS == top {
            end += 1;
        }
        if end - start > 32 {
            // Many values close together (e.g. 1,000,000 plus small noise): a stable sort, not
            // a quadratic insertion sort.
            keys[start..end].sort_by_key(|&k| full(k));
        } else {
            for j in start + 1..end {
                let mut i = j;
                while i > start && full(keys[i - 1]) > full(keys[i]) {
                    keys.swap(i - 1, i);
                    i -= 1;
                }
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_order_matches_a_comparison_sort_with_ties_in_row_order() {
        // Values sharing their top 32 bits, negatives, zeros of both signs, ties and NaN.
        let base = 0.5f64;
        let mut v = vec![
            base,
            f64::from_bits(base.to_bits() + 1),
            -1.0,
            0.0,
            -0.0,
            3.0,
            f64::NAN,
            base,
            1e-300,
            -1e300,
        ];
        v.extend((0..500).map(|i| ((i * 7919) % 101) as f64 / 7.0));
        let mut s = RadixScratch::default();
        radix_order_desc_into(&v, &mut s);
        let mut want: Vec<u32> = (0..v.len() as u32).filter(|&i| !v[i as usize].is_nan()).collect();
        want.sort_by(|&a, &b| v[b as usize].partial_cmp(&v[a as usize]).unwrap().then(a.cmp(&b)));
        assert_eq!(s.order, want);
    }
}
