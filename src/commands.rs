//! The commands: each validates its options, runs the library and writes its outputs.

use crate::cli::{ChartKind, Cli, Command, Format, OutArgs, Output, RunArgs, Target, TextFormat};
use clap::Parser;
use seni::allocate::{AllocationResult, Funding, allocate, dollars};
use seni::chart::Chart;
use seni::compare::{Run, compare};
use seni::error::{Error, Result};
use seni::explain::{explain, find_school};
use seni::export::{self, Meta, Sheet};
use seni::{Computation, District, Formula, compute_district as compute};
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

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
        Command::Allocate { run, budget, out, charts } => cmd_allocate(&run, budget.as_deref(), &out, charts.as_deref()),
        Command::Explain { school, run, budget, format, out, charts } => {
            cmd_explain(&school, &run, budget.as_deref(), format, &out, charts.as_deref())
        }
        Command::Compare { a, b, run, set_a, set_b, out, charts } => cmd_compare(&a, &b, &run, &set_a, &set_b, &out, charts.as_deref()),
        Command::Audit { run, budget, affected, groups, out, charts } => {
            cmd_audit(&run, budget.as_deref(), affected.as_deref(), &groups, &out, charts.as_deref())
        }
        Command::Chart { kind, run, school, against, out } => cmd_chart(kind, &run, school.as_deref(), &against, out.as_deref()),
        Command::Report { run, budget, out } => cmd_report(&run, budget.as_deref(), &out),
        Command::Sensitivity { run, draws, seed, sobol, school, samples, out, charts } => {
            cmd_sensitivity(&run, SensitivityArgs { draws, seed, sobol, school, samples }, &out, charts.as_deref())
        }
        Command::Formulas => cmd_formulas(),
        Command::Validate { run } => cmd_validate(&run),
        Command::Sample { schools, seed, states, districts, out } => cmd_sample(schools, seed, states, districts, &out),
    }
}

/// Loads the formula (with scenarios and overrides) and the data, and computes the index.
fn load_and_compute(run: &RunArgs, extra_sets: &[String]) -> Result<Computation> {
    load_and_compute_with(run, extra_sets, &|_| false)
}

/// As [`load_and_compute`], also reading the numeric columns `extra` accepts.
fn load_and_compute_with(run: &RunArgs, extra_sets: &[String], extra: &dyn Fn(&str) -> bool) -> Result<Computation> {
    let mut sets = run.set.clone();
    sets.extend_from_slice(extra_sets);
    let formula = Formula::load(&run.source(), &run.scenario, &sets)?;
    let district = District::load_with(&run.data, &formula, extra)?;
    compute(&formula, district)
}

/// Student-group count columns: `*_count` unless the user names them.
fn group_columns(name: &str, named: &[String]) -> bool {
    if named.is_empty() { name.ends_with("_count") } else { named.iter().any(|g| g == name) }
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
        Target::Stdout => emit(None, &bytes),
        Target::File(p) => emit(Some(p), &bytes),
    }
}

/// Writes bytes to a file atomically, or to standard output when `path` is None (a closed pipe,
/// e.g. `| head`, is not an error).
fn emit(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) => export::write_atomic(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("standard output", &e, "")),
                _ => Ok(()),
            }
        }
    }
}

/// `-` means standard output.
fn out_path(out: &str) -> Option<&Path> {
    (out != "-").then(|| Path::new(out))
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

fn budget_set(budget: Option<&str>) -> Result<Vec<String>> {
    Ok(match budget {
        Some(b) => vec![format!("budget={}", seni::allocate::parse_amount(b)?)],
        None => Vec::new(),
    })
}

/// Checks a chart directory before any work (it must exist or be creatable).
fn chart_dir(dir: Option<&Path>) -> Result<()> {
    if let Some(d) = dir {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d.display().to_string(), &e, "choose a writable --charts directory"))?;
    }
    Ok(())
}

