//! Kentucky on real data (KDE School Report Card 2016-17, `../shared/data/ky_src_2012_2017`):
//! the `ky-equity-2017` formula, the Black/white suspension risk ratio recomputed from the raw
//! counts for every school, the JCPS figures, the discipline audit by hand, and the
//! police-to-counselling example.

use crate::harness::*;
use seni::analysis::discipline::discipline;
use seni::{AllocationResult, Computation, allocate};
use std::collections::HashMap;

const KY: &str = "kentucky/ky_schools_2016_17.csv";

/// The raw file as text, keyed by school id (read independently of seni).
fn raw_rows(p: &std::path::Path) -> (Published, HashMap<String, usize>) {
    let t = published(p);
    let ids = t.text("sch_id").unwrap();
    let at = ids.iter().enumerate().map(|(i, s)| (s.clone(), i)).collect();
    (t, at)
}

fn cell(t: &Published, row: usize, column: &str) -> Option<f64> {
    let j = t.header.iter().position(|h| h == column).unwrap();
    parse(&t.rows[row][j])
}

/// The ratio rule of `ky-equity-2017`, written out: each group ≥ 10 students, ≥ 5 suspended in
/// both groups together, no ratio when either group has none.
fn expected_ratio(t: &Published, r: usize) -> Option<f64> {
    let e = cell(t, r, "n_students_oss_black")?;
    let n = cell(t, r, "n_black")?;
    let re = cell(t, r, "n_students_oss_white")?;
    let rn = cell(t, r, "n_white")?;
    if n < 10.0 || rn < 10.0 || e + re < 5.0 || e == 0.0 || re == 0.0 {
        return None;
    }
    Some((e / n) / (re / rn))
}

#[test]
fn every_regular_school_is_tiered_or_carries_a_reason() {
    let p = data(KY);
    let (raw, _) = raw_rows(&p);
    let regular = raw.text("school_type").unwrap().iter().filter(|t| *t == "A1").count();
    let c = run(&formula("ky-equity-2017", &[]), &[p]);
    assert_eq!(c.len(), regular, "every A1 school is read");
    let t = sheet(&c);
    let reason = t.columns.iter().position(|c| c == "reason").unwrap();
    for r in 0..c.len() {
        let why = t.rows[r][reason].text("");
        assert!(
            c.tier(r).is_some() || !why.is_empty(),
            "school {} has neither",
            c.district().ids()[r]
        );
    }
    // Quintiles of the index: equal fifths up to ties at a cut point.
    let tiered = (0..c.len()).filter(|&r| c.tier(r).is_some()).count();
    for k in 0..5 {
        let n = (0..c.len()).filter(|&r| c.tier(r) == Some(k)).count() as f64;
        assert!((n - tiered as f64 / 5.0).abs() <= 2.0, "tier {k} has {n} of {tiered}");
    }
}

#[test]
fn black_white_ratio_is_recomputed_from_the_raw_counts_for_every_school() {
    let p = data(KY);
    let (raw, at) = raw_rows(&p);
    let c = run(&formula("ky-equity-2017", &["output.raw=true"]), &[p]);
    let t = sheet(&c);
    let col = |name: &str| t.columns.iter().position(|c| c == name).unwrap();
    let (value, note) = (col("oss_black_white_ratio_raw"), col("oss_black_white_ratio_note"));
    let mut with_ratio = 0;
    for (r, id) in c.district().ids().iter().enumerate() {
        let ours = parse(&t.rows[r][value].text(""));
        let why = t.rows[r][note].text("");
        match (expected_ratio(&raw, at[id]), ours) {
            (Some(x), Some(y)) => {
                assert!((x - y).abs() <= 1e-12 * x, "school {id}: expected {x}, got {y}");
                assert!(why.is_empty());
                with_ratio += 1;
            }
            (None, None) => assert!(!why.is_empty(), "school {id} has no ratio and no reason"),
            (x, y) => panic!("school {id}: expected {x:?}, got {y:?}"),
        }
    }
    assert!(with_ratio > 300, "only {with_ratio} schools have a ratio");
}

