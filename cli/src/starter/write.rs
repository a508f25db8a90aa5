//! The starter formula as commented TOML: every guess says it is one and why.

use super::guess::{Domain, Guess, Pick, Proposal, Unit};
use std::collections::HashSet;
use std::fmt::Write;
use strum::IntoEnumIterator;

/// A TOML string literal.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A key usable as a bare TOML key and an output column: lower case, `_` for anything else.
fn key(column: &str, used: &mut HashSet<String>) -> String {
    let mut k: String = column
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    k = k.trim_matches('_').to_string();
    if k.is_empty() || k.starts_with(|c: char| c.is_ascii_digit()) {
        k = format!("x_{k}");
    }
    let base = k.clone();
    let mut n = 2;
    while !used.insert(k.clone()) {
        k = format!("{base}_{n}");
        n += 1;
    }
    k
}

/// "pct_frpl" → "Pct frpl".
fn label(column: &str) -> String {
    let words = column.replace(['_', '.'], " ");
    let mut c = words.trim().chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The starter formula for a data file.
pub(crate) fn starter_toml(g: &Guess, name: &str, source: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# A starter formula written by `seni init --data {source}`.\n# Every line marked `guess:` is a guess from the column names and values: check each one,\n# then run `seni validate -f THIS_FILE -d {source}`. Reference: formulas/README.md.\n"
    );
    let _ = writeln!(s, "[formula]\nname = {}", quote(name));
    let file =
        std::path::Path::new(source).file_name().map_or(source.into(), |f| f.to_string_lossy());
    let _ = writeln!(s, "title = {}", quote(&format!("Need index for {file} (starter)")));
    let _ = writeln!(
        s,
        "description = {}",
        quote("Starter formula guessed by seni init: check every guess")
    );
    let _ = writeln!(
        s,
        "notes = [\n  \"Every indicator is a percentile rank among the schools (rank/n, tied values share the average rank).\",\n  \"Domains weigh equally; a school needs half of a domain's indicators and any one domain.\",\n  \"Tiers: quintiles of the index.\",\n]\n"
    );
    data_section(&mut s, g);
    let domains = domain_sections(&mut s, g);
    indicator_sections(&mut s, g);
    let _ = writeln!(
        s,
        "# ---------------------------------------------------------------- index and tiers\n[index]\nlabel = \"Need index\"\noutput = \"need_index\"\nmissing = \"drop\"\n{}\n[tiers]\nmethod = \"quantile\"\nk = 5\nnames = [\"Highest need\", \"High need\", \"Moderate need\", \"Low need\", \"Lowest need\"]\n",
        if domains > 1 { "# A school needs at least one domain.\n" } else { "" }
    );
    allocation_comment(&mut s, g);
    audit_comment(&mut s, g);
    skipped_comment(&mut s, g);
    s
}

fn pick_line(s: &mut String, key: &str, p: &Pick) {
    let line = format!("{key} = {}", quote(&p.column));
    let _ = writeln!(s, "{line:<36} # guess: {}", p.why);
}

