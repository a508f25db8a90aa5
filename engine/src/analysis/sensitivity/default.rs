//! What a sensitivity run varies when the formula's `[uncertainty]` varies nothing: every
//! weight around its own (a Dirichlet of concentration 50), and a note that says so — one rule
//! for the command line, Python and R, so the three give the same draws and the same formula
//! hash.

use crate::error::Result;
use crate::formula::{Change, Formula, Origin, Value};
use crate::index::{Computation, recompute};

/// The concentration of the default Dirichlet: the shares within each aggregate are drawn from
/// Dirichlet(50 × nominal share), so they keep their nominal shares on average.
const CONCENTRATION: f64 = 50.0;

/// When `f`'s `[uncertainty]` varies nothing: the change
/// `uncertainty.weights = {kind = "dirichlet", concentration = 50.0}` named by `origin` (as the
/// front end would write it: `--weights dirichlet:50`, an argument …) and a note that says so,
/// ending with `choose` (how to choose the inputs in that front end). `None` when the formula
/// varies something.
pub fn default_uncertainty(f: &Formula, origin: Origin, choose: &str) -> Option<(Change, String)> {
    if f.uncertainty().is_some_and(|u| !u.inputs.is_empty()) {
        return None;
    }
    let said = match &origin {
        Origin::Flag(s) | Origin::Argument(s) | Origin::Control(s) => s.clone(),
    };
    let note = format!(
        "formula {} has no [uncertainty] that varies anything, so every weight varies around its own ({said}); {choose}",
        f.name()
    );
    let mut weights = toml::Table::new();
    weights.insert("kind".into(), Value::from("dirichlet"));
    weights.insert("concentration".into(), Value::from(CONCENTRATION));
    let change = Change::new("uncertainty.weights", weights, origin).expect("a valid key");
    Some((change, note))
}

/// The computation a sensitivity run of `c` draws from: `None` when its formula's
/// `[uncertainty]` varies something (draw from `c` itself); else `c`'s formula with
/// [`default_uncertainty`]'s change, computed on `c`'s district, and the note.
pub fn with_default_uncertainty(
    c: &Computation,
    origin: Origin,
    choose: &str,
) -> Result<Option<(Computation, String)>> {
    let Some((change, note)) = default_uncertainty(c.formula(), origin, choose) else {
        return Ok(None);
    };
    let formula = c.formula().with_changes(&[change])?;
    Ok(Some((recompute(c, &formula)?, note)))
}
