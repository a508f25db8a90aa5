//! The page contract, request by request, against the engine itself: each answer is checked
//! with a real value (cents equal to the engine's own allocation of the same formula and
//! changes, hashes equal to the formula's), through the typed call and over the wire (JSON).

use seni::allocate::by_tier;
use seni::analysis::equity::{EquityOptions, Horizontal, equity};
use seni::formula::{Change, KnobKind, Origin};
use seni::{District, Formula, FormulaSource, Run};
use seni_web::contract::{Control, FileText, PageTable, Request, RunView};
use seni_web::{Answer, answer, respond};

const FORMULA: &str = "seni-lausd-open";
const DATA: &str = "../data/lausd/schools.csv";

fn lausd() -> FileText {
    let text = std::fs::read_to_string(DATA).expect("the bundled LAUSD table");
    FileText { name: "schools.csv".into(), text }
}

fn open() -> RunView {
    let req = Request::Open {
        bundled: Some(FORMULA.into()),
        formula: None,
        scenarios: vec![],
        data: vec![lausd()],
        story: false,
    };
    match respond(req).expect("opens") {
        Answer::Opened(o) => o.run,
        other => panic!("not an open answer: {other:?}"),
    }
}

fn run(controls: Vec<Control>) -> RunView {
    match respond(Request::Run { controls }).expect("runs") {
        Answer::Ran(v) => *v,
        other => panic!("not a run answer: {other:?}"),
    }
}

fn typed(key: &str, text: &str) -> Control {
    Control::Typed { key: key.into(), text: text.into() }
}

/// The engine's own run of the formula with these `--set` changes.
fn engine_run(sets: &[&str]) -> Run {
    let flag = |s: &str| Change::parse(s, Origin::Flag(format!("--set {s}"))).unwrap();
    let changes: Vec<Change> = sets.iter().map(|s| flag(s)).collect();
    let f = Formula::load_texts(&FormulaSource::Bundled(FORMULA.into()), &[], &changes).unwrap();
    let text = std::fs::read(DATA).unwrap();
    let d = District::from_csv_sources(&[("schools.csv", &text)], &f, &|_| false).unwrap();
    seni::run(&f, d).unwrap()
}

/// The engine's own run of the formula with these `--set` changes: hash and cents by tier.
fn engine(sets: &[&str]) -> (String, Vec<(String, i64)>) {
    let run = engine_run(sets);
    let (rows, all) = by_tier(run.computation(), run.allocation().unwrap());
    let tiers = rows.iter().chain([&all]).map(|r| (r.tier().to_string(), r.total())).collect();
    (run.computation().formula().hash().to_string(), tiers)
}