fn write_charts(dir: Option<&Path>, charts: &[Chart]) -> Result<String> {
    let Some(d) = dir else { return Ok(String::new()) };
    let mut s = String::new();
    for ch in charts {
        for p in ch.write(d)? {
            s.push_str(&format!("wrote {}\n", p.display()));
        }
    }
    Ok(s)
}

fn cmd_allocate(run: &RunArgs, budget: Option<&str>, out: &OutArgs, charts: Option<&Path>) -> Result<()> {
    let output = out.validate("allocation", &run.data)?;
    chart_dir(charts)?;
    let extra = budget_set(budget)?;
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
    s.push_str(&write_charts(charts, &[Chart::allocation_by_tier(&summary), Chart::index_distribution(&c)])?);
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
    emit(out_path(out), text.as_bytes())
}

fn allocation_if_any(c: &Computation) -> Result<Option<AllocationResult>> {
    if c.formula.allocation.is_some() { allocate(c).map(Some) } else { Ok(None) }
}

fn cmd_explain(school: &str, run: &RunArgs, budget: Option<&str>, format: TextFormat, out: &str, charts: Option<&Path>) -> Result<()> {
    chart_dir(charts)?;
    let c = load_and_compute(run, &budget_set(budget)?)?;
    let row = find_school(&c, school)?;
    let a = allocation_if_any(&c)?;
    let e = explain(&c, a.as_ref(), row);
    let text = match format {
        TextFormat::Text => e.to_text(&c.formula.name, &c.formula.hash),
        TextFormat::Json => {
            let v = serde_json::json!({ "metadata": { "formula": c.formula.name, "formula_hash": c.formula.hash, "data": c.district.source, "data_hash": c.district.source_hash, "seni_version": env!("CARGO_PKG_VERSION") }, "school": e });
            serde_json::to_string_pretty(&v).expect("serialisable") + "\n"
        }
        TextFormat::Md => format!("## {} ({})\n\n```text\n{}```\n", e.name, e.id, e.to_text(&c.formula.name, &c.formula.hash)),
    };
    emit(out_path(out), text.as_bytes())?;
    let w = write_charts(charts, &[Chart::contributions(&e)])?;
    if !w.is_empty() {
        eprint!("{w}");
    }
    Ok(())
}

/// Builds one side of a comparison: `base`, a bundled formula, a formula file or a scenario file.
fn resolve_run(spec: &str, run: &RunArgs, sets: &[String]) -> Result<Run> {
    let mut all_sets = run.set.clone();
    all_sets.extend_from_slice(sets);
    let path = Path::new(spec);
    let formula = if spec == "base" {
        Formula::load(&run.source(), &run.scenario, &all_sets)?
    } else if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(spec, &e, "give a formula or scenario .toml file"))?;
        let is_scenario = toml::from_str::<toml::Table>(&text).map(|t| t.contains_key("scenario")).unwrap_or(false);
        if is_scenario {
            let mut scen = run.scenario.clone();
            scen.push(path.to_path_buf());
            Formula::load(&run.source(), &scen, &all_sets)?
        } else {
            Formula::load(&seni::spec::FormulaSource::Path(path.to_path_buf()), &[], &all_sets)?
        }
    } else if seni::bundled::formula_text(spec).is_some() {
        Formula::load(&seni::spec::FormulaSource::Bundled(spec.to_string()), &[], &all_sets)?
    } else {
        return Err(Error::usage(
            format!("'{spec}' is not `base`, a bundled formula, or a .toml file"),
            "give e.g. `seni compare base examples/budget-900m.toml` or two formula names",
        ));
    };
    let district = District::load(&run.data, &formula)?;
    let c = compute(&formula, district)?;
    let allocation = allocation_if_any(&c)?;
    Ok(Run { label: Run::label_of(&c), computation: c, allocation })
}

