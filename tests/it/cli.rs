//! The `seni` binary as a user runs it.

use crate::harness::root;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `seni` with arguments in a directory (charts dated 2026-01-01, so outputs are pinned).
pub fn seni(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seni"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .expect("run seni")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn compute_with_no_arguments_writes_the_index_of_the_bundled_district() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["compute"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("formula seni ("), "{}", stdout(&o));
    let csv = std::fs::read_to_string(dir.path().join("out/index.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    for col in [
        "id",
        "name",
        "unduplicated",
        "students",
        "academic",
        "community",
        "need_index",
        "rank",
        "tier",
        "missing",
        "reason",
    ] {
        assert!(header.split(',').any(|c| c == col), "no column {col} in {header}");
    }
    assert_eq!(lines.count(), 1000);
}

#[test]
fn allocate_with_no_arguments_prints_the_summary_and_writes_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["allocate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for s in [
        "Highest need",
        "Lowest need",
        "per_pupil",
        "hold-harmless (95% of prior year",
        "total allocated:",
        "wrote out/allocation.csv",
    ] {
        assert!(out.contains(s), "summary lacks {s}:\n{out}");
    }
    let csv = std::fs::read_to_string(dir.path().join("out/allocation.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "id,name,group,tier,index,pupils,seni,hold_harmless,total,per_pupil,prior,change,bound"
    );
    // The pot column sums to the budget to the cent.
    let cents: i64 = csv
        .lines()
        .skip(1)
        .map(|l| {
            let v = l.rsplit(',').nth(6).unwrap();
            let (d, c) = v.split_once('.').unwrap();
            d.parse::<i64>().unwrap() * 100 + c.parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(cents, 700_000_000 * 100);
}

/// A directory named like a bundled formula (a clone called `seni`, R's check directory) does
/// not hide the formula; a file of that name is read as the formula.
#[test]
fn a_directory_named_like_a_bundled_formula_does_not_hide_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seni")).unwrap();
    let o = seni(dir.path(), &["compute", "--format", "json", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["metadata"]["formula_hash"], seni::Formula::bundled("seni").unwrap().hash());
    std::fs::write(dir.path().join("seni-lausd-open"), "not a formula = [").unwrap();
    let o = seni(dir.path(), &["compute", "-f", "seni-lausd-open"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}

#[test]
fn json_output_carries_formula_name_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["compute", "--format", "json", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["metadata"]["formula"], "seni");
    let formula = seni::Formula::bundled("seni").unwrap();
    assert_eq!(v["metadata"]["formula_hash"], formula.hash());
    assert_eq!(v["schools"].as_array().unwrap().len(), 1000);
}

#[test]
fn csv_header_comment_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let plain = seni(dir.path(), &["compute", "--out", "-"]);
    assert!(stdout(&plain).starts_with("id,"));
    let commented = seni(dir.path(), &["compute", "--out", "-", "--header-comment"]);
    assert!(
        stdout(&commented).starts_with("# formula: seni\n# formula_hash: "),
        "{}",
        stdout(&commented)
    );
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str, out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_seni"))
            .args(["allocate", "--format", "json", "--out", out])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(dir.path().join(out)).unwrap()
    };
    let a = run("1", "a.json");
    let b = run("2", "b.json");
    let c = run("2", "c.json");
    assert_eq!(a, b);
    assert_eq!(b, c);
}

#[test]
fn sample_regenerates_the_bundled_district_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["sample", "--schools", "1000", "--seed", "2026"]);
    assert!(o.status.success());
    let bundled = std::fs::read(root().join("data/district.csv")).unwrap();
    assert!(
        o.stdout == bundled,
        "data/district.csv is not what `seni sample --schools 1000 --seed 2026` makes"
    );
    let other = seni(dir.path(), &["sample", "--schools", "1000", "--seed", "7"]);
    assert!(other.stdout != bundled);
}

#[test]
fn formulas_lists_every_bundled_formula() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["formulas"]);
    assert!(o.status.success());
    for name in seni::Formula::bundled_names() {
        assert!(stdout(&o).contains(name), "{name} missing");
    }
}

