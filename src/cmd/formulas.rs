//! `seni formulas`: the bundled formulas.

use crate::error::Result;
use crate::formula::Formula;

pub(crate) fn run() -> Result<()> {
    for name in Formula::bundled_names() {
        let f = Formula::bundled(name)?;
        let data = if f.data.bundled {
            "bundled district".to_string()
        } else {
            f.data.example.clone().unwrap_or_else(|| "--data required".into())
        };
        println!("{name:<28} {}\n{:<28} data: {data}", f.description, "");
    }
    Ok(())
}
