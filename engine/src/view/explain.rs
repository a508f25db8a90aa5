//! An explanation in words (the default output of `seni explain`) and as JSON.

use crate::allocate::Bound;
use crate::analysis::explain::{Explanation, IndicatorLine, Status, TierMove};
use crate::index::Computation;
use crate::num::{dollars, human};
use serde::Serialize;
use std::fmt::Write;

/// The JSON document of an explanation: metadata and the school.
#[derive(Debug, Serialize)]
pub struct ExplainJson<'a> {
    metadata: ExplainMeta<'a>,
    school: &'a Explanation,
}

#[derive(Debug, Serialize)]
struct ExplainMeta<'a> {
    formula: &'a str,
    formula_hash: &'a str,
    data: &'a str,
    data_hash: &'a str,
    seni_version: &'static str,
}

impl<'a> ExplainJson<'a> {
    /// The JSON document of an explanation of a school of `c`.
    pub fn new(c: &'a Computation, e: &'a Explanation) -> ExplainJson<'a> {
        let metadata = ExplainMeta {
            formula: &c.formula.name,
            formula_hash: &c.formula.hash,
            data: &c.district.source,
            data_hash: &c.district.source_hash,
            seni_version: env!("CARGO_PKG_VERSION"),
        };
        ExplainJson { metadata, school: e }
    }
}

/// Plain-language text of an explanation.
pub fn explain_text(e: &Explanation, formula: &str, hash: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", school_line(e));
    let _ = writeln!(s, "formula {formula} ({hash})\n");
    standing(&mut s, e);
    contributions(&mut s, e);
    s.push('\n');
    moves(&mut s, e);
    if let Some(total) = e.total {
        money(&mut s, e, total);
    }
    s
}

/// "Name (id, group)".
fn school_line(e: &Explanation) -> String {
    let group = e.group.as_ref().map(|g| format!(", {g}")).unwrap_or_default();
    format!("{} ({}{group})", e.name, e.id)
}

/// The opening lines of an explanation: the school, the formula, its standing, and the heading of
/// the contributions (for a report's summary).
pub(crate) fn explain_lead(e: &Explanation, formula: &str, hash: &str) -> Vec<String> {
    let mut s = String::new();
    standing(&mut s, e);
    let mut lines = vec![school_line(e), format!("formula {formula} ({hash})")];
    lines.extend(s.lines().map(str::to_string));
    lines.push(CONTRIBUTIONS_HEADING.to_string());
    lines.truncate(4);
    lines
}

const CONTRIBUTIONS_HEADING: &str =
    "How the index is built (contributions add up to the index score):";

/// Index, rank and tier (or why there is no index).
fn standing(s: &mut String, e: &Explanation) {
    match (e.index, e.rank) {
        (Some(ix), Some(rank)) => {
            let _ = write!(
                s,
                "Need index {} — rank {rank} of {} (1 = highest need)",
                human(ix),
                e.ranked
            );
            if let Some(t) = &e.tier {
                let _ = write!(s, " — tier: {t}");
            }
            s.push('\n');
        }
        _ => {
            let _ = writeln!(s, "No index: {}", e.reason.as_deref().unwrap_or("missing values"));
        }
    }
    if e.index_score.is_some() && e.index_score != e.index {
        let _ = writeln!(
            s,
            "(the index is the re-normalised score {})",
            human(e.index_score.unwrap_or(f64::NAN))
        );
    }
}

fn or_dash(x: Option<f64>) -> String {
    x.map(human).unwrap_or_else(|| "–".into())
}

/// The table of domains and indicators with their contributions.
fn contributions(s: &mut String, e: &Explanation) {
    let _ = writeln!(s, "\n{CONTRIBUTIONS_HEADING}");
    let _ = writeln!(
        s,
        "  {:<44} {:>12} {:>10} {:>8} {:>12}",
        "indicator", "raw", "normalised", "weight", "contribution"
    );
    for d in &e.domains {
        let lines = wrap(&format!("[{}]", d.label), 44);
        let _ = writeln!(
            s,
            "  {:<44} {:>12} {:>10} {:>8} {:>12}",
            lines[0],
            "",
            or_dash(d.score),
            "",
            or_dash(d.to_index)
        );
        for more in &lines[1..] {
            let _ = writeln!(s, "   {more}");
        }
        for l in e.indicators.iter().filter(|l| l.domain == d.id) {
            indicator_row(s, l);
        }
    }
    for l in e.indicators.iter().filter(|l| !e.domains.iter().any(|d| d.id == l.domain)) {
        indicator_row(s, l);
    }
    if let Some(sum) = e.contributions_sum {
        let _ = writeln!(s, "  {:<44} {:>43}", "sum of contributions", human(sum));
    }
}

