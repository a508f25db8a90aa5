//! Loading a run: formula with scenarios and overrides, data, index, and allocation.

use super::args::RunArgs;
use crate::allocate::{AllocationResult, allocate};
use crate::analysis::compare::Run;
use crate::data::District;
use crate::error::{Error, Result};
use crate::formula::{Formula, FormulaSource};
use crate::index::{Computation, compute};
use crate::num::parse_amount;
use std::path::Path;

/// Loads the formula (with scenarios and overrides) and the data, and computes the index.
pub(crate) fn load_and_compute(run: &RunArgs, extra_sets: &[String]) -> Result<Computation> {
    load_and_compute_with(run, extra_sets, &|_| false)
}

/// As [`load_and_compute`], also reading the numeric columns `extra` accepts.
pub(crate) fn load_and_compute_with(
    run: &RunArgs,
    extra_sets: &[String],
    extra: &dyn Fn(&str) -> bool,
) -> Result<Computation> {
    let mut sets = run.sets();
    sets.extend_from_slice(extra_sets);
    let formula = Formula::load(&run.source(), &run.scenario, &sets)?;
    let district = District::load_with(&run.data, &formula, extra)?;
    compute(&formula, district)
}

/// `--budget AMOUNT` as an override of `allocation.budget` that names `--budget` as its origin.
pub(crate) fn budget_set(budget: Option<&str>) -> Result<Vec<String>> {
    Ok(match budget {
        Some(b) => {
            parse_amount(b)?;
            vec![option_set(&format!("--budget {}", b.trim()), &format!("budget={}", b.trim()))]
        }
        None => Vec::new(),
    })
}

/// An override of a formula key by a command-line option, named as the user typed the option.
pub(crate) fn option_set(option: &str, assignment: &str) -> String {
    format!("{option} => {assignment}")
}

/// Student-group count columns: `*_count` unless the user names them.
pub(crate) fn group_columns(name: &str, named: &[String]) -> bool {
    if named.is_empty() { name.ends_with("_count") } else { named.iter().any(|g| g == name) }
}

/// The allocation, when the formula allocates.
pub(crate) fn allocation_if_any(c: &Computation) -> Result<Option<AllocationResult>> {
    if c.formula.allocates() { allocate(c).map(Some) } else { Ok(None) }
}

/// The formula of one side of a comparison: `base`, a bundled formula, a formula file or a
/// scenario file (applied on top of the --formula).
fn resolve_formula(spec: &str, run: &RunArgs, sets: &[String]) -> Result<Formula> {
    let mut all_sets = run.sets();
    all_sets.extend_from_slice(sets);
    let path = Path::new(spec);
    if spec == "base" {
        return Formula::load(&run.source(), &run.scenario, &all_sets);
    }
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(spec, e, "give a formula or scenario .toml file"))?;
        let is_scenario = toml::from_str::<toml::Table>(&text)
            .map(|t| t.contains_key("scenario"))
            .unwrap_or(false);
        if is_scenario {
            let mut scenarios = run.scenario.clone();
            scenarios.push(path.to_path_buf());
            return Formula::load(&run.source(), &scenarios, &all_sets);
        }
        return Formula::load(&FormulaSource::Path(path.to_path_buf()), &[], &all_sets);
    }
    if Formula::bundled_names().contains(&spec) {
        return Formula::load(&FormulaSource::Bundled(spec.to_string()), &[], &all_sets);
    }
    Err(Error::usage(
        format!("'{spec}' is not `base`, a bundled formula, or a .toml file"),
        "give e.g. `seni compare base examples/budget-900m.toml` or two formula names",
    ))
}

/// One side of a comparison, computed and allocated on the run's data.
pub(crate) fn resolve_run(spec: &str, run: &RunArgs, sets: &[String]) -> Result<Run> {
    let formula = resolve_formula(spec, run, sets)?;
    let district = District::load(&run.data, &formula)?;
    let c = compute(&formula, district)?;
    let allocation = allocation_if_any(&c)?;
    Ok(Run::new(c, allocation))
}
