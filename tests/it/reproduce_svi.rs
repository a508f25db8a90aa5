//! CDC/ATSDR SVI: every published EPL/SPL/RPL/F value, for every county.

use crate::harness::*;

/// Every output column of ours that the published file also has.
fn svi_columns(ours: &seni::table::Table, theirs: &Published) -> Vec<String> {
    let pub_cols = theirs.columns();
    ours.columns
        .iter()
        .filter(|c| {
            (c.starts_with("EPL_")
                || c.starts_with("SPL_")
                || c.starts_with("RPL_")
                || c.starts_with("F_"))
                && pub_cols.contains(c)
        })
        .cloned()
        .collect()
}

/// Runs a formula on a published file and checks every column; `except(column, fips)` lists
/// documented publisher exceptions. Returns the number of values compared.
fn reproduce(formula_name: &str, file: &str, except: impl Fn(&str, &str) -> bool) -> usize {
    let Some(path) = shared(file) else { return 0 };
    let f = formula(formula_name, &[]);
    let c = run(&f, std::slice::from_ref(&path));
    let ours = sheet(&c);
    let theirs = published(&path);
    let cols = svi_columns(&ours, &theirs);
    let checks: Vec<ColumnCheck> =
        cols.iter().map(|col| compare(&ours, col, &theirs, col, 0.0)).collect();
    report(&format!("{formula_name} on {file} ({} rows)", c.len()), &checks);
    let mut compared = 0;
    for ch in &checks {
        compared += ch.rows;
        for m in &ch.misses {
            let fips = m.split(':').next().unwrap_or("");
            assert!(except(&ch.column, fips), "{} differs: {m}", ch.column);
        }
        let allowed = ch.rows - ch.matches;
        assert!(allowed <= 1, "{}: {allowed} rows differ", ch.column);
    }
    compared
}

#[test]
fn svi_2018_us_counties_reproduce_exactly() {
    let n = reproduce("cdc-svi-2018", "svi/SVI2018_US_COUNTY.csv", |_, _| false);
    if n > 0 {
        assert_eq!(n, 45 * 3142, "all 45 published index columns compared");
    }
}

#[test]
fn svi_2020_v2_us_counties_reproduce_exactly() {
    // The publisher wrote -999 in every flag column of the District of Columbia (11001)
    // although its EPLs are valid; that is the only documented exception.
    let n = reproduce("cdc-svi-2020", "svi/SVI2020_US_COUNTY_v2.csv", |col, fips| {
        col.starts_with("F_") && fips == "11001"
    });
    if n > 0 {
        assert_eq!(n, 47 * 3143);
    }
}

#[test]
fn svi_state_rankings_reproduce_exactly() {
    for (formula_name, file) in [
        ("cdc-svi-2018", "svi/state_PA/2018svi_pa_co_cdc.csv"),
        ("cdc-svi-2020", "svi/state_PA/2020svi_pa_co_cdc.csv"),
        ("cdc-svi-2020", "svi/state_PA/2022svi_pa_co_cdc.csv"),
    ] {
        reproduce(formula_name, file, |_, _| false);
    }
}

#[test]
fn svi_2020_v1_is_a_negative_control_that_differs_in_epl_hburd() {
    let Some(path) = shared("svi/SVI2020_US_COUNTY_v1_HBURD_error.csv") else { return };
    let c = run(&formula("cdc-svi-2020", &[]), std::slice::from_ref(&path));
    let ours = sheet(&c);
    let theirs = published(&path);
    let hburd = compare(&ours, "EPL_HBURD", &theirs, "EPL_HBURD", 0.0);
    let pov = compare(&ours, "EPL_POV150", &theirs, "EPL_POV150", 0.0);
    report("cdc-svi-2020 on the v1 file (known EPL_HBURD error)", &[hburd.clone(), pov.clone()]);
    assert!(
        hburd.rows - hburd.matches > 3000,
        "v1 EPL_HBURD must differ in most rows, got {} matches",
        hburd.matches
    );
    assert!(pov.exact(), "the rest of v1 is right: EPL_POV150 reproduces");
}

#[test]
fn svi_2014_2016_recomputable_epls_reproduce_exactly() {
    for (file, rows) in [
        ("svi/SVI2016_US_COUNTY.csv", 3142),
        ("svi/state_PA/2016svi_pa_co_cdc.csv", 67),
        ("svi/state_PA/2014svi_pa_co_cdc.csv", 67),
    ] {
        let Some(path) = shared(file) else { continue };
        let c = run(&formula("cdc-svi-2016", &[]), std::slice::from_ref(&path));
        let ours = sheet(&c);
        let theirs = published(&path);
        let cols: Vec<String> = svi_columns(&ours, &theirs)
            .into_iter()
            .filter(|c| c.starts_with("EPL_") && c != "EPL_LIMENG")
            .collect();
        assert_eq!(cols.len(), 14);
        let checks: Vec<ColumnCheck> =
            cols.iter().map(|col| compare(&ours, col, &theirs, col, 0.0)).collect();
        report(&format!("cdc-svi-2016 on {file}: 14 recomputable EPLs"), &checks);
        for ch in &checks {
            assert_eq!(ch.rows, rows);
            assert!(ch.exact(), "{} differs: {:?}", ch.column, ch.misses);
        }
    }
}
