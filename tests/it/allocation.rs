//! Allocation rules: published funding formulas to the cent, hand-worked districts, every
//! example scenario, and infeasible rules.

use crate::harness::*;
use seni::allocate::Bound;
use seni::{AllocationResult, allocate};
use seni::{Computation, ErrorKind};

fn alloc_of(formula_name: &str, data: &str, sets: &[&str]) -> (Computation, AllocationResult) {
    let f = formula(formula_name, sets);
    let c = run(&f, &[root().join(data)]);
    let a = allocate(&c).unwrap_or_else(|e| panic!("{e}"));
    (c, a)
}

fn program<'a>(a: &'a AllocationResult, id: &str) -> &'a [i64] {
    a.programs()
        .iter()
        .find(|p| p.id() == id)
        .unwrap_or_else(|| panic!("no program {id}"))
        .amounts()
}

#[test]
fn lcff_2024_25_hand_worked_examples_to_the_cent() {
    let (_, a) = alloc_of("lcff-2024-25", "examples/lcff-districts.csv", &[]);
    // District A: ADA K-3 1000, 4-6 800, 7-8 500, 9-12 1200; UPP 70%.
    //   K-3 adjusted rate 10,025 × 1.104 = 11,067.60 → × 1000 = 11,067,600.00
    //   4-6 10,177 × 800 = 8,141,600.00;  7-8 10,478 × 500 = 5,239,000.00
    //   9-12 adjusted rate 12,144 × 1.026 = 12,459.744 → × 1200 = 14,951,692.80
    //   adjusted base = 39,399,892.80
    //   supplemental = 20% × 39,399,892.80 × 0.70 = 5,515,984.992 → 5,515,984.99
    //   concentration = 65% × 39,399,892.80 × (0.70 − 0.55) = 3,841,489.548 → 3,841,489.55
    // District B: ADA K-3 250.5, UPP 50%: base 250.5 × 11,067.60 = 2,772,433.80;
    //   supplemental 20% × 2,772,433.80 × 0.5 = 277,243.38; concentration 0 (UPP ≤ 55%).
    // District C: ADA 9-12 2000, UPP 100%: base 2000 × 12,459.744 = 24,919,488.00;
    //   supplemental 20% × 24,919,488.00 = 4,983,897.60;
    //   concentration 65% × 24,919,488.00 × 0.45 = 7,288,950.24.
    assert_eq!(program(&a, "base"), &[3_939_989_280, 277_243_380, 2_491_948_800]);
    assert_eq!(program(&a, "supplemental"), &[551_598_499, 27_724_338, 498_389_760]);
    assert_eq!(program(&a, "concentration"), &[384_148_955, 0, 728_895_024]);
    assert_eq!(a.total(), vec![4_875_736_734, 304_967_718, 3_719_233_584]);
}

#[test]
fn nyc_fair_student_funding_published_examples_to_the_cent() {
    let (_, a) = alloc_of("nyc-fsf", "examples/nyc-fsf-schools.csv", &[]);
    let fsf = program(&a, "fsf");
    // A pupil with total weight 1.43 at $4,223 brings $6,038.89; 1.65 brings $6,967.95; plus the
    // $225,000 foundation per school.
    assert_eq!(fsf[0], 603_889 + 22_500_000);
    assert_eq!(fsf[1], 696_795 + 22_500_000);
    // E1: 450 K-5 pupils (1.00) + need weights 121.5 → 571.5 × 4,223 = 2,413,444.50 + 225,000.
    assert_eq!(fsf[2], 241_344_450 + 22_500_000);
    // H1: 1200 × 1.03 + 302.4 = 1538.4 weighted pupils × 4,223 = 6,496,663.20 + 225,000.
    assert_eq!(fsf[3], 649_666_320 + 22_500_000);
    // Without the foundation the first pupil is exactly the guide's $6,038.89.
    let (_, a) = alloc_of(
        "nyc-fsf",
        "examples/nyc-fsf-schools.csv",
        &["allocation.programs.fsf.foundation=0"],
    );
    assert_eq!(program(&a, "fsf")[..2], [603_889, 696_795]);
}

