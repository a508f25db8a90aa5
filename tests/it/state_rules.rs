//! The rules of state formulas on three districts, each amount worked by hand: weighted counts
//! and schedules, costs with a cost index and per-part rounding (half up: ties go up), a local
//! share from wealth, a group's ratio, aid as the positive part of a difference, a choice by
//! cases, a pool shared out, a waterfall, a phase-in with caps, and the solver.

use crate::harness::*;
use seni::{AllocationResult, ErrorKind, allocate};

const BASE: &str = r#"
[formula]
name = "state"
[data]
id = "id"
name = "name"
enrolment = "pupils"
[indicators.need]
column = "poverty"
[index]
[allocation]
unit = "dollar"
[allocation.parameters]
base = 1000
prop_rate = 0.01
[allocation.schedules.poverty_weight]
column = "poverty"
from = 20
to = 60
low = 0.4
high = 0.6
decimals = 3
[allocation.schedules.poverty_rate]
column = "poverty"
from = 0
to = 100
low = 0
high = 250
decimals = 0
max = 100
[allocation.schedules.type_weight]
column = "type"
values = { VOC = 1.5 }
otherwise = 1
[allocation.counts.weighted]
columns = ["k5", "m8"]
weights = [1.0, 1.25]
weight = "poverty_weight"
decimals = 0
factor = "type_weight"
[allocation.programs.cost]
kind = "per_pupil"
rate = "base"
cost_index = "gca"
components = [{ pupils = "weighted" }]
"#;

// a: poverty 30% → weight 0.4 + 0.2 × 10/40 = 0.45; b: 70% → 0.6; c: 10% → 0.4.
const DATA: &str = "id,name,pupils,poverty,gca,k5,m8,type,county,prop,inc,prior\n\
a,A,100,30,1.1,10,5,REG,X,100000,50001,7000\n\
b,B,40,70,0.95,3,7,VOC,X,0,0,11000\n\
c,C,15,10,1.0,0,1,REG,Y,30100,10000,500\n";

fn alloc(extra: &str) -> seni::Result<AllocationResult> {
    allocate(&run_inline(&format!("{BASE}{extra}"), DATA)?)
}

fn dollars_of(a: &AllocationResult, id: &str) -> Vec<i64> {
    let p = a.programs().iter().find(|p| p.id() == id).unwrap_or_else(|| panic!("no {id}"));
    p.amounts().iter().map(|c| c / 100).collect()
}

fn value(a: &AllocationResult, id: &str) -> Vec<f64> {
    let v = a.values().iter().find(|v| v.id() == id).unwrap_or_else(|| panic!("no {id}"));
    v.values().iter().map(|x| x.unwrap()).collect()
}

#[test]
fn weighted_counts_and_costs_round_half_up_where_the_law_rounds() {
    let a = alloc("").unwrap();
    assert_eq!(value(&a, "poverty_weight"), [0.45, 0.6, 0.4]);
    assert_eq!(value(&a, "type_weight"), [1.0, 1.5, 1.0]);
    // a: round(10 × 1 × 0.45 = 4.5) = 5 (a tie goes up) + round(5 × 1.25 × 0.45 = 2.8125) = 3 → 8
    // b: round(3 × 0.6 = 1.8) = 2 + round(7 × 1.25 × 0.6 = 5.25) = 5 → 7, × 1.5 = 10.5 → 11
    // c: 0 + round(1 × 1.25 × 0.4 = 0.5) = 1 → 1
    assert_eq!(value(&a, "weighted"), [8.0, 11.0, 1.0]);
    // $1,000 × weighted × cost index: 8 × 1.1 = 8,800; 11 × 0.95 = 10,450; 1 × 1.0 = 1,000.
    assert_eq!(dollars_of(&a, "cost"), [8800, 10450, 1000]);
    // Each part rounded, or the sum: $12.50 × k5 and $0.50 × m8.
    let parts = |round: &str| {
        let p = format!(
            "[allocation.programs.trip]\nkind = \"per_pupil\"\nround = \"{round}\"\n\
             components = [{{ pupils = \"k5\", rate = 12.5 }}, {{ pupils = \"m8\", rate = 0.5 }}]\n"
        );
        dollars_of(&alloc(&p).unwrap(), "trip")
    };
    // a: 125 + 2.5 → 125 + 3 = 128 or 127.5 → 128; b: 37.5 + 3.5 → 38 + 4 = 42, or 41 → 41.
    assert_eq!(parts("each"), [128, 42, 1]);
    assert_eq!(parts("sum"), [128, 41, 1]);
    // Security-style: parts rounded, the cost index on their sum. Rate by schedule: $2.50 per
    // point of poverty, at most $100 (a 75, b 175 → 100, c 25).
    let sec = "[allocation.programs.sec]\nkind = \"per_pupil\"\nround = \"each\"\n\
               cost_index = \"gca\"\ncost_index_on = \"sum\"\ncomponents = [\
               { pupils = \"pupils\", rate = 1.5 }, { pupils = \"k5\", rate = \"poverty_rate\" }]\n";
    let a = alloc(sec).unwrap();
    assert_eq!(value(&a, "poverty_rate"), [75.0, 100.0, 25.0]);
    // a: (150 + 750) × 1.1 = 990; b: (60 + 300) × 0.95 = 342; c: (22.5 → 23 + 0) × 1 = 23.
    assert_eq!(dollars_of(&a, "sec"), [990, 342, 23]);
    // A component's divide_by is exact: $1,000 × m8 × 2 ÷ 3 × gca.
    let third = "[allocation.programs.two_thirds]\nkind = \"per_pupil\"\ncost_index = \"gca\"\n\
                 components = [{ pupils = \"m8\", rate = 1000, weight = 2, divide_by = 3 }]\n";
    // a: 5 × 2000/3 × 1.1 = 3,666.67 → 3,667; b: 7 × 2000/3 × 0.95 = 4,433.33 → 4,433; c: 666.67 → 667.
    assert_eq!(dollars_of(&alloc(third).unwrap(), "two_thirds"), [3667, 4433, 667]);
}

