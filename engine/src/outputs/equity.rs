//! `equity`: is the money fair? The horizontal and vertical equity statistics of a run's money
//! (or of a baseline, a proposal and the change), for every row and each area.

use super::Outputs;
use crate::analysis::Run;
use crate::analysis::equity::Equity;
use crate::chart::Chart;
use crate::export::Meta;
use crate::view::{
    EquitySummary, equity_findings, equity_text, horizontal_table, run_header, vertical_table,
};

/// Tables `horizontal` (every area and run: range, percentiles, federal range ratio, McLoone,
/// Verstegen, CV, Gini, Theil and its split) and `vertical` (every area, run and dimension:
/// progressivity ratio, quartile gap, correlation, slope, elasticity, predicted ratio, with
/// `_low`/`_high` 90% intervals when drawn). Summary `summary`. A chart of each area's
/// progressivity ratio per share of pupils. `runs` are the runs `e` was computed from.
pub fn equity<'a>(e: &Equity, runs: &[&Run]) -> Outputs<'a> {
    let c = &runs[0].computation;
    let meta = match runs {
        [a, b] => Meta::compared(&a.computation, &a.label, &b.computation, &b.label),
        _ => Meta::of(c),
    };
    let mut out = Outputs::new(meta);
    out.held(horizontal_table(e));
    out.held(vertical_table(e));
    out.summary_as("summary", EquitySummary::of(e));
    out.text = run_header(c);
    out.text.push('\n');
    out.text.push_str(&equity_text(e));
    out.findings = equity_findings(e);
    out.charts = (0..e.dimensions().len()).filter_map(|d| Chart::progressivity(e, d)).collect();
    out
}
