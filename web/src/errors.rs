//! Errors as the page shows them: the engine's error with its kind, each problem's message,
//! location and fix as fields; a control's error in the page's words, naming the control.

use crate::contract::{PageError, PageLocation, PageProblem};
use seni::Error;
use seni::error::{ErrorKind, Location, Problem};
use seni::formula::Origin;

/// An engine error as the page shows it (the text as the command line prints it).
pub(crate) fn page_error(e: &Error) -> PageError {
    PageError {
        kind: kind_name(e.kind),
        text: e.to_string(),
        problems: e.problems.iter().map(|p| problem(p, None)).collect(),
    }
}

/// The error a control caused, in the page's words: each problem located at the control. A
/// problem with its value (`'-5' is negative`) keeps the engine's fix; a problem it makes in
/// the formula as a whole (no domain left) says to set it back.
pub(crate) fn control_error(e: Error, key: &str, name: &str) -> PageError {
    let origin = Origin::Control(name.to_string()).to_string();
    let problems: Vec<PageProblem> = e
        .problems
        .iter()
        .map(|p| {
            let own = p.location.file.as_deref() == Some(origin.as_str());
            let mut q = problem(p, Some(key));
            if !own {
                q.message = format!("this would leave a formula seni cannot run: {}", p.message);
                q.fix = "set it back (the page shows the last what-if that worked)".into();
            }
            q.location = PageLocation { control: Some(key.to_string()), ..PageLocation::default() };
            q
        })
        .collect();
    let text = problems
        .iter()
        .map(|p| format!("{name}: {}\n  fix: {}", p.message, p.fix))
        .collect::<Vec<_>>()
        .join("\n");
    PageError { kind: kind_name(e.kind), text, problems }
}

/// A control whose key the formula has no knob for (e.g. from an old or hand-made link).
pub(crate) fn not_a_setting(key: &str) -> PageError {
    let e = Error::usage(
        format!("this formula has no setting '{key}'"),
        "leave it out of the link; the settings are the what-if panel's controls",
    );
    control_error(e.from_origin(&Origin::Control(key.to_string()).to_string()), key, key)
}

/// "The page sent a bad request" (the page and its engine disagree).
pub(crate) fn bad_request(e: &serde_json::Error) -> PageError {
    page_error(&Error::usage(
        format!("the page sent a request its engine cannot read: {e}"),
        "reload the page; if it happens again, make the report again with this seni",
    ))
}

/// "Nothing is open" (a request before `open`).
pub(crate) fn nothing_open() -> PageError {
    page_error(&Error::usage("nothing is open", "open a formula and data first"))
}

/// The kind's machine name (`usage`, `formula`, `data`, …), the engine's own.
fn kind_name(kind: ErrorKind) -> String {
    <&'static str>::from(kind).to_string()
}

fn problem(p: &Problem, control: Option<&str>) -> PageProblem {
    let Location { file, line, row, column, key } = p.location.clone();
    PageProblem {
        location: PageLocation {
            file,
            line,
            row,
            column,
            key,
            control: control.map(str::to_string),
        },
        message: p.message.clone(),
        fix: p.fix.clone(),
    }
}