const SHARES: &str = r#"
[allocation.programs.local_share]
kind = "local_share"
wealth = [{ column = "prop", rate = "prop_rate" }, { column = "inc", rate = 0.03 }]
divide_by = 2
[allocation.programs.voc_share]
kind = "group_ratio"
group = "county"
numerator = "local_share"
denominator = "cost"
ratio_decimals = 2
of = "cost"
eligible = [{ column = "type", one_of = ["VOC"] }]
[allocation.programs.aid]
kind = "difference"
of = "cost"
minus = ["local_share", "voc_share"]
[allocation.programs.lesser]
kind = "least"
of = ["cost", "local_share"]
[allocation.programs.greater]
kind = "greatest"
of = ["aid", "local_share"]
[allocation.programs.gap]
kind = "difference"
of = "aid"
minus = ["prior"]
negative = true
"#;

#[test]
fn a_local_share_a_group_ratio_and_aid_as_the_positive_part() {
    let a = alloc(SHARES).unwrap();
    // a: 100,000 × 0.01 ÷ 2 = 500, 50,001 × 0.03 ÷ 2 = 750.015 → 750: 1,250;
    // c: 30,100 × 0.01 ÷ 2 = 150.5 → 151 (a tie goes up), 10,000 × 0.03 ÷ 2 = 150: 301.
    assert_eq!(dollars_of(&a, "local_share"), [1250, 0, 301]);
    // County X: (1,250 + 0) ÷ (8,800 + 10,450) = 0.0649… → 0.06; b (VOC): 0.06 × 10,450 = 627.
    assert_eq!(dollars_of(&a, "voc_share"), [0, 627, 0]);
    // max(0, cost − local share − voc share): 7,550; 9,823; 699.
    assert_eq!(dollars_of(&a, "aid"), [7550, 9823, 699]);
    assert_eq!(dollars_of(&a, "lesser"), [1250, 0, 301]);
    assert_eq!(dollars_of(&a, "greater"), [7550, 9823, 699]);
    // aid − prior, sign kept: 550; −1,177; 199.
    assert_eq!(dollars_of(&a, "gap"), [550, -1177, 199]);
    // The total counts every program unless `total` names the paid ones.
    let all: i64 = a.programs().iter().map(|p| p.total()).sum();
    assert_eq!(a.grand_total(), all);
    let only_aid = BASE.replace("unit = \"dollar\"", "unit = \"dollar\"\ntotal = [\"aid\"]");
    let c = run_inline(&format!("{only_aid}{SHARES}"), DATA).unwrap();
    let a = allocate(&c).unwrap();
    assert_eq!(a.total(), [755_000, 982_300, 69_900]);
    assert_eq!(a.grand_total(), 1_807_200);
}