fn cmd_compare(a: &str, b: &str, run: &RunArgs, set_a: &[String], set_b: &[String], out: &OutArgs, charts: Option<&Path>) -> Result<()> {
    let output = out.validate("compare", &run.data)?;
    chart_dir(charts)?;
    let ra = resolve_run(a, run, set_a)?;
    let rb = resolve_run(b, run, set_b)?;
    let cmp = compare(&ra, &rb);
    let changes = cmp.sheet();
    let cross = cmp.cross_sheet();
    let mut sheets = vec![&changes, &cross];
    if let (Some(x), Some(y)) = (&cmp.by_tier_a, &cmp.by_tier_b) {
        sheets.push(x);
        sheets.push(y);
    }
    let mut meta = Meta::of(&rb.computation);
    meta.formula = format!("A: {} | B: {}", cmp.a, cmp.b);
    meta.formula_hash = format!("{} | {}", ra.computation.formula.hash, rb.computation.formula.hash);
    let (ta, tb) = cmp.totals();
    let (g, l, u) = cmp.counts();
    let summary = serde_json::json!({"total_a": ta as f64 / 100.0, "total_b": tb as f64 / 100.0, "change": (tb - ta) as f64 / 100.0, "gaining": g, "losing": l, "unchanged": u, "tier_changes": cmp.tier_changes()});
    write_output(&output, &sheets, &meta, "", Some(("summary", summary)))?;
    let mut s = cmp.to_text();
    s.push_str(&written(&output));
    let mut cs = vec![Chart::before_after(&cmp)];
    if let Some(bt) = &cmp.by_tier_b {
        cs.push(Chart::allocation_by_tier(bt));
    }
    s.push_str(&write_charts(charts, &cs)?);
    say(&output, &s);
    Ok(())
}

fn cmd_audit(run: &RunArgs, budget: Option<&str>, affected: Option<&Path>, groups: &[String], out: &OutArgs, charts: Option<&Path>) -> Result<()> {
    let output = out.validate("audit", &run.data)?;
    chart_dir(charts)?;
    let c = load_and_compute_with(run, &budget_set(budget)?, &|n| group_columns(n, groups))?;
    let a = allocate(&c)?;
    let cols = if groups.is_empty() { seni::audit::count_columns(&c) } else { groups.to_vec() };
    for col in &cols {
        if !c.district.has_column(col) {
            return Err(Error::usage(format!("no numeric column '{col}' in {}", c.district.source), "list count columns of the data with --groups"));
        }
    }
    let gs = seni::audit::groups(&c, &cols)?;
    let rows = match affected {
        Some(p) => Some(seni::audit::read_ids(p, &c)?),
        None => None,
    };
    let au = seni::audit::audit(&c, &a, &gs, rows.as_deref());
    let mut sheets = vec![&au.quintiles, &au.by_tier, &au.groups];
    if let Some(x) = &au.affected {
        sheets.push(x);
    }
    let summary = serde_json::json!({"ratio_high_low": au.ratio_high_low, "share_top20": au.share_top20, "share_top40": au.share_top40, "concentration_index": au.concentration, "unranked": au.unranked});
    write_output(&output, &sheets, &Meta::of(&c), "", Some(("summary", summary)))?;
    let mut s = header(&c);
    s.push('\n');
    s.push_str(&au.to_text());
    s.push_str(&written(&output));
    s.push_str(&write_charts(charts, &[Chart::per_pupil_by_quintile(&au.quintiles), Chart::allocation_by_tier(&au.by_tier)])?);
    say(&output, &s);
    Ok(())
}

