//! Uncertainty and sensitivity: hand-derived rank bands, zero-width bands without uncertainty,
//! and bit-identical results across thread counts (Sobol indices of the Ishigami function are a
//! unit test beside the estimator).

use crate::harness::*;
use seni::analysis::sensitivity::{SampleBlock, SensitivityOptions as Options, Watch};
use seni::formula::Uncertainty;
use seni::sensitivity;

#[test]
fn no_uncertain_inputs_gives_zero_width_bands_at_the_nominal_ranks() {
    let c = crate::harness::run(&formula("seni", &[]), &[]);
    let opts =
        Options { uncertainty: Some(Uncertainty::none()), draws: Some(50), ..Default::default() };
    let s = sensitivity(&c, &opts, &mut ()).unwrap();
    assert!(s.factors().is_empty());
    for (r, b) in s.schools().iter().enumerate() {
        match c.rank()[r] {
            Some(rank) => {
                let rank = rank as u32;
                assert_eq!(
                    (b.rank_p05(), b.rank_median(), b.rank_p95()),
                    (Some(rank), Some(rank), Some(rank)),
                    "school {}",
                    b.id()
                );
                let t = c.tiers().unwrap()[r].unwrap();
                assert_eq!(b.tier_probability()[t], 1.0);
                assert!(b.stable());
            }
            None => assert_eq!(b.unranked_probability(), 1.0),
        }
    }
}

/// Three schools, two raw indicators, the index their weighted mean. Weight of `a` is uniform in
/// [0.5, 1.5], weight of `b` is 1, so the share s = w/(w+1) of `a`:
///   A = (1, 0) → index s;  B = (0, 1) → 1 − s;  C = (0.4, 0.4) → 0.4 always.
/// A is first when s > 1/2 (w > 1: probability 1/2), second when 0.4 < s < 0.5 (2/3 < w < 1:
/// 1/3), third when w < 2/3 (1/6). C beats A only when w < 2/3 (1/6) and never beats B
/// (that needs s > 0.6, w > 1.5). So C's ranks are {2: 1/6, 3: 5/6}.
#[test]
fn two_indicator_district_matches_the_hand_derived_bands() {
    let text = r#"
[formula]
name = "hand"
[data]
id = "id"
[indicators.a]
column = "a"
[indicators.b]
column = "b"
[index]
[tiers]
method = "cutoffs"
cutoffs = [0.45]
names = ["Top", "Bottom"]
[uncertainty]
draws = 6000
seed = 11
weight_range = { a = [0.5, 1.5], b = [1.0, 1.0] }
"#;
    let c = run_inline(text, "id,a,b\nA,1,0\nB,0,1\nC,0.4,0.4\n").unwrap();
    let s = sensitivity(&c, &Options::default(), &mut ()).unwrap();
    let (a, cc) = (&s.schools()[0], &s.schools()[2]);
    assert_eq!((a.rank_p05(), a.rank_p95()), (Some(1), Some(3)));
    assert_eq!((cc.rank_p05(), cc.rank_p95(), cc.rank_median()), (Some(2), Some(3), Some(3)));
    // Tier "Top" means index ≥ 0.45: A when s ≥ 0.45 (w ≥ 9/11: probability 1 − (9/11 − 0.5) = 0.6818),
    // C never (0.4).
    let tol = 0.025; // ≈ 4 standard errors at 6,000 draws
    assert!(
        (a.tier_probability()[0] - (1.0 - (9.0 / 11.0 - 0.5))).abs() < tol,
        "{}",
        a.tier_probability()[0]
    );
    assert_eq!(cc.tier_probability()[0], 0.0);
    assert!(cc.stable() && !a.stable());
    // Frequencies of A's ranks from the samples, as the blocks of draws arrive.
    let mut a_ranks = ARanks(Vec::new(), 0);
    let opts = Options { keep_samples: true, ..Default::default() };
    sensitivity(&c, &opts, &mut a_ranks).unwrap();
    assert_eq!(a_ranks.1, 6000, "every draw handed over once, in order");
    let share = |rank: u32| a_ranks.0.iter().filter(|&&r| r == rank).count() as f64 / 6000.0;
    assert!(
        (share(1) - 0.5).abs() < tol
            && (share(2) - 1.0 / 3.0).abs() < tol
            && (share(3) - 1.0 / 6.0).abs() < tol
    );
}

