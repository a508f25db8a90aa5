//! Ordering values by an LSD radix sort on an order-preserving integer key: no comparisons, a few
//! passes over 100,000 values.

/// Reusable buffers of [`radix_order_desc_into`].
#[derive(Default)]
pub(crate) struct RadixScratch {
    keys: Vec<(u64, u32)>,
    buf: Vec<(u64, u32)>,
    count: Vec<usize>,
    /// The result: rows, highest value first.
    pub(crate) order: Vec<u32>,
}

/// Order-preserving descending key of a float.
fn descending_key(x: f64) -> u64 {
    let b = (x + 0.0).to_bits();
    !(if b >> 63 == 1 { !b } else { b | (1 << 63) })
}

/// Order of the present values, highest first (ties in row order), into reusable buffers: an LSD
/// radix sort of the top 32 bits of the key (3 passes of 11 bits), then the rare runs that share
/// those bits are finished by insertion sort on the full key.
pub(crate) fn radix_order_desc_into(values: &[f64], s: &mut RadixScratch) {
    s.keys.clear();
    s.keys.extend(
        values
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_nan())
            .map(|(i, &x)| (descending_key(x), i as u32)),
    );
    s.buf.resize(s.keys.len(), (0, 0));
    s.count.resize(1 << 11, 0);
    for pass in 0..3 {
        radix_pass(s, 32 + pass * 11);
    }
    finish_runs(&mut s.keys);
    s.order.clear();
    s.order.extend(s.keys.iter().map(|&(_, i)| i));
}

/// One stable counting-sort pass on 11 bits of the key.
fn radix_pass(s: &mut RadixScratch, shift: usize) {
    s.count.iter_mut().for_each(|c| *c = 0);
    for &(k, _) in &s.keys {
        s.count[((k >> shift) & 0x7FF) as usize] += 1;
    }
    if s.count.contains(&s.keys.len()) {
        return; // every key has the same digit here
    }
    let mut sum = 0;
    for c in s.count.iter_mut() {
        let t = *c;
        *c = sum;
        sum += t;
    }
    for &(k, i) in &s.keys {
        let d = ((k >> shift) & 0x7FF) as usize;
        s.buf[s.count[d]] = (k, i);
        s.count[d] += 1;
    }
    std::mem::swap(&mut s.keys, &mut s.buf);
}

/// Runs sharing the top 32 bits: insertion sort by full key (stable, so ties keep row order).
fn finish_runs(keys: &mut [(u64, u32)]) {
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + 1;
        while end < keys.len() && keys[end].0 >> 32 == keys[start].0 >> 32 {
            end += 1;
        }
        if end - start > 32 {
            // Many values close together (e.g. 1,000,000 plus small noise): a stable sort, not
            // a quadratic insertion sort.
            keys[start..end].sort_by_key(|k| k.0);
        } else {
            for j in start + 1..end {
                let mut i = j;
                while i > start && keys[i - 1].0 > keys[i].0 {
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
