//! Snapshot tests (insta): every command's terminal output and files, byte for byte, on the
//! bundled district and the real LAUSD table, plus the error text of bad inputs. They pin
//! behaviour so that code can move without changing a single output byte.
//!
//! Paths that differ between machines are redacted: the repository root becomes `[ROOT]`, the
//! shared data folder `[SHARED]` and the temporary working directory `[TMP]`.

use crate::cli::seni;
use crate::harness::root;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One run of the binary in a fresh working directory.
struct Run {
    dir: tempfile::TempDir,
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn new(args: &[&str]) -> Run {
        let dir = tempfile::tempdir().unwrap();
        let o = seni(dir.path(), args);
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            dir,
        }
    }

    fn ok(args: &[&str]) -> Run {
        let r = Run::new(args);
        assert_eq!(r.code, 0, "seni {args:?} failed:\n{}", r.stderr);
        r
    }

    fn file(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Exit code, standard output and standard error, redacted.
    fn terminal(&self) -> String {
        let mut s = format!("exit code: {}\n--- stdout\n{}", self.code, self.stdout);
        if !self.stderr.is_empty() {
            s.push_str(&format!("--- stderr\n{}", self.stderr));
        }
        redact(&s, Some(self.dir.path()))
    }
}

fn redact(text: &str, tmp: Option<&Path>) -> String {
    let mut s = text.to_string();
    if let Some(t) = tmp {
        s = s.replace(&t.display().to_string(), "[TMP]");
    }
    let shared = root().join("../shared/data");
    if let Ok(canon) = shared.canonicalize() {
        s = s.replace(&canon.display().to_string(), "[SHARED]");
    }
    s = s.replace(&shared.display().to_string(), "[SHARED]");
    s.replace(&root().display().to_string(), "[ROOT]")
}

/// A big output as its first lines and the hash of the whole (its length in lines and bytes):
/// any change fails the snapshot, and the file stays small enough to read in a review.
fn head_and_hash(text: &str) -> String {
    const HEAD: usize = 40;
    let lines = text.lines().count();
    let head: Vec<&str> = text.lines().take(HEAD).collect();
    format!(
        "{}\n… {} more lines; the whole output: {lines} lines, {} bytes, sha256 {}\n",
        head.join("\n"),
        lines.saturating_sub(HEAD),
        text.len(),
        sha(text.as_bytes())
    )
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The text parts of an Excel workbook (sheet XML and shared strings), so a snapshot shows the
/// cell values and formats rather than zip bytes.
fn xlsx_parts(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        let keep = name.starts_with("xl/worksheets/")
            || name == "xl/sharedStrings.xml"
            || name == "xl/workbook.xml";
        if !keep {
            continue;
        }
        let mut text = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut text).unwrap();
        out.push_str(&format!("=== {name}\n{}\n", text.replace("><", ">\n<")));
    }
    out
}

/// SVG elements, style and script blocks (the engine, the data, the page's script) replaced by
/// their length and hash: the charts are pinned by their own snapshots, the rest by these.
fn without_svg(html: &str) -> String {
    let html = replaced(html, "<svg", "</svg>", "svg");
    let html = replaced(&html, "<style>", "</style>", "style");
    replaced(&html, "<script", "</script>", "script")
}