const YEAR: &str = r#"
[allocation.programs.over]
kind = "difference"
of = "prior"
minus = ["aid"]
[allocation.programs.reduction]
kind = "share_of"
share_of = "over"
share = 0.5
[allocation.programs.short]
kind = "difference"
of = "aid"
minus = ["prior"]
[allocation.programs.picked]
kind = "choose"
cases = [
  { when = [{ column = "type", one_of = ["VOC"] }], then = 0 },
  { when = [{ column = "prior", per = "aid", below = 0.9 }], then = "prior" },
]
otherwise = 7
[allocation.programs.spread]
kind = "waterfall"
of = "gap"
parts = [
  { id = "first", most_taken = 100, most_added = 300 },
  { id = "second", most_taken = "prior", most_added = 0 },
  { id = "third" },
]
"#;

fn year(extra: &str) -> seni::Result<AllocationResult> {
    alloc(&format!("{SHARES}{YEAR}{extra}"))
}

#[test]
fn the_rules_of_the_year_choose_pool_waterfall_and_phase_in() {
    let a = year("").unwrap();
    // b is 1,177 over its formula aid: half of it, 588.5 → 589, is cut.
    assert_eq!(dollars_of(&a, "reduction"), [0, 589, 0]);
    // b is VOC → 0; c: 500 ÷ 699 = 0.72 < 0.9 → its prior, 500; a: 7,000 ÷ 7,550 = 0.93 → 7.
    assert_eq!(dollars_of(&a, "picked"), [7, 0, 500]);
    // The gap (550; −1,177; 199) reaches the parts in order, each between −most_taken and
    // most_added: a 300 + 0 + 250; b −100 − 1,077 + 0; c 199 + 0 + 0.
    assert_eq!(dollars_of(&a, "first"), [300, -100, 199]);
    assert_eq!(dollars_of(&a, "second"), [0, -1077, 0]);
    assert_eq!(dollars_of(&a, "third"), [250, 0, 0]);
    assert_eq!(dollars_of(&a, "spread"), [550, -1177, 199]);
    // A pool of the cuts plus $11 (600) shared in proportion to the shortfall (550 and 199 of
    // 749): shares rounded to 2 decimals, 0.73 × 600 = 438 and 0.27 × 600 = 162; by largest
    // remainder, 440.59 → 441 and 159.41 → 159.
    let pool = |decimals: &str| {
        let p = format!(
            "[allocation.programs.increase]\nkind = \"pool\"\npool = [\"reduction\"]\nplus = 11\n\
             shares = \"short\"\n{decimals}"
        );
        let a = year(&p).unwrap();
        let prog = a.programs().iter().find(|p| p.id() == "increase").unwrap();
        assert_eq!(prog.budget(), Some(60_000));
        dollars_of(&a, "increase")
    };
    assert_eq!(pool("share_decimals = 2\n"), [438, 0, 162]);
    assert_eq!(pool(""), [441, 0, 159]);
    // Half the gap phased in, the change capped at +5% and −10% of last year: a +275 (cap 350);
    // b −588.5 → −589 (floor −1,100); c +99.5 → 100, capped at 25.
    let phase = |extra: &str| {
        let p = format!(
            "[allocation.programs.next]\nkind = \"phase_in\"\nfrom = \"prior\"\nto = \"aid\"\n\
             share = 0.5\nmax_increase = 0.05\nmax_decrease = 0.1\n{extra}"
        );
        year(&p).map(|a| dollars_of(&a, "next"))
    };
    assert_eq!(phase("").unwrap(), [7275, 10411, 525]);
    // At least $1 more per pupil: b gains 40 instead of losing 589; c's floor (15) is under its cap.
    assert_eq!(phase("min_increase_per_pupil = 1\n").unwrap(), [7275, 11040, 525]);
    // $2 per pupil for c is 30, above its cap of 25: a cap below a floor, named.
    let e = phase("min_increase_per_pupil = 2\n").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Infeasible);
    let text = e.to_string();
    assert!(text.contains("program next") && text.contains("school c (C)"), "{text}");
    assert!(text.contains("$30.00, is above the cap on the increase, $25.00"), "{text}");
}

