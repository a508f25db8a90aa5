//! `seni formulas`: the bundled formulas.

use super::io::print_out;
use seni::error::Result;
use seni::formula::Formula;

pub(crate) fn run() -> Result<()> {
    for name in Formula::bundled_names() {
        let f = Formula::bundled(name)?;
        let data = match f.data().bundled.as_deref() {
            Some("district") => "bundled district".to_string(),
            Some(_) => format!("{} (bundled)", f.data().example.clone().unwrap_or_default()),
            None => f.data().example.clone().unwrap_or_else(|| "--data required".into()),
        };
        print_out(&format!("{name:<28} {}\n{:<28} data: {data}\n", f.description(), ""));
    }
    Ok(())
}