const POT: &str = r#"
[formula]
name = "pot"
[data]
id = "id"
enrolment = "n"
[indicators.need]
column = "need"
[index]
[tiers]
method = "cutoffs"
cutoffs = [1, 2]
names = ["High", "Mid", "Low"]
[allocation]
budget = 1001
[allocation.programs.p]
kind = "pot"
weights = "tier"
tier_weights = { High = 3, Mid = 2, Low = 1 }
"#;

fn pot(extra: &str, csv: &str) -> seni::Result<(Computation, AllocationResult)> {
    let c = run_inline(&format!("{POT}{extra}"), csv)?;
    let a = allocate(&c)?;
    Ok((c, a))
}

#[test]
fn largest_remainder_spends_the_pot_exactly_and_breaks_ties_by_id() {
    // Three Mid schools of 10 pupils: 1001/3 = 333.67 each → 333 + the 2 leftover dollars to the
    // two smallest ids (b, c) whatever the row order.
    let pupils_only = |csv: &str| {
        let f = POT.replace(
            "weights = \"tier\"\ntier_weights = { High = 3, Mid = 2, Low = 1 }",
            "weights = \"pupils\"",
        );
        allocate(&run_inline(&f, csv).unwrap()).unwrap()
    };
    let a = pupils_only("id,n,need\nd,10,1.5\nb,10,1.5\nc,10,1.5\n");
    assert_eq!(program(&a, "p"), &[33_300, 33_400, 33_400]);
    assert_eq!(a.grand_total(), 100_100);
}

#[test]
fn pot_shares_follow_pupils_times_tier_weight() {
    // High 100 pupils × 3 = 300, Mid 100 × 2 = 200, Low 500 × 1 = 500 → 1000 share units.
    // $1,001: 300.3, 200.2, 500.5 → floors 300, 200, 500, leftover $1 to the largest remainder (Low).
    let (c, a) = pot("", "id,n,need\nh,100,2.5\nm,100,1.5\nl,500,0.5\n").unwrap();
    assert_eq!(program(&a, "p"), &[30_000, 20_000, 50_100]);
    assert_eq!(c.tiers().unwrap(), &[Some(0), Some(1), Some(2)]);
}

#[test]
fn caps_and_floors_water_fill_the_pot() {
    // Shares 1 : 1 : 8 of $1,000 → 100, 100, 800; cap $500 → c = 500 and the other 500 split 250/250.
    let csv = "id,n,need\na,10,0.5\nb,10,0.5\nc,80,0.5\n";
    let by_pupils = |extra: &str| {
        let f = POT.replace(
            "weights = \"tier\"\ntier_weights = { High = 3, Mid = 2, Low = 1 }",
            "weights = \"pupils\"",
        );
        allocate(&run_inline(&format!("{f}{extra}"), csv).unwrap()).unwrap()
    };
    let a = by_pupils("max = 500\n");
    // Budget is 1001 in POT: 500 to c, 501 split 250.5/250.5 → 251 to a (smaller id), 250 to b.
    assert_eq!(program(&a, "p"), &[25_100, 25_000, 50_000]);
    assert_eq!(a.programs()[0].bound(), vec![Bound::None, Bound::None, Bound::Cap]);
    // Floor $300: a and b get 300, c the remaining 401.
    let a = by_pupils("min = 300\n");
    assert_eq!(program(&a, "p"), &[30_000, 30_000, 40_100]);
    assert_eq!(a.programs()[0].bound(), vec![Bound::Floor, Bound::Floor, Bound::None]);
}

