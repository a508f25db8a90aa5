//! The engine's errors as data for R: savvy's own errors carry only a message, so an engine error
//! is *returned* as a list of class `seni_error_record` (its kind, the command line's text, and
//! every problem's file, line, row, column, key, message and fix), and R/conditions.R raises it
//! as a condition of class `seni_<kind>_error`.

use crate::convert::{integers, string_r, strings};
use savvy::{OwnedListSexp, Sexp};
use seni::Error;

/// An engine error as a `seni_error_record`: `list(kind, message, problems)`, `problems` a
/// named list of columns (file, line, row, column, key, message, fix), one row per problem.
pub(crate) fn error_record(e: &Error) -> savvy::Result<Sexp> {
    let mut out = OwnedListSexp::new(3, true)?;
    // The kind's name (usage, formula, data, infeasible, io, interrupted) names the class.
    out.set_name_and_value(0, "kind", string_r(<&str>::from(e.kind))?)?;
    out.set_name_and_value(1, "message", string_r(&e.to_string())?)?;
    out.set_name_and_value(2, "problems", problems(e)?)?;
    out.set_class(["seni_error_record"])?;
    Ok(out.into())
}

fn problems(e: &Error) -> savvy::Result<Sexp> {
    let p = &e.problems;
    let mut out = OwnedListSexp::new(7, true)?;
    out.set_name_and_value(0, "file", strings(p.iter().map(|p| p.location.file.as_deref()))?)?;
    out.set_name_and_value(1, "line", integers(p.iter().map(|p| p.location.line))?)?;
    out.set_name_and_value(2, "row", integers(p.iter().map(|p| p.location.row))?)?;
    out.set_name_and_value(3, "column", strings(p.iter().map(|p| p.location.column.as_deref()))?)?;
    out.set_name_and_value(4, "key", strings(p.iter().map(|p| p.location.key.as_deref()))?)?;
    out.set_name_and_value(5, "message", strings(p.iter().map(|p| Some(p.message.as_str())))?)?;
    let fix = p.iter().map(|p| Some(p.fix.as_str()).filter(|f| !f.is_empty()));
    out.set_name_and_value(6, "fix", strings(fix)?)?;
    Ok(out.into())
}

/// The value `ok` makes of a result, or the error's record.
pub(crate) fn or_record<T>(
    r: seni::Result<T>,
    ok: impl FnOnce(T) -> savvy::Result<Sexp>,
) -> savvy::Result<Sexp> {
    match r {
        Ok(v) => ok(v),
        Err(e) => error_record(&e),
    }
}