/// School A's rank in every draw, and the next draw expected.
struct ARanks(Vec<u32>, usize);

impl Watch for ARanks {
    fn samples(&mut self, b: &SampleBlock) -> seni::Result<()> {
        assert_eq!(b.first_draw(), self.1);
        self.0.extend(b.ranks().chunks(b.schools()).map(|draw| draw[0]));
        self.1 += b.ranks().len() / b.schools();
        Ok(())
    }
}

/// Stops after the first block.
struct StopAtOnce(usize);

impl Watch for StopAtOnce {
    fn progress(&mut self, done: usize, _: usize) -> bool {
        self.0 = done;
        false
    }
}

#[test]
fn a_run_stops_when_asked_and_a_run_too_big_for_memory_is_refused_up_front() {
    let c = crate::harness::run(&formula("seni", &[]), &[]);
    let mut stop = StopAtOnce(0);
    let e = sensitivity(&c, &Options { draws: Some(100_000), ..Default::default() }, &mut stop)
        .unwrap_err();
    assert_eq!(e.kind, seni::ErrorKind::Interrupted);
    assert!(stop.0 < 100_000, "stopped after the first block, not at the end");
    assert!(e.to_string().contains(&format!("stopped after {} of 100,000 draws", stop.0)), "{e}");
    // Nothing per school-draw is kept: 1,000 draws of 1,000 schools fit in 8 MiB (they took 5 MB
    // of ranks and tiers alone before the exact bands came in two passes). A draw adds its rates
    // and, per school, what the second pass may keep (2.25 bytes), and a block holds up to 256
    // draws (13 bytes a school-draw): about 4.8 MB before any draw, 2.3 kB a draw after.
    let mib8 = Some(8 << 20);
    let opts = Options { draws: Some(1000), memory_limit: mib8, ..Default::default() };
    assert!(sensitivity(&c, &opts, &mut ()).is_ok());
    let opts = Options { draws: Some(100_000), memory_limit: mib8, ..Default::default() };
    let e = sensitivity(&c, &opts, &mut ()).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("100,000 draws of 1,000 schools need about ") && text.contains(" MB"),
        "{e}"
    );
    let fit: usize = text
        .split("ask for at most ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert!((1_400..=1_700).contains(&fit), "{fit}: {e}");
    let opts = Options { draws: Some(fit), memory_limit: mib8, ..Default::default() };
    assert!(sensitivity(&c, &opts, &mut ()).is_ok(), "the suggested number of draws runs");
    let opts = Options { draws: Some(fit + 1), memory_limit: mib8, ..Default::default() };
    assert!(sensitivity(&c, &opts, &mut ()).is_err(), "one more does not");
    // Sobol indices keep two sample matrices and the outputs of base · (k + 2) runs.
    let opts = Options {
        draws: Some(10),
        sobol: Some(1 << 40),
        memory_limit: Some(1 << 30),
        ..Default::default()
    };
    let e = sensitivity(&c, &opts, &mut ()).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("Sobol indices with 1,099,511,627,776 base samples need about"), "{e}");
    assert!(
        text.contains("ask for at most") && !text.contains("--"),
        "no flag a library caller never typed: {e}"
    );
}

