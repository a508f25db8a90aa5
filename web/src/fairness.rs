//! "Is it fair?": the school-finance equity statistics (`seni equity`) of the money the what-if
//! moves — the allocation per pupil — as shipped and now; every number and sentence is the
//! engine's (`seni::outputs::equity`).

use crate::contract::{PageSection, PageTable};
use crate::table::{Shape, page_table};
use seni::analysis::equity::{EquityOptions, equity_config, equity_with};
use seni::formula::{EquityConfig, MoneyPart, money_label};
use seni::table::TableName;
use seni::{Run, outputs};

/// The horizontal statistics shown (those `seni equity` prints).
const HORIZONTAL: [&str; 11] = [
    "run",
    "mean",
    "median",
    "p5",
    "p95",
    "federal_range_ratio",
    "mcloone",
    "verstegen",
    "cv",
    "gini",
    "theil",
];

/// The vertical statistics shown, per dimension (those `seni equity` prints).
const VERTICAL: [&str; 10] = [
    "run",
    "dimension",
    "group_per_pupil",
    "others_per_pupil",
    "ratio",
    "lowest_quartile",
    "highest_quartile",
    "correlation",
    "elasticity",
    "predicted_ratio",
];

/// The section "Is it fair?" of one run (as shipped) or of the run as shipped and the what-if:
/// none when the formula allocates no money.
/// `total` is what the allocation's total is called (a state formula's "State cost");
/// `command` computes the statistics as shipped (`seni equity -f NAME`), when the page can name
/// it.
pub(crate) fn fairness(
    runs: &[&Run],
    total: Option<&str>,
    command: Option<&str>,
) -> Option<PageSection> {
    let first = runs.first()?;
    first.allocation()?;
    let f = first.computation().formula();
    let shipped = equity_config(f);
    let (cfg, moved) = judged(&shipped);
    let mut lines = vec![money_line(command, (&cfg, total), &shipped, moved, runs)];
    let e = match equity_with(runs, &cfg, &EquityOptions::default()) {
        Ok(e) => e,
        Err(err) => {
            lines.push(format!("The equity statistics could not be computed: {err}"));
            return Some(section(lines, Vec::new()));
        }
    };
    let o = outputs::equity(&e, runs);
    lines.extend(o.findings().iter().cloned());
    let mut tables = Vec::new();
    let per = e.battery_names().len();
    let named = |t: PageTable| if e.compares() { runs_named(t) } else { t };
    if let Some(t) = o.table(TableName::Horizontal) {
        let caption = format!("How equal the money per pupil is, across all {}", e.unit().1);
        tables.push((caption, named(page_table(t, &keep(&HORIZONTAL), 0..per))));
    }
    if let Some(t) = o.table(TableName::Vertical).filter(|_| !e.dimensions().is_empty()) {
        let caption = format!("Does the money follow need? Across all {}", e.unit().1);
        let rows = 0..per * e.dimensions().len();
        tables.push((caption, named(page_table(t, &keep(&VERTICAL), rows))));
    }
    Some(section(lines, tables))
}

fn section(lines: Vec<String>, tables: Vec<(String, PageTable)>) -> PageSection {
    PageSection { id: "fairness".into(), heading: "Is it fair?".into(), lines, tables }
}

fn keep<'a>(columns: &'a [&'a str]) -> Shape<'a> {
    Shape { keep: columns, ..Shape::default() }
}

/// The settings the page judges: the formula's `[equity]` when its money is the allocation (or
/// a program of it), else the same settings over the allocation per pupil (data columns, such
/// as today's revenue, do not move with a what-if). True when the money was replaced.
fn judged(shipped: &EquityConfig) -> (EquityConfig, bool) {
    if shipped.money.iter().any(|m| !matches!(m, MoneyPart::Column(_))) {
        return (shipped.clone(), false);
    }
    let money = vec![MoneyPart::Allocation];
    let label = money_label(&money, false);
    (EquityConfig { money, money_total: true, label, ..shipped.clone() }, true)
}

/// What money is judged, and the command that gives the same numbers.
fn money_line(
    command: Option<&str>,
    (cfg, total): (&EquityConfig, Option<&str>),
    shipped: &EquityConfig,
    moved: bool,
    runs: &[&Run],
) -> String {
    let money = if moved { " --money allocation" } else { "" };
    let (whose, run) = match runs {
        [_, now] => (
            "as shipped and with your what-if",
            format!(" base what-if-{}.toml", now.computation().formula().hash()),
        ),
        _ => ("as shipped", String::new()),
    };
    let same = match command {
        Some(c) => format!("the same numbers: {c}{run}{money}"),
        None => format!(
            "seni equity{run}{money} with this page's formula and data gives the same numbers"
        ),
    };
    let here = match total.filter(|_| is_allocation(cfg)) {
        Some(t) => format!(" (here: {t} per pupil)"),
        None => String::new(),
    };
    let mut s = format!("Money judged: {}{here}, {whose}; {same}.", cfg.label);
    if moved {
        let own = command.map_or_else(|| "seni equity".to_string(), str::to_string);
        s.push_str(&format!(
            " (The formula's own equity statistics judge {}, which a what-if does not change: {own}.)",
            shipped.label
        ));
    }
    s
}

/// Whether the money is the whole allocation.
fn is_allocation(cfg: &EquityConfig) -> bool {
    cfg.money == [MoneyPart::Allocation]
}

/// A comparison's runs named as the page names them: "as shipped", "now", "change".
fn runs_named(mut t: PageTable) -> PageTable {
    for row in &mut t.rows {
        let cell = &mut row.cells[0];
        match cell.t.as_str() {
            "baseline" => cell.t = "as shipped".into(),
            "proposal" => cell.t = "now".into(),
            _ => {}
        }
    }
    t
}
