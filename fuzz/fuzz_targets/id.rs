//! The id rule on any text and width: no panic, idempotent, and blind to what cannot be seen
//! around an id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seni::grammar::IdRule;

fuzz_target!(|input: (u8, &str)| {
    let (width, text) = input;
    let rule = IdRule::new((width % 16 > 0).then_some(usize::from(width % 16)));
    let once = rule.typed(text);
    assert_eq!(rule.typed(&once), once, "{text:?}");
    assert_eq!(rule.typed(&format!("\u{feff} {text}\u{200b}")), once, "{text:?}");
});
