//! The commands: each validates its options, runs the library and writes its outputs.

use crate::cli::{Cli, Command, Format, OutArgs, Output, RunArgs, Target};
use clap::Parser;
use seni::allocate::{AllocationResult, Funding, allocate, dollars};
use seni::error::{Error, Result};
use seni::export::{self, Meta, Sheet};
use seni::{Computation, District, Formula, compute};
use std::ffi::OsString;
use std::io::Write;

/// Parses the arguments, runs the command and returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match dispatch(cli.command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            e.kind.exit_code()
        }
    }
}

fn dispatch(cmd: Command) -> Result<()> {
    match cmd {
        Command::Compute { run, out } => cmd_compute(&run, &out),
        Command::Allocate { run, budget, out } => cmd_allocate(&run, budget.as_deref(), &out),
        Command::Formulas => cmd_formulas(),
        Command::Validate { run } => cmd_validate(&run),
        Command::Sample { schools, seed, states, districts, out } => cmd_sample(schools, seed, states, districts, &out),
    }
}

/// Loads the formula (with scenarios and overrides) and the data, and computes the index.
fn load_and_compute(run: &RunArgs, extra_sets: &[String]) -> Result<Computation> {
    let mut sets = run.set.clone();
    sets.extend_from_slice(extra_sets);
    let formula = Formula::load(&run.source(), &run.scenario, &sets)?;
    let district = District::load(&run.data, &formula)?;
    compute(&formula, district)
}

fn write_output(output: &Output, sheets: &[&Sheet], meta: &Meta, missing: &str, extra: Option<(&str, serde_json::Value)>) -> Result<()> {
    let bytes = match output.format {
        Format::Csv => export::to_csv(sheets[0], meta, missing, output.header_comment)?,
        Format::Json => export::to_json(sheets, meta, extra),
        Format::Md => {
            let mut s = export::to_markdown(sheets[0], meta, missing);
            for extra_sheet in &sheets[1..] {
                s.push_str(&format!("\n## {}\n\n{}", extra_sheet.name, export::markdown_table(extra_sheet, missing)));
            }
            s.into_bytes()
        }
        Format::Xlsx => export::to_xlsx(sheets, meta)?,
    };
    match &output.target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|_| out.flush()) {
                // A closed pipe (e.g. `| head`) is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("standard output", &e, "")),
                _ => Ok(()),
            }
        }
        Target::File(p) => export::write_atomic(p, &bytes),
    }
}

