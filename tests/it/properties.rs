//! Property tests over thousands of random districts and rules.

use crate::harness::*;
use proptest::prelude::*;
use seni::allocate;

/// A random district: (enrolment, need) per school, plus a prior-year amount.
fn district() -> impl Strategy<Value = Vec<(u32, u8, u32)>> {
    prop::collection::vec((1u32..3000, 0u8..30, 0u32..2_000_000), 2..40)
}

fn csv(rows: &[(u32, u8, u32)], order: &[usize]) -> String {
    let mut s = String::from("id,n,need,prior\n");
    for &i in order {
        let (n, need, prior) = rows[i];
        s.push_str(&format!("s{i:03},{n},{},{prior}\n", f64::from(need) / 10.0));
    }
    s
}

/// A pot over tiers by fixed cut-offs, with optional per-pupil floors/caps and hold-harmless.
fn formula_text(budget: u64, weights: [u8; 3], rules: &str) -> String {
    format!(
        r#"
[formula]
name = "prop"
[data]
id = "id"
enrolment = "n"
checks = {{ enrolment = "off" }}
[indicators.need]
column = "need"
[index]
[tiers]
method = "cutoffs"
cutoffs = [1, 2]
names = ["High", "Mid", "Low"]
[allocation]
budget = {budget}
prior = "prior"
[allocation.programs.p]
kind = "pot"
weights = "pupils"
{rules}
"#
    ) + &format!("# tier weights {weights:?}\n")
}

fn by_id(c: &seni::Computation, a: &seni::AllocationResult) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> =
        (0..c.len()).map(|r| (c.district().ids()[r].clone(), a.total()[r])).collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    /// A pot is spent to the cent, and a school with more need (same enrolment) never gets less.
    #[test]
    fn pot_is_exact_and_monotone_in_need(rows in district(), budget in 0u64..2_000_000_000, by_index in any::<bool>()) {
        let weights = if by_index { "weights = \"index\"" } else { "" };
        let text = formula_text(budget, [3, 2, 1], weights).replace("weights = \"pupils\"\n", if by_index { "" } else { "weights = \"pupils\"\n" });
        let order: Vec<usize> = (0..rows.len()).collect();
        let c = run_inline(&text, &csv(&rows, &order)).unwrap();
        match allocate(&c) {
            Ok(a) => {
                prop_assert_eq!(a.grand_total(), budget as i64 * 100);
                for i in 0..rows.len() {
                    for j in 0..rows.len() {
                        if rows[i].0 == rows[j].0 && c.index()[i] > c.index()[j] {
                            prop_assert!(a.total()[i] >= a.total()[j], "more need got less: {} vs {}", a.total()[i], a.total()[j]);
                        }
                    }
                }
            }
            // Only possible when no school has a positive share (all needs 0 with index weights).
            Err(e) => prop_assert_eq!(e.kind, seni::ErrorKind::Infeasible),
        }
    }

    /// Tier-weighted pots with floors and caps: exact, monotone in need, and row order never matters.
    #[test]
    fn tiered_pot_with_floors_is_exact_monotone_and_order_free(
        rows in district(),
        budget in 1_000u64..50_000_000,
        w in (1u8..10, 1u8..10, 1u8..10),
        min in 0u32..5_000,
        rotate in 0usize..40,
    ) {
        // Tier weights rise with need.
        let mut ws = [w.0, w.1, w.2];
        ws.sort_unstable_by(|a, b| b.cmp(a));
        let rules = format!(
            "weights = \"tier\"\ntier_weights = {{ High = {}, Mid = {}, Low = {} }}\nmin = {min}\n",
            ws[0], ws[1], ws[2]
        );
        let text = formula_text(budget, ws, &rules).replace("weights = \"pupils\"\n", "");
        let order: Vec<usize> = (0..rows.len()).collect();
        let c = run_inline(&text, &csv(&rows, &order)).unwrap();
        let a = match allocate(&c) {
            Ok(a) => a,
            Err(e) => {
                // Floors above the pot, or a tier with weight and no school: both named infeasible.
                prop_assert_eq!(e.kind, seni::ErrorKind::Infeasible);
                return Ok(());
            }
        };
        prop_assert_eq!(a.grand_total(), budget as i64 * 100);
        for i in 0..rows.len() {
            prop_assert!(a.total()[i] >= i64::from(min) * 100);
            for j in 0..rows.len() {
                if rows[i].0 == rows[j].0 && c.index()[i] > c.index()[j] {
                    prop_assert!(a.total()[i] >= a.total()[j]);
                }
            }
        }
        let mut shuffled = order.clone();
        shuffled.reverse();
        let k = rotate % shuffled.len();
        shuffled.rotate_left(k);
        let c2 = run_inline(&text, &csv(&rows, &shuffled)).unwrap();
        let a2 = allocate(&c2).unwrap();
        prop_assert_eq!(by_id(&c, &a), by_id(&c2, &a2));
    }

    /// Hold-harmless: every school gets at least its guarantee, on top or from the pot.
    #[test]
    fn hold_harmless_schools_get_at_least_the_guarantee(
        rows in district(),
        budget in 1_000_000u64..200_000_000,
        share in 50u32..=100,
        on_top in any::<bool>(),
    ) {
        let funding = if on_top { "on_top" } else { "from_pot" };
        let rules = format!("\n[allocation.hold_harmless]\nshare = {}\nfunding = \"{funding}\"\n", f64::from(share) / 100.0);
        let text = formula_text(budget, [1, 1, 1], &rules);
        let order: Vec<usize> = (0..rows.len()).collect();
        let c = run_inline(&text, &csv(&rows, &order)).unwrap();
        match allocate(&c) {
            Ok(a) => {
                for (r, row) in rows.iter().enumerate() {
                    let guarantee = (f64::from(row.2) * f64::from(share) / 100.0 * 100.0).round() as i64;
                    prop_assert!(a.total()[r] >= guarantee, "school {r}: {} < {guarantee}", a.total()[r]);
                }
                if !on_top {
                    prop_assert_eq!(a.grand_total(), budget as i64 * 100);
                }
            }
            Err(e) => {
                prop_assert!(!on_top, "on top never runs short: {e}");
                prop_assert_eq!(e.kind, seni::ErrorKind::Infeasible);
                prop_assert!(e.to_string().contains("short by"));
            }
        }
    }
}
