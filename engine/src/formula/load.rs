//! Loading a formula: read the source, apply scenarios and overrides, check.

use super::change::Change;
use super::check::check;
use super::checked::Formula;
use super::layers::{Layer, LoadedSpec, ScenarioText};
use super::source::FormulaSource;
use crate::error::Result;
use std::path::PathBuf;

impl Formula {
    /// Loads and checks a formula file (a path or a bundled name).
    pub fn from_path(path: impl Into<PathBuf>) -> Result<Formula> {
        let path: PathBuf = path.into();
        let source = FormulaSource::parse(&path.to_string_lossy());
        Formula::load(&source, &[], &[])
    }

    /// Loads a bundled formula by name (see [`Formula::bundled_names`]).
    pub fn bundled(name: &str) -> Result<Formula> {
        Formula::load(&FormulaSource::Bundled(name.to_string()), &[], &[])
    }

    /// Loads a formula, applies scenario files then changes, and checks the result; every
    /// problem found is reported at once, with its file and line (or the change's origin).
    pub fn load(
        source: &FormulaSource,
        scenarios: &[PathBuf],
        changes: &[Change],
    ) -> Result<Formula> {
        check(LoadedSpec::load(source, scenarios, changes)?)
    }

    /// Loads a formula, applies scenarios given as `(name in messages, TOML text)` then changes,
    /// and checks the result (for front ends without files, such as the what-if page).
    pub fn load_texts(
        source: &FormulaSource,
        scenarios: &[(String, String)],
        changes: &[Change],
    ) -> Result<Formula> {
        let texts: Vec<ScenarioText> = scenarios
            .iter()
            .map(|(origin, text)| {
                let stem = origin.rsplit('/').next().unwrap_or(origin);
                let stem = stem.strip_suffix(".toml").unwrap_or(stem).to_string();
                ScenarioText { origin: origin.clone(), stem, text: text.clone() }
            })
            .collect();
        check(LoadedSpec::load_texts(source, &texts, changes)?)
    }

    /// This formula with `changes` applied after its own layers, checked again: the formula
    /// (and hash) [`Formula::load`] gives for its source, scenarios and changes followed by
    /// these.
    pub fn with_changes(&self, changes: &[Change]) -> Result<Formula> {
        let mut layers = self.loaded.layers.clone();
        layers.extend(changes.iter().map(Layer::from_change));
        check(LoadedSpec::from_layers(layers, self.loaded.scenarios.clone())?)
    }

    /// Parses and checks a formula text; `origin` names it in messages.
    pub fn from_text(origin: &str, text: &str) -> Result<Formula> {
        check(LoadedSpec::from_text(origin, text)?)
    }
}

impl Formula {
    /// The hash of this formula with `changes` applied on top (e.g. the parameters a solve
    /// found), as `--set` would give it.
    pub(crate) fn hash_with(&self, changes: &[Change]) -> Result<String> {
        let mut layers = self.loaded.layers.clone();
        layers.extend(changes.iter().map(super::layers::Layer::from_change));
        Ok(LoadedSpec::from_layers(layers, self.loaded.scenarios.clone())?.hash())
    }
}
