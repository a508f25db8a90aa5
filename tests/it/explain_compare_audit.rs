//! Explanations, comparisons, audits, charts and exports.

use crate::harness::*;
use seni::allocate;
use seni::analysis::audit::Group;
use seni::audit;
use seni::explain;
use seni::table::TableName;
use seni::{Run, compare};

fn seni_run(sets: &[&str]) -> Run {
    Run::of(run(&formula("seni", sets), &[])).unwrap()
}

#[test]
fn contributions_sum_to_the_index_for_every_school() {
    let c = run(&formula("seni", &[]), &[]);
    let mut checked = 0;
    for r in 0..c.len() {
        if c.index()[r].is_nan() {
            continue;
        }
        let sum: f64 = c.contributions(r).iter().sum();
        assert!(
            (sum - c.index()[r]).abs() < 1e-12,
            "school {}: {sum} vs {}",
            c.district().ids()[r],
            c.index()[r]
        );
        checked += 1;
    }
    assert!(checked > 990);
}

#[test]
fn explanation_traces_the_index_and_the_tier_boundary() {
    let c = run(&formula("seni", &[]), &[]);
    let a = allocate(&c).unwrap();
    let tiers = c.tiers().unwrap();
    // A school in the middle tier has a boundary both ways.
    let row = (0..c.len()).find(|&r| tiers[r] == Some(2)).unwrap();
    let e = explain(&c, Some(&a), row);
    assert_eq!(e.tier(), Some("Moderate need"));
    assert!((e.contributions_sum().unwrap() - e.index().unwrap()).abs() < 1e-12);
    let up = e.up().unwrap();
    let down = e.down().unwrap();
    assert_eq!(up.tier(), "High need");
    assert_eq!(down.tier(), "Low need");
    assert!(up.index_gap() > 0.0 && down.index_gap() < 0.0);
    // The gap is to the nearest school of the next tier, and `schools_between` counts who is passed.
    let x = c.index()[row];
    let nearest_up = (0..c.len())
        .filter(|&r| tiers[r] == Some(1))
        .map(|r| c.index()[r])
        .fold(f64::INFINITY, f64::min);
    assert!((up.index_gap() - (nearest_up - x)).abs() < 1e-15);
    let between = (0..c.len()).filter(|&r| c.index()[r] > x && c.index()[r] < nearest_up).count();
    assert_eq!(up.schools_between(), between);
    // Every proposed single change, applied with the others held fixed, reaches the boundary.
    for (m, target) in [(up, nearest_up), (down, x + down.index_gap())] {
        assert!(!m.changes().is_empty());
        for ch in m.changes() {
            let i = c.formula().indicator_pos(ch.indicator()).unwrap();
            let new_n = c.normalised_with(i, row, ch.to_raw());
            let new_index = x + c.index_slope(i, row) * (new_n - c.indicators()[i].value()[row]);
            if m.index_gap() > 0.0 {
                assert!(new_index >= target - 1e-12, "{}: {new_index} < {target}", ch.indicator());
            } else {
                assert!(new_index <= target + 1e-12, "{}: {new_index} > {target}", ch.indicator());
            }
        }
        let deltas: Vec<f64> =
            m.changes().iter().map(|ch| (ch.to_value() - ch.from_value()).abs()).collect();
        assert!(deltas.windows(2).all(|w| w[0] <= w[1]), "smallest change first");
    }
    // Money: the school's programs add up to its total.
    let money: i64 =
        e.money().iter().map(|m| m.cents()).sum::<i64>() + e.hold_harmless().unwrap_or(0);
    assert_eq!(Some(money), e.total());
    let text = seni::outputs::explain(&c, &e).text().to_string();
    assert!(text.contains("index points to High need"), "{text}");
}