#[test]
fn infeasible_rules_are_errors_with_the_shortfall() {
    let csv = "id,n,need\na,10,0.5\nb,10,1.5\nc,10,2.5\n";
    // Floors exceed the pot: 3 × 400 = 1,200 > 1,001.
    let e = pot("min = 400\n", csv).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Infeasible);
    assert!(
        e.to_string().contains("floors need $1,200.00 but the pot is $1,001.00 (short by $199.00)"),
        "{e}"
    );
    // Caps below the pot.
    let e = pot("max = 300\n", csv).unwrap_err();
    assert!(
        e.to_string()
            .contains("caps allow only $900.00 of the $1,001.00 pot ($101.00 could not be spent)"),
        "{e}"
    );
    // No eligible school.
    let e = pot("eligible = [{ column = \"n\", above = 1000 }]\n", csv).unwrap_err();
    assert!(e.to_string().contains("no school is eligible for program 'p' (n > 1000)"), "{e}");
    // A tier with a weight but no school.
    let e = pot("", "id,n,need\na,10,0.5\nb,10,1.5\n").unwrap_err();
    assert!(e.to_string().contains("tier 'High' has no schools"), "{e}");
    // A negative budget is rejected when the formula is checked.
    let e = run_inline(&POT.replace("budget = 1001", "budget = -5"), csv).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Formula);
    assert!(e.to_string().contains("the budget: '-5' is negative"), "{e}");
}

#[test]
fn hold_harmless_on_top_and_from_the_pot() {
    let csv = "id,n,need,prior\na,10,0.5,900\nb,10,1.5,100\nc,10,2.5,0\n";
    let hh = |funding: &str| {
        format!("[allocation.hold_harmless]\nshare = 0.95\nfunding = \"{funding}\"\n")
    };
    let with_prior =
        |extra: &str| POT.replace("budget = 1001", "budget = 1001\nprior = \"prior\"") + extra;
    // Shares 1:2:3 of $1,001 → 166.83, 333.67, 500.5 → floors 166, 333, 500 and the 2 leftover
    // dollars to the largest remainders (a .83, b .67) → 167, 334, 500.
    let c = run_inline(&with_prior(&hh("on_top")), csv).unwrap();
    let a = allocate(&c).unwrap();
    assert_eq!(program(&a, "p"), &[16_700, 33_400, 50_000]);
    // a's guarantee is 95% × 900 = 855 → 688 on top.
    let h = a.hold_harmless().unwrap();
    assert_eq!(h.extra(), vec![68_800, 0, 0]);
    assert_eq!((h.cost(), h.schools()), (68_800, 1));
    assert_eq!(a.total(), vec![85_500, 33_400, 50_000]);
    // From the pot: the guarantees come first — a 855, b 95% × 100 = 95 — and c gets the other 51
    // (b's unconstrained share, 2.92 × 20 = 58.4, is below its guarantee once a is paid).
    let c = run_inline(&with_prior(&hh("from_pot")), csv).unwrap();
    let a = allocate(&c).unwrap();
    assert_eq!(program(&a, "p"), &[85_500, 9_500, 5_100]);
    assert_eq!(
        a.programs()[0].bound(),
        vec![Bound::HoldHarmless, Bound::HoldHarmless, Bound::None]
    );
    // Cost: what the held schools get above their share without any guarantee (a: 855 − 167; b: none).
    let h = a.hold_harmless().unwrap();
    assert_eq!((h.cost(), h.schools()), (85_500 - 16_700, 2));
    assert_eq!(a.grand_total(), 100_100);
}

#[test]
fn seni_default_spends_700m_with_per_pupil_dollars_rising_by_tier() {
    let (c, a) = alloc_of("seni", "data/district.csv", &[]);
    let seni = program(&a, "seni");
    assert_eq!(seni.iter().sum::<i64>(), 700_000_000 * 100);
    // A school's amount is λ × pupils × tier weight (5 for Highest … 1 for Lowest), λ = pot / Σ
    // pupils × weight, up to one dollar of rounding: per-pupil dollars rise 5:4:3:2:1 with need.
    let tiers = c.tiers().unwrap();
    let w: Vec<f64> = (0..c.len()).map(|r| (5 - tiers[r].unwrap()) as f64).collect();
    let lambda = 700_000_000.0 / (0..c.len()).map(|r| a.pupils()[r] * w[r]).sum::<f64>();
    for r in 0..c.len() {
        assert!(
            (seni[r] as f64 / 100.0 - lambda * a.pupils()[r] * w[r]).abs() <= 1.0,
            "school {} off the rate",
            c.district().ids()[r]
        );
    }
    // Hold-harmless: nobody below 95% of the prior year.
    let prior = a.prior().unwrap();
    for r in 0..c.len() {
        assert!(a.total()[r] as f64 >= 0.95 * prior[r].unwrap() as f64 - 1e-9);
    }
}