/// The issue's figures: over all 165 JCPS schools with reported counts, 42.2 Black students
/// suspended out of school per 100 against 11.8 per 100 white students, a 3.6× gap (quoted to
/// one decimal, so the tolerance is 0.1).
#[test]
fn jcps_suspension_rates_match_the_quoted_figures_and_the_raw_sums() {
    let p = data(KY);
    let (raw, _) = raw_rows(&p);
    let jcps = r#"data.filter=[{column="dist_name", one_of=["Jefferson County"]}]"#;
    let c = run(&formula("ky-equity-2017", &[jcps]), &[p]);
    assert_eq!(c.len(), 165);
    let a = allocate(&c).unwrap();
    let d = discipline(&c, Some(&a), c.formula().audit().unwrap());
    let rate = |group: &str| {
        let r = d.rates().iter().find(|r| {
            r.area().is_none()
                && r.outcome() == "Out-of-school suspension"
                && r.group() == Some(group)
        });
        r.unwrap().clone()
    };
    let (black, white) = (rate("Black"), rate("White"));
    assert!((black.rate().per_100() - 42.2).abs() < 0.1, "{}", black.rate().per_100());
    assert!((white.rate().per_100() - 11.8).abs() < 0.1, "{}", white.rate().per_100());
    assert!((black.ratio().unwrap() - 3.6).abs() < 0.05, "{:?}", black.ratio());
    // The same sums straight from the file.
    let rows: Vec<usize> = (0..raw.rows.len())
        .filter(|&r| raw.text("dist_name").unwrap()[r] == "Jefferson County")
        .collect();
    let sum = |events: &str, students: &str| {
        let both =
            rows.iter().filter_map(|&r| Some((cell(&raw, r, events)?, cell(&raw, r, students)?)));
        both.fold((0.0, 0.0), |(e, n), (x, y)| (e + x, n + y))
    };
    assert_eq!(
        sum("n_students_oss_black", "n_black"),
        (black.rate().events(), black.rate().students())
    );
    assert_eq!(
        sum("n_students_oss_white", "n_white"),
        (white.rate().events(), white.rate().students())
    );
}

/// Normalising within each district ranks JCPS's schools exactly as a JCPS-only run does.
#[test]
fn within_district_normalising_ranks_jcps_as_jcps_alone() {
    let p = data(KY);
    let within = run(
        &formula("ky-equity-2017", &["data.normalise_within=\"dist_name\""]),
        std::slice::from_ref(&p),
    );
    let f = seni::Formula::load(
        &seni::FormulaSource::parse("ky-equity-2017"),
        &[root().join("formulas/scenarios/jcps.toml")],
        &[],
    )
    .unwrap();
    let alone = run(&f, &[p]);
    assert_eq!(alone.len(), 134);
    for r in 0..alone.len() {
        let w =
            within.district().ids().iter().position(|id| *id == alone.district().ids()[r]).unwrap();
        assert_eq!(
            within.index()[w].to_bits(),
            alone.index()[r].to_bits(),
            "{}",
            alone.district().ids()[r]
        );
    }
}

/// Four schools in two districts, computed by hand.
const SMALL: &str = r#"
[formula]
name = "small-audit"
[data]
id = "id"
group = "district"
enrolment = "enrol"
[indicators.need]
column = "need"
[index]
[tiers]
method = "quantile"
k = 2
names = ["High", "Low"]
[allocation]
budget = 1000
[allocation.programs.p]
kind = "pot"
weights = "pupils"
[audit]
groups = { Black = "n_black", White = "n_white" }
reference = "White"
min_population = 10
min_events = 5
[audit.outcomes.oss]
label = "Suspension"
all = "oss"
by_group = { Black = "oss_black", White = "oss_white" }
"#;

const SMALL_CSV: &str = "id,district,enrol,need,n_black,n_white,oss,oss_black,oss_white
a,North,100,4,40,60,10,8,2
b,North,200,3,50,150,20,15,5
c,South,50,2,8,42,3,1,2
d,South,80,1,20,60,0,0,0
";

fn small() -> (Computation, AllocationResult) {
    let c = run_inline(SMALL, SMALL_CSV).unwrap();
    let a = allocate(&c).unwrap();
    (c, a)
}