/// A proposed change stays within what the indicator's unit allows: no "% of students" above 100
/// or below 0 (school 1900010 was once told to raise unduplicated pupils from 89.58% to 100.46%).
#[test]
fn proposed_changes_stay_within_the_unit() {
    let c = run(&formula("seni", &[]), &[]);
    let mut checked = 0;
    for row in (0..c.len()).step_by(20) {
        let e = explain(&c, None, row);
        for ch in e.up().into_iter().chain(e.down()).flat_map(|m| m.changes()) {
            let ind = &c.formula().indicators()[c.formula().indicator_pos(ch.indicator()).unwrap()];
            if ind.unit.contains('%') || ind.unit.contains("percentile") {
                assert!(
                    (0.0..=100.0).contains(&ch.to_raw()),
                    "{}: {} to {}",
                    e.id(),
                    ind.id,
                    ch.to_raw()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
    let row = c.district().ids().iter().position(|id| id == "1900010").unwrap();
    let e = explain(&c, None, row);
    let up = e.up().unwrap();
    assert!(up.changes().iter().all(|ch| ch.indicator() != "unduplicated"), "{:?}", up.changes());
}

#[test]
fn top_tier_school_cannot_move_up() {
    let c = run(&formula("seni", &[]), &[]);
    let row = (0..c.len()).find(|&r| c.rank()[r] == Some(1)).unwrap();
    let e = explain(&c, None, row);
    assert!(e.up().is_none());
    assert!(
        seni::outputs::explain(&c, &e)
            .text()
            .contains("Up: already in the top tier (Highest need).")
    );
}

#[test]
fn compare_changes_add_up_to_the_difference_of_totals() {
    let a = seni_run(&[]);
    let b = seni_run(&["indicators.chronic_absence.weight=2", "budget=800000000"]);
    let cmp = compare(&a, &b);
    let (ta, tb) = cmp.totals();
    assert_eq!(cmp.schools().iter().map(|s| s.change()).sum::<i64>(), tb - ta);
    assert_eq!(ta, a.allocation().unwrap().grand_total());
    assert_eq!(tb, b.allocation().unwrap().grand_total());
    // Sorted biggest gain first; the cross-table covers every school.
    assert!(cmp.schools().windows(2).all(|w| w[0].change() >= w[1].change()));
    assert_eq!(cmp.cross().iter().flatten().sum::<usize>(), 1000);
    let (g, l, u) = cmp.counts();
    assert_eq!(g + l + u, 1000);
    let moved: usize = (0..cmp.cross().len())
        .flat_map(|i| (0..cmp.cross()[i].len()).filter(move |&j| j != i).map(move |j| (i, j)))
        .map(|(i, j)| cmp.cross()[i][j])
        .sum();
    assert_eq!(moved, cmp.tier_changes());
    // A run compared with itself: nothing changes.
    let same = compare(&a, &a);
    assert_eq!(same.counts(), (0, 0, 1000));
    assert_eq!(same.tier_changes(), 0);
}

/// Four schools, hand-worked: need 4 > 3 > 2 > 1, 100 pupils each, $400/$300/$200/$100.
const TINY: &str = r#"
[formula]
name = "tiny"
[data]
id = "id"
enrolment = "n"
[indicators.need]
column = "need"
[index]
[allocation]
budget = 1000
[allocation.programs.p]
kind = "pot"
weights = "index"
"#;

#[test]
fn audit_hand_worked_district() {
    let c =
        run_inline(TINY, "id,n,need,black_count\na,100,4,50\nb,100,3,0\nc,100,2,0\nd,100,1,50\n")
            .unwrap();
    let a = allocate(&c).unwrap();
    assert_eq!(a.total(), vec![40_000, 30_000, 20_000, 10_000]);
    let g = vec![Group::new("black", "black_count", vec![50.0, 0.0, 0.0, 50.0])];
    let au = audit(&c, &a, &g, Some(&[0, 3]));
    // Highest-need 20% of the 400 students = 80 of school a's 100 pupils → $320 of $1,000;
    // 40% = 160 students = all of a ($400) + 60 of b's 100 ($180) → $580.
    assert!((au.share_top20() - 0.32).abs() < 1e-12);
    assert!((au.share_top40() - 0.58).abs() < 1e-12);
    // Concentration curve from the lowest need: pupils 1/4 each, money 0.1, 0.3, 0.6, 1.0.
    // Area = 0.25 × (0.05 + 0.2 + 0.45 + 0.8) = 0.375 → index 1 − 2 × 0.375 = 0.25.
    assert!((au.concentration() - 0.25).abs() < 1e-12);
    // Black students are in a ($4/pupil) and d ($1/pupil): average $2.50 vs $2.50 overall → ratio 1.
    let o = seni::outputs::audit(&c, Some(&a), &g, Some(&[0, 3])).unwrap();
    let groups = o.table(TableName::Groups).unwrap().materialise();
    let row = &groups.rows[0];
    assert_eq!(row[2].text(""), "2.50");
    assert_eq!(row[4].text(""), "1.000");
    // Closing a and d affects 100% of Black students but 50% of all students: ratio 2.
    let aff = o.table(TableName::Affected).unwrap().materialise();
    assert_eq!(aff.rows[1][3].text(""), "1.0000");
    assert_eq!(aff.rows[1][4].text(""), "2.000");
    assert_eq!(aff.rows[0][3].text(""), "0.5000");
}

#[test]
fn charts_render_with_titles_labels_and_dollar_units() {
    use seni::chart::Chart;
    let c = run(&formula("seni", &[]), &[]);
    let a = allocate(&c).unwrap();
    let (summary, _) = seni::allocate::by_tier(&c, &a);
    let svg = Chart::allocation_by_tier(&summary).svg().unwrap();
    assert!(svg.starts_with("<svg"));
    for s in [
        "Highest need gets 3.7× the dollars per pupil of Lowest need",
        "Highest need",
        "Lowest need",
        "dollars per pupil",
        "$200,000,000",
    ] {
        assert!(svg.contains(s), "allocation chart lacks {s}");
    }
    let svg = Chart::index_distribution(&c).svg().unwrap();
    assert!(
        svg.contains("Distribution of the need index") && svg.contains("High need ≥"),
        "histogram lacks boundaries"
    );
    let row = (0..c.len()).find(|&r| c.rank()[r] == Some(1)).unwrap();
    let svg = Chart::contributions(&explain(&c, None, row)).svg().unwrap();
    assert!(
        svg.contains("Indicator contributions")
            && svg.contains("Chronic absenteeism")
            && svg.contains(&c.district().names()[row])
    );
    let cmp = compare(&seni_run(&[]), &seni_run(&["budget=900000000"]));
    let svg = Chart::before_after(&cmp).svg().unwrap();
    assert!(
        svg.contains("same amount (1:1)")
            && svg.contains("higher-need tier under B")
            && svg.contains("$1,000,000")
    );
    let au = audit(&c, &a, &[], None);
    let svg = Chart::per_pupil_by_quintile(au.quintiles()).svg().unwrap();
    assert!(
        svg.contains("Q5 (highest need)")
            && svg.contains("the dollars per pupil of Q1 (lowest need)")
    );
    let png = Chart::allocation_by_tier(&summary).png(&seni::chart::Look::default()).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn csv_and_xlsx_neutralise_formula_injection() {
    let f = "[formula]\nname = \"x\"\n[data]\nid = \"id\"\nname = \"school\"\n[indicators.a]\ncolumn = \"a\"\n[index]\n";
    let c = run_inline(
        f,
        "id,school,a\n1,\"=HYPERLINK(\"\"http://x\"\")\",1\n2,+SUM(A1),2\n3,-12,3\n4,@cmd,4\n",
    )
    .unwrap();
    let sheet = crate::harness::schools_table(&c);
    let meta = seni::export::Meta::of(&c);
    let csv = String::from_utf8(csv_of(&sheet, &meta)).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(csv.contains("'+SUM(A1)") && csv.contains("'@cmd"), "{csv}");
    assert!(csv.contains("\n3,-12,"), "a negative number stays a number: {csv}");
    let xlsx = || {
        seni::export::Format::Xlsx
            .render(&seni::export::Document {
                tables: vec![&sheet],
                meta: &meta,
                missing: "",
                summary: None,
                header_comment: false,
            })
            .unwrap()
    };
    let x1 = xlsx();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let x2 = xlsx();
    assert_eq!(x1, x2, "the workbook is byte-identical across runs");
    assert_eq!(&x1[..2], b"PK");
}

/// Dollars per pupil, prior and change are money in Excel, formatted like the totals.
#[test]
fn xlsx_formats_every_dollar_column_as_money() {
    use std::io::Read;
    let f = r#"
[formula]
name = "x"
[data]
id = "id"
enrolment = "n"
[indicators.a]
column = "a"
[index]
[allocation]
budget = 1000
prior = "prior"
[allocation.programs.p]
kind = "pot"
weights = "pupils"
"#;
    let c = run_inline(f, "id,n,a,prior\ns1,10,1,400.5\ns2,30,2,600\n").unwrap();
    let a = seni::allocate(&c).unwrap();
    let t = crate::harness::allocation_table(&c, &a);
    let meta = seni::export::Meta::of(&c);
    let doc = seni::export::Document {
        tables: vec![&t],
        meta: &meta,
        missing: "",
        summary: None,
        header_comment: false,
    };
    let bytes = seni::export::Format::Xlsx.render(&doc).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    // Row 2 (school s1): the style of each column's cell, by column letter.
    let style = |col: usize| {
        let letter = (b'A' + col as u8) as char;
        let at = xml.find(&format!("<c r=\"{letter}2\"")).unwrap();
        let cell = &xml[at..at + xml[at..].find('>').unwrap()];
        cell.split("s=\"").nth(1).map(|s| s[..s.find('"').unwrap()].to_string())
    };
    let pos = |name: &str| t.columns.iter().position(|c| c == name).unwrap();
    let money = style(pos("total"));
    assert!(money.is_some());
    for col in ["per_pupil", "prior", "change", "p"] {
        assert_eq!(style(pos(col)), money, "column {col}");
    }
    assert_eq!(style(pos("pupils")), None, "pupils are not money");
}