/// Prints to stdout, or to stderr when stdout carries the table.
fn say(output: &Output, text: &str) {
    if output.target == Target::Stdout {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
}

fn header(c: &Computation) -> String {
    let f = &c.formula;
    let mut s = format!("formula {} ({}) — {}\n", f.name, f.hash, f.title);
    if !f.scenarios.is_empty() {
        s.push_str(&format!("scenarios: {}\n", f.scenarios.join(", ")));
    }
    s.push_str(&format!("data {} ({}): {} schools\n", c.district.source, c.district.source_hash, c.len()));
    for n in &c.district.notes {
        s.push_str(&format!("note: {n}\n"));
    }
    let no_index = c.index.iter().filter(|x| x.is_nan()).count();
    if no_index > 0 {
        s.push_str(&format!("{no_index} schools have no index (see the reason column)\n"));
    }
    if !c.warnings.is_empty() {
        s.push_str(&format!("{} warnings:\n", c.warnings.len()));
        for w in c.warnings.iter().take(10) {
            s.push_str(&format!("  warning: {w}\n"));
        }
        if c.warnings.len() > 10 {
            s.push_str(&format!("  … and {} more (all are in the JSON metadata)\n", c.warnings.len() - 10));
        }
    }
    s
}

fn written(output: &Output) -> String {
    match &output.target {
        Target::File(p) => format!("wrote {}\n", p.display()),
        Target::Stdout => String::new(),
    }
}

fn cmd_compute(run: &RunArgs, out: &OutArgs) -> Result<()> {
    let output = out.validate("index", &run.data)?;
    let c = load_and_compute(run, &[])?;
    let sheet = export::index_sheet(&c);
    let meta = Meta::of(&c);
    write_output(&output, &[&sheet], &meta, &c.formula.missing_text, None)?;
    let mut s = header(&c);
    if let (Some(t), Some(tiers)) = (&c.formula.tiers, &c.tiers) {
        s.push_str("schools by tier:\n");
        for (i, name) in t.names.iter().enumerate() {
            s.push_str(&format!("  {name:<24} {:>6}\n", tiers.iter().filter(|x| **x == Some(i)).count()));
        }
    }
    s.push_str(&written(&output));
    say(&output, &s);
    Ok(())
}

/// Reads an amount like `900000000`, `$900,000,000`, `900M`, `1.2B` or `250k` as dollars.
fn parse_amount(s: &str) -> Result<f64> {
    let t: String = s.trim().trim_start_matches('$').chars().filter(|c| *c != ',' && *c != '_').collect();
    let (num, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        Some('b' | 'B') => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok((v * mult * 100.0).round() / 100.0),
        _ => Err(Error::usage(
            format!("'{s}' is not an amount of dollars"),
            "write e.g. 900000000, $900,000,000 or 900M (a negative budget is not allowed)",
        )),
    }
}

fn cmd_allocate(run: &RunArgs, budget: Option<&str>, out: &OutArgs) -> Result<()> {
    let output = out.validate("allocation", &run.data)?;
    let extra: Vec<String> = match budget {
        Some(b) => vec![format!("budget={}", parse_amount(b)?)],
        None => Vec::new(),
    };
    let c = load_and_compute(run, &extra)?;
    let a = allocate(&c)?;
    let sheet = export::allocation_sheet(&c, &a);
    let summary = export::tier_summary(&c, &a);
    let meta = Meta::of(&c);
    write_output(&output, &[&sheet, &summary], &meta, "", Some(("summary", summary_json(&a))))?;
    let mut s = header(&c);
    s.push('\n');
    s.push_str(&export::to_text(&summary));
    s.push('\n');
    s.push_str(&programs_text(&a));
    s.push_str(&written(&output));
    say(&output, &s);
    Ok(())
}

fn programs_text(a: &AllocationResult) -> String {
    let mut s = String::new();
    for p in &a.programs {
        let budget = p.budget.map(|b| format!(" of a {} pot", dollars(b))).unwrap_or_default();
        s.push_str(&format!("program {} ({}): {} to {} schools{budget}\n", p.id, p.label, dollars(p.total), p.funded));
    }
    if let Some(h) = &a.hold_harmless {
        let how = match h.funding {
            Funding::OnTop => "added on top",
            Funding::FromPot => "funded from the pot",
        };
        s.push_str(&format!(
            "hold-harmless ({}% of prior year, {how}): {} schools, cost {}\n",
            seni::export::format_num(h.share * 100.0),
            h.schools,
            dollars(h.cost)
        ));
    }
    for (name, before, after) in &a.lines {
        s.push_str(&format!("line {name}: {} → {}\n", dollars(*before), dollars(*after)));
    }
    s.push_str(&format!("total allocated: {}\n", dollars(a.grand_total())));
    s
}

fn summary_json(a: &AllocationResult) -> serde_json::Value {
    serde_json::json!({
        "programs": a.programs.iter().map(|p| serde_json::json!({
            "id": p.id, "label": p.label, "total": p.total as f64 / 100.0,
            "budget": p.budget.map(|b| b as f64 / 100.0), "schools_funded": p.funded,
        })).collect::<Vec<_>>(),
        "hold_harmless": a.hold_harmless.as_ref().map(|h| serde_json::json!({
            "program": h.program, "share": h.share, "schools": h.schools, "cost": h.cost as f64 / 100.0,
            "funding": match h.funding { Funding::OnTop => "on_top", Funding::FromPot => "from_pot" },
        })),
        "lines": a.lines.iter().map(|(n, b, af)| serde_json::json!({"line": n, "before": *b as f64 / 100.0, "after": *af as f64 / 100.0})).collect::<Vec<_>>(),
        "total": a.grand_total() as f64 / 100.0,
    })
}

fn cmd_formulas() -> Result<()> {
    for (name, text) in seni::bundled::FORMULAS {
        let f = Formula::from_text(&format!("formulas/{name}.toml"), text)?;
        let data = if f.data.bundled { "bundled district".to_string() } else { f.data.example.clone().unwrap_or_else(|| "--data required".into()) };
        println!("{name:<28} {}\n{:<28} data: {data}", f.description, "");
    }
    Ok(())
}

fn cmd_validate(run: &RunArgs) -> Result<()> {
    let formula = Formula::load(&run.source(), &run.scenario, &run.set)?;
    println!("formula {} ({}): {} indicators, {} domains — OK", formula.name, formula.hash, formula.indicators.len(), formula.domains.len() - 1);
    let district = District::load(&run.data, &formula)?;
    let c = compute(&formula, district)?;
    print!("{}", header(&c));
    if formula.allocation.is_some() {
        let a = allocate(&c)?;
        println!("allocation: OK, {} allocated", dollars(a.grand_total()));
    }
    println!("data: OK");
    Ok(())
}

fn cmd_sample(schools: usize, seed: u64, states: usize, districts: usize, out: &str) -> Result<()> {
    if schools == 0 {
        return Err(Error::usage("--schools must be at least 1", "e.g. --schools 1000"));
    }
    let text = seni::sample::generate(&seni::sample::SampleOptions { schools, seed, states, districts });
    if out == "-" {
        std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| Error::io("standard output", &e, ""))
    } else {
        export::write_atomic(std::path::Path::new(out), text.as_bytes())
    }
}
