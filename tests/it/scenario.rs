//! One typed model of a scenario: a budget given as a flag, an override, a scenario file or a
//! library argument reaches the checker as the same number — same formula hash, same cents —
//! and a bad value is named by where it came from.

use crate::cli::seni;
use seni::formula::{Amount, scenario_toml};
use seni::{Change, Formula, FormulaSource, Origin};

/// The JSON output of `seni allocate ARGS`: formula hash and every school's total in cents.
fn allocate_json(dir: &std::path::Path, args: &[&str]) -> (String, Vec<i64>) {
    let mut all = vec!["allocate", "--format", "json", "--out", "-"];
    all.extend_from_slice(args);
    let o = seni(dir, &all);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hash = v["metadata"]["formula_hash"].as_str().unwrap().to_string();
    let cents = v["allocation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["total"].as_f64().unwrap() * 100.0).round() as i64)
        .collect();
    (hash, cents)
}

#[test]
fn a_budget_is_one_number_however_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = d.join("budget.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"900M\"\n\n[allocation]\nbudget = 900_000_000\n",
    )
    .unwrap();
    let scenario = scenario.to_string_lossy().to_string();
    let forms: [&[&str]; 5] = [
        &["--budget", "900M"],
        &["--budget", "$900,000,000"],
        &["--set", "allocation.budget=900000000"],
        &["--set", "budget=9e8"],
        &["--scenario", &scenario],
    ];
    let runs: Vec<(String, Vec<i64>)> = forms.iter().map(|f| allocate_json(d, f)).collect();
    for (form, run) in forms.iter().zip(&runs) {
        assert_eq!(run.0, runs[0].0, "{form:?}: another formula hash");
        assert_eq!(run.1, runs[0].1, "{form:?}: other cents");
    }
    let (base, _) = allocate_json(d, &[]);
    assert_ne!(base, runs[0].0, "a budget of $900M is another formula than the $700M one");
    // The library's typed change: the same formula as the command line's.
    let change = Change::budget(Amount::dollars(9e8).unwrap(), Origin::Argument("budget".into()));
    let f = Formula::load(&FormulaSource::Bundled("seni".into()), &[], &[change]).unwrap();
    assert_eq!(f.hash(), runs[0].0);
}

#[test]
fn changes_written_as_a_scenario_file_give_the_same_formula() {
    let dir = tempfile::tempdir().unwrap();
    let origin = || Origin::Control("test".into());
    let changes = vec![
        Change::new("indicators.chronic_absence.weight", 2, origin()).unwrap(),
        Change::budget(Amount::parse("850M").unwrap(), origin()),
        Change::new("allocation.hold_harmless.share", 0.5, origin()).unwrap(),
    ];
    let seni_src = FormulaSource::Bundled("seni".into());
    let direct = Formula::load(&seni_src, &[], &changes).unwrap();
    let path = dir.path().join("what-if.toml");
    std::fs::write(&path, scenario_toml("what if", &changes)).unwrap();
    let from_file = Formula::load(&seni_src, &[path], &[]).unwrap();
    assert_eq!(direct.hash(), from_file.hash());
    assert_eq!(from_file.scenarios(), ["what if"]);
}

#[test]
fn a_bad_change_is_named_by_its_origin() {
    let seni_src = FormulaSource::Bundled("seni".into());
    let weight = Change::new(
        "indicators.chronic_absence.weight",
        -2,
        Origin::Control("weight of chronic_absence".into()),
    )
    .unwrap();
    let e = Formula::load(&seni_src, &[], &[weight]).unwrap_err().to_string();
    assert!(e.contains("what-if control 'weight of chronic_absence'"), "{e}");
    assert!(!e.contains("--set"), "{e}");
    let e = Change::new("budget", -5, Origin::Argument("budget=-5".into())).unwrap_err();
    assert!(e.to_string().starts_with("usage error: argument budget=-5:"), "{e}");
}

/// The bundled `seni` formula's text with a block of lines (from `start` to the next blank
/// line) removed, loaded as a formula file.
fn seni_without(start: &str) -> Formula {
    let text = include_str!("../../formulas/seni.toml");
    let a = text.find(start).unwrap();
    let b = a + text[a..].find("\n\n").unwrap() + 2;
    let edited = format!("{}{}", &text[..a], &text[b..]);
    Formula::from_text("formulas/seni.toml", &edited).unwrap()
}

fn bits(c: &seni::Computation) -> Vec<u64> {
    c.index().iter().map(|x| x.to_bits()).collect()
}

#[test]
fn an_indicator_turned_off_is_the_formula_without_it() {
    let off = crate::harness::formula("seni", &["indicators.foster.enabled=false"]);
    let without = seni_without("[indicators.foster]");
    assert_eq!(off.indicators().len() + 1, crate::harness::formula("seni", &[]).indicators().len());
    let (a, b) = (crate::harness::run(&off, &[]), crate::harness::run(&without, &[]));
    assert_eq!(bits(&a), bits(&b), "the same index to the last bit");
    assert_ne!(off.hash(), without.hash(), "and a formula of its own, with its own hash");
}

