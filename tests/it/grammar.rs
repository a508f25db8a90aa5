//! Property tests of the input grammars (issue 29): the amount grammar, the id rule, the CSV
//! reader and the formula loader — round trips, no panics on any input, and one value (one
//! hash) however it is written. They look for the next case, not the last one.

use proptest::prelude::*;
use seni::data::TextTable;
use seni::format::dollars;
use seni::grammar::{Amount, IdRule, nfc};
use seni::{Change, Formula, FormulaSource, Origin};

/// The largest amount seni holds, in cents.
const MAX_CENTS: i64 = 100_000_000_000_000_000;

/// Whole dollars written with US digit groups: `1,234,567`.
fn grouped(d: u64) -> String {
    let s = d.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Whole dollars with TOML's underscores between groups: `1_234_567`.
fn underscored(d: u64) -> String {
    grouped(d).replace(',', "_")
}

/// The bundled formula's hash with the budget set by a route, as a person typed it.
fn hash_with(value: toml::Value, typed: &str) -> String {
    let change = Change::new("budget", value, Origin::Argument(format!("budget={typed}"))).unwrap();
    let f = Formula::load(&FormulaSource::Bundled("seni".into()), &[], &[change]).unwrap();
    f.hash().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// Any amount seni holds, written as the formatter writes it, reads back to the cent.
    #[test]
    fn amounts_round_trip_through_the_formatter(c in 0..=MAX_CENTS) {
        prop_assert_eq!(Amount::parse(&dollars(c)).unwrap().cents(), c);
        let plain = format!("{}.{:02}", c / 100, c % 100);
        prop_assert_eq!(Amount::parse(&plain).unwrap().cents(), c);
        prop_assert_eq!(Amount::from_cents(c).unwrap().cents(), c);
    }

    /// Whole dollars are the same cents in every spelling the grammar reads.
    #[test]
    fn every_spelling_of_whole_dollars_is_one_amount(d in 0u64..=1_000_000_000_000_000) {
        let cents = (d as i64) * 100;
        let mut spellings = vec![d.to_string(), grouped(d), format!("${}", grouped(d)), underscored(d)];
        if d % 1_000_000 == 0 {
            spellings.push(format!("{}M", d / 1_000_000));
        }
        if d % 1000 == 0 {
            spellings.push(format!("{}k", d / 1000));
            spellings.push(format!("{}e3", d / 1000));
        }
        for s in spellings {
            prop_assert_eq!(Amount::parse(&s).map(Amount::cents).ok(), Some(cents), "{}", s);
        }
        prop_assert_eq!(Amount::whole_dollars(d as i64).unwrap().cents(), cents);
    }

    /// A comma that is not a group of three is refused, never deleted, and the message gives
    /// both readings.
    #[test]
    fn a_comma_that_is_not_a_digit_group_is_refused(w in 1u32..1000, f in "[0-9]{1,2}|[0-9]{4,6}") {
        let text = format!("{w},{f}");
        let e = Amount::parse(&text).unwrap_err().to_string();
        prop_assert!(e.contains("comma that is not a digit group"), "{}", e);
        prop_assert!(e.contains(&format!("{w}.{f}")), "{}", e);
    }

    /// No text makes the grammar panic; a refusal always says what to write.
    #[test]
    fn the_amount_grammar_never_panics(s in "\\PC{0,40}|[-+$0-9.,_eEkKmMbB ]{0,24}") {
        match Amount::parse(&s) {
            Ok(a) => prop_assert!((0..=MAX_CENTS).contains(&a.cents())),
            Err(e) => prop_assert!(e.to_string().contains("fix:"), "{}", e),
        }
    }

    /// Floats are read by their shortest decimal: the amount of a float is the amount of its
    /// text.
    #[test]
    fn a_float_is_the_amount_of_its_text(x in 0.0f64..1e15) {
        let from_float = Amount::dollars(x).map(Amount::cents).ok();
        let from_text = Amount::parse(&format!("{x}")).map(Amount::cents).ok();
        prop_assert_eq!(from_float, from_text);
    }

    /// The id rule is idempotent, trims what cannot be seen, pads numbers and treats NFD as NFC.
    #[test]
    fn the_id_rule_makes_one_id(s in "\\PC{0,16}", n in 0u64..100_000_000, w in 1usize..12) {
        let rule = IdRule::new(Some(w));
        let once = rule.typed(&s);
        prop_assert_eq!(rule.typed(&once), once.clone());
        prop_assert_eq!(rule.typed(&format!(" \u{feff}{s}\u{200b} ")), once.clone());
        let decomposed: String = unicode_nfd(&s);
        prop_assert_eq!(rule.typed(&decomposed), rule.typed(&nfc(&s)));
        let padded = rule.typed(&n.to_string());
        prop_assert_eq!(padded.parse::<u64>().unwrap(), n);
        prop_assert_eq!(rule.typed(&padded), padded.clone());
        prop_assert_eq!(padded.len(), n.to_string().len().max(w));
    }
}

/// Text in Unicode normal form D (decomposed), through the engine's NFC for the comparison.
fn unicode_nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

/// A cell as a generated table holds it: numbers, text with the delimiter, quotes, line breaks
/// and non-ASCII letters, or empty.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e6f64..1e6).prop_map(|x| format!("{x}")),
        (0u32..100_000).prop_map(|n| n.to_string()),
        "[a-zA-Z ]{0,8}",
        "[a-z]{1,4}(,|\"|\n)[a-zé ]{0,4}",
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

    /// A table written by a standard CSV writer (with a byte-order mark, CRLF line ends or blank
    /// lines at the end, in any combination) reads back cell for cell.
    #[test]
    fn a_written_table_reads_back_cell_for_cell(
        rows in prop::collection::vec(prop::collection::vec(cell(), 3), 1..12),
        bom in any::<bool>(),
        crlf in any::<bool>(),
        blank_end in 0usize..3,
    ) {
        let mut w = csv::WriterBuilder::new()
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        w.write_record(["id", "name", "value"]).unwrap();
        for (i, r) in rows.iter().enumerate() {
            w.write_record([format!("s{i}"), r[1].clone(), r[2].clone()]).unwrap();
        }
        let mut bytes = w.into_inner().unwrap();
        if bom {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        bytes.extend(std::iter::repeat_n(b'\n', blank_end));
        let t = TextTable::read("generated.csv", bytes).unwrap();
        prop_assert_eq!(t.rows(), rows.len());
        let names = t.text("name").unwrap();
        let values = t.text("value").unwrap();
        for (i, r) in rows.iter().enumerate() {
            prop_assert_eq!(&names[i], &r[1]);
            prop_assert_eq!(&values[i], &r[2]);
        }
    }

    /// No bytes make the reader panic: any file is a table or an error naming the file.
    #[test]
    fn the_csv_reader_never_panics(bytes in prop::collection::vec(
        prop_oneof![Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b';'), any::<u8>()], 0..200,
    )) {
        match TextTable::read("any.csv", bytes) {
            Ok(t) => {
                for name in t.names() {
                    prop_assert_eq!(t.text(&name).unwrap().len(), t.rows());
                }
            }
            Err(e) => prop_assert!(e.to_string().contains("any.csv"), "{}", e),
        }
    }

    /// No change to a formula's text makes the loader panic, and every problem it finds names
    /// where it is and what to do.
    #[test]
    fn the_formula_loader_never_panics(cut in 0usize..4000, insert in "\\PC{0,12}|[\\[\\]=\"{},.0-9a-z_\n]{0,12}") {
        let text = std::fs::read_to_string(crate::harness::root().join("formulas/seni.toml")).unwrap();
        let at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count()).unwrap();
        let changed = format!("{}{insert}{}", &text[..at], &text[at..]);
        if let Err(e) = Formula::from_text("changed.toml", &changed) {
            for p in &e.problems {
                prop_assert!(!p.fix.is_empty(), "{}", e);
            }
            prop_assert!(e.to_string().contains("changed.toml"), "{}", e);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// One budget is one formula: its hash is the same from an integer, a float, grouped text,
    /// `$…` or `…M`, through any route.
    #[test]
    fn one_budget_is_one_hash(millions in 1u64..1_000_000_000) {
        let d = millions * 1_000_000;
        let expected = hash_with(toml::Value::Integer(d as i64), &d.to_string());
        for (value, typed) in [
            (toml::Value::Float(d as f64), format!("{}.0", d)),
            (toml::Value::String(grouped(d)), grouped(d)),
            (toml::Value::String(format!("${}", grouped(d))), format!("${}", grouped(d))),
            (toml::Value::String(format!("{millions}M")), format!("{millions}M")),
        ] {
            prop_assert_eq!(hash_with(value, &typed), expected.clone(), "{}", typed);
        }
        let scenario = format!("[allocation]\nbudget = {}\n", underscored(d));
        let source = FormulaSource::Bundled("seni".into());
        let f = Formula::load_texts(&source, &[("s.toml".into(), scenario)], &[]).unwrap();
        prop_assert_eq!(f.hash(), expected.as_str());
    }
}
