//! The index engine on small districts whose results are worked out by hand here.

use crate::harness::*;

const BASE: &str = r#"
[formula]
name = "t"
[data]
id = "id"
missing_values = ["*"]
"#;

fn f(body: &str) -> String {
    format!("{BASE}{body}")
}

#[test]
fn weighted_mean_drops_missing_and_rescales_weights() {
    // a weighs 3, b weighs 1, both raw (normalise none).
    // s1: (3·10 + 1·20)/4 = 12.5; s2: b missing → a alone = 4; s3: a missing → b alone = 8.
    let c = run_inline(
        &f(r#"
[indicators.a]
column = "a"
weight = 3
[indicators.b]
column = "b"
[index]
aggregation = "mean"
"#),
        "id,a,b\ns1,10,20\ns2,4,*\ns3,,8\n",
    )
    .unwrap();
    assert_eq!(c.index(), vec![12.5, 4.0, 8.0]);
    assert_eq!(c.missing(), vec![0, 1, 1]);
    // Contributions: s1 = 3·10/4 + 1·20/4 = 7.5 + 5 = 12.5.
    assert_eq!(c.contributions(0), vec![7.5, 5.0]);
    assert_eq!(c.contributions(1), vec![4.0, 0.0]);
}

#[test]
fn propagate_makes_the_domain_missing_and_says_why() {
    let c = run_inline(
        &f(r#"
[domains.d]
missing = "propagate"
aggregation = "sum"
[indicators.a]
column = "a"
domain = "d"
[indicators.b]
column = "b"
domain = "d"
[index]
"#),
        "id,a,b\ns1,1,2\ns2,1,\n",
    )
    .unwrap();
    assert_eq!(c.index()[0], 3.0);
    assert!(c.index()[1].is_nan());
    assert_eq!(
        c.reason(1),
        Some("indicator 'b' is missing (and domain 'd' propagates missing values)")
    );
}

#[test]
fn coverage_rule_leaves_a_school_unranked_with_a_reason() {
    // Three indicators, at least two present.
    let c = run_inline(
        &f(r#"
[indicators.a]
column = "a"
[indicators.b]
column = "b"
[indicators.c]
column = "c"
[index]
missing = "drop"
min_present = 2
"#),
        "id,a,b,c\ns1,1,2,3\ns2,1,,\n",
    )
    .unwrap();
    assert_eq!(c.index()[0], 2.0);
    assert!(c.index()[1].is_nan());
    assert_eq!(c.reason(1), Some("the index: 1 of 3 indicators present, at least 2 needed"));
    assert_eq!(c.rank(), vec![Some(1), None]);
}

#[test]
fn geometric_mean_and_its_zero_rule() {
    // geometric mean of 4 and 9 = 6; with a zero and no floor → 0; with zero_floor 1 → sqrt(1·16) = 4.
    let body = r#"
[indicators.a]
column = "a"
[indicators.b]
column = "b"
[index]
aggregation = "geometric"
"#;
    let c = run_inline(&f(body), "id,a,b\ns1,4,9\ns2,0,16\n").unwrap();
    assert!((c.index()[0] - 6.0).abs() < 1e-12);
    assert_eq!(c.index()[1], 0.0);
    let c =
        run_inline(&f(&format!("{body}zero_floor = 1\n")), "id,a,b\ns1,4,9\ns2,0,16\n").unwrap();
    assert!((c.index()[1] - 4.0).abs() < 1e-12);
    // Geometric aggregation is not linear: contributions are not defined.
    assert!(c.contributions(0).iter().all(|x| x.is_nan()));
}

#[test]
fn multi_level_weights_and_contributions_add_up() {
    // d1 = mean(a, b) with b weight 3; d2 = c; index = (2·d1 + 1·d2)/3.
    // s1: a=0.2, b=0.6 → d1 = (0.2 + 1.8)/4 = 0.5; c = 0.8 → index = (1.0 + 0.8)/3 = 0.6.
    let c = run_inline(
        &f(r#"
[domains.d1]
weight = 2
[domains.d2]
[indicators.a]
column = "a"
domain = "d1"
[indicators.b]
column = "b"
domain = "d1"
weight = 3
[indicators.c]
column = "c"
domain = "d2"
[index]
"#),
        "id,a,b,c\ns1,0.2,0.6,0.8\n",
    )
    .unwrap();
    assert!((c.index()[0] - 0.6).abs() < 1e-15);
    let contrib = c.contributions(0);
    // a: 0.2 · (1/4) · (2/3); b: 0.6 · (3/4) · (2/3); c: 0.8 · (1/3).
    let want = [0.2 / 4.0 * 2.0 / 3.0, 0.6 * 0.75 * 2.0 / 3.0, 0.8 / 3.0];
    for (got, w) in contrib.iter().zip(want) {
        assert!((got - w).abs() < 1e-15);
    }
    assert!((contrib.iter().sum::<f64>() - c.index()[0]).abs() < 1e-15);
}

#[test]
fn normalising_within_groups_ranks_each_group_separately() {
    // Percentile (rank-1)/(n-1) within level: e has 3 schools, h has 2.
    let c = run_inline(
        &f(r#"
[data]
id = "id"
normalise_within = "level"
[indicators.a]
column = "a"
normalise = { method = "percentile" }
[index]
"#)
        .replace("[data]\nid = \"id\"\nmissing_values = [\"*\"]\n", ""),
        "id,level,a\n1,e,10\n2,h,50\n3,e,30\n4,h,40\n5,e,20\n",
    )
    .unwrap();
    assert_eq!(c.index(), vec![0.0, 1.0, 1.0, 0.0, 0.5]);
}

#[test]
fn imputation_by_group_median_is_counted() {
    // Missing a for school 3 (level e) → median of e = median(10, 30) = 20.
    let c = run_inline(
        &f(r#"
[indicators.a]
column = "a"
impute = { method = "median", within = "level" }
[index]
"#),
        "id,level,a\n1,e,10\n2,h,99\n3,e,\n4,e,30\n",
    )
    .unwrap();
    assert_eq!(c.index(), vec![10.0, 99.0, 20.0, 30.0]);
    assert_eq!(c.imputed(), vec![0, 0, 1, 0]);
}

#[test]
fn transforms_log_winsorise_and_cap() {
    let body = |t: &str| f(&format!("[indicators.a]\ncolumn = \"a\"\ntransform = {t}\n[index]\n"));
    let csv = "id,a\n1,1\n2,10\n3,100\n4,1000\n5,10000\n";
    let c = run_inline(&body("{ kind = \"log\" }"), csv).unwrap();
    assert!((c.index()[2] - 100f64.ln()).abs() < 1e-12);
    // Winsorise at 25%/75%: PERCENTILE.INC of 1..10000 (5 values) = 10 and 1000.
    let c = run_inline(&body("{ kind = \"winsorise\", lower = 0.25, upper = 0.75 }"), csv).unwrap();
    assert_eq!(c.index(), vec![10.0, 10.0, 100.0, 1000.0, 1000.0]);
    let c = run_inline(&body("{ kind = \"cap\", max = 500 }"), csv).unwrap();
    assert_eq!(c.index(), vec![1.0, 10.0, 100.0, 500.0, 500.0]);
}

#[test]
fn direction_lower_reflects_every_normaliser() {
    let csv = "id,a\n1,1\n2,2\n3,3\n4,4\n";
    let run = |n: &str| {
        run_inline(
            &f(&format!(
                "[indicators.a]\ncolumn = \"a\"\ndirection = \"lower\"\nnormalise = {n}\n[index]\n"
            )),
            csv,
        )
        .unwrap()
        .index()
        .to_vec()
    };
    let mm = run("{ method = \"minmax\" }");
    for (got, want) in mm.iter().zip([1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0]) {
        assert!((got - want).abs() < 1e-15);
    }
    assert_eq!(run("{ method = \"rank\" }"), vec![4.0, 3.0, 2.0, 1.0]);
    assert_eq!(
        run("{ method = \"goalposts\", min = 0, max = 5, scale = 100 }"),
        vec![80.0, 60.0, 40.0, 20.0]
    );
    assert_eq!(run("{ method = \"quantile\", k = 4, cuts = \"rank\" }"), vec![4.0, 3.0, 2.0, 1.0]);
    // Points with direction lower: value ≤ cutoff earns the points, cutoffs increasing.
    assert_eq!(
        run("{ method = \"points\", cutoffs = [1, 3], points = [10, 5, 0] }"),
        vec![10.0, 5.0, 5.0, 0.0]
    );
}

#[test]
fn tiers_by_cutoffs_with_floor_and_missing_name() {
    // Score ≥ 3 → "Top", ≥ 1 → "Mid", else "Low"; floor: b ≥ 90 lifts to at least "Mid".
    let c = run_inline(
        &f(r#"
[indicators.a]
column = "a"
[index]
[tiers]
method = "cutoffs"
cutoffs = [1, 3]
names = ["Top", "Mid", "Low"]
missing_name = "Unrated"
[[tiers.floor]]
columns = ["b"]
at_least = 90
tier = "Mid"
"#),
        "id,a,b\n1,3,0\n2,1,0\n3,0.5,0\n4,0.5,95\n5,,99\n",
    )
    .unwrap();
    let t = c.formula().tiers().unwrap();
    let names: Vec<&str> = c.tiers().unwrap().iter().map(|p| t.name(*p)).collect();
    assert_eq!(names, vec!["Top", "Mid", "Low", "Mid", "Unrated"]);
}

#[test]
fn row_order_does_not_change_any_result() {
    let body = std::fs::read_to_string(root().join("formulas/seni.toml")).unwrap();
    let csv = std::fs::read_to_string(root().join("data/district.csv")).unwrap();
    let mut lines: Vec<&str> = csv.lines().collect();
    let header = lines.remove(0);
    let a = run_inline(&body, &csv).unwrap();
    lines.reverse();
    lines.rotate_left(317);
    let shuffled = format!("{header}\n{}\n", lines.join("\n"));
    let b = run_inline(&body, &shuffled).unwrap();
    let by_id = |c: &seni::Computation| {
        let mut v: Vec<(String, u64, Option<usize>, Option<usize>)> = (0..c.len())
            .map(|r| {
                (
                    c.district().ids()[r].clone(),
                    c.index()[r].to_bits(),
                    c.rank()[r],
                    c.tiers().unwrap()[r],
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(by_id(&a), by_id(&b));
}

#[test]
fn ratio_and_category_sources() {
    let c = run_inline(
        &f(r#"
[indicators.share]
numerator = "k"
denominator = "n"
multiplier = 100
[indicators.label]
column = "s"
categories = { "Good" = 2, "Bad" = 0 }
[index]
aggregation = "sum"
"#),
        "id,k,n,s\n1,1,4,Good\n2,3,4,Bad\n",
    )
    .unwrap();
    assert_eq!(c.index(), vec![27.0, 75.0]);
}

#[test]
fn library_compute_on_columns_matches_the_file_route() {
    use seni::data::Column;
    let f = seni::Formula::from_path(root().join("formulas/seni.toml")).unwrap();
    // The file read independently of seni; every other column given as numbers (as a data
    // frame holds them), the rest as text that seni parses.
    let t = crate::harness::published(&root().join("data/district.csv"));
    let columns: Vec<(String, Column)> = t
        .columns()
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let cells = t.text(name).unwrap();
            let numbers: Vec<Option<f64>> = cells.iter().map(|c| c.parse().ok()).collect();
            let all_numbers = cells.iter().zip(&numbers).all(|(c, n)| c.is_empty() || n.is_some());
            let column = if j % 2 == 0 && all_numbers {
                Column::Numbers(numbers)
            } else {
                Column::Text(cells.into_iter().map(|c| (!c.is_empty()).then_some(c)).collect())
            };
            (name.clone(), column)
        })
        .collect();
    let district = seni::District::from_columns("columns", columns, &f, &|_| false).unwrap();
    let from_columns = seni::compute(&f, district).unwrap();
    let from_file = run(&f, &[root().join("data/district.csv")]);
    assert_eq!(
        from_columns.index().iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        from_file.index().iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
    // Contributions come with the result.
    let sum: f64 = from_columns.contributions(0).iter().sum();
    assert!((sum - from_columns.index()[0]).abs() < 1e-12);
}

/// A what-if that moves weights keeps the normalised values and gives the same numbers as a full
/// computation, bit for bit; any other change computes in full.
#[test]
fn recompute_after_a_weight_change_equals_compute() {
    let base = crate::harness::formula("seni", &[]);
    let c = run(&base, &[]);
    for sets in [
        &["indicators.chronic_absence.weight=3"][..],
        &["domains.academic.weight=0.25", "indicators.foster.weight=7"][..],
        &[
            "tiers.k=4",
            "tiers.names=[\"a\",\"b\",\"c\",\"d\"]",
            "indicators.homeless.weight=2",
            "allocation.programs.seni.tier_weights=[4,3,2,1]",
        ][..],
        &["indicators.chronic_absence.direction=\"lower\""][..],
    ] {
        let f = crate::harness::formula("seni", sets);
        let fast = seni::index::recompute(&c, &f).unwrap();
        let full = seni::compute(&f, c.district().clone()).unwrap();
        let bits =
            |x: &seni::Computation| x.index().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&fast), bits(&full), "{sets:?}");
        assert_eq!(fast.rank(), full.rank(), "{sets:?}");
        assert_eq!(fast.tiers(), full.tiers(), "{sets:?}");
        assert_eq!(fast.warnings(), full.warnings(), "{sets:?}");
        let money = |x: &seni::Computation| seni::allocate(x).unwrap().total().to_vec();
        assert_eq!(money(&fast), money(&full), "{sets:?}");
    }
}

/// What-ifs of what-ifs, each from the one before (as the page chains them): a weight of an
/// indicator with an `applies` rule, a budget, tiers alone, an aggregate's weight and back to
/// the formula as shipped each give what a full computation gives — every aggregate's scores,
/// normalised values, classes and reasons, the index, ranks, tiers, warnings and money, bit for
/// bit.
#[test]
fn chained_what_ifs_equal_compute_column_for_column() {
    let c = run(&crate::harness::formula("seni", &[]), &[]);
    let tiers4 = ["tiers.k=4", "tiers.names=[\"a\",\"b\",\"c\",\"d\"]"];
    let weights4 = "allocation.programs.seni.tier_weights=[4,3,2,1]";
    let steps: [&[&str]; 5] = [
        &["indicators.graduation.weight=3"],
        &["indicators.graduation.weight=3", "budget=650000000"],
        &["indicators.graduation.weight=3", "budget=650000000", tiers4[0], tiers4[1], weights4],
        &["indicators.graduation.weight=0.5", "domains.community.weight=2", "budget=650000000"],
        &[],
    ];
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let mut before = c.clone();
    for sets in steps {
        let f = crate::harness::formula("seni", sets);
        let fast = seni::index::recompute(&before, &f).unwrap();
        let full = seni::compute(&f, c.district().clone()).unwrap();
        for (a, b) in fast.domains().iter().zip(full.domains()) {
            assert_eq!(bits(a.score()), bits(b.score()), "{sets:?}");
            assert_eq!(a.normalised().map(bits), b.normalised().map(bits), "{sets:?}");
            assert_eq!((a.classes(), a.reasons()), (b.classes(), b.reasons()), "{sets:?}");
        }
        for (a, b) in fast.indicators().iter().zip(full.indicators()) {
            let w = |x: &seni::index::IndicatorValues| {
                (0..c.len()).map(|r| x.weight().at(r).to_bits()).collect::<Vec<_>>()
            };
            assert_eq!(w(a), w(b), "{sets:?}");
        }
        assert_eq!(bits(fast.index()), bits(full.index()), "{sets:?}");
        assert_eq!((fast.rank(), fast.tiers()), (full.rank(), full.tiers()), "{sets:?}");
        assert_eq!(fast.warnings(), full.warnings(), "{sets:?}");
        let money = |x: &seni::Computation| seni::allocate(x).unwrap().total().to_vec();
        assert_eq!(money(&fast), money(&full), "{sets:?}");
        before = fast;
    }
}
