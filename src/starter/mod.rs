//! `seni init`: a commented starter formula from a data file. Each column is profiled (numbers,
//! texts, distinct values, range), its role guessed (id, name, group, enrolment, coordinates,
//! indicator with unit, direction and domain), and every guess written with its reason.

mod guess;
mod profile;
mod write;

use crate::data::{RawTable, Want, read_csv_select};
use crate::error::Result;
use std::collections::HashSet;
use std::path::Path;

/// The starter formula for a data file, and a summary of what was guessed.
pub(crate) fn starter(path: &Path, name: &str) -> Result<(String, String)> {
    let table = read_csv_select(path, &|_| Some(Want::Text), &[])?;
    let profiles = profile::profiles(&table)?;
    let g = guess::guess(&profiles, &|a, b| unique_pair(&table, a, b));
    let toml = write::starter_toml(&g, name, &path.display().to_string());
    Ok((toml, summary(&g)))
}

/// Whether two columns together are unique in every row.
fn unique_pair(t: &RawTable, a: &str, b: &str) -> bool {
    let (Ok(x), Ok(y)) = (t.text(a), t.text(b)) else { return false };
    let mut seen = HashSet::new();
    x.iter().zip(&y).all(|(p, q)| seen.insert((p, q)))
}

/// What was guessed, in a few lines.
fn summary(g: &guess::Guess) -> String {
    let role = |p: &Option<guess::Pick>| p.as_ref().map_or("–".to_string(), |p| p.column.clone());
    let ids: Vec<&str> = g.id.iter().map(|p| p.column.as_str()).collect();
    let mut s = format!(
        "id {} · name {} · group {} · enrolment {}",
        ids.join(" + "),
        role(&g.name),
        role(&g.group),
        role(&g.enrolment)
    );
    if let Some((a, b)) = &g.coordinates {
        s.push_str(&format!(" · coordinates {} / {}", a.column, b.column));
    }
    let domains: HashSet<&str> = g.indicators.iter().map(|i| i.domain).collect();
    s.push_str(&format!(
        "\n{} indicators in {} domains; {} columns not used (listed at the end of the file)\n",
        g.indicators.len(),
        domains.len(),
        g.skipped.len()
    ));
    s
}
