//! What each column of a data file holds: how many cells read as numbers, the other texts,
//! distinct values, range and whether the numbers are whole.

use seni::data::TextTable;
use seni::error::Result;
use std::collections::{HashMap, HashSet};

/// One column of a data file, profiled.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    /// Column name as in the header.
    pub(crate) name: String,
    /// Place in the header, from 1.
    pub(crate) position: usize,
    /// Lower-case name with `_` for anything but letters and digits, for matching words.
    pub(crate) lower: String,
    /// Empty cells.
    pub(crate) empty: usize,
    /// Cells that read as numbers.
    pub(crate) numbers: usize,
    /// Cells that are neither empty nor numbers, by text (most frequent first).
    pub(crate) texts: Vec<(String, usize)>,
    /// Distinct non-empty cells.
    pub(crate) distinct: usize,
    /// Smallest and largest number (`NaN` without numbers).
    pub(crate) min: f64,
    pub(crate) max: f64,
    /// Every number is whole.
    pub(crate) whole: bool,
    /// Cells exactly −999 or −9 (reserve codes of CDC and CRDC files).
    pub(crate) reserve: Option<(String, usize)>,
    /// Numbers other than the reserve code are all ≥ 0.
    pub(crate) non_negative: bool,
    /// Numbers above 1 and above 100 (a percentage column has almost none above 100).
    pub(crate) above_1: usize,
    pub(crate) above_100: usize,
}

impl Profile {
    /// Rows in the file.
    pub(crate) fn rows(&self) -> usize {
        self.empty + self.numbers + self.texts.iter().map(|t| t.1).sum::<usize>()
    }

    /// At least 80% of the non-empty cells are numbers (the rest can be markers like `*`).
    pub(crate) fn numeric(&self) -> bool {
        let filled = self.rows() - self.empty;
        self.numbers > 0 && self.numbers * 5 >= filled * 4
    }

    /// A cell like `64.8%` when most cells are numbers written with a percent sign (which seni
    /// does not read as numbers: the sign says nothing about the scale a formula expects).
    pub(crate) fn percent_signs(&self) -> Option<&str> {
        let percent =
            |t: &str| t.strip_suffix('%').is_some_and(|n| n.trim().parse::<f64>().is_ok());
        let signed: usize = self.texts.iter().filter(|(t, _)| percent(t)).map(|(_, n)| n).sum();
        let filled = self.rows() - self.empty;
        (signed > 0 && signed * 5 >= filled * 4)
            .then(|| self.texts.iter().find(|(t, _)| percent(t)).map(|(t, _)| t.as_str()))
            .flatten()
    }

    /// Share of rows without a number (empty, marked or reserve-coded).
    pub(crate) fn missing_share(&self) -> f64 {
        let reserve = self.reserve.as_ref().map_or(0, |r| r.1);
        1.0 - (self.numbers - reserve) as f64 / self.rows().max(1) as f64
    }

    /// Whether the name holds any of the words (as whole `_`-separated parts or prefixes).
    pub(crate) fn has(&self, words: &[&str]) -> bool {
        words.iter().any(|w| {
            self.lower == *w
                || self.lower.split(['_', ' ', '.', '-']).any(|p| p == *w)
                || (w.ends_with('_') && self.lower.starts_with(w))
                || (w.len() > 4 && self.lower.contains(w))
        })
    }
}

/// Profiles every column of a table.
pub(crate) fn profiles(t: &TextTable) -> Result<Vec<Profile>> {
    let names = t.names();
    let mut ps = Vec::with_capacity(names.len());
    for (k, name) in names.iter().enumerate() {
        ps.push(Profile { position: k + 1, ..profile(name, &t.text(name)?, t) });
    }
    Ok(ps)
}

/// One column, its cells read as numbers the way `compute` reads them.
fn profile(name: &str, cells: &[String], t: &TextTable) -> Profile {
    let mut p = Profile {
        name: name.to_string(),
        position: 0,
        lower: name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect(),
        empty: 0,
        numbers: 0,
        texts: Vec::new(),
        distinct: 0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        whole: true,
        reserve: None,
        non_negative: true,
        above_1: 0,
        above_100: 0,
    };
    let mut texts: HashMap<&str, usize> = HashMap::new();
    let mut distinct: HashSet<&str> = HashSet::new();
    let mut reserve: HashMap<i64, usize> = HashMap::new();
    for c in cells {
        let s = c.trim();
        if s.is_empty() {
            p.empty += 1;
            continue;
        }
        distinct.insert(s);
        match t.number(s) {
            Some(x) if x == -999.0 || x == -9.0 => {
                p.numbers += 1;
                *reserve.entry(x as i64).or_default() += 1;
            }
            Some(x) => {
                p.numbers += 1;
                p.min = p.min.min(x);
                p.max = p.max.max(x);
                p.whole &= x.fract() == 0.0;
                p.non_negative &= x >= 0.0;
                p.above_1 += usize::from(x > 1.0);
                p.above_100 += usize::from(x > 100.0);
            }
            None => *texts.entry(s).or_default() += 1,
        }
    }
    // −999 / −9 are reserve codes only where every other number is ≥ 0.
    if let Some((code, n)) = reserve.into_iter().max_by_key(|r| r.1) {
        if p.non_negative {
            p.reserve = Some((code.to_string(), n));
        } else {
            p.min = p.min.min(code as f64);
        }
    }
    if p.min > p.max {
        (p.min, p.max) = (f64::NAN, f64::NAN);
    }
    p.distinct = distinct.len();
    let mut t: Vec<(String, usize)> = texts.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    t.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    p.texts = t;
    p
}