/// The engine's own allocation CSV (as `seni allocate` writes it) for these changes.
fn engine_csv(sets: &[&str]) -> String {
    let flag = |s: &str| Change::parse(s, Origin::Flag(format!("--set {s}"))).unwrap();
    let changes: Vec<Change> = sets.iter().map(|s| flag(s)).collect();
    let f = Formula::load_texts(&FormulaSource::Bundled(FORMULA.into()), &[], &changes).unwrap();
    let text = std::fs::read(DATA).unwrap();
    let groups = |c: &str| seni::formula::is_group_column(c, &[]);
    let d = District::from_csv_sources(&[("schools.csv", &text)], &f, &groups).unwrap();
    let run = seni::run(&f, d).unwrap();
    let o = seni::outputs::allocate(run.computation(), run.allocation().unwrap());
    let bytes = seni::export::Format::Csv.render(&o.document(true)).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// A money table's tiers and the cents of one of its columns.
fn cents(t: &PageTable, column: &str) -> Vec<(String, i64)> {
    let j = t.columns.iter().position(|c| c.name == column).unwrap();
    t.rows
        .iter()
        .map(|r| (r.cells[0].t.clone(), (r.cells[j].v.unwrap() * 100.0).round() as i64))
        .collect()
}

#[test]
fn open_runs_the_formula_as_shipped() {
    let view = open();
    let (hash, tiers) = engine(&[]);
    assert_eq!(view.hash, hash);
    assert_eq!(view.stem, format!("what-if-{hash}"));
    let money = view.money.as_ref().unwrap();
    assert_eq!(
        cents(money, "total_b").last().unwrap(),
        &("All schools".to_string(), 70_000_000_000)
    );
    assert_eq!(
        cents(money, "total_b"),
        tiers[..5].iter().cloned().chain([tiers[5].clone()]).collect::<Vec<_>>()
    );
    assert_eq!(view.findings[0], "731 schools and 438,172 pupils share $700,000,000.");
    assert!(view.movers.is_none() && view.changes.is_empty());
    assert_eq!(view.palette.tiers.len(), 5);
    assert_eq!(view.bars.len(), 5);
    // Every knob of the formula, named for people.
    let f = Formula::load_texts(&FormulaSource::Bundled(FORMULA.into()), &[], &[]).unwrap();
    assert_eq!(view.knobs.len(), f.knobs().len());
    let budget = view.knobs.iter().find(|k| k.kind == KnobKind::Budget).unwrap();
    assert_eq!(
        (budget.name.as_str(), budget.shown.as_str()),
        ("Budget of SENI allocation", "$700,000,000")
    );
}

#[test]
fn run_reads_the_budget_as_the_command_line_does_and_allocates_the_same_cents() {
    open();
    let view = run(vec![
        typed("allocation.budget", "900M"),
        Control::Slider { key: "indicators.ela.weight".into(), value: 2.0 },
    ]);
    let (hash, tiers) = engine(&["budget=900000000", "indicators.ela.weight=2"]);
    assert_eq!(view.hash, hash, "the same formula as --budget 900M --set indicators.ela.weight=2");
    assert_eq!(cents(view.money.as_ref().unwrap(), "total_b"), tiers);
    let budget = view.knobs.iter().find(|k| k.key == "allocation.budget").unwrap();
    assert_eq!(budget.shown, "$900,000,000");
    assert!(budget.changed);
    assert_eq!(view.changes[0], "Budget of SENI allocation: $700,000,000 → $900,000,000");
    let movers = view.movers.as_ref().unwrap();
    assert_eq!(movers.gains.total, 731);
    assert!(movers.gains.rows.iter().all(|r| r.cells[5].v.unwrap() > 0.0));
    assert!(movers.losses.rows.iter().all(|r| r.cells[5].v.unwrap() < 0.0));
    assert!(view.status.starts_with("With your changes: "), "{}", view.status);
    // Schools by tier as shipped (rows) and now (columns): every school once.
    let moves = &view.sections.iter().find(|s| s.id == "tier_moves").unwrap().tables[0].1;
    assert_eq!(moves.rows.len(), 5);
    let counted: f64 =
        moves.rows.iter().flat_map(|r| r.cells[1..].iter().filter_map(|c| c.v)).sum();
    assert_eq!(counted, 731.0);
}

#[test]
fn a_bad_control_is_left_out_with_why_and_the_rest_apply() {
    open();
    let view = run(vec![
        typed("allocation.budget", "-5"),
        typed("hasOwnProperty", "1"),
        typed("indicators.math.weight", "3"),
    ]);
    let (hash, _) = engine(&["indicators.math.weight=3"]);
    assert_eq!(view.hash, hash, "the weight applies");
    assert_eq!(view.rejected.len(), 2);
    let budget = &view.rejected[0].error;
    assert_eq!(budget.kind, "usage");
    let p = &budget.problems[0];
    assert_eq!(p.location.control.as_deref(), Some("allocation.budget"));
    assert_eq!(p.message, "'-5' is negative; an amount of money cannot be negative");
    assert_eq!(p.fix, "write e.g. 900000000, $900,000,000 or 900M");
    assert!(
        budget.text.starts_with("Budget of SENI allocation: '-5' is negative"),
        "{}",
        budget.text
    );
    let unknown = &view.rejected[1].error.problems[0];
    assert_eq!(unknown.location.control.as_deref(), Some("hasOwnProperty"));
    assert_eq!(unknown.message, "this formula has no setting 'hasOwnProperty'");
    assert!(view.status.starts_with("Not applied — "), "{}", view.status);
    // A refused entry never replaces the value in use: 900M stays.
    let view = run(vec![typed("allocation.budget", "900M"), typed("allocation.budget", "lots")]);
    assert_eq!(view.hash, engine(&["budget=900000000"]).0);
    assert_eq!(view.rejected.len(), 1);
    assert_eq!(view.rejected[0].error.problems[0].message, "'lots' is not an amount of dollars");
    // …and a refused entry followed by a good one is old news.
    let view = run(vec![typed("allocation.budget", "lots"), typed("allocation.budget", "1.2B")]);
    assert!(view.rejected.is_empty());
    assert_eq!(view.hash, engine(&["budget=1200000000"]).0);
}

#[test]
fn a_weight_of_zero_leaves_the_indicator_out_and_every_domain_off_is_refused_at_its_control() {
    open();
    let view = run(vec![Control::Slider { key: "indicators.ela.weight".into(), value: 0.0 }]);
    assert_eq!(view.hash, engine(&["indicators.ela.enabled=false"]).0);
    assert_eq!(
        view.changes,
        ["Weight of English language arts (distance from standard): 1 → 0 (left out)"]
    );
    let off = |d: &str| Control::Switch { key: format!("domains.{d}.enabled"), on: false };
    // The index needs two of its three domains: the second switched off is refused, at its
    // control, in the page's words (no formula file, no line), and the first still applies.
    let view = run(vec![off("students"), off("academic"), off("community")]);
    assert_eq!(view.hash, engine(&["domains.students.enabled=false"]).0);
    assert_eq!(view.rejected.len(), 2);
    let e = &view.rejected[0].error.problems[0];
    assert_eq!(e.location.control.as_deref(), Some("domains.academic.enabled"));
    assert_eq!((e.location.file.as_deref(), e.location.line), (None, None), "no formula-file line");
    assert_eq!(
        e.message,
        "this would leave a formula seni cannot run: min_children = 2 but 'index' has only 1 children"
    );
    assert_eq!(e.fix, "set it back (the page shows the last what-if that worked)");
    assert!(
        view.rejected[0].error.text.starts_with("Count Academic"),
        "{}",
        view.rejected[0].error.text
    );
}

#[test]
fn a_tier_count_rebuilds_the_tier_knobs_and_compares_school_by_school() {
    open();
    let view = run(vec![typed("tiers.k", "3")]);
    let tier_weights: Vec<&str> = view
        .knobs
        .iter()
        .filter(|k| k.kind == KnobKind::TierWeight)
        .map(|k| k.label.as_str())
        .collect();
    assert_eq!(tier_weights, ["Tier 1 (highest need)", "Tier 2", "Tier 3 (lowest need)"]);
    let money = view.money.as_ref().unwrap();
    let shipped = cents(money, "total_a");
    assert_eq!(shipped.len(), 4, "three tiers and all schools");
    assert_eq!(shipped[3].1, 70_000_000_000, "the same schools had all of it as shipped");
    assert!(shipped[..3].iter().all(|(_, c)| *c > 0), "no tier reads $0 as shipped: {shipped:?}");
    assert_eq!(shipped[..3].iter().map(|t| t.1).sum::<i64>(), 70_000_000_000);
    let line = view.findings.iter().find(|l| l.starts_with("The tiers are regrouped")).unwrap();
    assert!(
        line.starts_with("The tiers are regrouped (5 as shipped, 3 now): 147 of the 147 schools"),
        "{line}"
    );
    // A tier weight typed under the new names applies.
    let view = run(vec![
        typed("tiers.k", "3"),
        typed("allocation.programs.seni.tier_weights.Tier 2", "5"),
    ]);
    assert!(view.rejected.is_empty(), "{:?}", view.rejected);
    assert!(
        view.changes
            .iter()
            .any(|c| c.starts_with("Tier weight of Tier 2 (SENI allocation): ")
                && c.ends_with("→ 5")),
        "{:?}",
        view.changes
    );
}

#[test]
fn explain_find_scenario_and_csv_answer_for_the_current_what_if() {
    open();
    run(vec![typed("allocation.budget", "900M")]);
    // The first district-operated school of the table (charter = N), found by part of its name.
    let text = lausd().text;
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let row: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[col("charter")] == "N")
        .unwrap();
    let (id, name) = (row[col("cds_code")], row[col("school_name")]);
    let Answer::Found(found) = respond(Request::Find { query: name.to_uppercase() }).unwrap()
    else {
        panic!()
    };
    assert!(found.table.rows.iter().any(|r| r.id.as_deref() == Some(id)), "{name}");
    let Answer::Explained(e) = respond(Request::Explain { school: id.into() }).unwrap() else {
        panic!()
    };
    assert_eq!(e.school, name);
    assert!(e.text.contains(name));
    let (hash, _) = engine(&["budget=900000000"]);
    let Answer::File(s) = respond(Request::Scenario).unwrap() else { panic!() };
    assert_eq!(s.file, format!("what-if-{hash}.toml"));
    let t: toml::Table = toml::from_str(&s.text).unwrap();
    assert_eq!(t["allocation"]["budget"].as_integer(), Some(900_000_000));
    let Answer::File(csv) = respond(Request::Csv).unwrap() else { panic!() };
    assert_eq!(csv.file, format!("what-if-{hash}-allocation.csv"));
    assert_eq!(csv.text, engine_csv(&["budget=900000000"]), "the command line's rows, to the cent");
}

