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
