//! `validate`: the data read against a formula — every warning, and each indicator's coverage.

use super::Outputs;
use crate::export::Meta;
use crate::index::Computation;
use crate::view::{coverage_table, run_header_with};

/// Table `coverage` (schools with a value, missing, imputed, not applicable, and the range of
/// each indicator's raw values); the text lists every warning.
pub fn validate(c: &Computation) -> Outputs<'_> {
    let mut out = Outputs::new(Meta::of(c));
    let coverage = coverage_table(c);
    out.text = format!(
        "{}coverage by indicator ({}):\n{}",
        run_header_with(c, usize::MAX),
        c.unit_plural(),
        coverage.aligned()
    );
    out.held(coverage);
    out
}
