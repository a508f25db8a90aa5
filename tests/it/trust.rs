//! Faults, fuzzing and hostile input: no panic on any input, no partial output, bounded memory.

use crate::harness::*;
use proptest::prelude::*;
use std::process::Command;

#[test]
fn a_run_killed_midway_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.csv");
    let previous = "previous output\n";
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_seni"))
            .args(["sample", "--schools", "150000", "--seed", "1", "--out"])
            .arg(&target)
            .spawn()
            .unwrap()
    };
    // One full run to time it (and check a finished run writes everything).
    let start = std::time::Instant::now();
    assert!(spawn().wait().unwrap().success());
    let full = start.elapsed();
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), 150_001);
    // Kill at points through the run, the last ones inside the final write.
    for fraction in [0.2, 0.5, 0.8, 0.95, 0.99] {
        std::fs::write(&target, previous).unwrap();
        let mut child = spawn();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let text = std::fs::read_to_string(&target).unwrap();
        // Either the previous output, intact, or the whole new file (the kill can land after the
        // rename, before the process exits) — never a partial file.
        let whole_new = text.lines().count() == 150_001 && text.ends_with('\n');
        assert!(
            text == previous || whole_new,
            "killed at {fraction} (status {status}): partial output of {} bytes",
            text.len()
        );
        if status.success() {
            assert!(whole_new, "finished at {fraction}: the whole new file");
        }
    }
}

#[test]
fn hostile_shapes_are_refused_quickly() {
    let f = seni::Formula::bundled("seni").unwrap();
    let read = |name: &str, text: &str| {
        seni::District::from_csv_bytes(name, text.as_bytes(), &f).unwrap_err()
    };
    let wide = format!("{}\n", (0..20_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(","));
    let e = read("wide.csv", &wide);
    assert!(e.to_string().contains("above the 10000 column limit"), "{e}");
    let long = format!("school_id,school_name\n1,{}\n", "x".repeat(2 << 20));
    let e = read("long.csv", &long);
    assert!(e.to_string().contains("longer than 1048576 bytes"), "{e}");
    let open_quote = "school_id,school_name\n1,\"never closed\n2,b\n";
    let e = read("q.csv", open_quote);
    assert!(e.to_string().contains("a quote is never closed"), "{e}");
}

#[test]
fn formula_and_scenario_files_cannot_name_output_paths_or_commands() {
    let dir = tempfile::tempdir().unwrap();
    for (i, body) in [
        "[output]\npath = \"/tmp/x.csv\"\n",
        "[formula]\ncommand = \"rm -rf /\"\n",
        "[data]\nfile = \"/etc/passwd\"\n",
    ]
    .iter()
    .enumerate()
    {
        let s = dir.path().join(format!("s{i}.toml"));
        std::fs::write(&s, format!("[scenario]\nname = \"x\"\n{body}")).unwrap();
        let e = seni::Formula::load(&seni::FormulaSource::Bundled("seni".into()), &[s], &[])
            .unwrap_err();
        assert!(e.to_string().contains("unknown key"), "{e}");
    }
}

/// Runs the whole pipeline on arbitrary CSV bytes: an error is fine, a panic is not.
fn pipeline(bytes: &[u8]) {
    let f = seni::Formula::bundled("seni").unwrap();
    if let Ok(d) = seni::District::from_csv_bytes("fuzz.csv", bytes, &f)
        && let Ok(c) = seni::compute(&f, d)
    {
        let _ = seni::allocate(&c);
        let _ = crate::harness::schools_table(&c);
    }
}

fn mutate(base: &[u8], edits: &[(usize, u8)]) -> Vec<u8> {
    let mut v = base.to_vec();
    for &(pos, b) in edits {
        if v.is_empty() {
            break;
        }
        let p = pos % v.len();
        match b % 4 {
            0 => v[p] = b,
            1 => {
                v.remove(p);
            }
            2 => v.insert(p, b),
            _ => v.truncate(p),
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, .. ProptestConfig::default() })]

    /// Arbitrary bytes never panic the CSV reader and engine.
    #[test]
    fn fuzz_csv_reader_with_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        pipeline(&bytes);
    }

    /// A real district with random byte edits never panics.
    #[test]
    fn fuzz_csv_reader_with_mutated_district(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let base = std::fs::read(root().join("tests/fixtures/bad/ok.csv")).unwrap();
        pipeline(&mutate(&base, &edits));
    }

    /// Arbitrary text never panics the formula parser.
    #[test]
    fn fuzz_formula_parser_with_arbitrary_text(text in ".{0,300}") {
        let _ = seni::Formula::from_text("fuzz.toml", &text);
    }

    /// The bundled formula with random byte edits never panics the parser or the checker.
    #[test]
    fn fuzz_formula_parser_with_mutated_formula(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
        let base = std::fs::read(root().join("formulas/seni.toml")).unwrap();
        let text = String::from_utf8_lossy(&mutate(&base, &edits)).into_owned();
        if let Ok(f) = seni::Formula::from_text("fuzz.toml", &text) {
            let d = seni::District::load(&[root().join("tests/fixtures/bad/ok.csv")], &f);
            if let Ok(d) = d && let Ok(c) = seni::compute(&f, d) {
                let _ = seni::allocate(&c);
            }
        }
    }

    /// Writing the index table, reading it back and writing it again gives the same bytes.
    #[test]
    fn csv_output_round_trips(rows in prop::collection::vec((1u32..5000, -1000i32..1000, "[A-Za-z =+@,\"-]{0,12}"), 2..20)) {
        let mut csv = String::from("id,name,n,x\n");
        for (i, (n, x, name)) in rows.iter().enumerate() {
            csv.push_str(&format!("{i},\"{}\",{n},{}\n", name.replace('"', "\"\""), f64::from(*x) / 7.0));
        }
        let text = "[formula]\nname = \"rt\"\n[data]\nid = \"id\"\nname = \"name\"\n[indicators.x]\ncolumn = \"x\"\nnormalise = { method = \"percentile\" }\n[index]\n";
        let c = run_inline(text, &csv).unwrap();
        let meta = seni::export::Meta::of(&c);
        let once = csv_of(&crate::harness::schools_table(&c), &meta);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("out.csv"), &once).unwrap();
        let t = published(&dir.path().join("out.csv"));
        let cols = t.columns();
        let cells: Vec<Vec<String>> = cols.iter().map(|c| t.text(c).unwrap()).collect();
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        w.write_record(&cols).unwrap();
        for r in 0..t.rows.len() {
            w.write_record(cells.iter().map(|c| c[r].as_str())).unwrap();
        }
        prop_assert_eq!(w.into_inner().unwrap(), once);
    }
}

