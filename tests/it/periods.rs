//! Data with periods: choosing a period, rolling averages by hand, the trend against one-period
//! runs, year-over-year comparison, and hold-harmless against the previous period.

use crate::cli::seni;
use crate::harness::*;
use seni::{Computation, District, Formula, allocate, compare, compute, trend};
use std::path::PathBuf;

const PANEL: &str = "kentucky/ky_schools_panel_2012_2017.csv";

/// Three schools over three years; `x` is the indicator, `n` the enrolment.
const YEARS: &str = "id,year,n,x
a,2020,100,10
b,2020,100,4
c,2020,100,1
a,2021,300,20
c,2021,100,2
a,2022,100,
b,2022,100,6
c,2022,100,3
d,2022,100,9
";

fn years_formula(rolling: &str, extra: &str) -> String {
    format!(
        r#"
[formula]
name = "years"
[data]
id = "id"
enrolment = "n"
period = "year"
{extra}
[indicators.x]
column = "x"
{rolling}
[index]
[tiers]
method = "quantile"
k = 2
names = ["High", "Low"]
[output]
raw = true
"#
    )
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn raw_x(c: &Computation) -> Vec<(String, f64)> {
    (0..c.len()).map(|r| (c.district().ids()[r].clone(), c.indicators()[0].raw()[r])).collect()
}

/// 2022 with a three-year window: a has 10 and 20 (2022 empty) → 15; b has 4 and 6 → 5; c has
/// 1, 2, 3 → 2; d only 9 → with min_periods = 2 none. Weighted by enrolment, a is
/// (10·100 + 20·300) / 400 = 17.5.
#[test]
fn rolling_averages_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "y.csv", YEARS);
    let run = |rolling: &str| {
        let f = Formula::from_text("f.toml", &years_formula(rolling, "")).unwrap();
        compute(&f, District::load(std::slice::from_ref(&data), &f).unwrap()).unwrap()
    };
    let c = run("rolling = { periods = 3, min_periods = 2 }");
    assert_eq!(c.district().period(), Some("2022"));
    let got = raw_x(&c);
    assert_eq!(got[0], ("a".into(), 15.0));
    assert_eq!(got[1], ("b".into(), 5.0));
    assert_eq!(got[2], ("c".into(), 2.0));
    assert_eq!(got[3].0, "d");
    assert!(got[3].1.is_nan(), "d has one period of the two needed");
    let w = raw_x(&run("rolling = { periods = 3, min_periods = 1, weight = \"enrolment\" }"));
    assert_eq!(w[0].1, 17.5);
    assert_eq!(w[3].1, 9.0);
    // A window longer than the data averages what there is, and says so.
    let (five, three) = (run("rolling = 5"), run("rolling = 3"));
    assert_eq!(raw_x(&five)[2], raw_x(&three)[2]);
    let said = "rolling = 5 periods for 1 indicator (x), but 2022 has 3 to average";
    assert!(five.warnings().iter().any(|w| w.starts_with(said)), "{:?}", five.warnings());
    assert!(!three.warnings().iter().any(|w| w.contains("to average")), "{:?}", three.warnings());
    // A two-year window for c: (2 + 3) / 2.
    assert_eq!(raw_x(&run("rolling = 2"))[2].1, 2.5);
    // rolling = 1 is this period's values, bit for bit, everywhere.
    let (one, none) = (run("rolling = 1"), run(""));
    for r in 0..one.len() {
        assert_eq!(one.index()[r].to_bits(), none.index()[r].to_bits());
        assert_eq!(one.indicators()[0].raw()[r].to_bits(), none.indicators()[0].raw()[r].to_bits());
    }
}