#[test]
fn errors_cross_as_fields_and_the_wire_carries_the_typed_answers() {
    let mut bad = lausd();
    let mut lines: Vec<String> = bad.text.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let j = header.iter().position(|c| *c == "pct_foster").unwrap();
    let charter = header.iter().position(|c| *c == "charter").unwrap();
    let n = (1..lines.len()).find(|&i| lines[i].split(',').nth(charter) == Some("N")).unwrap();
    let mut row: Vec<String> = lines[n].split(',').map(String::from).collect();
    row[j] = "lots".into();
    lines[n] = row.join(",");
    bad.text = lines.join("\n");
    let req = Request::Open {
        bundled: Some(FORMULA.into()),
        formula: None,
        scenarios: vec![],
        data: vec![bad],
        story: false,
    };
    let e = respond(req).unwrap_err();
    assert_eq!(e.kind, "data");
    let p = &e.problems[0];
    assert_eq!(
        (p.location.file.as_deref(), p.location.row, p.location.column.as_deref()),
        (Some("schools.csv"), Some(n), Some("pct_foster"))
    );
    assert_eq!(p.message, "'lots' is not a number");
    // Over the wire: a request before open, a request the engine cannot read, then a run.
    let wire = |s: &str| serde_json::from_str::<serde_json::Value>(&answer(s.as_bytes())).unwrap();
    let v = wire(r#"{"op":"run","controls":[]}"#);
    assert_eq!((v["ok"].as_bool(), v["error"]["kind"].as_str()), (Some(false), Some("usage")));
    assert_eq!(v["error"]["problems"][0]["message"], "nothing is open");
    let v = wire(r#"{"op":"launch"}"#);
    assert_eq!(v["ok"], false);
    assert!(
        v["error"]["text"]
            .as_str()
            .unwrap()
            .contains("the page sent a request its engine cannot read")
    );
    open();
    let v = wire(
        r#"{"op":"run","controls":[{"kind":"typed","key":"allocation.budget","text":"$1,000,000,000"}]}"#,
    );
    assert_eq!(v["ok"], true);
    let view: RunView = serde_json::from_value(v).unwrap();
    assert_eq!(view.hash, engine(&["budget=1000000000"]).0);
}

#[test]
fn own_data_gets_the_whole_story_named_after_the_file() {
    let req = Request::Open {
        bundled: Some(FORMULA.into()),
        formula: None,
        scenarios: vec![],
        data: vec![lausd()],
        story: true,
    };
    let Answer::Opened(o) = respond(req).unwrap() else { panic!() };
    let story = o.story.unwrap();
    assert!(story.title.ends_with("— your data: schools.csv"), "{}", story.title);
    assert_eq!(story.findings["allocate"][0], "731 schools and 438,172 pupils share $700,000,000.");
    let by_tier = &story.tables["allocate/by_tier"];
    assert_eq!(by_tier.rows.last().unwrap().cells[3].t, "$700,000,000.00");
    assert_eq!(story.tables["every"].total, 731);
    assert!(story.headings["top"].starts_with("The highest-need school: "));
}

#[test]
fn is_it_fair_gives_the_engines_equity_statistics_of_the_what_if_against_the_formula_as_shipped() {
    let shipped = open();
    let one = shipped.sections.iter().find(|s| s.id == "fairness").expect("as shipped too");
    assert!(one.lines[0].starts_with("Money judged: allocation per pupil, as shipped;"));
    let view = run(vec![Control::Slider { key: "indicators.ela.weight".into(), value: 3.0 }]);
    let s = view.sections.iter().find(|s| s.id == "fairness").unwrap();
    assert_eq!(s.heading, "Is it fair?");
    let (base, now) = (engine_run(&[]), engine_run(&["indicators.ela.weight=3"]));
    let e = equity(&[&base, &now], &EquityOptions::default()).unwrap();
    assert_eq!(
        s.lines[0],
        format!(
            "Money judged: allocation per pupil, as shipped and with your what-if; the same numbers: seni equity -f {FORMULA} -d schools.csv base what-if-{}.toml.",
            view.hash
        )
    );
    let o = seni::outputs::equity(&e, &[&base, &now]);
    assert_eq!(&s.lines[1..], o.findings(), "the engine's sentences");
    let (caption, t) = &s.tables[0];
    assert_eq!(caption, "How equal the money per pupil is, across all schools");
    let runs: Vec<&str> = t.rows.iter().map(|r| r.cells[0].t.as_str()).collect();
    assert_eq!(runs, ["as shipped", "now", "change"]);
    let j = t.columns.iter().position(|c| c.name == "mcloone").unwrap();
    for (b, row) in t.rows.iter().enumerate() {
        let engine = e.areas()[0].batteries()[b].horizontal(Horizontal::Mcloone);
        assert_eq!(row.cells[j].v, Some(engine), "McLoone, {}", runs[b]);
    }
    let (was, is) = (t.rows[0].cells[j].v.unwrap(), t.rows[1].cells[j].v.unwrap());
    assert!(was != is && (0.5..=1.0).contains(&was), "a weight moves the money: {was} → {is}");
}