fn cmd_chart(kind: ChartKind, run: &RunArgs, school: Option<&str>, against: &str, out: Option<&Path>) -> Result<()> {
    let chart = match kind {
        ChartKind::BeforeAfter => {
            let ra = resolve_run("base", run, &[])?;
            let rb = resolve_run(against, run, &[])?;
            Chart::before_after(&compare(&ra, &rb))
        }
        _ => {
            let c = load_and_compute(run, &[])?;
            match kind {
                ChartKind::IndexDistribution => Chart::index_distribution(&c),
                ChartKind::Contributions => {
                    let row = match school {
                        Some(s) => find_school(&c, s)?,
                        None => (0..c.len()).find(|&r| c.rank[r] == Some(1)).unwrap_or(0),
                    };
                    Chart::contributions(&explain(&c, None, row))
                }
                ChartKind::AllocationByTier => Chart::allocation_by_tier(&export::tier_summary(&c, &allocate(&c)?)),
                _ => {
                    let a = allocate(&c)?;
                    Chart::per_pupil_by_quintile(&seni::audit::audit(&c, &a, &[], None).quintiles)
                }
            }
        }
    };
    let path = out.map(Path::to_path_buf).unwrap_or_else(|| Path::new("out").join(format!("{}.svg", chart.stem())));
    if out.is_none() {
        std::fs::create_dir_all("out").map_err(|e| Error::io("out", &e, "create out/ or pass --out"))?;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("png") => chart.png(&path)?,
        Some("svg") => export::write_atomic(&path, chart.svg()?.as_bytes())?,
        _ => return Err(Error::usage("the chart file must end in .svg or .png", "e.g. --out chart.svg")),
    }
    println!("wrote {}", path.display());
    Ok(())
}

