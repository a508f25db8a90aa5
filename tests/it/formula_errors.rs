//! Every formula mistake is an error naming the file, the line and the fix.

use crate::harness::*;
use seni::ErrorKind;

const HEAD: &str = "[formula]\nname = \"t\"\n[data]\nid = \"id\"\n"; // lines 1-4

fn one(e: &seni::Error) -> &seni::error::Problem {
    assert_eq!(e.problems.len(), 1, "{e}");
    &e.problems[0]
}

#[test]
fn unknown_normaliser_names_the_line_and_suggests() {
    let e = formula_error(&format!(
        "{HEAD}[indicators.a]\ncolumn = \"a\"\nnormalise = {{ method = \"zscor\" }}\n[index]\n"
    ));
    let p = one(&e);
    assert_eq!(e.kind, ErrorKind::Formula);
    assert_eq!(p.location.file.as_deref(), Some("test.toml"));
    assert_eq!(p.location.line, Some(7));
    assert!(p.message.contains("zscor"));
    assert_eq!(p.fix, "did you mean 'zscore'?");
}

#[test]
fn non_positive_weight_is_rejected_at_its_line() {
    for w in ["0", "-1"] {
        let e = formula_error(&format!(
            "{HEAD}[indicators.a]\ncolumn = \"a\"\n\nweight = {w}\n[index]\n"
        ));
        let p = one(&e);
        assert_eq!(p.location.line, Some(8), "{e}");
        assert!(p.message.contains("weight must be a positive number"), "{e}");
    }
}

#[test]
fn duplicate_indicator_id_is_a_toml_error_with_its_line() {
    let e = formula_error(&format!(
        "{HEAD}[indicators.a]\ncolumn = \"a\"\n[indicators.a]\ncolumn = \"b\"\n[index]\n"
    ));
    let p = one(&e);
    assert_eq!(p.location.line, Some(7));
    assert!(p.message.contains("not valid TOML"), "{e}");
}

#[test]
fn domain_with_no_indicators() {
    let e = formula_error(&format!(
        "{HEAD}[domains.empty]\nlabel = \"x\"\n[indicators.a]\ncolumn = \"a\"\n[index]\n"
    ));
    let p = one(&e);
    assert_eq!(p.location.line, Some(5));
    assert!(p.message.contains("domain 'empty' has no indicators"), "{e}");
}

#[test]
fn misspelt_key_gets_did_you_mean() {
    let e = formula_error(&format!("{HEAD}[indicators.a]\ncolumn = \"a\"\nwieght = 2\n[index]\n"));
    let p = one(&e);
    assert_eq!(p.location.line, Some(7));
    assert_eq!(p.message, "unknown key 'wieght'");
    assert_eq!(p.fix, "did you mean 'weight'?");
}

#[test]
fn unknown_domain_reference_suggests_the_closest() {
    let e = formula_error(&format!(
        "{HEAD}[domains.academic]\n[indicators.a]\ncolumn = \"a\"\ndomain = \"acadmic\"\n[index]\n"
    ));
    let p = one(&e);
    assert_eq!(p.location.line, Some(8));
    assert_eq!(p.fix, "did you mean 'academic'?");
}

#[test]
fn tier_cutoffs_out_of_order() {
    let e = formula_error(&format!(
        "{HEAD}[indicators.a]\ncolumn = \"a\"\n[index]\n[tiers]\nmethod = \"cutoffs\"\ncutoffs = [3, 1]\nnames = [\"a\", \"b\", \"c\"]\n"
    ));
    let p = one(&e);
    assert_eq!(p.location.line, Some(10));
    assert!(p.message.contains("strictly increasing"), "{e}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let e = formula_error(&format!(
        "{HEAD}[indicators.a]\ncolumn = \"a\"\nweight = 0\n[indicators.b]\ncolumn = \"b\"\ndirection = \"up\"\n[index]\naggregation = \"median\"\n"
    ));
    assert_eq!(e.problems.len(), 3, "{e}");
    let lines: Vec<Option<usize>> = e.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, vec![Some(7), Some(10), Some(12)]);
}

#[test]
fn unknown_data_column_names_the_formula_line_and_the_closest_column() {
    let e = run_inline(
        &format!("{HEAD}[indicators.a]\ncolumn = \"pct_fostr\"\n[index]\n"),
        "id,pct_foster\n1,2\n",
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Data);
    let p = one(&e);
    assert_eq!(p.location.line, Some(6));
    assert!(
        p.message.contains("column 'pct_fostr' (read by indicator a) is not in test.csv"),
        "{e}"
    );
    assert!(p.fix.contains("did you mean 'pct_foster'?"), "{e}");
}

#[test]
fn scenario_overriding_an_unknown_indicator_names_the_scenario_line() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("double.toml");
    std::fs::write(
        &s,
        "[scenario]\nname = \"double\"\n\n[indicators.chronic_absense]\nweight = 2\n",
    )
    .unwrap();
    let e =
        seni::Formula::load(&seni::FormulaSource::Bundled("seni".into()), &[s], &[]).unwrap_err();
    let p = one(&e);
    assert!(p.location.file.as_deref().unwrap().ends_with("double.toml"));
    assert_eq!(p.location.line, Some(4));
    assert_eq!(p.fix, "did you mean 'chronic_absence'?");
}

#[test]
fn set_override_with_a_bad_value_names_the_override() {
    let e = seni::Formula::load(
        &seni::FormulaSource::Bundled("seni".into()),
        &[],
        &crate::harness::changes(&["indicators.chronic_absence.weight=-2"]),
    )
    .unwrap_err();
    let p = one(&e);
    assert_eq!(p.location.file.as_deref(), Some("--set indicators.chronic_absence.weight=-2"));
    assert!(p.message.contains("weight must be a positive number"));
    let e = seni::Formula::load(
        &seni::FormulaSource::Bundled("seni".into()),
        &[],
        &crate::harness::changes(&["indicators.chronic_absense.weight=2"]),
    )
    .unwrap_err();
    assert_eq!(one(&e).fix, "did you mean 'chronic_absence'?");
}

#[test]
fn overrides_change_the_hash_and_the_result() {
    let base = formula("seni", &[]);
    let doubled = formula("seni", &["indicators.chronic_absence.weight=2"]);
    assert_ne!(base.hash(), doubled.hash());
    let i = doubled.indicator_pos("chronic_absence").unwrap();
    assert_eq!(doubled.indicators()[i].weight, seni::formula::Weight::Fixed(2.0));
    // Same formula text → same hash.
    assert_eq!(base.hash(), formula("seni", &[]).hash());
}