#[test]
fn a_period_is_chosen_by_name_and_ids_are_unique_within_a_period() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "y.csv", YEARS);
    write(d, "f.toml", &years_formula("", ""));
    let o = seni(d, &["compute", "-f", "f.toml", "-d", "y.csv", "--period", "2021", "--out", "-"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 3, "a and c in 2021: {out}");
    let o = seni(d, &["compute", "-f", "f.toml", "-d", "y.csv", "--period", "2019"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no period '2019' in column 'year' of y.csv"), "{err}");
    assert!(err.contains("choose one of: 2020, 2021, 2022"), "{err}");
    write(d, "dup.csv", &format!("{YEARS}a,2022,50,1\n"));
    let o = seni(d, &["compute", "-f", "f.toml", "-d", "dup.csv"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("dup.csv, row 10, column 'id': id 'a' is also on row 6")
    );
    // One period: trend says so.
    write(d, "one.csv", "id,year,n,x\na,2022,10,1\nb,2022,10,2\n");
    let o = seni(d, &["trend", "-f", "f.toml", "-d", "one.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the data have only one period (2022"), "{err}");
}

/// The trend's tier changes by hand: tiers split the schools of each year in two halves.
#[test]
fn trend_transitions_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "y.csv", YEARS);
    let f = Formula::from_text("f.toml", &years_formula("", "")).unwrap();
    let runs: Vec<Computation> = District::load_periods(&[data], &f)
        .unwrap()
        .into_iter()
        .map(|d| compute(&f, d).unwrap())
        .collect();
    let t = trend(&runs);
    assert_eq!(t.periods(), ["2020", "2021", "2022"]);
    let tier = |p: usize, id: &str| {
        t.rows().iter().find(|r| r.period() == p && r.id() == id).and_then(|r| r.tier())
    };
    for x in t.transitions() {
        let in_both = t
            .rows()
            .iter()
            .filter(|r| {
                r.period() == x.to() && tier(x.from(), r.id()).is_some() && r.tier().is_some()
            })
            .count();
        assert_eq!(x.both(), in_both);
        assert_eq!(x.matrix().iter().flatten().sum::<usize>(), x.both());
        let changed = t
            .rows()
            .iter()
            .filter(|r| r.period() == x.to() && r.tier().is_some())
            .filter(|r| tier(x.from(), r.id()).is_some_and(|a| Some(a) != r.tier()))
            .count();
        assert_eq!(x.changed(), changed);
    }
    // Only c is tiered in all three years (a has no 2022 value, b no 2021 row), with the lowest
    // value each year (1 of 10, 4, 1; 2 of 20, 2; 3 of 6, 3, 9): Low every year, so stable.
    assert_eq!((t.in_every_period(), t.stable()), (1, 1));
    assert_eq!(tier(0, "c"), Some(1));
}

/// A panel given as columns (a data frame: years as numbers, an empty cell missing) has the
/// periods of the same panel read from a file, index for index.
#[test]
fn periods_from_columns_equal_periods_from_a_file() {
    use seni::data::Column;
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "y.csv", YEARS);
    let f = Formula::from_text("f.toml", &years_formula("", "")).unwrap();
    let lines: Vec<Vec<&str>> = YEARS.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let numbers = |j: usize| Column::Numbers(lines.iter().map(|r| r[j].parse().ok()).collect());
    let ids = Column::Text(lines.iter().map(|r| Some(r[0].to_string())).collect());
    let columns = vec![
        ("id".into(), ids),
        ("year".into(), numbers(1)),
        ("n".into(), numbers(2)),
        ("x".into(), numbers(3)),
    ];
    let from_columns = District::periods_from_columns("frame", columns, &f).unwrap();
    let from_file = District::load_periods(&[data], &f).unwrap();
    assert_eq!(from_columns.len(), 3);
    assert_eq!(from_columns.len(), from_file.len());
    for (a, b) in from_columns.into_iter().zip(from_file) {
        assert_eq!(a.period(), b.period());
        assert_eq!(a.history().len(), b.history().len());
        let (a, b) = (compute(&f, a).unwrap(), compute(&f, b).unwrap());
        assert_eq!(a.district().ids(), b.district().ids());
        let bits = |c: &Computation| c.index().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b));
    }
}

