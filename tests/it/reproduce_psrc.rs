//! PSRC 2018 Opportunity Index: every z-score, domain score and the overall score within 1e-9,
//! and every quintile class exact, for all 773 tracts.

use crate::harness::*;

const FILES: [&str; 6] = [
    "index_all.csv",
    "index_edu.csv",
    "index_econ.csv",
    "index_house.csv",
    "index_trans.csv",
    "index_health.csv",
];

#[test]
fn psrc_opportunity_2018_reproduces_every_tract() {
    let mut paths = Vec::new();
    for f in FILES {
        match shared(&format!("psrc_opportunity_2018/{f}")) {
            Some(p) => paths.push(p),
            None => return,
        }
    }
    let formula = formula("psrc-opportunity-2018", &[]);
    let c = run(&formula, &paths);
    assert_eq!(c.len(), 773);
    let ours = sheet(&c);
    let theirs = Published::join(paths.iter().map(|p| published(p)).collect(), "GEOID10");
    let mut checks = Vec::new();
    let mut z_cols = 0;
    for col in theirs.columns() {
        if col.ends_with("-Z") {
            z_cols += 1;
            checks.push(compare(&ours, &col, &theirs, &col, 1e-9));
        } else if col.ends_with("-Class") || col.ends_with("-Class-Name") {
            let ch = if col.ends_with("-Name") {
                compare_text(&ours, &col, &theirs)
            } else {
                compare(&ours, &col, &theirs, &col, 0.0)
            };
            checks.push(ch);
        }
    }
    report("psrc-opportunity-2018 (773 tracts)", &checks);
    // 19 indicators (06a and 06b separately) + 06-Jobs + 5 domains + OPP = 26 z columns;
    // 6 classes, each as a number and a name.
    assert_eq!(z_cols, 26);
    assert_eq!(checks.len(), 26 + 12);
    for ch in &checks {
        assert!(ch.exact(), "{} differs: {:?}", ch.column, ch.misses);
    }
}

fn compare_text(ours: &seni::table::Table, col: &str, theirs: &Published) -> ColumnCheck {
    let j = ours.columns.iter().position(|c| c == col).unwrap();
    let pub_cells = theirs.text(col).unwrap();
    let matches =
        ours.rows.iter().zip(&pub_cells).filter(|(r, p)| r[j].text("#VALUE!") == **p).count();
    ColumnCheck {
        column: col.to_string(),
        rows: pub_cells.len(),
        matches,
        max_diff: 0.0,
        misses: Vec::new(),
    }
}