/// Runs `script` in a private mount namespace with a 64 KiB disk mounted at `$DISK`; `None` (with
/// the reason printed) where the sandbox forbids namespaces (a machine setting, not missing data).
fn on_a_small_disk(script: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let wrapped = format!("mount -t tmpfs -o size=64k tmpfs \"$DISK\" || exit 99\n{script}");
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", &wrapped])
        .env("DISK", dir.path())
        .env("SENI", env!("CARGO_BIN_EXE_seni"))
        .current_dir(root())
        .output();
    match out {
        Ok(o) if o.status.code() != Some(99) && o.status.code().is_some() => {
            Some(String::from_utf8_lossy(&o.stdout).into_owned())
        }
        other => {
            let why = format!("cannot mount a small disk here (unshare -rm): {other:?}");
            println!("skipped: {why}");
            None
        }
    }
}

#[test]
fn a_full_disk_names_the_file_and_leaves_nothing_behind() {
    let script = r#"
        "$SENI" compute --out "$DISK/index.csv" 2>&1; echo "exit=$?"
        "$SENI" report --out "$DISK/rep/x" >/dev/null 2>&1; echo "exit=$?"
        "$SENI" trend -f ky-equity-2017 -d data/kentucky/ky_schools_panel_2012_2017.csv \
            --charts "$DISK/charts/a" --out "$DISK/t.csv" >/dev/null 2>&1; echo "exit=$?"
        "$SENI" sensitivity --draws 20 --samples "$DISK/s.csv" --out "$DISK/s2.csv" >/dev/null 2>&1
        echo "exit=$?"
        echo left:; find "$DISK" -mindepth 1
    "#;
    let Some(out) = on_a_small_disk(script) else { return };
    let disk_full = "No space left on device";
    assert!(out.contains(&format!("index.csv: {disk_full}")), "{out}");
    assert!(out.contains("fix: free space on the disk holding"), "{out}");
    assert_eq!(out.matches("exit=6").count(), 4, "every command stops with an I/O error: {out}");
    // No temporary file, no half-written file, no directory created for outputs never written.
    assert!(out.trim_end().ends_with("left:"), "{out}");
}
