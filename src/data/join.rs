//! Several data files joined by id onto the first, and ids made from one or more columns.

use super::table::RawTable;
use crate::error::{Error, Location, Result};
use polars::prelude::*;
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
    Ok((0..t.frame.height()).map(|r| make_id(parts.iter().map(|p| p[r].as_str()), width)).collect())
}

/// For each row of `base_ids`, its row in `other` (each id exactly once in `other`).
fn matching_rows(
    base: &RawTable,
    base_ids: &[String],
    other: &RawTable,
    other_ids: &[String],
) -> Result<Vec<IdxSize>> {
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
    let mut take = Vec::with_capacity(base_ids.len());
    for (i, s) in base_ids.iter().enumerate() {
        match pos.get(s.as_str()) {
            Some(&j) => take.push(j as IdxSize),
            None => {
                return Err(Error::data(
                    Location::file(&other.source),
                    format!("id '{s}' (row {} of {}) is not in this file", i + 1, base.source),
                    "join only files that cover the same schools",
                ));
            }
        }
    }
    Ok(take)
}

/// Adds `other`'s columns that `base` does not have, row-matched by id.
fn join_one(
    base: &mut RawTable,
    other: RawTable,
    id: &[String],
    width: Option<usize>,
) -> Result<()> {
    let base_ids = id_strings(base, id, width)?;
    let other_ids = id_strings(&other, id, width)?;
    let take = matching_rows(base, &base_ids, &other, &other_ids)?;
    let fail = |e: PolarsError| Error::data(Location::file(&other.source), e.to_string(), "");
    let taken = other.frame.take(&IdxCa::from_vec("take".into(), take)).map_err(fail)?;
    let have = base.names();
    let extra: Vec<Column> = taken
        .columns()
        .iter()
        .filter(|c| !have.iter().any(|h| h == c.name().as_str()))
        .cloned()
        .collect();
    base.frame = base.frame.hstack(&extra).map_err(fail)?;
    base.notes.extend(other.notes);
    for h in other.header {
        if !base.header.contains(&h) {
            base.header.push(h);
        }
    }
    Ok(())
}

/// Joins further tables onto the first by the id columns (each id must appear exactly once in each).
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