/// On the Kentucky panel: each period of the trend equals a run on that period alone, and
/// 2016-17 equals a run on the 2016-17 file.
#[test]
fn kentucky_trend_periods_equal_single_period_runs() {
    let (panel, single) = (data(PANEL), data("kentucky/ky_schools_2016_17.csv"));
    let f = formula("ky-equity-2017", &[]);
    let runs: Vec<Computation> = District::load_periods(std::slice::from_ref(&panel), &f)
        .unwrap()
        .into_iter()
        .map(|d| compute(&f, d).unwrap())
        .collect();
    assert_eq!(runs.len(), 6);
    let t = trend(&runs);
    for (p, label) in t.periods().iter().enumerate().step_by(2) {
        let one = run(
            &formula("ky-equity-2017", &[&format!("data.use_period=\"{label}\"")]),
            std::slice::from_ref(&panel),
        );
        let rows: Vec<_> = t.rows().iter().filter(|r| r.period() == p).collect();
        assert_eq!(rows.len(), one.len(), "{label}");
        for (r, row) in rows.iter().enumerate() {
            assert_eq!(row.id(), one.district().ids()[r]);
            assert_eq!(row.index().to_bits(), one.index()[r].to_bits(), "{label} {}", row.id());
            assert_eq!(row.tier(), one.tier(r));
        }
    }
    let file = run(&f, &[single]);
    let last = runs.last().unwrap();
    assert_eq!(file.district().ids(), last.district().ids());
    for r in 0..file.len() {
        assert_eq!(
            file.index()[r].to_bits(),
            last.index()[r].to_bits(),
            "{}",
            file.district().ids()[r]
        );
    }
}

/// Year over year: each school's index change is the sum of its indicators' contribution
/// changes.
#[test]
fn year_over_year_change_splits_by_indicator() {
    let panel = data(PANEL);
    let side = |p: &str| {
        let c = run(
            &formula("ky-equity-2017", &[&format!("data.use_period=\"{p}\"")]),
            std::slice::from_ref(&panel),
        );
        seni::Run::of(c).unwrap()
    };
    let cmp = compare(&side("2015-16"), &side("2016-17"));
    let shifts = cmp.moved_shifts().expect("the index moved");
    for (k, s) in cmp.schools().iter().enumerate() {
        let (Some(a), Some(b)) = (s.index_a(), s.index_b()) else { continue };
        let sum: f64 = shifts.iter().filter(|x| x.school() == k).map(|x| x.change()).sum();
        assert!((sum - (b - a)).abs() < 1e-9, "{}: {sum} vs {}", s.id(), b - a);
    }
}

/// Hold-harmless against the previous period: the prior column is the school's total under the
/// same formula a period earlier, and no school gets less than 90% of it.
#[test]
fn hold_harmless_guarantees_the_previous_period_under_the_same_formula() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(
        dir.path(),
        "y.csv",
        "id,year,n,x\na,2021,100,9\nb,2021,100,1\nc,2021,100,5\na,2022,100,1\nb,2022,100,9\nc,2022,100,5\n",
    );
    let money = r#"
[allocation]
budget = 30000
prior_period = true
[allocation.hold_harmless]
share = 0.9
funding = "from_pot"
[allocation.programs.p]
kind = "pot"
weights = "tier"
tier_weights = { "High" = 2, "Low" = 1 }
"#;
    let text = years_formula("", "") + money;
    let f = Formula::from_text("f.toml", &text).unwrap();
    let periods = District::load_periods(&[data], &f).unwrap();
    let first = allocate(&compute(&f, periods[0].clone()).unwrap()).unwrap();
    let c = compute(&f, periods[1].clone()).unwrap();
    let a = allocate(&c).unwrap();
    let prior = a.prior().unwrap();
    for r in 0..c.len() {
        assert_eq!(prior[r], Some(first.total()[r]), "prior of {}", c.district().ids()[r]);
        assert!(a.total()[r] as f64 >= 0.9 * first.total()[r] as f64, "{}", c.district().ids()[r]);
    }
    assert_eq!(a.grand_total(), 3_000_000);
    // a was High in 2021 and is Low in 2022: held at 90% of its 2021 amount.
    assert!(a.total()[0] > first.total()[0] / 2, "a is held harmless");
}