#[test]
fn ctrl_c_stops_the_draws_within_a_second_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_seni"))
        .args(["sensitivity", "--draws", "200000", "--samples", "s.csv", "--out", "o.csv"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "still drawing when Ctrl-C comes");
    let pressed = std::time::Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert!(pressed.elapsed() < std::time::Duration::from_secs(1), "{:?}", pressed.elapsed());
    assert_eq!(out.status.code(), Some(130));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("interrupted: stopped after") && err.contains("nothing was written"),
        "{err}"
    );
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn same_seed_same_output_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str, out: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_seni"))
            .args([
                "sensitivity",
                "--draws",
                "200",
                "--sobol",
                "16",
                "--format",
                "json",
                "--out",
                out,
                "--samples",
                &format!("{out}.samples.csv"),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            std::fs::read(dir.path().join(out)).unwrap(),
            std::fs::read(dir.path().join(format!("{out}.samples.csv"))).unwrap(),
        )
    };
    let one = run("1", "one.json");
    let two = run("2", "two.json");
    assert!(one == two, "results differ between 1 and 2 threads");
    let v: serde_json::Value = serde_json::from_slice(&one.0).unwrap();
    assert_eq!(v["sensitivity"]["draws"], 200);
    assert_eq!(
        v["sobol"].as_array().unwrap().len(),
        v["sensitivity"]["inputs"].as_array().unwrap().len()
    );
    assert!(v["sensitivity"]["sobol_method"].as_str().unwrap().contains("Saltelli (2010)"));
    // A different seed gives different draws.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_seni"))
        .args([
            "sensitivity",
            "--draws",
            "200",
            "--seed",
            "9",
            "--format",
            "json",
            "--out",
            "other.json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(std::fs::read(dir.path().join("other.json")).unwrap() != one.0);
}

#[test]
fn sensitivity_command_writes_table_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let o = crate::cli::seni(dir.path(), &["sensitivity", "--draws", "100", "--charts", "charts"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("100 draws (seed 2026)") && out.contains("keep their tier"), "{out}");
    let csv = std::fs::read_to_string(dir.path().join("out/sensitivity.csv")).unwrap();
    assert!(csv.starts_with("id,name,index,rank,tier,p(Highest need),"));
    assert_eq!(csv.lines().count(), 1001);
    for f in ["rank-bands.svg", "rank-bands.png", "tier-probability.svg", "tier-probability.png"] {
        assert!(dir.path().join("charts").join(f).exists(), "{f}");
    }
    let svg = std::fs::read_to_string(dir.path().join("charts/tier-probability.svg")).unwrap();
    assert!(svg.contains("Tier probabilities") && svg.contains("Highest need"));
}

/// The rule every front end follows when a formula's `[uncertainty]` varies nothing: every
/// weight varies (Dirichlet, concentration 50.0: the command line's `--weights dirichlet:50`,
/// the same hash), the run's own district is recomputed with it, and its draws are those of
/// the formula computed afresh; a formula that varies something is drawn as it is.
#[test]
fn the_default_uncertainty_is_the_command_lines_weights_on_the_same_district() {
    use seni::Origin;
    use seni::analysis::sensitivity::{default_uncertainty, with_default_uncertainty};
    let seni_f = formula("seni", &[]);
    assert!(default_uncertainty(&seni_f, Origin::Argument("x".into()), "").is_none());
    let c = crate::harness::run(&seni_f, &[]);
    assert!(with_default_uncertainty(&c, Origin::Argument("x".into()), "").unwrap().is_none());

    let f = formula("seni-lausd-open", &["uncertainty.draws=30"]);
    let flag = Origin::Flag("--weights dirichlet:50".into());
    let (change, note) = default_uncertainty(&f, flag, "choose with --weights").unwrap();
    assert_eq!(
        note,
        "formula seni-lausd-open has no [uncertainty] that varies anything, so every weight varies around its own (--weights dirichlet:50); choose with --weights"
    );
    let set =
        ["uncertainty.draws=30", "uncertainty.weights={kind=\"dirichlet\", concentration=50.0}"];
    let flagged = formula("seni-lausd-open", &set);
    assert_eq!(f.with_changes(&[change]).unwrap().hash(), flagged.hash());

    let c = crate::harness::run(&f, &[]);
    let (d, _) = with_default_uncertainty(&c, Origin::Argument("a".into()), "").unwrap().unwrap();
    let fresh = crate::harness::run(&flagged, &[]);
    assert_eq!(d.formula().hash(), fresh.formula().hash());
    let opts = Options { seed: Some(2), ..Default::default() };
    let (a, b) =
        (sensitivity(&d, &opts, &mut ()).unwrap(), sensitivity(&fresh, &opts, &mut ()).unwrap());
    assert_eq!(a.factors().len(), f.indicators().len() + f.domains().len() - 1, "every weight");
    let moved = a.schools().iter().filter(|s| !s.stable()).count();
    assert!(moved > 50, "only {moved} schools change tier");
    for (x, y) in a.schools().iter().zip(b.schools()) {
        assert_eq!(x.tier_probability(), y.tier_probability(), "{}", x.id());
        assert_eq!((x.rank_p05(), x.rank_p95()), (y.rank_p05(), y.rank_p95()), "{}", x.id());
    }
}

/// A formula without `[uncertainty]` varies its weights (and says so) rather than running
/// identical draws; the options set the inputs by name.
#[test]
fn a_formula_without_uncertainty_varies_its_weights_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["sensitivity", "-f", "seni-lausd-open", "--draws", "40", "--format", "json"];
    let o = crate::cli::seni(dir.path(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("note: formula seni-lausd-open has no [uncertainty] that varies anything, so every weight varies around its own (--weights dirichlet:50)"),
        "{text}"
    );
    let json = std::fs::read_to_string(dir.path().join("out/sensitivity.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let inputs = v["sensitivity"]["inputs"].as_array().unwrap();
    assert!(inputs.len() > 10, "every weight varies: {inputs:?}");
    let wide = v["schools"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["rank_p95"].as_f64().unwrap_or(0.0) > s["rank_p05"].as_f64().unwrap_or(0.0))
        .count();
    assert!(wide > 100, "only {wide} schools have a rank band wider than 0");
    // Named inputs replace the default; a bad one names the option.
    let o = crate::cli::seni(dir.path(), &["sensitivity", "--weights", "dirichlet:x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--weights dirichlet:x: 'x' is not a number")
    );
    let o =
        crate::cli::seni(dir.path(), &["sensitivity", "--normalisers", "zcore", "--draws", "4"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("--normalisers zcore") && err.contains("did you mean 'zscore'?"), "{err}");
}

/// The CDC SVI re-ranks its theme sums, which the fast evaluator cannot follow: every draw runs
/// the index engine, the output says so, and the rank bands are real (not zero-width).
#[test]
fn the_svi_runs_on_the_full_engine() {
    let Some(p) = shared("svi/SVI2018_US_COUNTY.csv") else { return };
    let f = formula(
        "cdc-svi-2018",
        &["uncertainty.weights={ kind = \"dirichlet\", concentration = 50 }"],
    );
    let c = crate::harness::run(&f, &[p]);
    let s = sensitivity(&c, &Options { draws: Some(24), ..Default::default() }, &mut ()).unwrap();
    assert_eq!(s.general_engine(), Some("aggregate 'theme1' is re-normalised"));
    let widths: Vec<u32> =
        s.schools().iter().filter_map(|b| Some(b.rank_p95()? - b.rank_p05()?)).collect();
    assert!(widths.iter().any(|&w| w > 100), "weights move SVI ranks");
    for (r, b) in s.schools().iter().enumerate() {
        if let (Some(rank), Some(lo), Some(hi)) = (c.rank()[r], b.rank_p05(), b.rank_p95()) {
            // The nominal weights are the centre of the Dirichlet: the nominal rank lies inside
            // or near the band (a band is 5–95% of only 24 draws).
            let (lo, hi) = (lo as usize, hi as usize);
            assert!(
                rank + 300 >= lo && rank <= hi + 300,
                "{}: rank {rank}, band {lo}–{hi}",
                b.id()
            );
        }
    }
}