fn indicator_row(s: &mut String, l: &IndicatorLine) {
    indicator_values_row(s, l);
    if let Some(note) = &l.note {
        let _ = writeln!(s, "      (no value: {note})");
    }
}

fn indicator_values_row(s: &mut String, l: &IndicatorLine) {
    let raw = match (l.raw, l.status) {
        (_, Status::NotApplicable) => "n/a".to_string(),
        (Some(r), Status::Imputed) => format!("{} (imputed)", human(r)),
        (Some(r), _) => human(r),
        (None, _) => "missing".to_string(),
    };
    let lines = wrap(&l.label, 42);
    let _ = writeln!(
        s,
        "    {:<42} {raw:>12} {:>10} {:>8} {:>12}",
        lines[0],
        or_dash(l.value),
        or_dash(l.weight),
        or_dash(l.to_index.or(l.to_domain))
    );
    for more in &lines[1..] {
        let _ = writeln!(s, "      {more}");
    }
}

/// Words in lines of at most `width` characters (a longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if last.is_empty() {
            last.push_str(word);
        } else if last.chars().count() + 1 + word.chars().count() <= width {
            last.push(' ');
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

/// The nearest tier boundaries up and down.
fn moves(s: &mut String, e: &Explanation) {
    for (way, m, edge) in [("up", &e.up, "top"), ("down", &e.down, "bottom")] {
        match (m, &e.tier) {
            (Some(m), _) => move_text(s, way, m),
            (None, Some(t)) => {
                let way = if way == "up" { "Up" } else { "Down" };
                let _ = writeln!(s, "{way}: already in the {edge} tier ({t}).");
            }
            _ => {}
        }
    }
    if e.up.is_some() || e.down.is_some() {
        let _ = writeln!(s, "(holding every other school's values and the tier cut-offs fixed)");
    }
}

fn move_text(s: &mut String, way: &str, m: &TierMove) {
    let plural = if m.schools_between == 1 { "" } else { "s" };
    let _ = writeln!(
        s,
        "{}: {} index points to {} (passing {} school{plural}).",
        if way == "up" { "Up" } else { "Down" },
        human(m.index_gap.abs()),
        m.tier,
        m.schools_between,
    );
    match m.changes.first() {
        Some(ch) => {
            let _ = writeln!(
                s,
                "  smallest single change: {} from {} to {} (normalised {} → {})",
                ch.label,
                human(ch.from_raw),
                human(ch.to_raw),
                human(ch.from_value),
                human(ch.to_value)
            );
            for ch in m.changes.iter().skip(1).take(3) {
                let _ = writeln!(
                    s,
                    "  or: {} from {} to {}",
                    ch.label,
                    human(ch.from_raw),
                    human(ch.to_raw)
                );
            }
        }
        None => {
            let _ = writeln!(s, "  no single indicator can do it alone (none possible).");
        }
    }
}

/// Money by program, hold-harmless, total, per pupil and prior year.
fn money(s: &mut String, e: &Explanation, total: i64) {
    let _ = writeln!(s, "\nMoney:");
    for m in &e.money {
        let b = if m.bound == Bound::None {
            String::new()
        } else {
            format!(" (set by the {} rule)", m.bound.as_str())
        };
        let _ = writeln!(s, "  {:<40} {:>18}{b}", m.label, dollars(m.cents));
    }
    if let Some(h) = e.hold_harmless {
        let _ = writeln!(s, "  {:<40} {:>18}", "hold-harmless (on top)", dollars(h));
    }
    let _ = writeln!(s, "  {:<40} {:>18}", "total", dollars(total));
    if let Some(p) = e.pupils.filter(|p| *p > 0.0) {
        let label = format!("per pupil ({} pupils)", human(p));
        let _ = writeln!(s, "  {label:<40} {:>18}", dollars((total as f64 / p).round() as i64));
    }
    if let Some(prior) = e.prior {
        let _ = writeln!(
            s,
            "  {:<40} {:>18}   change {}",
            "prior year",
            dollars(prior),
            dollars(total - prior)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn labels_wrap_between_words() {
        assert_eq!(
            wrap("Black/white out-of-school-suspension risk ratio", 42),
            ["Black/white out-of-school-suspension risk", "ratio"]
        );
        assert_eq!(wrap("Students", 42), ["Students"]);
        assert_eq!(
            wrap("a-very-long-word-without-spaces b", 10),
            ["a-very-long-word-without-spaces", "b"]
        );
    }
}