fn replaced(html: &str, open: &str, close: &str, what: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let end = rest[start..].find(close).map(|e| start + e + close.len()).unwrap_or(rest.len());
        let block = &rest[start..end];
        let head = &block[..block.find('>').map_or(0, |i| i + 1)];
        if head.contains("id=\"seni-engine\"") {
            // The engine's bytes are pinned by `web/build.sh --check`, not here.
            out.push_str(&format!("[{head} the engine, assets/seni.wasm]"));
        } else {
            let head = if what == "svg" { String::new() } else { format!("{head} ") };
            let hash = &sha(block.as_bytes())[..16];
            out.push_str(&format!("[{head}{what} {} bytes, sha256 {hash}]", block.len()));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn lausd() -> PathBuf {
    crate::harness::data("lausd/schools.csv")
}

fn ex(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

// ---------------------------------------------------------------- bundled district

#[test]
fn compute_bundled() {
    let r = Run::ok(&["compute"]);
    insta::assert_snapshot!("compute_bundled_terminal", r.terminal());
    insta::assert_snapshot!("compute_bundled_csv", head_and_hash(&r.file("out/index.csv")));
}

#[test]
fn compute_bundled_json_and_markdown() {
    let r = Run::ok(&["compute", "--format", "json", "--out", "-"]);
    insta::assert_snapshot!("compute_bundled_json", head_and_hash(&r.stdout));
    let r = Run::ok(&["compute", "--format", "md", "--out", "-", "--header-comment"]);
    insta::assert_snapshot!("compute_bundled_md", head_and_hash(&r.stdout));
    let r = Run::ok(&["compute", "--out", "-", "--header-comment"]);
    insta::assert_snapshot!(
        "compute_bundled_csv_comment_head",
        r.stdout.lines().take(12).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn allocate_bundled() {
    let r = Run::ok(&["allocate"]);
    insta::assert_snapshot!("allocate_bundled_terminal", r.terminal());
    insta::assert_snapshot!("allocate_bundled_csv", r.file("out/allocation.csv"));
}

#[test]
fn allocate_bundled_json_and_markdown() {
    let r = Run::ok(&["allocate", "--format", "json", "--out", "-"]);
    insta::assert_snapshot!("allocate_bundled_json", head_and_hash(&r.stdout));
    insta::assert_snapshot!(
        "allocate_bundled_json_stderr",
        r.terminal().split("--- stderr").nth(1).unwrap_or("").to_string()
    );
    let r = Run::ok(&["allocate", "--format", "md", "--out", "-"]);
    insta::assert_snapshot!("allocate_bundled_md", head_and_hash(&r.stdout));
}

#[test]
fn allocate_bundled_xlsx() {
    let r = Run::ok(&["allocate", "--out", "a.xlsx"]);
    insta::assert_snapshot!(
        "allocate_bundled_xlsx",
        head_and_hash(&xlsx_parts(&r.bytes("a.xlsx")))
    );
}

#[test]
fn allocate_scenarios() {
    let r = Run::ok(&[
        "allocate",
        "--budget",
        "900M",
        "--set",
        "indicators.chronic_absence.weight=2",
        "--out",
        "-",
    ]);
    insta::assert_snapshot!(
        "allocate_900m_double_absence",
        redact(&format!("{}\n--- stderr\n{}", r.stdout, r.stderr), None)
    );
    let r = Run::ok(&["allocate", "-s", &ex("redirect-police.toml"), "--out", "x.csv"]);
    insta::assert_snapshot!(
        "allocate_redirect_police_terminal",
        redact(&r.stdout, Some(r.dir.path()))
    );
    for (name, file) in
        [("allocate_lcff", "lcff-districts.csv"), ("allocate_nyc_fsf", "nyc-fsf-schools.csv")]
    {
        let formula = if name == "allocate_lcff" { "lcff-2024-25" } else { "nyc-fsf" };
        let r = Run::ok(&["allocate", "-f", formula, "-d", &ex(file), "--out", "-"]);
        insta::assert_snapshot!(
            name,
            redact(&format!("{}\n--- stderr\n{}", r.stdout, r.stderr), None)
        );
    }
}

#[test]
fn allocate_every_example_scenario() {
    let mut all = String::new();
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    for n in names {
        // An example made for another formula names its command in a `#   seni allocate` line.
        let text = std::fs::read_to_string(root().join("examples").join(&n)).unwrap();
        let command = text
            .lines()
            .find_map(|l| l.trim_start_matches('#').trim().strip_prefix("seni allocate "));
        let mut args: Vec<String> = match command {
            Some(c) => c
                .split_whitespace()
                .map(|a| {
                    if a.ends_with(".toml") {
                        root().join(a).display().to_string()
                    } else {
                        a.to_string()
                    }
                })
                .collect(),
            None => vec!["-s".into(), ex(&n)],
        };
        args.insert(0, "allocate".into());
        args.extend(["--out", "-", "--format", "md"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = Run::new(&args);
        let hash = sha(r.stdout.as_bytes());
        all.push_str(&format!(
            "=== {n}: exit {} table sha256 {}\n{}",
            r.code,
            &hash[..16],
            redact(&r.stderr, Some(r.dir.path()))
        ));
    }
    insta::assert_snapshot!("allocate_examples", all);
}

#[test]
fn explain_bundled() {
    let r = Run::ok(&["explain", "1900205"]);
    insta::assert_snapshot!("explain_bundled_text", r.stdout);
    let r = Run::ok(&["explain", "1900205", "--format", "json"]);
    insta::assert_snapshot!("explain_bundled_json", r.stdout);
    let r = Run::ok(&["explain", "1900001", "--format", "md"]);
    insta::assert_snapshot!("explain_bundled_md", r.stdout);
}

#[test]
fn compare_bundled() {
    let r = Run::ok(&["compare", "base", &ex("budget-900m.toml")]);
    insta::assert_snapshot!("compare_900m_terminal", redact(&r.terminal(), None));
    insta::assert_snapshot!("compare_900m_csv", r.file("out/compare.csv"));
    let r = Run::ok(&[
        "compare",
        "base",
        &ex("redirect-police.toml"),
        "--format",
        "json",
        "--out",
        "-",
    ]);
    insta::assert_snapshot!("compare_redirect_json", head_and_hash(&redact(&r.stdout, None)));
    let r =
        Run::ok(&["compare", "base", &ex("double-absence.toml"), "--format", "md", "--out", "-"]);
    insta::assert_snapshot!("compare_double_absence_md", head_and_hash(&redact(&r.stdout, None)));
}

#[test]
fn audit_bundled() {
    let r = Run::ok(&["audit"]);
    insta::assert_snapshot!("audit_bundled_terminal", r.terminal());
    insta::assert_snapshot!("audit_bundled_csv", r.file("out/audit.csv"));
    let ids = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(ids.path(), "school_id\n1900001\n1900002\n1900205\n").unwrap();
    let r = Run::ok(&[
        "audit",
        "--affected",
        &ids.path().display().to_string(),
        "--format",
        "json",
        "--out",
        "-",
    ]);
    insta::assert_snapshot!("audit_bundled_affected_json", r.stdout);
}

/// `seni equity`: the allocation's battery by school level, with poverty and a student group;
/// the allocation against a redirect of $25M; and the errors of bad options.
#[test]
fn equity_bundled() {
    let group = "Black and Latino=black_count+latino_count";
    let r = Run::ok(&["equity", "--poverty", "pct_low_income", "--group", group]);
    insta::assert_snapshot!("equity_bundled_terminal", r.terminal());
    insta::assert_snapshot!("equity_bundled_csv", r.file("out/equity.csv"));
    let redirect = ex("redirect-police.toml");
    let r =
        Run::ok(&["equity", "base", &redirect, "--poverty", "pct_low_income", "--format", "md"]);
    insta::assert_snapshot!("equity_redirect_terminal", r.terminal());
    insta::assert_snapshot!("equity_redirect_md", r.file("out/equity.md"));
    let bad: [&[&str]; 6] = [
        &["equity", "--poverty", "pct_low_incme"],
        &["equity", "--poverty", "pct_low_income", "--estimates"],
        &["equity", "--money", "program:counseling"],
        &["equity", "--group", "Black"],
        &["equity", "--poverty", "pct_low_income+black_count"],
        &["equity", "--draws", "10"],
    ];
    let mut all = String::new();
    for args in bad {
        let r = Run::new(args);
        assert_ne!(r.code, 0, "{args:?} should fail");
        all.push_str(&format!("=== seni {}\n{}\n", args.join(" "), r.terminal()));
    }
    insta::assert_snapshot!("equity_errors", all);
}

/// The discipline and police-contact audit of JCPS on the bundled KDE data.
#[test]
fn audit_jcps_discipline() {
    let jcps = root().join("formulas/scenarios/jcps.toml").display().to_string();
    let r = Run::ok(&["audit", "-f", "ky-equity-2017", "-s", &jcps, "--format", "json"]);
    insta::assert_snapshot!("audit_jcps_terminal", redact(&r.terminal(), None));
    insta::assert_snapshot!("audit_jcps_json", r.file("out/audit.json"));
}

/// Six years of Kentucky schools: tiers per year, churn, tier matrices (terminal, JSON, charts).
#[test]
fn trend_kentucky_panel() {
    let panel = root().join("data/kentucky/ky_schools_panel_2012_2017.csv").display().to_string();
    let r = Run::ok(&[
        "trend",
        "-f",
        "ky-equity-2017",
        "-d",
        &panel,
        "--format",
        "json",
        "--charts",
        "charts",
    ]);
    insta::assert_snapshot!("trend_ky_terminal", redact(&r.terminal(), None));
    let json = r.file("out/trend.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The per-school, per-year table is long (8,595 rows): its first and last rows, the rest whole.
    let rows = v["trend"].as_array().unwrap();
    let mut pinned = v.clone();
    pinned["trend"] = serde_json::json!([rows[0], rows[rows.len() - 1]]);
    let pinned = redact(&serde_json::to_string_pretty(&pinned).unwrap(), None);
    insta::assert_snapshot!("trend_ky_json", pinned);
    insta::assert_snapshot!("trend_ky_table_sha", sha(redact(&json, None).as_bytes()));
    let charts: Vec<String> = ["tier-flow.svg", "rank-history.svg"]
        .iter()
        .map(|f| format!("{f} {}", sha(&r.bytes(&format!("charts/{f}")))))
        .collect();
    insta::assert_snapshot!("trend_ky_charts", charts.join("\n"));
}

/// A starter formula for a real table: every guess and every column left out.
#[test]
fn init_lausd() {
    let data = root().join("data/lausd/schools.csv").display().to_string();
    let r = Run::ok(&["init", "--data", &data, "--out", "lausd.toml"]);
    insta::assert_snapshot!("init_lausd_terminal", redact(&r.terminal(), None));
    insta::assert_snapshot!("init_lausd_toml", redact(&r.file("lausd.toml"), None));
}

#[test]
fn sensitivity_bundled() {
    let r = Run::ok(&["sensitivity", "--draws", "60", "--seed", "3", "--sobol", "8"]);
    insta::assert_snapshot!("sensitivity_bundled_terminal", r.terminal());
    insta::assert_snapshot!("sensitivity_bundled_csv", r.file("out/sensitivity.csv"));
    let r = Run::ok(&[
        "sensitivity",
        "--draws",
        "20",
        "--seed",
        "3",
        "--sobol",
        "4",
        "--format",
        "json",
        "--out",
        "-",
        "--samples",
        "s.csv",
    ]);
    insta::assert_snapshot!("sensitivity_bundled_json", head_and_hash(&r.stdout));
    insta::assert_snapshot!(
        "sensitivity_bundled_samples_head",
        r.file("s.csv").lines().take(40).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn charts_bundled() {
    let r = Run::ok(&["allocate", "--charts", "c", "--out", "a.csv"]);
    let mut s = String::new();
    for name in ["allocation-by-tier", "index-distribution"] {
        s.push_str(&format!("{name}.svg sha256 {}\n", sha(&r.bytes(&format!("c/{name}.svg")))));
        s.push_str(&format!("{name}.png sha256 {}\n", sha(&r.bytes(&format!("c/{name}.png")))));
    }
    let r =
        Run::ok(&["compare", "base", &ex("budget-900m.toml"), "--charts", "c", "--out", "x.csv"]);
    for name in ["before-after", "allocation-by-tier"] {
        s.push_str(&format!(
            "compare {name}.svg sha256 {}\n",
            sha(&r.bytes(&format!("c/{name}.svg")))
        ));
    }
    let r = Run::ok(&["audit", "--charts", "c", "--out", "x.csv"]);
    s.push_str(&format!(
        "audit per-pupil-by-quintile.svg sha256 {}\n",
        sha(&r.bytes("c/per-pupil-by-quintile.svg"))
    ));
    let r = Run::ok(&["explain", "1900205", "--charts", "c"]);
    s.push_str(&format!(
        "explain contributions.svg sha256 {}\n",
        sha(&r.bytes("c/contributions.svg"))
    ));
    let r = Run::ok(&["sensitivity", "--draws", "20", "--charts", "c", "--out", "x.csv"]);
    for name in ["rank-bands", "tier-probability"] {
        s.push_str(&format!(
            "sensitivity {name}.svg sha256 {}\n",
            sha(&r.bytes(&format!("c/{name}.svg")))
        ));
    }
    insta::assert_snapshot!("charts_bundled_hashes", s);
    let r = Run::ok(&["chart", "index-distribution", "--out", "d.svg"]);
    insta::assert_snapshot!("chart_index_distribution_svg", r.file("d.svg"));
    let r = Run::ok(&["chart", "contributions", "--school", "1900205", "--out", "c.svg"]);
    insta::assert_snapshot!("chart_contributions_svg", r.file("c.svg"));
}

#[test]
fn report_bundled() {
    let r = Run::ok(&["report", "--out", "rep"]);
    insta::assert_snapshot!("report_bundled_terminal", r.terminal());
    insta::assert_snapshot!(
        "report_bundled_html",
        head_and_hash(&without_svg(&r.file("rep/index.html")))
    );
}

#[test]
fn small_commands() {
    let r = Run::ok(&["formulas"]);
    insta::assert_snapshot!("formulas", r.stdout);
    let r = Run::ok(&["validate"]);
    insta::assert_snapshot!("validate_bundled", r.stdout);
    let r =
        Run::ok(&["sample", "--schools", "6", "--seed", "11", "--states", "2", "--districts", "3"]);
    insta::assert_snapshot!("sample_6", r.stdout);
    let mut help = String::new();
    for cmd in [
        "",
        "compute",
        "allocate",
        "explain",
        "compare",
        "audit",
        "chart",
        "report",
        "sensitivity",
        "trend",
        "init",
        "validate",
        "sample",
    ] {
        let args: Vec<&str> = if cmd.is_empty() { vec!["--help"] } else { vec![cmd, "--help"] };
        let r = Run::ok(&args);
        help.push_str(&format!("=== seni {}\n{}", args.join(" "), r.stdout));
    }
    insta::assert_snapshot!("help", help);
}

// ---------------------------------------------------------------- real LAUSD table

#[test]
fn lausd_commands() {
    let data = lausd();
    let d = data.display().to_string();
    let base = ["-f", "seni-lausd-open", "-d", d.as_str()];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter().chain(base.iter()).map(|s| s.to_string()).collect()
    };
    let run = |args: &[&str]| {
        let a = with(args);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        Run::ok(&refs)
    };
    let r = run(&["compute"]);
    insta::assert_snapshot!("lausd_compute_terminal", r.terminal());
    insta::assert_snapshot!("lausd_compute_csv", head_and_hash(&r.file("out/index.csv")));
    let r = run(&["allocate"]);
    insta::assert_snapshot!("lausd_allocate_terminal", r.terminal());
    insta::assert_snapshot!("lausd_allocate_csv", r.file("out/allocation.csv"));
    let r = run(&["allocate", "--format", "json", "--out", "-"]);
    insta::assert_snapshot!("lausd_allocate_json", head_and_hash(&redact(&r.stdout, None)));
    let r = run(&["audit"]);
    insta::assert_snapshot!("lausd_audit_terminal", r.terminal());
    let r = run(&["compare", "base", &ex("budget-900m.toml")]);
    insta::assert_snapshot!("lausd_compare_terminal", r.terminal());
    let r = run(&["validate"]);
    insta::assert_snapshot!("lausd_validate", redact(&r.stdout, None));
    let r = run(&["report", "--out", "rep"]);
    // Paths redacted first: the embedded scripts are pinned by their hash.
    let page = without_svg(&redact(&r.file("rep/index.html"), None));
    insta::assert_snapshot!("lausd_report_html", head_and_hash(&page));
}

#[test]
fn lausd_explain() {
    let data = lausd();
    let d = data.display().to_string();
    let csv = Run::ok(&["compute", "-f", "seni-lausd-open", "-d", &d, "--out", "-"]).stdout;
    // The highest-need school: rank 1.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let rank = header.iter().position(|c| *c == "rank").unwrap();
    let id = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.get(rank) == Some(&"1"))
        .map(|f| f[0].to_string())
        .unwrap();
    let r = Run::ok(&["explain", &id, "-f", "seni-lausd-open", "-d", &d]);
    insta::assert_snapshot!("lausd_explain_top", r.stdout);
    let r = Run::ok(&["explain", &id, "-f", "seni-lausd-open", "-d", &d, "--format", "json"]);
    insta::assert_snapshot!("lausd_explain_top_json", redact(&r.stdout, None));
}

// ---------------------------------------------------------------- errors

#[test]
fn error_texts() {
    let fx = root().join("tests/fixtures/bad").display().to_string();
    let f = |name: &str| format!("{fx}/{name}");
    let cases: Vec<Vec<String>> = vec![
        vec!["compute".into(), "-d".into(), f("missing_column.csv")],
        vec!["compute".into(), "-d".into(), f("renamed_column.csv")],
        vec!["compute".into(), "-d".into(), f("non_numeric.csv")],
        vec!["compute".into(), "-d".into(), f("suppressed_lt10.csv")],
        vec!["compute".into(), "-d".into(), f("percent_sign.csv")],
        vec!["compute".into(), "-d".into(), f("duplicate_ids.csv")],
        vec!["compute".into(), "-d".into(), f("totals_row.csv")],
        vec!["compute".into(), "-d".into(), f("short_row.csv")],
        vec!["compute".into(), "-d".into(), f("duplicate_header.csv")],
        vec!["compute".into(), "-d".into(), f("empty.csv")],
        vec!["compute".into(), "-d".into(), f("unrelated_columns.csv")],
        vec!["compute".into(), "-f".into(), f("typo_key.toml")],
        vec!["compute".into(), "-f".into(), f("weight_text.toml")],
        vec!["compute".into(), "-f".into(), f("tiers_out_of_order.toml")],
        vec!["compute".into(), "-f".into(), f("bad_toml.toml")],
        vec!["compute".into(), "-f".into(), f("domain_cycle.toml")],
        vec!["compute".into(), "-f".into(), f("unknown_normaliser.toml")],
        vec!["compute".into(), "-f".into(), "sen".into()],
        vec!["compute".into(), "-s".into(), f("scenario_unknown_key.toml")],
        vec!["compute".into(), "--set".into(), "indicators.homless.weight=2".into()],
        vec!["compute".into(), "--set".into(), "budget".into()],
        vec!["allocate".into(), "-s".into(), f("scenario_floors.toml")],
        vec!["allocate".into(), "-s".into(), f("scenario_no_eligible.toml")],
        vec!["allocate".into(), "--budget".into(), "-5".into()],
        vec!["allocate".into(), "--set".into(), "budget=-5".into()],
        vec!["allocate".into(), "--budget".into(), "1e20".into()],
        vec!["allocate".into(), "--budget".into(), "9e15".into()],
        vec![
            "compute".into(),
            "--set".into(),
            "domains.students.multiplier=1e308".into(),
            "--set".into(),
            "index.multiplier=1e308".into(),
        ],
        vec!["allocate".into(), "-f".into(), "cdc-svi-2018".into()],
        vec!["compute".into(), "--format".into(), "xlsx".into(), "--out".into(), "-".into()],
        vec!["compute".into(), "--out".into(), "no/such/dir/out.csv".into()],
        vec!["explain".into(), "1900x05".into()],
        vec!["compare".into(), "base".into(), "nonsense".into()],
        vec!["sensitivity".into(), "--draws".into(), "1".into()],
        vec!["frobnicate".into()],
    ];
    let mut all = String::new();
    for args in cases {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = Run::new(&refs);
        assert_ne!(r.code, 0, "{args:?} should fail");
        all.push_str(&format!("=== seni {}\n{}\n", redact(&args.join(" "), None), r.terminal()));
    }
    insta::assert_snapshot!("error_texts", all);
}
