//! The header every command prints about its run, and the tier counts.

use crate::index::Computation;
use crate::num::human;
use crate::table::{Cell, Table, TableName};

/// Formula, scenarios, data, notes, schools without an index and warnings (the first ten).
pub fn run_header(c: &Computation) -> String {
    run_header_with(c, 10)
}

/// [`run_header`] listing at most `max_warnings` warnings.
pub fn run_header_with(c: &Computation, max_warnings: usize) -> String {
    let f = &c.formula;
    let mut s = format!("formula {} ({}) — {}\n", f.name, f.hash, f.title);
    if !f.scenarios.is_empty() {
        s.push_str(&format!("scenarios: {}\n", f.scenarios.join(", ")));
    }
    s.push_str(&format!(
        "data {} ({}): {} {}\n",
        c.district.source,
        c.district.source_hash,
        c.len(),
        c.unit_plural()
    ));
    for n in c.district.notes() {
        s.push_str(&format!("note: {n}\n"));
    }
    let no_index = c.index.iter().filter(|x| x.is_nan()).count();
    if no_index > 0 {
        let verb = if no_index == 1 {
            format!("{} has", c.unit())
        } else {
            format!("{} have", c.unit_plural())
        };
        s.push_str(&format!("{no_index} {verb} no index (see the reason column)\n"));
    }
    let (fewer, scored) = c.scored_on_fewer();
    if fewer > 0 {
        s.push_str(&format!(
            "{fewer} of {scored} {} ({}) were scored on fewer than all their indicators (a value missing; `seni validate` lists each indicator's coverage)\n",
            c.unit_plural(),
            percent(fewer, scored)
        ));
    }
    if !c.warnings.is_empty() {
        let n = c.warnings.len();
        s.push_str(&format!("{n} {}:\n", if n == 1 { "warning" } else { "warnings" }));
        // What changes money or tiers is listed whole and first; the rest up to the limit.
        let shown = c.consequential.max(max_warnings.min(n));
        for w in &c.warnings[..shown] {
            s.push_str(&format!("  warning: {w}\n"));
        }
        if n > shown {
            let more = n - shown;
            s.push_str(&format!(
                "  … and {more} more (all are in the JSON metadata and `seni validate`)\n"
            ));
        }
    }
    s
}

/// "schools by tier:" and a line per tier.
pub fn tier_counts(c: &Computation) -> String {
    let Some(t) = &c.formula.tiers else { return String::new() };
    let mut s = format!("{} by tier:\n", c.unit_plural());
    for (i, name) in t.names.iter().enumerate() {
        let count = (0..c.len()).filter(|&r| c.tier(r) == Some(i)).count();
        s.push_str(&format!("  {name:<24} {count:>6}\n"));
    }
    s
}

/// `part` of `whole` as a percentage with one decimal.
pub(crate) fn percent(part: usize, whole: usize) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole.max(1) as f64)
}

/// Each indicator's coverage: schools with a value, missing, imputed, not applicable, and the
/// range of the raw values.
pub fn coverage_table(c: &Computation) -> Table {
    let cells = c
        .coverage()
        .into_iter()
        .map(|k| {
            vec![
                Cell::Text(k.id),
                Cell::Int(k.present as i64),
                Cell::Int(k.missing as i64),
                Cell::Int(k.imputed as i64),
                Cell::Int(k.not_applicable as i64),
                Cell::Text(human(k.range.0)),
                Cell::Text(human(k.range.1)),
            ]
        })
        .collect();
    let columns = ["indicator", "present", "missing", "imputed", "not_applicable", "min", "max"];
    Table::new(TableName::Coverage, &columns, cells)
}
