//! The CSV reader on any bytes: no panic; a table has as many cells in every column as rows; an
//! error names the file. The same bytes as a district for a small formula: no panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seni::data::{District, TextTable};
use seni::Formula;
use std::sync::OnceLock;

const FORMULA: &str = r#"
[formula]
name = "fuzz"
[data]
id = "id"
enrolment = "n"
missing_values = ["*"]
[indicators.x]
column = "x"
unit = "%"
[index]
[tiers]
method = "quantile"
k = 2
names = ["High", "Low"]
"#;

fuzz_target!(|bytes: &[u8]| {
    match TextTable::read("fuzz.csv", bytes.to_vec()) {
        Ok(t) => {
            for name in t.names() {
                assert_eq!(t.text(&name).unwrap().len(), t.rows());
            }
        }
        Err(e) => assert!(e.to_string().contains("fuzz.csv"), "{e}"),
    }
    static F: OnceLock<Formula> = OnceLock::new();
    let f = F.get_or_init(|| Formula::from_text("fuzz.toml", FORMULA).unwrap());
    if let Ok(d) = District::from_csv_bytes("fuzz.csv", bytes, f) {
        let _ = seni::compute(f, d);
    }
});
