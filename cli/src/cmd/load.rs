//! Loading a run: formula with scenarios and overrides, data, index, and allocation.

use super::args::RunArgs;
use seni::Run;
use seni::data::District;
use seni::error::{Error, Result};
use seni::formula::Amount;
use seni::formula::{Change, Formula, FormulaSource, Origin};
use seni::index::{Computation, compute};
use std::path::Path;

/// The run's formula: --formula, then --scenario files, then --set and --period, then `extra`.
pub(crate) fn load_formula(run: &RunArgs, extra: &[Change]) -> Result<Formula> {
    let mut changes = run.changes()?;
    changes.extend_from_slice(extra);
    Formula::load(&run.source(), &run.scenario, &changes)
}

/// Loads the formula (with scenarios and changes) and the data, and computes the index.
pub(crate) fn load_and_compute(run: &RunArgs, extra: &[Change]) -> Result<Computation> {
    load_and_compute_with(run, extra, &|_| false)
}

/// As [`load_and_compute`], also reading the numeric columns `columns` accepts.
pub(crate) fn load_and_compute_with(
    run: &RunArgs,
    extra: &[Change],
    columns: &dyn Fn(&str) -> bool,
) -> Result<Computation> {
    let formula = load_formula(run, extra)?;
    let district = District::load_with(&run.data, &formula, columns)?;
    compute(&formula, district)
}

/// `--budget AMOUNT` as the change of `allocation.budget`, named `--budget AMOUNT`.
pub(crate) fn budget_change(budget: Option<&str>) -> Result<Vec<Change>> {
    Ok(match budget {
        Some(b) => {
            let origin = Origin::Flag(format!("--budget {}", b.trim()));
            let amount = Amount::parse(b).map_err(|e| e.from_origin(&origin.to_string()))?;
            vec![Change::budget(amount, origin)]
        }
        None => Vec::new(),
    })
}

/// The formula of one side of a comparison: `base`, a bundled formula, a formula file (one with
/// `[formula]`) or a scenario file (any other .toml: applied on top of the --formula).
fn resolve_formula(spec: &str, run: &RunArgs, extra: &[Change]) -> Result<Formula> {
    let mut all_sets = run.changes()?;
    all_sets.extend_from_slice(extra);
    let path = Path::new(spec);
    if spec == "base" {
        return Formula::load(&run.source(), &run.scenario, &all_sets);
    }
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(spec, e, "give a formula or scenario .toml file"))?;
        // A formula names itself in [formula]; any other file is a scenario over the --formula
        // (with or without a [scenario] table).
        let is_formula = toml::from_str::<toml::Table>(&text)
            .map(|t| t.contains_key("formula") && !t.contains_key("scenario"))
            .unwrap_or(false);
        if !is_formula {
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
pub(crate) fn resolve_run(spec: &str, run: &RunArgs, extra: &[Change]) -> Result<Run> {
    let formula = resolve_formula(spec, run, extra)?;
    let district = District::load(&run.data, &formula)?;
    seni::run(&formula, district)
}