#[test]
fn the_solver_finds_a_base_amount_and_a_rate() {
    // "What base amount costs exactly $30,375?" Cost = base × (8.8 + 10.45 + 1): 1,500.
    // The secant's first step (× target ÷ total) lands on it; bisection stops at the first
    // midpoint whose total is within the tolerance (any base from 1,499.98 to 1,500.03 costs
    // exactly $30,375 once each district's cost is rounded to the dollar): 2,500, 1,250, 1,875,
    // 1,562.5, 1,406.25, 1,484.38, 1,523.44, 1,503.91, 1,494.15, 1,499.03, 1,501.47, 1,500.25,
    // 1,499.64, 1,499.95 ($30,374), 1,500.10, then 1,500.03 — 16 midpoints after the low end.
    for (method, evaluations) in
        [("first_step = \"target/total\"", 2), ("method = \"bisection\"\nrange = [0, 5000]", 17)]
    {
        let solve = format!(
            "[allocation.solve]\ntotal = \"cost\"\ntarget = 30375\ntolerance = 0.5\ndecimals = 2\n\
             parameter = \"base\"\n{method}\n"
        );
        let a = alloc(&solve).unwrap();
        let s = a.solved().unwrap();
        let base = s.values()[0].1;
        assert!((base - 1500.0).abs() < 0.05, "{method}: {base}");
        assert_eq!(s.steps()[0].evaluations(), evaluations, "{method}");
        assert_eq!(a.grand_total(), 3_037_500);
    }
    // A uniform property rate so that local shares are half of the cost (Massachusetts'
    // target share): Σ round(prop × r) = 130,100 r ≈ 10,125 → r ≈ 0.0778.
    let solve = "[allocation.programs.ls]\nkind = \"local_share\"\n\
                 wealth = [{ column = \"prop\", rate = \"prop_rate\" }]\n\
                 [allocation.solve]\ntotal = \"ls\"\ntarget_share = 0.5\ntarget_of = \"cost\"\n\
                 tolerance = 1\ndecimals = 6\nmethod = \"bisection\"\nparameter = \"prop_rate\"\n\
                 range = [0, 1]\n";
    let a = alloc(solve).unwrap();
    let r = a.solved().unwrap().values()[0].1;
    assert!((0.07782..0.07783).contains(&r), "{r}");
    let ls: i64 = dollars_of(&a, "ls").iter().sum();
    assert_eq!(ls, 10_125);
    // A target no rate reaches: the error names the step, the totals at the range's ends and
    // the fix.
    let e = alloc(&solve.replace("target_share = 0.5", "target_share = 50")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Infeasible);
    let text = e.to_string();
    assert!(text.contains("solve step solve"), "{text}");
    assert!(text.contains("no value of prop_rate in [0, 1] brings the total of ls"), "{text}");
    assert!(text.contains("choose a target between $0.00 and $130,100.00"), "{text}");
}

#[test]
fn mistakes_in_the_rules_are_named_with_their_fix() {
    let problems = |extra: &str| formula_error(&format!("{BASE}{extra}")).to_string();
    let e = problems("[allocation.programs.x]\nkind = \"per_pupil\"\nrate = \"bse\"\n");
    assert!(
        e.contains("unknown parameter or schedule 'bse'") || e.contains("unknown parameter 'bse'"),
        "{e}"
    );
    assert!(e.contains("did you mean 'base'?"), "{e}");
    let e = problems(
        "[allocation.programs.x]\nkind = \"sum\"\nof = [\"y\"]\n[allocation.programs.y]\nkind = \"sum\"\nof = [\"cost\"]\n",
    );
    assert!(e.contains("program 'y' comes after the rule that reads it"), "{e}");
    let e = problems(
        "[allocation.schedules.s]\ncolumn = \"poverty\"\nfrom = 60\nto = 20\nlow = 0\nhigh = 1\n",
    );
    assert!(e.contains("to (20) must be above from (60)"), "{e}");
    let e = problems(
        "[allocation.solve]\ntotal = \"cots\"\ntarget = 1\ntolerance = 1\nparameter = \"base\"\n",
    );
    assert!(e.contains("unknown program 'cots'") && e.contains("did you mean 'cost'?"), "{e}");
    let f = BASE.replace("unit = \"dollar\"", "unit = \"dollar\"\ntotal = [\"aid\"]");
    let e = formula_error(&f).to_string();
    assert!(e.contains("unknown program 'aid'"), "{e}");
    let e = problems(
        "[allocation.programs.x]\nkind = \"local_share\"\nwealth = [{ column = \"prop\", rate = 1 }]\nshare = 2\n",
    );
    assert!(e.contains("'share' does not apply to a local_share program"), "{e}");
}