#[test]
fn audit_rates_ratios_and_gaps_by_hand() {
    let (c, a) = small();
    let d = discipline(&c, Some(&a), c.formula().audit().unwrap());
    let find = |area: Option<&str>, group: Option<&str>| {
        d.rates().iter().find(|r| r.area() == area && r.group() == group).unwrap().clone()
    };
    // All schools: Black 24 of 118, White 9 of 312 → (24/118)/(9/312) = 7488/1062.
    let black = find(None, Some("Black"));
    assert_eq!((black.rate().events(), black.rate().students()), (24.0, 118.0));
    assert!((black.ratio().unwrap() - 7488.0 / 1062.0).abs() < 1e-12);
    assert!((black.difference().unwrap() - (2400.0 / 118.0 - 900.0 / 312.0)).abs() < 1e-12);
    assert_eq!(find(None, None).rate().per_100(), 100.0 * 33.0 / 430.0);
    // North: (23/90)/(7/210) = 4830/630; South: 1 + 2 suspended, under the 5 needed.
    assert!((find(Some("North"), Some("Black")).ratio().unwrap() - 4830.0 / 630.0).abs() < 1e-12);
    let south = find(Some("South"), Some("Black"));
    assert_eq!(south.ratio(), None);
    assert_eq!(south.note(), Some("3 events in both groups, fewer than the 5 needed"));
    // Schools: b (0.3/(5/150) = 9) before a (0.2/(2/60) = 6); c has 8 Black students, d none
    // suspended.
    let g = &d.gaps()[0];
    let ids: Vec<&str> = g.schools().iter().map(|s| c.district().ids()[s.row()].as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
    assert!(
        (g.schools()[0].ratio() - 9.0).abs() < 1e-12
            && (g.schools()[1].ratio() - 6.0).abs() < 1e-12
    );
    let mut without = g.without().to_vec();
    without.sort();
    assert_eq!(
        without,
        [
            ("a group under 10 students".to_string(), 1),
            ("fewer than 5 students with the outcome in both groups".to_string(), 1)
        ]
    );
}

#[test]
fn audit_money_sets_partition_the_schools_and_the_budget() {
    let (c, a) = small();
    let d = discipline(&c, Some(&a), c.formula().audit().unwrap());
    let gap: Vec<_> =
        d.money().iter().filter(|m| m.measure() == "Suspension, Black/White").collect();
    assert_eq!(
        gap.iter().map(|m| m.set()).collect::<Vec<_>>(),
        ["ratio 2 or more", "ratio under 2", "no ratio"]
    );
    assert_eq!(gap.iter().map(|m| m.schools()).collect::<Vec<_>>(), [2, 0, 2]);
    assert_eq!(gap.iter().map(|m| m.total()).sum::<i64>(), 100_000);
    // a and b hold 300 of the 430 pupils of a pot shared by pupils.
    assert_eq!(gap[0].total(), a.total()[0] + a.total()[1]);
    assert!((gap[0].per_pupil() - gap[0].total() as f64 / 100.0 / 300.0).abs() < 1e-12);
    let contact: Vec<_> =
        d.money().iter().filter(|m| m.measure().ends_with("per 100 students")).collect();
    assert_eq!(contact.iter().map(|m| m.schools()).sum::<usize>(), 4);
}

#[test]
fn audit_settings_are_checked() {
    let bad = SMALL
        .replace("reference = \"White\"", "reference = \"white\"")
        .replace("Black = \"oss_black\"", "Blak = \"oss_black\"");
    let e = formula_error(&bad).to_string();
    assert!(e.contains("no student group 'white' under [audit.groups]"), "{e}");
    assert!(e.contains("did you mean 'White'?"), "{e}");
    assert!(e.contains("no student group 'Blak' under [audit.groups]"), "{e}");
    assert!(e.contains("did you mean 'Black'?"), "{e}");
    let no_ref = SMALL.replace("White = \"oss_white\"", "");
    let e = formula_error(&no_ref).to_string();
    assert!(e.contains("outcome 'oss' has no column for the reference group 'White'"), "{e}");
    let e = formula_error(&SMALL.replace("min_events = 5", "min_events = -1")).to_string();
    assert!(e.contains("min_events must be a number of at least 0, got -1"), "{e}");
}

/// Police to counselling on JCPS: $25M moved out of the school-police line reaches only
/// schools with at least 0.5 students per 100 with school-resource-officer involvement in the
/// three highest-need tiers; the equity fund is unchanged and every dollar is allocated.
#[test]
fn police_to_counselling_reaches_only_eligible_schools() {
    let scenarios = [
        root().join("formulas/scenarios/jcps.toml"),
        root().join("examples/jcps-police-to-counselling.toml"),
    ];
    let src = seni::FormulaSource::parse("ky-equity-2017");
    let f = seni::Formula::load(&src, &scenarios, &[]).unwrap();
    let base = seni::Formula::load(&src, &scenarios[..1], &[]).unwrap();
    let c = run(&f, &[]);
    let a = allocate(&c).unwrap();
    let b = allocate(&run(&base, &[])).unwrap();
    let counselling = a.programs().iter().find(|p| p.id() == "counselling").unwrap();
    assert_eq!(counselling.amounts().iter().sum::<i64>(), 25_000_000 * 100);
    assert_eq!(a.grand_total(), 50_000_000 * 100);
    assert_eq!(
        a.programs()[0].amounts(),
        b.programs()[0].amounts(),
        "the equity fund is unchanged"
    );
    let sro = c.district().numeric("n_students_sro_involvement").unwrap();
    let enrol = c.district().numeric("enrollment").unwrap();
    for r in 0..c.len() {
        let eligible = sro[r] / enrol[r] >= 0.005 && c.tier(r).is_some_and(|t| t < 3);
        assert_eq!(counselling.amounts()[r] > 0, eligible, "school {}", c.district().ids()[r]);
    }
    assert!(counselling.amounts().iter().filter(|&&x| x > 0).count() >= 10);
}
