//! Numbers at the edges: exact ties stay ties, weights of any size, amounts beyond what cents
//! hold, implausible values, and no NaN or infinity in any output.

use crate::harness::*;
use proptest::prelude::*;

/// Ten schools, three percentile indicators (rank/n, average ties), weight 1, quintile tiers.
const TIES: &str = r#"
[formula]
name = "ties"
[data]
id = "id"
[indicators.a]
column = "a"
normalise = { method = "percentile", form = "rank/n", ties = "average" }
[indicators.b]
column = "b"
normalise = { method = "percentile", form = "rank/n", ties = "average" }
[indicators.c]
column = "c"
normalise = { method = "percentile", form = "rank/n", ties = "average" }
[index]
aggregation = "mean"
[tiers]
method = "quantile"
k = 5
names = ["T1", "T2", "T3", "T4", "T5"]
"#;

/// The case found by an independent re-implementation: s0 and s6 both have index 7/15.
#[test]
fn exact_ties_share_value_rank_and_tier() {
    let csv = "id,a,b,c\ns0,8,3,3\ns1,5,7,8\ns2,2,2,1\ns3,7,8,6\ns4,9,4,5\ns5,1,9,7\ns6,4,1,9\ns7,3,6,10\ns8,6,10,4\ns9,10,5,2\n";
    let c = run_inline(TIES, csv).unwrap();
    assert_eq!(
        c.index()[0].to_bits(),
        c.index()[6].to_bits(),
        "{} vs {}",
        c.index()[0],
        c.index()[6]
    );
    assert!((c.index()[0] - 7.0 / 15.0).abs() < 1e-15);
    assert_eq!(c.rank()[0], c.rank()[6]);
    assert_eq!(c.rank()[0], Some(8));
    assert_eq!(c.tier(0), c.tier(6));
}

/// A random district of `n` schools and `k` indicators whose values are permutations of 1..n
/// (so every percentile is rank/n exactly), with integer weights 1–3: the index of a school is
/// exactly Σ wᵢ·rankᵢ / (n·Σ wᵢ), and schools with equal sums are exact ties.
fn ranks_district() -> impl Strategy<Value = (Vec<Vec<u32>>, Vec<u32>)> {
    (4usize..30, 2usize..6).prop_flat_map(|(n, k)| {
        let column = Just((1..=n as u32).collect::<Vec<u32>>()).prop_shuffle();
        (prop::collection::vec(column, k), prop::collection::vec(1u32..4, k))
    })
}

fn ranks_formula(weights: &[u32], order: &[usize]) -> String {
    let mut s = String::from("[formula]\nname = \"p\"\n[data]\nid = \"id\"\n");
    for &i in order {
        s.push_str(&format!(
            "[indicators.x{i}]\ncolumn = \"x{i}\"\nweight = {}\nnormalise = {{ method = \"percentile\", form = \"rank/n\", ties = \"average\" }}\n",
            weights[i]
        ));
    }
    s + "[index]\n[tiers]\nmethod = \"quantile\"\nk = 4\nnames = [\"Q4\", \"Q3\", \"Q2\", \"Q1\"]\n"
}

fn ranks_csv(cols: &[Vec<u32>], rows: &[usize], order: &[usize]) -> String {
    let mut s = "id".to_string();
    for &i in order {
        s.push_str(&format!(",x{i}"));
    }
    s.push('\n');
    for &r in rows {
        s.push_str(&format!("s{r:02}"));
        for &i in order {
            s.push_str(&format!(",{}", cols[i][r]));
        }
        s.push('\n');
    }
    s
}

/// (id, index bits, rank, tier) per school, sorted by id.
fn by_id(c: &seni::Computation) -> Vec<(String, u64, Option<usize>, Option<usize>)> {
    let mut v: Vec<_> = (0..c.len())
        .map(|r| (c.district().ids()[r].clone(), c.index()[r].to_bits(), c.rank()[r], c.tier(r)))
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Schools tied in exact arithmetic share their index, rank and tier; permuting the rows or
    /// the indicators changes nothing, bit for bit.
    #[test]
    fn planted_ties_survive_permutations(
        (cols, weights) in ranks_district(),
        row_seed in any::<u64>(),
        col_seed in any::<u64>(),
    ) {
        let (n, k) = (cols[0].len(), cols.len());
        let rows: Vec<usize> = (0..n).collect();
        let ind: Vec<usize> = (0..k).collect();
        let c = run_inline(&ranks_formula(&weights, &ind), &ranks_csv(&cols, &rows, &ind)).unwrap();
        let exact: Vec<u64> = (0..n).map(|r| (0..k).map(|i| u64::from(weights[i] * cols[i][r])).sum()).collect();
        for a in 0..n {
            for b in 0..n {
                if exact[a] == exact[b] {
                    prop_assert_eq!(c.index()[a].to_bits(), c.index()[b].to_bits());
                    prop_assert_eq!(c.rank()[a], c.rank()[b]);
                    prop_assert_eq!(c.tier(a), c.tier(b));
                } else {
                    prop_assert_eq!(exact[a] < exact[b], c.index()[a] < c.index()[b]);
                }
            }
        }
        let shuffle = |len: usize, seed: u64| {
            let mut v: Vec<usize> = (0..len).collect();
            let mut s = seed | 1;
            for i in (1..len).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                v.swap(i, (s % (i as u64 + 1)) as usize);
            }
            v
        };
        let (rows2, ind2) = (shuffle(n, row_seed), shuffle(k, col_seed));
        let c2 = run_inline(&ranks_formula(&weights, &ind2), &ranks_csv(&cols, &rows2, &ind2)).unwrap();
        prop_assert_eq!(by_id(&c), by_id(&c2));
    }
}