#[test]
fn a_negative_cost_and_a_negative_wealth_are_errors_naming_the_district() {
    let e = alloc("").map(|_| ()).and_then(|_| {
        let f = BASE.replace("low = 0.4", "low = -2");
        allocate(&run_inline(&f, DATA)?).map(|_| ())
    });
    // a: the poverty weight slides from −2 to 0.6: −1.35 at 30%, so 10 × −1.35 = −13.5 → −14
    // and 5 × 1.25 × −1.35 = −8.4 → −8 weighted pupils, × $1,000 × 1.1 = −$24,200.
    let text = e.unwrap_err().to_string();
    assert!(
        text.contains("program cost: school a (A) gets a negative cost, -$24,200.00"),
        "{text}"
    );
    let bad = DATA.replace("30100,10000", "-30100,10000");
    let c = run_inline(&format!("{BASE}{SHARES}"), &bad).unwrap();
    let text = allocate(&c).unwrap_err().to_string();
    assert!(text.contains("row 3, column 'prop'"), "{text}");
    assert!(
        text.contains("a negative property value or income cannot make a local share"),
        "{text}"
    );
}

/// The first TOML block after `marker` in formulas/README.md.
fn readme_block(marker: &str) -> String {
    let text = std::fs::read_to_string(root().join("formulas/README.md")).unwrap();
    let from = text.find(marker).unwrap_or_else(|| panic!("{marker} in formulas/README.md"));
    let rest = &text[from..];
    let start = rest.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + rest[start..].find("```").unwrap();
    rest[start..end].to_string()
}

const HEAD: &str = "[formula]\nname = \"sketch\"\n[data]\nid = \"id\"\nenrolment = \"pupils\"\n\
                    [indicators.need]\ncolumn = \"need\"\n[index]\n";

/// The Massachusetts sketch of formulas/README.md runs as written: the uniform rates are found
/// so that local contributions are 59% of the foundation budget, and every district gets at
/// least last year's aid plus $30 per pupil.
#[test]
fn the_massachusetts_sketch_in_the_reference_runs() {
    let data = "id,pupils,need,wage_adjustment,elementary,low_income_decile_9,equalized_valuation,income,\
                prior_required_contribution,fy_prior_chapter70\n\
                a,100,1,1.0,100,20,50000000,20000000,400000,450000\n\
                b,200,2,1.1,200,80,20000000,10000000,300000,1700000\n";
    let f = format!("{HEAD}{}", readme_block("**Massachusetts (Chapter 70)**"));
    let a = allocate(&run_inline(&f, data).unwrap()).unwrap();
    // Foundation budgets: (100 × 8,000 + 20 × 5,200) × 1.0 = 904,000 and
    // (200 × 8,000 + 80 × 5,200) × 1.1 = 2,217,600; 59% of their sum is 1,841,744.
    assert_eq!(dollars_of(&a, "foundation_budget"), [904_000, 2_217_600]);
    let local: i64 = dollars_of(&a, "target_local").iter().sum();
    assert!((local - 1_841_744).abs() < 1000, "{local}");
    let s = a.solved().unwrap().values().to_vec();
    assert_eq!(s[0].0, "property_rate");
    assert!((s[1].1 / s[0].1 - 0.014 / 0.003).abs() < 1e-3, "the ratio is kept: {s:?}");
    let aid = dollars_of(&a, "chapter70_aid");
    assert!(aid[0] >= 450_000 + 3000 && aid[1] >= 1_700_000 + 6000, "{aid:?}");
}

/// The California sketch: whole-dollar add-ons, the entitlement less the local property tax,
/// and a minimum state aid.
#[test]
fn the_california_sketch_in_the_reference_runs() {
    let data = "id,pupils,need,ada_k3,ada_46,ada_78,ada_912,upp,local_property_tax,minimum_state_aid\n\
                a,3500,1,1000,800,500,1200,0.70,20000000,1000000\n\
                b,3500,1,1000,800,500,1200,0.70,60000000,1000000\n";
    let f = format!("{HEAD}{}", readme_block("**California (LCFF)**"));
    let a = allocate(&run_inline(&f, data).unwrap()).unwrap();
    // Base: 1000 × (10,025 + 1,043) + 800 × 10,177 + 500 × 10,478 + 1200 × (12,144 + 316)
    // = 39,400,600; supplemental 20% × 0.70 = 5,516,084; concentration 65% × 0.15 = 3,841,558.5
    // → 3,841,559; entitlement 48,758,243. a: less $20M of property tax = 28,758,243; b: the
    // tax covers it, so the minimum state aid, 1,000,000.
    assert_eq!(dollars_of(&a, "base"), [39_400_600, 39_400_600]);
    assert_eq!(dollars_of(&a, "concentration"), [3_841_559, 3_841_559]);
    assert_eq!(dollars_of(&a, "entitlement"), [48_758_243, 48_758_243]);
    assert_eq!(dollars_of(&a, "state_aid"), [28_758_243, 1_000_000]);
    assert_eq!(a.total(), [2_875_824_300, 100_000_000]);
}
