//! The amount grammar on any text: no panic; an amount is within what seni holds and reads back
//! to the same cents as the formatter writes it; a refusal says what to write.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seni::grammar::Amount;

fuzz_target!(|text: &str| {
    match Amount::parse(text) {
        Ok(a) => {
            assert!((0..=100_000_000_000_000_000).contains(&a.cents()));
            let again = Amount::parse(&seni::format::dollars(a.cents())).unwrap();
            assert_eq!(again, a, "{text:?}");
            assert_eq!(Amount::from_cents(a.cents()).unwrap(), a);
        }
        Err(e) => assert!(e.to_string().contains("fix:"), "{e}"),
    }
});
