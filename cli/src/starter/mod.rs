//! `seni init`: a commented starter formula from a data file. Each column is profiled (numbers,
//! texts, distinct values, range), its role guessed (id, name, group, enrolment, coordinates,
//! indicator with unit, direction and domain), and every guess written with its reason.

mod guess;
mod profile;
mod write;

use seni::data::TextTable;
use seni::error::{Error, Location, Result};
use std::collections::{HashMap, HashSet};

/// The starter formula for a data file's bytes (`source` names it), a summary of what was
/// guessed, and warnings about the guesses. An error when no column can be the id or an
/// indicator, saying why.
pub(crate) fn starter(
    source: &str,
    bytes: &[u8],
    name: &str,
) -> Result<(String, String, Vec<String>)> {
    let table = TextTable::read(source, bytes.to_vec())?;
    let at = || Location::file(source);
    if table.rows() < 2 {
        let fix = "give the file a row per school: a need index ranks schools against each other";
        return Err(Error::data(at(), "the file has only 1 row", fix));
    }
    let profiles = profile::profiles(&table)?;
    let mut g = guess::guess(&profiles, &|cols| first_repeat(&table, cols)).map_err(|why| {
        Error::data(
            at(),
            why,
            "give every school its own id (one row per school, or per school and year)",
        )
    })?;
    g.id_width = id_width(&table, &g.id.column);
    if g.indicators.is_empty() {
        return Err(no_indicator(source, &g));
    }
    let toml = write::starter_toml(&g, name, source);
    Ok((toml, summary(&g), g.warnings.clone()))
}

/// No column could be an indicator: each column and why.
fn no_indicator(source: &str, g: &guess::Guess) -> Error {
    let roles =
        [Some(&g.id), g.period.as_ref(), g.name.as_ref(), g.group.as_ref(), g.enrolment.as_ref()];
    let mut why: Vec<String> =
        roles.into_iter().flatten().map(|p| format!("{} is {}", p.column, p.why)).collect();
    why.extend(g.skipped.iter().map(|(c, w)| format!("{c}: {w}")));
    Error::data(
        Location::file(source),
        format!("no column can be an indicator ({})", why.join("; ")),
        "an indicator is a column of numbers that differ between schools (a rate, a share, a score); add one, or write the formula by hand (formulas/README.md)",
    )
}

/// Numeric ids of different lengths, or with leading zeros, are zero-padded to the longest:
/// another file of the same schools (or a person typing one) often drops the zeros, and a join
/// by id must not lose them.
fn id_width(t: &TextTable, column: &str) -> Option<(usize, String)> {
    let cells = t.text(column).ok()?;
    let ids: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
    let numeric = |s: &&str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !ids.iter().all(numeric) {
        return None;
    }
    let shortest = ids.iter().map(|s| s.len()).min()?;
    let longest = ids.iter().map(|s| s.len()).max()?;
    let zero = ids.iter().find(|s| s.len() > 1 && s.starts_with('0'));
    let why = match zero {
        Some(z) => format!("numeric ids with leading zeros ('{z}'): another file may drop them"),
        None if shortest < longest => format!("numeric ids of {shortest} to {longest} digits"),
        None => return None,
    };
    Some((longest, format!("{why}; padded to {longest} digits so every file's ids match")))
}

/// The first key of `columns` that two rows share: its text and the two data rows (1-based).
fn first_repeat(t: &TextTable, columns: &[&str]) -> Option<(String, usize, usize)> {
    let cells: Vec<Vec<String>> = columns.iter().map(|c| t.text(c)).collect::<Result<_>>().ok()?;
    let mut seen: HashMap<Vec<&str>, usize> = HashMap::new();
    (0..t.rows()).find_map(|r| {
        let key: Vec<&str> = cells.iter().map(|c| c[r].trim()).collect();
        let text = key.join(" / ");
        seen.insert(key, r).map(|first| (text, first + 1, r + 1))
    })
}

/// What was guessed, in a few lines.
fn summary(g: &guess::Guess) -> String {
    let role = |p: &Option<guess::Pick>| p.as_ref().map_or("–".to_string(), |p| p.column.clone());
    let mut s = format!(
        "id {}{} · name {} · group {} · enrolment {}",
        g.id.column,
        g.period.as_ref().map(|p| format!(" · period {}", p.column)).unwrap_or_default(),
        role(&g.name),
        role(&g.group),
        role(&g.enrolment)
    );
    if let Some((a, b)) = &g.coordinates {
        s.push_str(&format!(" · coordinates {} / {}", a.column, b.column));
    }
    let domains: HashSet<&str> = g.indicators.iter().map(|i| i.domain.id()).collect();
    s.push_str(&format!(
        "\n{} indicators in {} domains; {} columns not used (listed at the end of the file)\n",
        g.indicators.len(),
        domains.len(),
        g.skipped.len()
    ));
    s
}