#[test]
fn validate_reports_every_bad_cell_with_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(root().join("data/district.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    // Row 3: ELA written as text; row 5: enrolment negative.
    let cols: Vec<&str> = lines[0].split(',').collect();
    let ela = cols.iter().position(|c| *c == "ela_dfs").unwrap();
    let enr = cols.iter().position(|c| *c == "enrollment").unwrap();
    let mut r3: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    r3[ela] = "n.a.".into();
    lines[3] = r3.join(",");
    let mut r5: Vec<String> = lines[5].split(',').map(str::to_string).collect();
    r5[enr] = "-4".into();
    lines[5] = r5.join(",");
    std::fs::write(dir.path().join("bad.csv"), lines.join("\n")).unwrap();
    let o = seni(dir.path(), &["validate", "--data", "bad.csv"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("data error (2 problems)"), "{err}");
    assert!(err.contains("bad.csv, row 3, column 'ela_dfs': 'n.a.' is not a number"), "{err}");
    assert!(
        err.contains("bad.csv, row 5, column 'enrollment': enrolment is negative (-4)"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "validate writes nothing");
}

#[test]
fn exit_codes_are_documented_kinds() {
    let dir = tempfile::tempdir().unwrap();
    // Usage: unknown formula name.
    let o = seni(dir.path(), &["compute", "--formula", "sen"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean the bundled formula 'seni'?"), "{}", stderr(&o));
    // Formula error.
    std::fs::write(
        dir.path().join("f.toml"),
        "[formula]\nname = \"x\"\n[data]\nid = \"school_id\"\n[index]\n",
    )
    .unwrap();
    let o = seni(
        dir.path(),
        &[
            "compute",
            "--formula",
            "f.toml",
            "--data",
            &root().join("data/district.csv").to_string_lossy(),
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    // Infeasible: a budget far below the floors is impossible to meet.
    let o = seni(
        dir.path(),
        &["allocate", "--set", "allocation.programs.seni.min=1000000", "--budget", "1M"],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("short by"), "{}", stderr(&o));
    // No partial output on failure.
    assert!(!dir.path().join("out/allocation.csv").exists());
    // I/O: data file missing.
    let o = seni(dir.path(), &["compute", "--data", "nope.csv"]);
    assert_eq!(o.status.code(), Some(6), "{}", stderr(&o));
}

#[test]
fn budget_flag_and_set_override_change_the_pot() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(
        dir.path(),
        &["allocate", "--budget", "$900,000,000", "--out", "-", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["programs"][0]["total"], 900_000_000.0);
    let o =
        seni(dir.path(), &["allocate", "--set", "budget=900M", "--out", "-", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["programs"][0]["total"], 900_000_000.0);
    let o = seni(dir.path(), &["allocate", "--set", "budget=lots"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("'lots' is not an amount of dollars"));
}

#[test]
fn explain_compare_audit_chart_report_work_on_the_bundled_district() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = seni(d, &["explain", "1900205"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Need index") && stdout(&o).contains("Money:"), "{}", stdout(&o));
    let o = seni(d, &["explain", "1900205", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["school"]["id"], "1900205");
    let o = seni(d, &["explain", "19OO205"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean 1900205?"), "{}", stderr(&o));

    let scen = root().join("examples/budget-900m.toml");
    let o = seni(d, &["compare", "base", &scen.to_string_lossy(), "--charts", "charts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("schools gain")
            && stdout(&o).contains("Schools by tier (rows: A, columns: B)")
    );
    assert!(
        d.join("out/compare.csv").exists()
            && d.join("charts/before-after.svg").exists()
            && d.join("charts/before-after.png").exists()
    );
    // Both runs' money by tier survive in JSON (two keys) and Excel (two sheets): they were one
    // name, so JSON kept only B's and Excel refused the workbook.
    let o =
        seni(d, &["compare", "base", &scen.to_string_lossy(), "--format", "json", "--out", "-"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = |key: &str| v[key].as_array().unwrap().last().unwrap()["total"].as_f64().unwrap();
    assert_eq!(total("by_tier_a"), 756_247_068.0);
    assert_eq!(total("by_tier_b"), 923_830_915.0);
    let o = seni(d, &["compare", "base", &scen.to_string_lossy(), "--out", "cmp.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));

    std::fs::write(d.join("closures.txt"), "school_id\n1900001\n1900002\n1900003\n").unwrap();
    let o = seni(
        d,
        &["audit", "--affected", "closures.txt", "--format", "json", "--out", "audit.json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("audit.json")).unwrap()).unwrap();
    assert_eq!(v["affected"][0]["group"], "all students");
    assert!(v["summary"]["concentration_index"].as_f64().unwrap() > 0.0);

    for kind in [
        "allocation-by-tier",
        "index-distribution",
        "before-after",
        "contributions",
        "per-pupil-by-quintile",
    ] {
        let o = seni(d, &["chart", kind, "--out", &format!("{kind}.svg")]);
        assert!(o.status.success(), "{kind}: {}", stderr(&o));
        assert!(
            std::fs::read_to_string(d.join(format!("{kind}.svg"))).unwrap().starts_with("<svg")
        );
    }

    let o = seni(d, &["report", "--out", "report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(d.join("report/index.html")).unwrap();
    for s in [
        "<h2>Where the money goes</h2>",
        "<h2>Is it progressive?</h2>",
        "Highest need gets 3.7× the dollars per pupil of Lowest need",
        "The highest-need 20% of pupils get 31% of the money",
        "more need than",
        "<svg",
    ] {
        assert!(html.contains(s), "report lacks {s}");
    }
    assert!(!html.contains("src=\"http"), "the report is self-contained");
}

#[test]
fn commands_work_on_the_real_lausd_table() {
    let data = crate::harness::data("lausd/schools.csv");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = data.to_string_lossy().to_string();
    let base = ["--formula", "seni-lausd-open", "--data", data.as_str()];
    let with = |cmd: &[&str]| -> Vec<String> {
        cmd.iter().chain(base.iter()).map(|s| s.to_string()).collect()
    };
    let o = seni(d, &with(&["allocate"]).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(d.join("out/allocation.csv")).unwrap();
    assert_eq!(csv.lines().count(), 732);
    let first_id = csv.lines().nth(1).unwrap().split(',').next().unwrap().to_string();
    let o = seni(d, &with(&["explain", &first_id]).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let scen = root().join("examples/budget-900m.toml").to_string_lossy().to_string();
    let o =
        seni(d, &with(&["compare", "base", &scen]).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = seni(d, &with(&["audit"]).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Students experiencing homelessness ")
            && stdout(&o).contains("English learners "),
        "the formula's [audit] groups, by their labels: {}",
        stdout(&o)
    );
    let o =
        seni(d, &with(&["report", "--out", "r"]).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `seni init` on every school or area table under ../shared/data: the starter formula it
/// writes validates and computes as written, with every guess marked (an unnamed row-index
/// column, as pandas and R write, is left out); a data dictionary is refused with the reason.
#[test]
fn init_writes_a_formula_that_computes_for_every_shared_table() {
    let Some(dir) = crate::harness::shared("") else { return };
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && p.file_name().is_some_and(|n| n != "raw") {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "csv") && !p.ends_with("MANIFEST.csv") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    let out = tempfile::tempdir().unwrap();
    for (k, data) in files.iter().enumerate() {
        let toml = out.path().join(format!("f{k}.toml"));
        let (t, d) = (toml.display().to_string(), data.display().to_string());
        let o = seni(out.path(), &["init", "--data", &d, "--out", &t]);
        if d.contains("dictionary") {
            // A data dictionary describes columns (one row per column, in words): no indicator.
            assert!(stderr(&o).contains("no column can be an indicator"), "{d}: {}", stderr(&o));
            continue;
        }
        assert!(o.status.success(), "init {d}: {}", stderr(&o));
        let text = std::fs::read_to_string(&toml).unwrap();
        assert!(text.contains("# guess:"), "{d}");
        let o = seni(out.path(), &["validate", "-f", &t, "-d", &d]);
        assert!(o.status.success(), "validate {d}: {}", stderr(&o));
        assert!(stdout(&o).contains("data: OK"), "{d}");
        let o = seni(out.path(), &["compute", "-f", &t, "-d", &d, "--out", "-"]);
        assert!(o.status.success(), "compute {d}: {}", stderr(&o));
        let ranked = stdout(&o).lines().skip(1).filter(|l| l.contains("need")).count();
        assert!(ranked > 0, "{d}: no school has a tier");
    }
}

/// Writes `csv` as `<stem>.csv` in `dir`, runs `seni init` on it and returns the formula it
/// wrote (`<stem>.toml`).
fn init_formula(dir: &std::path::Path, stem: &str, csv: &str) -> String {
    std::fs::write(dir.join(format!("{stem}.csv")), csv).unwrap();
    let o = seni(dir, &["init", "--data", &format!("{stem}.csv")]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(dir.join(format!("{stem}.toml"))).unwrap()
}

/// What `seni init` guesses on a small table built to test each rule.
#[test]
fn init_guesses_roles_units_and_directions() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(
        "school_code,school_name,district,enrollment,latitude,longitude,pct_frl,n_homeless,math_pct_proficient,n_black,chronic_absence_rate,teacher_fte_note\n",
    );
    for i in 0..40 {
        let district = ["North", "South", "East"][i % 3];
        let frl = if i == 7 { "*".to_string() } else { format!("{}", 20 + i) };
        csv.push_str(&format!(
            "S{i:03},School {i},{district},{},{},{},{frl},{},{},{},{},x{i}\n",
            200 + 10 * i,
            38.0 + i as f64 / 100.0,
            -85.0 - i as f64 / 100.0,
            i % 7,
            30 + (i * 7) % 50,
            i * 3,
            5.5 + (i % 9) as f64
        ));
    }
    let f = init_formula(dir.path(), "d", &csv);
    let has = |s: &str| assert!(f.contains(s), "missing {s:?} in\n{f}");
    has("id = \"school_code\"");
    has("name = \"school_name\"");
    has("group = \"district\"");
    has("enrolment = \"enrollment\"");
    has("latitude = \"latitude\"");
    has("longitude = \"longitude\"");
    has("missing_values = [\"*\"]");
    // A percentage, a count per 100 enrolled, an achievement (lower = need), a rate.
    has("column = \"pct_frl\"\nunit = \"% of students\"\ndomain = \"students\"");
    has("numerator = \"n_homeless\"\ndenominator = \"enrollment\"\nmultiplier = 100");
    has(
        "column = \"math_pct_proficient\"\nunit = \"% of students\"\ndomain = \"academic\"\ndirection = \"lower\"",
    );
    has("column = \"chronic_absence_rate\"\nunit = \"% of students\"\ndomain = \"academic\"\n");
    // A race/ethnicity count is a student group, not a need; text is not an indicator.
    has("# n_black: race/ethnicity: a student group");
    has("# teacher_fte_note: text");
    assert!(!f.contains("[indicators.n_black]"));
    // It computes, and a second init does not overwrite without --force.
    let o = seni(dir.path(), &["compute", "-f", "d.toml", "-d", "d.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = seni(dir.path(), &["init", "--data", "d.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("d.toml exists") && stderr(&o).contains("--force"));
}

/// What `seni init` guesses on a table of districts (like the national one): the district name,
/// children as the enrolment, the state (not the four regions) as the group, revenue per child
/// and the assessment score as lower = more need, and each ACS share's margin of error.
#[test]
fn init_guesses_a_district_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(
        "leaid,state,region,dist,children,pct_pov,pct_SP,SP_MOE,state_per_child,local_per_child,total_score,pct_black\n",
    );
    let states = [
        "Alabama",
        "Alaska",
        "Arizona",
        "Arkansas",
        "California",
        "Colorado",
        "Delaware",
        "Florida",
    ];
    for i in 0..60 {
        csv.push_str(&format!(
            "{:07},{},{},District {i},{},{},{},{},{},{},{},{}\n",
            100_000 + i,
            states[i % 8],
            ["South", "West", "Northeast", "Midwest"][i % 4],
            500 + 37 * i,
            10.0 + (i % 13) as f64,
            20.0 + (i % 7) as f64,
            3 + i % 5,
            8000 + 97 * i,
            6000 + 131 * (i % 11),
            100.0 + (i % 17) as f64,
            (i % 9) as f64 * 2.5
        ));
    }
    let f = init_formula(dir.path(), "districts", &csv);
    let has = |s: &str| assert!(f.contains(s), "missing {s:?} in\n{f}");
    has("id = \"leaid\"");
    has("name = \"dist\"");
    has("group = \"state\"");
    has("enrolment = \"children\"");
    has("column = \"pct_SP\"\nmoe = \"SP_MOE\"");
    has("column = \"state_per_child\"\ndomain = \"other\"\ndirection = \"lower\"");
    has("column = \"total_score\"\ndomain = \"academic\"\ndirection = \"lower\"");
    assert!(!f.contains("[indicators.children]"), "children are the enrolment, not a need");
    has("# pct_black: race/ethnicity: a student group");
    let o = seni(dir.path(), &["compute", "-f", "districts.toml", "-d", "districts.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Ids with leading zeros are padded (issue 29, case 2): a file that drops the zeros joins
    // every district.
    has("id_width = 7 ");
    let other: String = std::iter::once("leaid,grad\n".to_string())
        .chain((0..60).map(|i| format!("{},{}\n", 100_000 + i, 80 + i % 9)))
        .collect();
    std::fs::write(dir.path().join("grad.csv"), other).unwrap();
    let args = ["compute", "-f", "districts.toml", "-d", "districts.csv", "-d", "grad.csv"];
    let o = seni(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("grad.csv joined by id: 60 of 60 matched"), "{}", stdout(&o));
}

/// `seni init` on the hostile shapes of a file: decimal commas in a `;` file are read (50,5 is
/// 50.5, by init and compute alike), a `|` file is split, an id-like column with a duplicate is
/// named, a panel gets `period`, and a pipe or process substitution is read once.
#[test]
fn init_reads_separators_panels_duplicates_and_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    let init = |data: &str| seni(dir.path(), &["init", "-d", data, "--out", "f.toml", "--force"]);
    let raw_of = |data: &str, column: &str| {
        let o = seni(
            dir.path(),
            &["compute", "-f", "f.toml", "-d", data, "--set", "output.raw=true", "--out", "-"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let k = header.iter().position(|h| *h == column).unwrap();
        text.lines().skip(1).map(|l| l.split(',').nth(k).unwrap().to_string()).collect::<Vec<_>>()
    };
    write(
        "semi.csv",
        "school_id;name;pct_poverty;pct_el\n1;A;50,5;10,1\n2;B;1.260,25;20\n3;C;70;30\n",
    );
    let o = init("semi.csv");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("a comma in a number is its decimal mark"), "{}", stdout(&o));
    assert_eq!(raw_of("semi.csv", "pct_poverty_raw"), ["50.5", "1260.25", "70"]);
    write("pipe.csv", "school_id|pct_poverty|pct_el\n1|50|10\n2|60|20\n3|70|5\n");
    assert!(init("pipe.csv").status.success());
    assert_eq!(raw_of("pipe.csv", "pct_el_raw"), ["10", "20", "5"]);
    write("dup.csv", "school_id,name,pct_poverty\n1,A,50\n2,B,60\n2,C,70\n");
    let o = init("dup.csv");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "warning: column 'school_id' repeats '2' (rows 2 and 3), so 'name' is the id instead"
        ),
        "{}",
        stdout(&o)
    );
    write(
        "panel.csv",
        "sch_id,year,pct_poverty,pct_el\n1,2022,50,10\n2,2022,60,20\n1,2023,55,11\n2,2023,65,21\n",
    );
    assert!(init("panel.csv").status.success());
    let f = std::fs::read_to_string(dir.path().join("f.toml")).unwrap();
    assert!(f.contains("id = \"sch_id\"") && f.contains("period = \"year\""), "{f}");
    assert_eq!(raw_of("panel.csv", "pct_poverty_raw"), ["55", "65"]);
    // A pipe: process substitution and a named pipe are read once.
    let bin = env!("CARGO_BIN_EXE_seni");
    let o = Command::new("bash")
        .args(["-c", &format!("{bin} init -d <(cat panel.csv) --out f.toml --force")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("is not a file (a pipe?)"), "{}", stdout(&o));
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let feeder = std::thread::spawn({
        let (fifo, data) = (fifo.clone(), dir.path().join("panel.csv"));
        move || std::fs::write(&fifo, std::fs::read(data).unwrap()).unwrap()
    });
    assert!(init("fifo").status.success());
    feeder.join().unwrap();
}

/// A file written by pandas' `to_csv()` or R's `write.csv()` starts with an unnamed row index:
/// `init` leaves it out (saying so) and picks the real id; the formula computes.
#[test]
fn init_leaves_out_an_unnamed_row_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("\"\",school_id,frpm_pct,el_pct\n");
    for k in 1..=12 {
        csv.push_str(&format!("\"{k}\",S{k:03},{},{}\n", 20 + 5 * k, 3 * k % 17));
    }
    let f = init_formula(dir.path(), "d", &csv);
    assert!(f.contains("id = \"school_id\""), "{f}");
    assert!(f.contains("# column 1 (no name): no name in the header: a row index"), "{f}");
    let o = seni(dir.path(), &["compute", "-f", "d.toml", "-d", "d.csv", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().filter(|l| l.starts_with('S')).count(), 12);
}

/// A closed pipe (`seni formulas | head -1`) ends the program quietly with its own exit code,
/// never a panic (issue 29, case 11): the reader is gone before seni writes a byte.
#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["formulas"][..], &["validate"], &["compute", "--out", "-"], &["allocate"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_seni"))
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

/// CSV holds one table, so each further table of an analysis is a file beside the first
/// (issue 29, case 22), with the same rows as the JSON output; an extension in capitals names
/// the format (case 17).
#[test]
fn every_table_of_an_analysis_reaches_csv() {
    let dir = tempfile::tempdir().unwrap();
    let o = seni(dir.path(), &["audit", "--out", "a.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = seni(dir.path(), &["audit", "--out", "A.JSON"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("A.JSON")).unwrap()).unwrap();
    let tables: Vec<&String> =
        json.as_object().unwrap().keys().filter(|k| *k != "metadata" && *k != "summary").collect();
    assert!(tables.len() >= 3, "{tables:?}");
    for (k, name) in tables.iter().enumerate() {
        let file = if k == 0 { "a.csv".to_string() } else { format!("a_{name}.csv") };
        let text = std::fs::read_to_string(dir.path().join(&file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let rows = json[name.as_str()].as_array().unwrap().len();
        assert_eq!(text.lines().count(), rows + 1, "{file}");
    }
    // To standard output, the first table and a note naming the others.
    let o = seni(dir.path(), &["audit", "--out", "-"]);
    assert!(stderr(&o).contains("note: standard output holds the table"), "{}", stderr(&o));
}