/// The bundled formula with every weight (indicators and domains) multiplied by `factor`.
fn scaled_seni(factor: f64) -> Vec<String> {
    let f = seni::Formula::bundled("seni").unwrap();
    let mut sets = Vec::new();
    for ind in f.indicators() {
        if let seni::formula::Weight::Fixed(w) = ind.weight {
            sets.push(format!("indicators.{}.weight={:e}", ind.id, w * factor));
        }
    }
    for d in f.domains().iter().filter(|d| d.id != "index") {
        sets.push(format!("domains.{}.weight={:e}", d.id, d.weight * factor));
    }
    sets
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Multiplying every weight by the same factor 2^k, k from −660 to 660 (about 10^−200 …
    /// 10^200), gives identical indices, tiers and cents. (Powers of two scale a double exactly;
    /// a decimal factor would change the weights themselves in their last bit.)
    #[test]
    fn weights_scaled_by_any_factor_give_identical_results(k in -660i32..660) {
        let base = run(&formula("seni", &[]), &[]);
        let sets = scaled_seni(2f64.powi(k));
        let refs: Vec<&str> = sets.iter().map(String::as_str).collect();
        let scaled = run(&formula("seni", &refs), &[]);
        prop_assert_eq!(by_id(&base), by_id(&scaled));
        let (a, b) = (seni::allocate(&base).unwrap(), seni::allocate(&scaled).unwrap());
        prop_assert_eq!(a.total(), b.total());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, .. ProptestConfig::default() })]

    /// Weights anywhere from 1e-300 to 1e300 give the index of their normalised shares (within
    /// 1e-13), and no value overflows.
    #[test]
    fn huge_and_tiny_weights_act_as_their_shares(
        magnitude in -300i32..290,
        exps in prop::collection::vec(0i32..10, 3),
        values in prop::collection::vec((0u32..1000, 0u32..1000, 0u32..1000), 3..12),
    ) {
        let w: Vec<f64> = exps.iter().map(|e| 10f64.powi(magnitude + e)).collect();
        let top = w.iter().cloned().fold(0.0, f64::max);
        let shares: Vec<f64> = w.iter().map(|x| x / top).collect();
        let text = |w: &[f64]| format!(
            "[formula]\nname = \"w\"\n[data]\nid = \"id\"\n[indicators.a]\ncolumn = \"a\"\nweight = {:e}\n[indicators.b]\ncolumn = \"b\"\nweight = {:e}\n[indicators.c]\ncolumn = \"c\"\nweight = {:e}\n[index]\n",
            w[0], w[1], w[2]
        );
        let mut csv = String::from("id,a,b,c\n");
        for (i, (a, b, c)) in values.iter().enumerate() {
            csv.push_str(&format!("s{i},{a},{b},{c}\n"));
        }
        let big = run_inline(&text(&w), &csv).unwrap();
        let small = run_inline(&text(&shares), &csv).unwrap();
        for r in 0..big.len() {
            prop_assert!(big.index()[r].is_finite());
            prop_assert!((big.index()[r] - small.index()[r]).abs() <= 1e-13 * small.index()[r].abs().max(1.0), "{} vs {}", big.index()[r], small.index()[r]);
        }
    }

    /// No output cell is NaN or an infinity for random valid inputs (missing values are empty).
    #[test]
    fn outputs_hold_no_nan_or_infinity(
        values in prop::collection::vec((prop::option::of(-1e6f64..1e6), prop::option::of(0f64..100.0), 1u32..5000), 2..25),
        method in prop::sample::select(vec!["zscore", "minmax", "percentile", "rank", "max", "none"]),
        aggregation in prop::sample::select(vec!["mean", "sum", "geometric", "min", "max"]),
    ) {
        let text = format!(
            "[formula]\nname = \"n\"\n[data]\nid = \"id\"\nenrolment = \"n\"\n[indicators.a]\ncolumn = \"a\"\nnormalise = {{ method = \"{method}\" }}\n[indicators.b]\ncolumn = \"b\"\nunit = \"%\"\n[index]\naggregation = \"{aggregation}\"\nzero_floor = 0.01\n[tiers]\nmethod = \"quantile\"\nk = 2\nnames = [\"H\", \"L\"]\n[allocation]\nbudget = 1000000\n[allocation.programs.p]\nkind = \"pot\"\nweights = \"pupils\"\n"
        ).replace("zero_floor = 0.01\n", if aggregation == "geometric" { "zero_floor = 0.01\n" } else { "" });
        let mut csv = String::from("id,a,b,n\n");
        for (i, (a, b, n)) in values.iter().enumerate() {
            let cell = |x: &Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
            csv.push_str(&format!("s{i},{},{},{n}\n", cell(a), cell(b)));
        }
        let Ok(c) = run_inline(&text, &csv) else { return Ok(()) };
        let meta = seni::export::Meta::of(&c);
        let mut outputs = vec![csv_of(&crate::harness::schools_table(&c), &meta)];
        if let Ok(a) = seni::allocate(&c) {
            outputs.push(csv_of(&crate::harness::allocation_table(&c, &a), &meta));
        }
        for out in outputs {
            let text = String::from_utf8(out).unwrap().to_lowercase();
            prop_assert!(!text.contains("nan") && !text.contains("inf"), "{}", text);
        }
    }
}