fn scenario(name: &str) -> (Computation, AllocationResult) {
    let c = run(&seni_with_example(name), &[]);
    let a = allocate(&c).unwrap_or_else(|e| panic!("{name}: {e}"));
    (c, a)
}

#[test]
fn example_budget_900m() {
    let (_, a) = scenario("budget-900m.toml");
    assert_eq!(program(&a, "seni").iter().sum::<i64>(), 90_000_000_000);
}

#[test]
fn example_double_absence_changes_the_index_not_the_pot() {
    let (c, a) = scenario("double-absence.toml");
    let base = run(&formula("seni", &[]), &[]);
    assert_ne!(c.index(), base.index());
    assert_eq!(a.programs()[0].total(), 70_000_000_000);
}

#[test]
fn example_per_pupil_by_tier() {
    let (c, a) = scenario("per-pupil-by-tier.toml");
    let rates = [2000.0, 1500.0, 1100.0, 700.0, 350.0];
    for (r, amount) in program(&a, "seni").iter().enumerate() {
        let want = (rates[c.tiers().unwrap()[r].unwrap()] * a.pupils()[r] * 100.0).round() as i64;
        assert_eq!(*amount, want);
    }
}

#[test]
fn example_rate_by_score_and_steps() {
    let (c, a) = scenario("rate-by-score.toml");
    for (r, amount) in program(&a, "seni").iter().enumerate() {
        let rate = if c.index()[r].is_nan() {
            0.0
        } else {
            ((c.index()[r] - 0.3) / 0.4).clamp(0.0, 1.0) * 2500.0
        };
        assert!(
            (*amount as f64 / 100.0 - rate * a.pupils()[r]).abs() <= 0.5 + 1e-6,
            "school {}",
            c.district().ids()[r]
        );
    }
    let (c, a) = scenario("rate-steps.toml");
    for (r, amount) in program(&a, "seni").iter().enumerate() {
        let i = c.index()[r];
        let rate = if i >= 0.65 {
            2200.0
        } else if i >= 0.55 {
            1500.0
        } else if i >= 0.45 {
            900.0
        } else {
            300.0
        };
        assert_eq!(*amount, (rate * a.pupils()[r] * 100.0).round() as i64);
    }
}

#[test]
fn example_pot_by_index() {
    let (c, a) = scenario("pot-by-index.toml");
    let seni = program(&a, "seni");
    assert_eq!(seni.iter().sum::<i64>(), 70_000_000_000);
    // Dollars per pupil per index point are the same for every school (to a dollar).
    let k = 70_000_000_000.0 / (0..c.len()).map(|r| a.pupils()[r] * c.index()[r]).sum::<f64>();
    for r in 0..c.len() {
        assert!((seni[r] as f64 - k * a.pupils()[r] * c.index()[r]).abs() <= 100.0);
    }
}

#[test]
fn example_floors_and_caps() {
    let (_, a) = scenario("floors-and-caps.toml");
    let seni = program(&a, "seni");
    assert_eq!(seni.iter().sum::<i64>(), 70_000_000_000);
    for (r, amount) in seni.iter().enumerate() {
        let p = a.pupils()[r];
        assert!(
            *amount >= 2_500_000 && *amount >= (200.0 * p * 100.0) as i64,
            "floor at school {r}"
        );
        assert!(
            *amount <= 300_000_000 && *amount as f64 <= 4000.0 * p * 100.0,
            "cap at school {r}"
        );
    }
    assert!(a.programs()[0].bound().contains(&Bound::Floor));
    assert!(a.programs()[0].bound().contains(&Bound::Cap));
}

#[test]
fn example_hold_harmless_from_pot() {
    let (_, a) = scenario("hold-harmless-from-pot.toml");
    let prior = a.prior().unwrap();
    let seni = program(&a, "seni");
    assert_eq!(seni.iter().sum::<i64>(), 70_000_000_000);
    for (r, amount) in seni.iter().enumerate() {
        assert!(
            *amount as f64 >= (0.90 * prior[r].unwrap() as f64).floor(),
            "school {r} below its guarantee"
        );
    }
    let h = a.hold_harmless().unwrap();
    assert!(h.schools() > 0 && h.cost() > 0);
}

