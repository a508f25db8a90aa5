//! Several data files joined by id onto the first, and ids made from one or more columns.

use super::table::RawTable;
use crate::error::{Error, Location, Result};
use crate::num::thousands;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A school id from its id columns: numeric parts zero-padded to `width`, parts joined by `/`.
pub(crate) fn make_id<'a>(
    mut parts: impl Iterator<Item = &'a str>,
    width: Option<usize>,
) -> String {
    let first = parts.next().unwrap_or("");
    let pad = |s: &str| -> String {
        let s = s.trim();
        match width {
            Some(w) if s.len() < w && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{s:0>w$}")
            }
            _ => s.to_string(),
        }
    };
    let mut id = pad(first);
    for p in parts {
        id.push('/');
        id.push_str(&pad(p));
    }
    id
}

/// Every row's id.
pub(crate) fn id_strings(t: &RawTable, id: &[String], width: Option<usize>) -> Result<Vec<String>> {
    let mut parts = Vec::new();
    for c in id {
        parts.push(t.text(c)?);
    }
    Ok((0..t.rows).map(|r| make_id(parts.iter().map(|p| p[r].as_str()), width)).collect())
}

/// For each row of `base_ids`, its row in `other` (None when the id is not there); each id
/// must appear at most once in `other`. Also: how many of `other`'s ids are not in the base.
fn matching_rows(
    base_ids: &[String],
    other: &RawTable,
    other_ids: &[String],
) -> Result<(Vec<Option<usize>>, usize)> {
    let mut pos: HashMap<&str, usize> = HashMap::with_capacity(other_ids.len());
    for (i, s) in other_ids.iter().enumerate() {
        if pos.insert(s, i).is_some() {
            return Err(Error::data(
                Location::file(&other.source).row(i + 1),
                format!("id '{s}' appears twice"),
                "each file joined by id must have one row per id",
            ));
        }
    }
    let take: Vec<Option<usize>> = base_ids.iter().map(|s| pos.get(s.as_str()).copied()).collect();
    let in_base: std::collections::HashSet<&str> = base_ids.iter().map(String::as_str).collect();
    let only_other = other_ids.iter().filter(|s| !in_base.contains(s.as_str())).count();
    Ok((take, only_other))
}

/// Adds `other`'s columns that `base` does not have, row-matched by id (a left join: every
/// row of the base is kept; a base id that `other` lacks gets empty cells), with a note of how
/// many ids matched.
fn join_one(
    base: &mut RawTable,
    other: RawTable,
    id: &[String],
    width: Option<usize>,
) -> Result<()> {
    let base_ids = id_strings(base, id, width)?;
    let other_ids = id_strings(&other, id, width)?;
    let (take, only_other) = matching_rows(&base_ids, &other, &other_ids)?;
    let matched = take.iter().flatten().count();
    if matched == 0 {
        let width_hint = if width.is_none() {
            " (set id_width under [data] when one file writes ids without leading zeros)"
        } else {
            ""
        };
        return Err(Error::data(
            Location::file(&other.source).column(id.join("/")),
            format!(
                "none of its {} ids is in {} (e.g. '{}' there, '{}' here)",
                other_ids.len(),
                base.source,
                base_ids[0],
                other_ids[0]
            ),
            format!("join files that describe the same schools by the same id{width_hint}"),
        ));
    }
    base.notes.push(coverage_note(&other.source, matched, base_ids.len(), only_other));
    let have = base.names();
    let taken = other.take(&take);
    base.columns.extend(taken.columns.into_iter().filter(|(n, _)| !have.contains(n)));
    base.notes.extend(other.notes);
    for h in other.header {
        if !base.header.contains(&h) {
            base.header.push(h);
        }
    }
    Ok(())
}

/// "finance.csv: 13,056 of 13,313 ids matched; 257 not in it (left empty); 15 only in it (left out)".
fn coverage_note(source: &str, matched: usize, all: usize, only_other: usize) -> String {
    let n = |x: usize| thousands(x as u64);
    let mut s = format!("{source} joined by id: {} of {} matched", n(matched), n(all));
    if matched < all {
        s.push_str(&format!("; {} not in it (its columns left empty)", n(all - matched)));
    }
    if only_other > 0 {
        s.push_str(&format!("; {} only in it (left out)", n(only_other)));
    }
    s
}

/// Joins further tables onto the first by the id columns (a left join on the first file).
pub(crate) fn join_tables(
    tables: Vec<RawTable>,
    id: &[String],
    width: Option<usize>,
) -> Result<RawTable> {
    let count = tables.len();
    let mut it = tables.into_iter();
    let mut base = it.next().expect("at least one table");
    let first_source = base.source.clone();
    let mut hasher = Sha256::new();
    hasher.update(base.hash.as_bytes());
    for t in it {
        hasher.update(t.hash.as_bytes());
        join_one(&mut base, t, id, width)?;
    }
    if count > 1 {
        base.source = format!("{first_source} (+{} joined by id)", count - 1);
        base.hash = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    }
    Ok(base)
}
