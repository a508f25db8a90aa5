//! The checker: the loaded layers (to locate keys), the problems found and the data columns the
//! formula reads.

use crate::error::{Problems, choose};
use crate::formula::layers::LoadedSpec;
use crate::formula::model::ColumnUse;
use crate::grammar::Dollars;

/// Collects problems while checking one formula.
pub(super) struct Checker<'a> {
    pub(super) loaded: &'a LoadedSpec,
    /// Misspelt references found (an empty domain is then often a consequence, not a problem).
    pub(super) bad_refs: usize,
    pub(super) problems: Problems,
    pub(super) columns: Vec<ColumnUse>,
    /// The names an allocation's rules may use.
    pub(super) names: AllocNames,
}

/// The names an allocation's rules may use: parameters, schedules, weighted counts, and the
/// programs (every one, and those checked so far).
#[derive(Debug, Default)]
pub(super) struct AllocNames {
    pub(super) parameters: Vec<String>,
    pub(super) schedules: Vec<String>,
    pub(super) counts: Vec<String>,
    /// Every program id, waterfall parts included, in order.
    pub(super) programs: Vec<String>,
    /// The programs checked so far (the ones a rule may read).
    pub(super) earlier: Vec<String>,
}

/// `path` with `key` appended.
pub(super) fn at<'a>(path: &[&'a str], key: &'a str) -> Vec<&'a str> {
    let mut v = path.to_vec();
    v.push(key);
    v
}

impl<'a> Checker<'a> {
    pub(super) fn new(loaded: &'a LoadedSpec) -> Self {
        Checker {
            loaded,
            bad_refs: 0,
            problems: Problems::default(),
            columns: Vec::new(),
            names: AllocNames::default(),
        }
    }

    /// A problem at a key path of the formula.
    pub(super) fn err(
        &mut self,
        path: &[&str],
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let loc = self.loaded.locate(path);
        self.problems.push(loc, message, fix);
    }

    /// Records a data column the formula reads, and the key that asks for it.
    pub(super) fn column(&mut self, column: &str, numeric: bool, used_by: String, path: &[&str]) {
        let location = self.loaded.locate(path);
        self.columns.push(ColumnUse { column: column.to_string(), numeric, used_by, location });
    }

    /// The option named by the key at `path` (`default` when unset); a problem (and None) when
    /// the name is unknown.
    pub(super) fn pick_opt<T: Copy>(
        &mut self,
        path: &[&str],
        what: &str,
        value: Option<&str>,
        default: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        match choose(what, value.unwrap_or(default), options) {
            Ok(v) => Some(v),
            Err((message, fix)) => {
                self.err(path, message, fix);
                None
            }
        }
    }

    /// As [`Checker::pick_opt`], falling back to `fallback` after reporting an unknown name.
    pub(super) fn pick<T: Copy>(
        &mut self,
        path: &[&str],
        what: &str,
        value: Option<&str>,
        default: &str,
        options: &[(&str, T)],
    ) -> T {
        let fallback = options.iter().find(|(n, _)| *n == default).map(|(_, v)| *v);
        self.pick_opt(path, what, value, default, options)
            .unwrap_or_else(|| fallback.expect("the default is an option"))
    }

    /// Whether a weight-like value is finite and positive (a problem otherwise).
    pub(super) fn positive(&mut self, path: &[&str], value: f64, what: &str) -> bool {
        if value.is_finite() && value > 0.0 {
            true
        } else {
            let message = format!("{what} must be a positive number, got {value}");
            self.err(path, message, format!("set {what} > 0"));
            false
        }
    }

    /// Decimals to round to (at most 12).
    pub(super) fn round(&mut self, path: &[&str], r: Option<u32>) -> Option<u32> {
        if let Some(d) = r
            && d > 12
        {
            self.err(path, format!("cannot round to {d} decimals"), "use at most 12 decimals");
            return None;
        }
        r
    }

    /// An amount as written to whole cents; a problem (and 0) when it is negative, not an
    /// amount, or beyond the largest amount seni holds.
    pub(super) fn money(&mut self, path: &[&str], amount: &Dollars, what: &str) -> i64 {
        match amount.amount() {
            Ok(a) => a.cents(),
            Err(r) => {
                self.err(path, format!("{what}: {}", r.message), r.fix);
                0
            }
        }
    }
}

/// An enum's values by the names formula files use (its strum names), in declaration order: the
/// options of [`Checker::pick`].
pub(super) fn named<E>() -> Vec<(&'static str, E)>
where
    E: strum::IntoEnumIterator + Into<&'static str> + Copy,
{
    E::iter().map(|e| (e.into(), e)).collect()
}
