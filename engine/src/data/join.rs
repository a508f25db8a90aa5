//! Several data files joined by id onto the first, and ids made from one or more columns.

use super::table::{JoinedFrom, RawTable};
use crate::error::{Error, Location, Result};
use crate::grammar::IdRule;
use crate::num::thousands;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// Every row's id, made by the id rule from its id columns.
pub(crate) fn id_strings(t: &RawTable, id: &[String], rule: IdRule) -> Result<Vec<String>> {
    let mut parts = Vec::new();
    for c in id {
        parts.push(t.text(c)?);
    }
    Ok((0..t.rows).map(|r| rule.id(parts.iter().map(|p| p[r].as_str()))).collect())
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
fn join_one(base: &mut RawTable, other: RawTable, id: &[String], rule: IdRule) -> Result<()> {
    let base_ids = id_strings(base, id, rule)?;
    let other_ids = id_strings(&other, id, rule)?;
    let (take, only_other) = matching_rows(&base_ids, &other, &other_ids)?;
    let matched = take.iter().flatten().count();
    check_padding(base, &other, id, (&base_ids, &other_ids), matched)?;
    if matched == 0 {
        return Err(Error::data(
            Location::file(&other.source).column(id.join("/")),
            format!(
                "none of its {} ids is in {} (e.g. '{}' there, '{}' here)",
                other_ids.len(),
                base.source,
                base_ids[0],
                other_ids[0]
            ),
            "join files that describe the same schools by the same id",
        ));
    }
    base.notes.push(coverage_note(&other.source, matched, base_ids.len(), only_other));
    let have = base.names();
    let taken = other.take(&take);
    let from = Arc::new(JoinedFrom { source: other.source.clone(), rows: take });
    for (n, _) in taken.columns.iter().filter(|(n, _)| !have.contains(n)) {
        base.joined.insert(n.clone(), Arc::clone(&from));
    }
    base.columns.extend(taken.columns.into_iter().filter(|(n, _)| !have.contains(n)));
    base.notes.extend(other.notes);
    for h in other.header {
        if !base.header.contains(&h) {
            base.header.push(h);
        }
    }
    Ok(())
}

/// Ids that differ only in leading zeros (`0100005` in one file, `100005` in the other) would
/// match if they were padded alike: fewer matches than that is an error saying how many more
/// would match and the `id_width` that makes them (never a half-empty join with a note).
fn check_padding(
    base: &RawTable,
    other: &RawTable,
    id: &[String],
    (base_ids, other_ids): (&[String], &[String]),
    matched: usize,
) -> Result<()> {
    let rule = IdRule::default();
    let numbers: HashMap<std::borrow::Cow<str>, &str> =
        other_ids.iter().map(|s| (rule.as_number(s), s.as_str())).collect();
    let exact: std::collections::HashSet<&str> = other_ids.iter().map(String::as_str).collect();
    let padded: Vec<(&str, &str)> = base_ids
        .iter()
        .filter(|s| !exact.contains(s.as_str()))
        .filter_map(|s| numbers.get(&rule.as_number(s)).map(|o| (s.as_str(), *o)))
        .collect();
    let Some((here, there)) = padded.first() else { return Ok(()) };
    let width = base_ids.iter().chain(other_ids).flat_map(|s| s.split('/')).map(str::len).max();
    let n = |x: usize| thousands(x as u64);
    Err(Error::data(
        Location::file(&other.source).column(id.join("/")),
        format!(
            "only {} of {} ids of {} are in this file, but {} more would be if numeric ids were padded alike: '{here}' in {} is '{there}' here",
            n(matched),
            n(base_ids.len()),
            base.source,
            n(padded.len()),
            base.source,
        ),
        format!(
            "set id_width = {} under [data], so numeric ids are zero-padded to {0} digits in every file",
            width.unwrap_or(1)
        ),
    ))
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
pub(crate) fn join_tables(tables: Vec<RawTable>, id: &[String], rule: IdRule) -> Result<RawTable> {
    let count = tables.len();
    let mut it = tables.into_iter();
    let mut base = it.next().expect("at least one table");
    let first_source = base.source.clone();
    let mut hasher = Sha256::new();
    hasher.update(base.hash.as_bytes());
    for t in it {
        hasher.update(t.hash.as_bytes());
        join_one(&mut base, t, id, rule)?;
    }
    if count > 1 {
        base.source = format!("{first_source} (+{} joined by id)", count - 1);
        base.hash = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    }
    Ok(base)
}
