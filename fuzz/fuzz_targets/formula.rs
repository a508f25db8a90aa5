//! The formula loader on any text: no panic, and every problem it reports has a fix.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seni::Formula;

fuzz_target!(|text: &str| {
    if let Err(e) = Formula::from_text("fuzz.toml", text) {
        for p in &e.problems {
            assert!(!p.fix.is_empty(), "{e}");
        }
    }
});