/// Weights that overflowed made scores silently missing; now they are shares of each other.
#[test]
fn enormous_weights_are_shares_and_rank_every_school() {
    let c = run(
        &formula(
            "seni",
            &["indicators.unduplicated.weight=1e308", "indicators.english_learners.weight=1e308"],
        ),
        &[],
    );
    let base = run(&formula("seni", &[]), &[]);
    let unranked = |c: &seni::Computation| c.rank().iter().filter(|r| r.is_none()).count();
    assert_eq!(unranked(&c), unranked(&base));
    let students = c.formula().domains().iter().position(|d| d.id == "students").unwrap();
    // Two indicators of weight 1e308 and two of weight 1: the others have shares of 1e-308.
    assert!(c.domains()[students].score().iter().filter(|x| !x.is_nan()).all(|x| *x > 0.0));
}

/// The CLI on a file with implausible values: a percentage above 100 and a count above the
/// enrolment are warnings (in the summary and the metadata); an enrolment 20× the median is an
/// error for a formula that allocates money.
#[test]
fn implausible_values_are_reported_with_their_rule() {
    let formula = r#"
[formula]
name = "plaus"
[data]
id = "id"
enrolment = "enrolment"
[indicators.frl]
column = "pct_frl"
unit = "% of students"
[indicators.oss]
numerator = "n_oss"
denominator = "enrolment"
multiplier = 100
unit = "per 100 students"
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
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.toml"), formula).unwrap();
    let rows = "id,enrolment,pct_frl,n_oss\na,100,50,5\nb,120,134.5,7\nc,90,60,95\nd,110,40,-2\ne,100,45,3\n";
    std::fs::write(dir.path().join("d.csv"), rows).unwrap();
    let o = crate::cli::seni(
        dir.path(),
        &["compute", "-f", "f.toml", "-d", "d.csv", "--format", "json", "--out", "-"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w: Vec<String> = v["metadata"]["warning_messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w.iter().any(|m| {
        m.contains("d.csv, row 2, column 'pct_frl': 134.5 is outside 0–100 (indicator frl")
    }));
    assert!(w.iter().any(|m| m.contains("row 3, column 'n_oss': 95 students counted but 90 enrolled (rule: a count of students is not above the school's enrolment)")));
    assert!(w.iter().any(|m| m.contains("row 4, column 'n_oss': -2 is a negative count")));
    // An enrolment of 5,000 against a median of 100: an error, naming the rule.
    let rows = rows.replace("e,100,45,3", "e,5000,45,3");
    std::fs::write(dir.path().join("d.csv"), rows).unwrap();
    let o = crate::cli::seni(
        dir.path(),
        &["allocate", "-f", "f.toml", "-d", "d.csv", "--out", "x.csv"],
    );
    assert_eq!(o.status.code(), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("d.csv, row 5, column 'enrolment': enrolment 5000 is 45.5× the median school's 110 (rule: at most 20 times the median)"), "{err}");
    assert!(!dir.path().join("x.csv").exists());
}