fn cmd_report(run: &RunArgs, budget: Option<&str>, out: &Path) -> Result<()> {
    use seni::report::{Section, html};
    std::fs::create_dir_all(out).map_err(|e| Error::io(out.display().to_string(), &e, "choose a writable --out directory"))?;
    let c = load_and_compute_with(run, &budget_set(budget)?, &|n| group_columns(n, &[]))?;
    let meta = Meta::of(&c);
    let mut sections = Vec::new();
    let f = &c.formula;
    let mut intro = Section { heading: "About this run".into(), ..Default::default() };
    intro.paragraphs.push(format!("{} — {}", f.title, f.description));
    if !f.source.is_empty() {
        intro.paragraphs.push(format!("Method: {}", f.source));
    }
    intro.paragraphs.extend(f.notes.iter().cloned());
    intro.paragraphs.push(format!("{} schools from {}.", c.len(), c.district.source));
    sections.push(intro);
    let a = allocation_if_any(&c)?;
    if let Some(a) = &a {
        let summary = export::tier_summary(&c, a);
        let mut sec = Section { heading: "Where the money goes".into(), ..Default::default() };
        sec.paragraphs.extend(programs_text(a).lines().map(str::to_string));
        sec.charts.push(Chart::allocation_by_tier(&summary));
        sec.tables.push((summary, 20));
        sections.push(sec);
        let au = seni::audit::audit(&c, a, &seni::audit::groups(&c, &seni::audit::count_columns(&c))?, None);
        let mut sec = Section { heading: "Is it progressive?".into(), ..Default::default() };
        sec.paragraphs.extend(
            au.to_text().lines().filter(|l| l.contains("×") || l.contains("share of the money") || l.contains("concentration")).map(str::to_string),
        );
        sec.charts.push(Chart::per_pupil_by_quintile(&au.quintiles));
        sec.tables.push((au.quintiles.clone(), 10));
        if !au.groups.rows.is_empty() {
            sec.tables.push((au.groups.clone(), 20));
        }
        sections.push(sec);
    }
    let mut dist = Section { heading: "Need index".into(), ..Default::default() };
    dist.charts.push(Chart::index_distribution(&c));
    sections.push(dist);
    if let Some(top) = (0..c.len()).find(|&r| c.rank[r] == Some(1)) {
        let e = explain(&c, a.as_ref(), top);
        let mut sec = Section { heading: format!("The highest-need school: {}", e.name), ..Default::default() };
        sec.paragraphs.extend(e.to_text(&f.name, &f.hash).lines().filter(|l| !l.trim().is_empty()).take(4).map(str::to_string));
        sec.charts.push(Chart::contributions(&e));
        sections.push(sec);
    }
    let mut table = Section { heading: "Schools".into(), ..Default::default() };
    let sheet = match &a {
        Some(a) => export::allocation_sheet(&c, a),
        None => export::index_sheet(&c),
    };
    table.tables.push((sheet, 60));
    sections.push(table);
    let page = html(&format!("{} — need index and allocation", f.title), &meta, &sections)?;
    let path = out.join("index.html");
    export::write_atomic(&path, page.as_bytes())?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Options of `seni sensitivity` beyond the common ones.
struct SensitivityArgs {
    draws: Option<usize>,
    seed: Option<u64>,
    sobol: Option<usize>,
    school: Option<String>,
    samples: Option<std::path::PathBuf>,
}

fn cmd_sensitivity(run: &RunArgs, args: SensitivityArgs, out: &OutArgs, charts: Option<&Path>) -> Result<()> {
    let output = out.validate("sensitivity", &run.data)?;
    chart_dir(charts)?;
    if let Some(p) = &args.samples {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(Error::usage(format!("the directory of --samples {} does not exist", p.display()), "create it first"));
        }
    }
    if args.draws.is_some_and(|d| d < 2) {
        return Err(Error::usage("--draws must be at least 2", "e.g. --draws 1000"));
    }
    let c = load_and_compute(run, &[])?;
    let none = seni::sensitivity::Uncertainty::none();
    let u = c.formula.uncertainty.as_ref().unwrap_or(&none);
    let draws = args.draws.unwrap_or(u.draws) as u64;
    let bar = indicatif::ProgressBar::new(draws);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} draws ({eta})").expect("valid template"));
    let opts = seni::sensitivity::Options {
        draws: args.draws,
        seed: args.seed,
        sobol: args.sobol,
        school: args.school.clone(),
        keep_samples: args.samples.is_some(),
    };
    let result = seni::sensitivity::run(&c, u, &opts, &|d| bar.set_position(d))?;
    bar.finish_and_clear();
    let sheet = result.sheet();
    let sobol_sheet = result.sobol_sheet();
    let mut sheets = vec![&sheet];
    if let Some(s) = &sobol_sheet {
        sheets.push(s);
    }
    let summary = serde_json::json!({
        "draws": result.draws, "seed": result.seed, "inputs": result.factors,
        "sobol_method": result.sobol.as_ref().map(|s| s.1.clone()),
        "allocation_note": result.allocation_note,
    });
    write_output(&output, &sheets, &Meta::of(&c), "", Some(("sensitivity", summary)))?;
    if let (Some(p), Some(samples)) = (&args.samples, &result.samples) {
        let n = c.len();
        let mut text = String::from("draw,id,index,rank,tier\n");
        let names = c.formula.tiers.as_ref().map(|t| t.names.clone()).unwrap_or_default();
        for (i, (ix, rank, tier)) in samples.iter().enumerate() {
            let (j, r) = (i / n, i % n);
            let tier = names.get(*tier as usize).cloned().unwrap_or_default();
            let ix = if ix.is_nan() { String::new() } else { ix.to_string() };
            let rank = if *rank == 0 { String::new() } else { rank.to_string() };
            text.push_str(&format!("{j},{},{ix},{rank},{}\n", c.district.ids[r], export::neutralise(&tier)));
        }
        export::write_atomic(p, text.as_bytes())?;
    }
    let mut s = header(&c);
    s.push('\n');
    s.push_str(&result.to_text());
    s.push_str(&written(&output));
    if let Some(p) = &args.samples {
        s.push_str(&format!("wrote {}\n", p.display()));
    }
    s.push_str(&write_charts(charts, &Chart::sensitivity(&result))?);
    say(&output, &s);
    Ok(())
}
