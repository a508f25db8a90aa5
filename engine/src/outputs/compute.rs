//! `compute`: the index, domains, rank and tier of every school.

use super::Outputs;
use crate::chart::Chart;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{index_headlines, index_rows, run_header, tier_counts};

/// Table `schools` (per school, made as it is written); no summary; the index distribution
/// and, with coordinates, the map.
pub fn compute(c: &Computation) -> Outputs<'_> {
    let mut out = Outputs::new(Meta::of(c));
    out.text = format!("{}{}", run_header(c), tier_counts(c));
    out.missing = c.formula.missing_text.clone();
    out.findings = index_headlines(c);
    out.lazy(index_rows(c));
    out.charts.push(Chart::index_distribution(c));
    out.charts.extend(Chart::school_map(c));
    out
}