#[test]
fn example_cent_rounding() {
    let (_, a) = scenario("cent-rounding.toml");
    let seni = program(&a, "seni");
    assert_eq!(seni.iter().sum::<i64>(), 70_000_000_000);
    assert!(seni.iter().any(|c| c % 100 != 0), "some amounts have cents");
}

#[test]
fn example_equity_multiplier_eligibility() {
    let (c, a) = scenario("equity-multiplier.toml");
    let em = a.programs().iter().find(|p| p.id() == "equity_multiplier").unwrap();
    assert_eq!(em.total(), 1_500_000_000);
    let ns = c.district().numeric("nonstability_rate").unwrap();
    let li = c.district().numeric("low_income_count").unwrap();
    let en = c.district().numeric("enrollment").unwrap();
    let eligible = (0..c.len()).filter(|&r| ns[r] > 25.0 && li[r] / en[r] > 0.70).count();
    assert_eq!(em.funded(), eligible);
    for r in 0..c.len() {
        let ok = ns[r] > 25.0 && li[r] / en[r] > 0.70;
        assert_eq!(em.amounts()[r] > 0, ok, "school {}", c.district().ids()[r]);
        if ok {
            assert!(em.amounts()[r] >= 5_000_000);
        }
    }
}

#[test]
fn example_community_schools_selects_the_top_20_per_region() {
    let (c, a) = scenario("community-schools.toml");
    let cs = a.programs().iter().find(|p| p.id() == "community_schools").unwrap();
    assert_eq!(cs.funded(), 140);
    assert_eq!(cs.total(), 140 * 15_000_000);
    let region = c.district().text("region").unwrap();
    for reg in ["Central", "East", "North", "Northeast", "Northwest", "South", "West"] {
        let mut rows: Vec<usize> =
            (0..c.len()).filter(|&r| region[r] == reg && !c.index()[r].is_nan()).collect();
        rows.sort_by(|&x, &y| c.index()[y].total_cmp(&c.index()[x]));
        let chosen: Vec<usize> = rows.iter().copied().filter(|&r| cs.amounts()[r] > 0).collect();
        let mut top: Vec<usize> = rows[..20].to_vec();
        top.sort();
        let mut chosen_sorted = chosen.clone();
        chosen_sorted.sort();
        assert_eq!(chosen_sorted, top, "region {reg}");
    }
}

#[test]
fn example_redirect_police_budget_into_counselling() {
    let (_, a) = scenario("redirect-police.toml");
    let lines: Vec<_> = a.lines().iter().map(|l| (l.name(), l.before(), l.after())).collect();
    assert_eq!(lines, [("school_police", 2_500_000_000, 0)]);
    let p = a.programs().iter().find(|p| p.id() == "counselling").unwrap();
    assert_eq!((p.budget(), p.total()), (Some(2_500_000_000), 2_500_000_000));
}

#[test]
fn example_black_student_achievement_is_targeted() {
    let (c, a) = scenario("black-student-achievement.toml");
    let p = a.programs().iter().find(|p| p.id() == "bsap").unwrap();
    assert_eq!(p.total(), 3_650_000_000);
    assert!(p.funded() <= 50);
    let black = c.district().numeric("black_count").unwrap();
    let en = c.district().numeric("enrollment").unwrap();
    for r in 0..c.len() {
        if p.amounts()[r] > 0 {
            assert!(black[r] / en[r] >= 0.20);
        }
    }
    // Shared per Black student: dollars per Black student equal across funded schools (to $1).
    let funded: Vec<usize> = (0..c.len()).filter(|&r| p.amounts()[r] > 0).collect();
    let k = p.total() as f64 / funded.iter().map(|&r| black[r]).sum::<f64>();
    for &r in &funded {
        assert!((p.amounts()[r] as f64 - k * black[r]).abs() <= 100.0);
    }
}