fn data_section(s: &mut String, g: &Guess) {
    let _ = writeln!(s, "[data]");
    pick_line(s, "id", &g.id);
    if let Some((width, why)) = &g.id_width {
        let _ = writeln!(s, "{:<36} # guess: {why}", format!("id_width = {width}"));
    }
    if let Some(p) = &g.period {
        pick_line(s, "period", p);
    }
    for (k, p) in [("name", &g.name), ("group", &g.group), ("enrolment", &g.enrolment)] {
        match p {
            Some(p) if k == "enrolment" && !g.enrolment_complete => {
                s.push_str("# ");
                pick_line(s, k, p);
            }
            Some(p) => pick_line(s, k, p),
            None => {
                let _ =
                    writeln!(s, "# {k} = \"COLUMN\"            # guess: no column looked like one");
            }
        }
    }
    if let Some((lat, lon)) = &g.coordinates {
        pick_line(s, "latitude", lat);
        pick_line(s, "longitude", lon);
    }
    if !g.markers.is_empty() {
        let m: Vec<String> = g.markers.iter().take(20).map(|x| quote(x)).collect();
        let _ = writeln!(
            s,
            "missing_values = [{}]   # guess: texts (or reserve codes) found in numeric columns",
            m.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "# Implausible values (a percentage above 100, a count above the enrolment) are warnings.\nchecks = {{ enrolment = \"warn\" }}\n"
    );
}

/// The domains the indicators fall in; returns how many.
fn domain_sections(s: &mut String, g: &Guess) -> usize {
    let used: Vec<Domain> =
        Domain::iter().filter(|d| g.indicators.iter().any(|i| i.domain == *d)).collect();
    let _ = writeln!(
        s,
        "# ---------------------------------------------------------------- domains (guess: from the names)"
    );
    for d in &used {
        let (id, label) = (d.id(), d.label());
        let _ = writeln!(
            s,
            "[domains.{id}]\nlabel = {}\nmissing = \"drop\"\nmin_share = 0.5\n",
            quote(label)
        );
    }
    used.len()
}

fn indicator_sections(s: &mut String, g: &Guess) {
    let mut used = HashSet::new();
    let _ = writeln!(
        s,
        "# ---------------------------------------------------------------- indicators"
    );
    for p in &g.indicators {
        let id = key(&p.column, &mut used);
        let _ = writeln!(s, "{:<36} # guess: {}", format!("[indicators.{id}]"), p.why);
        let _ = writeln!(s, "label = {}", quote(&label(&p.column)));
        source_lines(s, p, g);
        let _ = writeln!(s, "domain = {}", quote(p.domain.id()));
        if p.lower_is_need {
            let _ = writeln!(s, "direction = \"lower\"");
        }
        let _ = writeln!(
            s,
            "normalise = {{ method = \"percentile\", form = \"rank/n\", ties = \"average\" }}\n"
        );
    }
}

fn source_lines(s: &mut String, p: &Proposal, g: &Guess) {
    let unit = match p.unit {
        Unit::Percent => "% of students",
        Unit::Share => "share of students",
        Unit::Percentile => "percentile",
        Unit::CountPer100 => "per 100 students",
        Unit::Value => "",
    };
    match (p.unit, &g.enrolment) {
        (Unit::CountPer100, Some(e)) => {
            let _ = writeln!(
                s,
                "numerator = {}\ndenominator = {}\nmultiplier = 100",
                quote(&p.column),
                quote(&e.column)
            );
        }
        _ => {
            let _ = writeln!(s, "column = {}", quote(&p.column));
            if let Some(m) = &p.moe {
                let _ = writeln!(
                    s,
                    "moe = {}   # guess: its margin of error (90%: set moe_level if not)",
                    quote(m)
                );
            }
        }
    }
    if !unit.is_empty() {
        let _ = writeln!(s, "unit = {}", quote(unit));
    }
}

fn allocation_comment(s: &mut String, g: &Guess) {
    let Some(e) = g.enrolment.as_ref().filter(|_| g.enrolment_complete) else { return };
    let _ = writeln!(
        s,
        "# ---------------------------------------------------------------- money (uncomment to allocate)\n# [allocation]\n# budget = 10_000_000\n# pupils = {}\n# [allocation.programs.equity]\n# kind = \"pot\"\n# weights = \"tier\"\n# tier_weights = {{ \"Highest need\" = 5, \"High need\" = 4, \"Moderate need\" = 3, \"Low need\" = 2, \"Lowest need\" = 1 }}\n",
        quote(&e.column)
    );
}

fn audit_comment(s: &mut String, g: &Guess) {
    if g.groups.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "# ---------------------------------------------------------------- student groups (for `seni audit`)\n# Race/ethnicity columns found: {}.\n# [audit]\n# groups = {{ GROUP = \"COLUMN\", … }}   # students of each group; see formulas/README.md\n",
        g.groups.join(", ")
    );
}

fn skipped_comment(s: &mut String, g: &Guess) {
    if g.skipped.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "# ---------------------------------------------------------------- columns not used"
    );
    for (c, why) in &g.skipped {
        let _ = writeln!(s, "# {c}: {why}");
    }
}