#[test]
fn hold_harmless_at_zero_is_no_hold_harmless() {
    let off = crate::harness::formula("seni", &["allocation.hold_harmless.share=0"]);
    let without = seni_without("[allocation.hold_harmless]");
    let (a, b) = (crate::harness::run(&off, &[]), crate::harness::run(&without, &[]));
    let (ma, mb) = (seni::allocate(&a).unwrap(), seni::allocate(&b).unwrap());
    assert_eq!(ma.total(), mb.total());
    assert!(ma.hold_harmless().is_none());
}

#[test]
fn tier_values_in_order_are_tier_values_by_name() {
    let listed =
        crate::harness::formula("seni", &["allocation.programs.seni.tier_weights=[5, 4, 3, 2, 1]"]);
    let shipped = crate::harness::formula("seni", &[]);
    let (a, b) = (crate::harness::run(&listed, &[]), crate::harness::run(&shipped, &[]));
    assert_eq!(seni::allocate(&a).unwrap().total(), seni::allocate(&b).unwrap().total());
    let e = Formula::load(
        &FormulaSource::Bundled("seni".into()),
        &[],
        &crate::harness::changes(&["allocation.programs.seni.tier_weights=[5, 4]"]),
    )
    .unwrap_err();
    assert!(e.to_string().contains("2 values for 5 tiers"), "{e}");
}

#[test]
fn four_tiers_from_the_page_spread_the_weights_and_spend_the_pot() {
    let f = crate::harness::formula("seni", &[]);
    let changes = f.tier_count_changes(4, Origin::Control("tiers".into())).unwrap();
    let four = Formula::load(&FormulaSource::Bundled("seni".into()), &[], &changes).unwrap();
    let names = &four.tiers().unwrap().names;
    assert_eq!(names, &["Tier 1 (highest need)", "Tier 2", "Tier 3", "Tier 4 (lowest need)"]);
    let c = crate::harness::run(&four, &[]);
    let a = seni::allocate(&c).unwrap();
    let (rows, _) = seni::allocate::by_tier(&c, &a);
    let per_pupil: Vec<f64> = rows.iter().filter_map(|r| r.per_pupil()).collect();
    assert_eq!(per_pupil.len(), 4);
    assert!(per_pupil.windows(2).all(|w| w[0] > w[1]), "more need, more money: {per_pupil:?}");
    // Weights 5 → 1 spread over four tiers: 5, 3.67, 2.33, 1 (to the cent of a weight).
    let knob = |key: &str| four.knobs().into_iter().find(|k| k.key == key).unwrap().value;
    let w = |name: &str| knob(&format!("allocation.programs.seni.tier_weights.{name}"));
    assert_eq!(w("Tier 2").as_float(), Some(3.67));
    assert_eq!(
        a.programs()[0].amounts().iter().sum::<i64>(),
        70_000_000_000,
        "the pot to the cent"
    );
    assert!(f.tier_count_changes(1, Origin::Control("tiers".into())).is_err());
}

#[test]
fn the_knobs_of_a_formula_are_its_settings() {
    let f = crate::harness::formula("seni-lausd-open", &[]);
    let knobs = f.knobs();
    let weights = knobs.iter().filter(|k| k.kind == seni::formula::KnobKind::Weight).count();
    assert_eq!(weights, f.indicators().len() + f.domains().len() - 1, "every indicator and domain");
    let budget = knobs.iter().find(|k| k.kind == seni::formula::KnobKind::Budget).unwrap();
    assert_eq!(
        (budget.key.as_str(), budget.value.as_integer()),
        ("allocation.budget", Some(700_000_000))
    );
    // Every knob's key is one a change can set: setting each to its own value changes nothing
    // but the formula stays valid.
    for k in &knobs {
        let change =
            Change::new(&k.key, k.value.clone(), Origin::Control(k.label.clone())).unwrap();
        let g = Formula::load(&FormulaSource::Bundled("seni-lausd-open".into()), &[], &[change]);
        assert!(g.is_ok(), "{}: {:?}", k.key, g.err());
    }
}

/// More changes over a checked formula are the formula loaded with them (the same hash, its
/// scenarios kept), and a bad one is named by its origin.
#[test]
fn changes_over_a_checked_formula_are_the_formula_loaded_with_them() {
    let source = FormulaSource::Bundled("seni".into());
    let scenario = crate::harness::root().join("examples").join("double-absence.toml");
    let budget = Change::new("budget", 800_000_000, Origin::Argument("budget=8e8".into())).unwrap();
    let weight = Change::new("indicators.ela.weight", 3, Origin::Argument("ela=3".into())).unwrap();
    let first =
        Formula::load(&source, std::slice::from_ref(&scenario), std::slice::from_ref(&budget))
            .unwrap();
    let whole = Formula::load(&source, &[scenario], &[budget, weight.clone()]).unwrap();
    let stepwise = first.with_changes(&[weight]).unwrap();
    assert_eq!(stepwise.hash(), whole.hash());
    assert_ne!(stepwise.hash(), first.hash());
    assert_eq!(stepwise.scenarios(), ["double-absence"]);
    let bad = Change::new("indicators.ela.weight", -1, Origin::Argument("ela=-1".into())).unwrap();
    let e = first.with_changes(&[bad]).unwrap_err().to_string();
    assert!(e.contains("argument ela=-1"), "{e}");
}
