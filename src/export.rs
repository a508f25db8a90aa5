//! Output tables and their exporters (CSV, JSON, Markdown; Excel with the `xlsx` feature),
//! written atomically. Outputs carry the formula name and hash and are byte-identical across runs.

use crate::error::{Error, Result};
use crate::index::Computation;
use serde_json::{Value, json};
use std::path::Path;

/// A cell of an output table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (`NaN` = missing), optionally rounded for display.
    Num(f64, Option<u32>),
    /// A whole number.
    Int(i64),
    /// Money in cents.
    Money(i64),
    /// Dollars that are not whole cents (e.g. per pupil), written with 2 decimals.
    Dollars(f64),
    /// Missing.
    Missing,
}

impl Cell {
    /// A number cell, missing when `NaN`.
    pub fn num(x: f64) -> Cell {
        if x.is_nan() { Cell::Missing } else { Cell::Num(x, None) }
    }

    /// A rounded number cell.
    pub fn rounded(x: f64, d: Option<u32>) -> Cell {
        if x.is_nan() { Cell::Missing } else { Cell::Num(x, d) }
    }

    /// Text for CSV/Markdown (`missing` for a missing cell).
    pub fn text(&self, missing: &str) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(x, None) => format_num(*x),
            Cell::Num(x, Some(d)) => fixed(*x, *d),
            Cell::Int(i) => i.to_string(),
            Cell::Money(c) => {
                let mut s = String::new();
                write_cents(&mut s, *c);
                s
            }
            Cell::Dollars(x) => fixed(*x, 2),
            Cell::Missing => missing.to_string(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Num(x, None) => json!(x),
            Cell::Num(x, Some(d)) => json!(crate::normalise::round_half_up(*x, *d)),
            Cell::Int(i) => json!(i),
            Cell::Money(c) => json!(*c as f64 / 100.0),
            Cell::Dollars(x) => json!(crate::normalise::round_half_up(*x, 2)),
            Cell::Missing => Value::Null,
        }
    }
}

/// Cents written as dollars with two decimals, e.g. `-12.05`.
fn write_cents(out: &mut String, c: i64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{}{}.{:02}", if c < 0 { "-" } else { "" }, c.unsigned_abs() / 100, c.unsigned_abs() % 100);
}

/// A cell as people read it in terminals and reports: money and dollar amounts with `$` and
/// thousands separators, everything else as in CSV (`–` for missing).
pub fn human_text(c: &Cell) -> String {
    match c {
        Cell::Money(m) => crate::allocate::dollars(*m),
        Cell::Dollars(x) => crate::allocate::dollars((x * 100.0).round() as i64),
        other => other.text("–"),
    }
}

/// `x` rounded half up to `d` decimals and written with exactly `d` decimals.
pub fn fixed(x: f64, d: u32) -> String {
    let p = 10f64.powi(d as i32);
    let r = crate::normalise::round_half_up(x, d);
    let scaled = (r * p).round();
    if !scaled.is_finite() || scaled.abs() >= 9e15 || d > 9 {
        return format!("{:.*}", d as usize, r);
    }
    let v = scaled as i64;
    let sign = if v < 0 { "-" } else { "" };
    let (int, frac) = (v.unsigned_abs() / 10u64.pow(d), v.unsigned_abs() % 10u64.pow(d));
    if d == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac:0w$}", w = d as usize) }
}

/// Shortest text that reads back as the same number; whole numbers without a decimal point.
pub fn format_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

/// A named table.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Sheet name (Excel) / table title.
    pub name: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// Facts every output carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Formula name.
    pub formula: String,
    /// Formula hash.
    pub formula_hash: String,
    /// Scenarios applied.
    pub scenarios: Vec<String>,
    /// Data source.
    pub data: String,
    /// Data hash.
    pub data_hash: String,
    /// seni version.
    pub version: String,
    /// Warnings raised while computing.
    pub warnings: Vec<String>,
}

impl Meta {
    /// Metadata of a computation.
    pub fn of(c: &Computation) -> Meta {
        let mut warnings = c.district.notes.clone();
        warnings.extend(c.warnings.iter().cloned());
        Meta {
            formula: c.formula.name.clone(),
            formula_hash: c.formula.hash.clone(),
            scenarios: c.formula.scenarios.clone(),
            data: c.district.source.clone(),
            data_hash: c.district.source_hash.clone(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            warnings,
        }
    }

    fn json(&self) -> Value {
        json!({
            "formula": self.formula,
            "formula_hash": self.formula_hash,
            "scenarios": self.scenarios,
            "data": self.data,
            "data_hash": self.data_hash,
            "seni_version": self.version,
            "warnings": self.warnings.len(),
            "warning_messages": self.warnings,
        })
    }

    /// Lines for a comment header or a metadata sheet.
    pub fn lines(&self) -> Vec<(String, String)> {
        vec![
            ("formula".into(), self.formula.clone()),
            ("formula_hash".into(), self.formula_hash.clone()),
            ("scenarios".into(), self.scenarios.join("; ")),
            ("data".into(), self.data.clone()),
            ("data_hash".into(), self.data_hash.clone()),
            ("seni_version".into(), self.version.clone()),
            ("warnings".into(), self.warnings.len().to_string()),
        ]
    }
}

/// Neutralises text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) by
/// prefixing a single quote; numbers written as text are left alone.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && s.parse::<f64>().is_err() { format!("'{s}").into() } else { s.into() }
}

/// CSV text of a sheet. With `comment`, metadata lines starting with `#` come first. Text cells
/// are neutralised against spreadsheet formula injection and quoted when needed.
pub fn to_csv(sheet: &Sheet, meta: &Meta, missing: &str, comment: bool) -> Result<Vec<u8>> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(64 * sheet.rows.len().max(1) * sheet.columns.len().max(1) / 4);
    if comment {
        for (k, v) in meta.lines() {
            let _ = writeln!(out, "# {k}: {v}");
        }
    }
    for (j, c) in sheet.columns.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        field(&mut out, &neutralise(c));
    }
    out.push('\n');
    // Rows are formatted in parallel chunks and joined in order (same bytes as one pass).
    use rayon::prelude::*;
    let chunks: Vec<String> = sheet
        .rows
        .par_chunks(4096)
        .map(|rows| {
            let mut out = String::with_capacity(rows.len() * 96);
            for row in rows {
                csv_row(&mut out, row, missing);
            }
            out
        })
        .collect();
    for c in chunks {
        out.push_str(&c);
    }
    Ok(out.into_bytes())
}

fn field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_row(out: &mut String, row: &[Cell], missing: &str) {
    use std::fmt::Write as _;
    for (j, c) in row.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        match c {
            Cell::Text(s) => field(out, &neutralise(s)),
            Cell::Num(x, None) if x.is_finite() && (*x != x.trunc() || x.abs() >= 1e15) => {
                let _ = write!(out, "{x}");
            }
            Cell::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Cell::Money(m) => write_cents(out, *m),
            Cell::Num(x, Some(d)) if x.is_finite() => out.push_str(&fixed(*x, *d)),
            Cell::Dollars(x) if x.is_finite() => out.push_str(&fixed(*x, 2)),
            other => field(out, &other.text(missing)),
        }
    }
    out.push('\n');
}

/// JSON text: `{"metadata": …, "<sheet>": [{column: value}, …], …}`.
pub fn to_json(sheets: &[&Sheet], meta: &Meta, extra: Option<(&str, Value)>) -> Vec<u8> {
    let mut root = serde_json::Map::new();
    root.insert("metadata".into(), meta.json());
    if let Some((k, v)) = extra {
        root.insert(k.into(), v);
    }
    for s in sheets {
        let rows: Vec<Value> = s
            .rows
            .iter()
            .map(|r| {
                let mut m = serde_json::Map::new();
                for (c, v) in s.columns.iter().zip(r) {
                    m.insert(c.clone(), v.json());
                }
                Value::Object(m)
            })
            .collect();
        root.insert(s.name.clone(), Value::Array(rows));
    }
    let mut v = serde_json::to_vec_pretty(&Value::Object(root)).expect("JSON values serialise");
    v.push(b'\n');
    v
}

/// A Markdown table (numbers right-aligned), preceded by a metadata line.
pub fn to_markdown(sheet: &Sheet, meta: &Meta, missing: &str) -> String {
    let mut s =
        format!("<!-- formula {} ({}), data {} ({}), seni {} -->\n\n", meta.formula, meta.formula_hash, meta.data, meta.data_hash, meta.version);
    s.push_str(&markdown_table(sheet, missing));
    s
}

/// Just the Markdown table.
pub fn markdown_table(sheet: &Sheet, missing: &str) -> String {
    let esc = |t: &str| t.replace('|', "\\|");
    let mut s = String::new();
    s.push_str(&format!("| {} |\n", sheet.columns.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")));
    let numeric: Vec<bool> = (0..sheet.columns.len()).map(|j| sheet.rows.iter().any(|r| !matches!(r[j], Cell::Text(_) | Cell::Missing))).collect();
    s.push_str(&format!("|{}|\n", numeric.iter().map(|n| if *n { "---:" } else { "---" }).collect::<Vec<_>>().join("|")));
    for r in &sheet.rows {
        s.push_str(&format!("| {} |\n", r.iter().map(|c| esc(&c.text(missing))).collect::<Vec<_>>().join(" | ")));
    }
    s
}

/// Writes bytes to `path` atomically: a temporary file in the same directory, then a rename,
/// so a run killed midway leaves any previous file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let shown = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::io(
            &shown,
            &std::io::Error::new(std::io::ErrorKind::NotFound, "the output directory does not exist"),
            format!("create {} first or choose another --out", dir.display()),
        ));
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let io = |e: std::io::Error| Error::io(&shown, &e, "check that the output directory is writable");
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// The per-school index table of a computation: id, name, group, kept columns, indicators,
/// flags, domains, index, rank, tier, missing and imputed counts, and the reason for no index.
pub fn index_sheet(c: &Computation) -> Sheet {
    let f = &c.formula;
    let mut columns: Vec<String> = vec!["id".into(), "name".into()];
    if f.data.group.is_some() {
        columns.push("group".into());
    }
    columns.extend(f.data.keep.iter().cloned());
    for ind in &f.indicators {
        if f.write_raw {
            columns.push(format!("{}_raw", ind.output));
        }
        columns.push(ind.output.clone());
        if let Some((_, fo)) = &ind.flag {
            columns.push(fo.clone());
        }
    }
    let order = domain_output_order(c);
    for &d in &order {
        let dom = &f.domains[d];
        columns.push(dom.output.clone());
        if let Some(n) = &dom.normalised_output {
            columns.push(n.clone());
        }
        if let Some(fo) = &dom.flags_output {
            columns.push(fo.clone());
        }
        for (o, _, _) in &dom.extra {
            columns.push(o.clone());
        }
        if let Some(cls) = &dom.classes {
            columns.push(cls.number_output.clone());
            columns.push(cls.output.clone());
        }
    }
    columns.push("rank".into());
    if let Some(t) = &f.tiers {
        columns.push(t.number_output.clone());
        columns.push(t.output.clone());
    }
    columns.extend(["missing".to_string(), "imputed".to_string(), "reason".to_string()]);
    let keep: Vec<Vec<String>> = f.data.keep.iter().map(|k| c.district.txt(k).to_vec()).collect();
    let rows = (0..c.len())
        .map(|r| {
            let mut row = vec![Cell::Text(c.district.ids[r].clone()), Cell::Text(c.district.names[r].clone())];
            if let Some(g) = &c.district.groups {
                row.push(Cell::Text(g[r].clone()));
            }
            for k in &keep {
                row.push(Cell::Text(k[r].clone()));
            }
            for (ind, v) in f.indicators.iter().zip(&c.indicators) {
                if f.write_raw {
                    row.push(Cell::num(v.raw[r]));
                }
                let applicable = !v.weight[r].is_nan();
                row.push(if applicable { Cell::rounded(v.value[r], ind.output_round) } else { Cell::Missing });
                if let Some(fl) = &v.flag {
                    row.push(Cell::num(fl[r]));
                }
            }
            for &d in &order {
                let dom = &f.domains[d];
                let v = &c.domains[d];
                row.push(Cell::rounded(v.score[r], dom.output_round));
                if let Some(nv) = &v.normalised {
                    row.push(Cell::rounded(nv[r], dom.output_round));
                }
                if let Some(fl) = &v.flags {
                    row.push(Cell::num(fl[r]));
                }
                for e in &v.extra {
                    row.push(Cell::rounded(e[r], dom.output_round));
                }
                if let (Some(cls), Some(pos)) = (&dom.classes, &v.classes) {
                    row.push(pos[r].map(|p| Cell::Int(p as i64 + 1)).unwrap_or(Cell::Missing));
                    row.push(Cell::Text(cls.name(pos[r]).to_string()));
                }
            }
            row.push(c.rank[r].map(|k| Cell::Int(k as i64)).unwrap_or(Cell::Missing));
            if let (Some(t), Some(pos)) = (&f.tiers, &c.tiers) {
                row.push(pos[r].map(|p| Cell::Int(p as i64 + 1)).unwrap_or(Cell::Missing));
                row.push(Cell::Text(t.name(pos[r]).to_string()));
            }
            row.push(Cell::Int(c.missing[r] as i64));
            row.push(Cell::Int(c.imputed[r] as i64));
            row.push(Cell::Text(c.reason(r).unwrap_or("").to_string()));
            row
        })
        .collect();
    Sheet { name: "schools".into(), columns, rows }
}

/// Domains in the order the formula file lists them, then the index.
pub fn domain_output_order(c: &Computation) -> Vec<usize> {
    let f = &c.formula;
    let mut order: Vec<usize> = f.loaded.spec.domains.keys().filter_map(|id| f.domains.iter().position(|d| &d.id == id)).collect();
    order.push(f.domains.len() - 1);
    order
}

/// The per-school allocation table: id, name, tier, index, pupils, every program, hold-harmless
/// (on top), total, dollars per pupil, prior year, change and the rule that bound each school.
pub fn allocation_sheet(c: &Computation, a: &crate::allocate::AllocationResult) -> Sheet {
    let f = &c.formula;
    let mut columns: Vec<String> = vec!["id".into(), "name".into()];
    if f.data.group.is_some() {
        columns.push("group".into());
    }
    columns.extend(["tier".to_string(), "index".to_string(), "pupils".to_string()]);
    for p in &a.programs {
        columns.push(p.id.clone());
    }
    let on_top = a.hold_harmless.as_ref().filter(|h| h.funding == crate::allocate::Funding::OnTop);
    if on_top.is_some() {
        columns.push("hold_harmless".into());
    }
    columns.extend(["total".to_string(), "per_pupil".to_string()]);
    if a.prior.is_some() {
        columns.extend(["prior".to_string(), "change".to_string()]);
    }
    columns.push("bound".into());
    use rayon::prelude::*;
    let rows = (0..c.len())
        .into_par_iter()
        .map(|r| {
            let mut row = vec![Cell::Text(c.district.ids[r].clone()), Cell::Text(c.district.names[r].clone())];
            if let Some(g) = &c.district.groups {
                row.push(Cell::Text(g[r].clone()));
            }
            let tier = match (&f.tiers, &c.tiers) {
                (Some(t), Some(p)) => t.name(p[r]).to_string(),
                _ => String::new(),
            };
            row.push(Cell::Text(tier));
            row.push(Cell::num(c.index[r]));
            row.push(Cell::num(a.pupils[r]));
            for p in &a.programs {
                row.push(Cell::Money(p.amounts[r]));
            }
            if let Some(h) = on_top {
                row.push(Cell::Money(h.extra[r]));
            }
            row.push(Cell::Money(a.total[r]));
            row.push(if a.pupils[r] > 0.0 { Cell::Dollars(a.total[r] as f64 / 100.0 / a.pupils[r]) } else { Cell::Missing });
            if let Some(prior) = &a.prior {
                row.push(Cell::num(prior[r]));
                row.push(if prior[r].is_nan() { Cell::Missing } else { Cell::Dollars(a.total[r] as f64 / 100.0 - prior[r]) });
            }
            let mut bounds = String::new();
            for p in a.programs.iter().filter(|p| p.bound[r] != crate::allocate::Bound::None) {
                if !bounds.is_empty() {
                    bounds.push_str("; ");
                }
                bounds.push_str(&p.id);
                bounds.push_str(": ");
                bounds.push_str(p.bound[r].as_str());
            }
            row.push(Cell::Text(bounds));
            row
        })
        .collect();
    Sheet { name: "allocation".into(), columns, rows }
}

/// Totals and dollars per pupil by tier (plus schools with no tier, and all schools).
pub fn tier_summary(c: &Computation, a: &crate::allocate::AllocationResult) -> Sheet {
    let names: Vec<String> = match &c.formula.tiers {
        Some(t) => {
            let mut v = t.names.clone();
            v.push(if t.missing_name.is_empty() { "(no tier)".to_string() } else { t.missing_name.clone() });
            v
        }
        None => vec!["(no tier)".to_string()],
    };
    let k = names.len();
    let mut schools = vec![0i64; k];
    let mut pupils = vec![0.0; k];
    let mut total = vec![0i64; k];
    for r in 0..c.len() {
        let t = c.tiers.as_ref().and_then(|t| t[r]).unwrap_or(k - 1);
        schools[t] += 1;
        pupils[t] += if a.pupils[r].is_nan() { 0.0 } else { a.pupils[r] };
        total[t] += a.total[r];
    }
    let mut rows = Vec::new();
    let per = |t: i64, p: f64| if p > 0.0 { Cell::Dollars(t as f64 / 100.0 / p) } else { Cell::Missing };
    for i in 0..k {
        if schools[i] == 0 && i == k - 1 {
            continue;
        }
        rows.push(vec![
            Cell::Text(names[i].clone()),
            Cell::Int(schools[i]),
            Cell::Num(pupils[i], None),
            Cell::Money(total[i]),
            per(total[i], pupils[i]),
        ]);
    }
    let (ts, tp, tt) = (schools.iter().sum::<i64>(), pupils.iter().sum::<f64>(), total.iter().sum::<i64>());
    rows.push(vec![Cell::Text("All schools".into()), Cell::Int(ts), Cell::Num(tp, None), Cell::Money(tt), per(tt, tp)]);
    Sheet { name: "by_tier".into(), columns: vec!["tier".into(), "schools".into(), "pupils".into(), "total".into(), "per_pupil".into()], rows }
}

/// An aligned plain-text table for terminals (money with thousands separators).
pub fn to_text(sheet: &Sheet) -> String {
    let cells: Vec<Vec<String>> = sheet.rows.iter().map(|r| r.iter().map(human_text).collect()).collect();
    let mut width: Vec<usize> = sheet.columns.iter().map(|c| c.chars().count()).collect();
    for r in &cells {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    let line = |vals: &[String], s: &mut String| {
        let parts: Vec<String> =
            vals.iter().zip(&width).enumerate().map(|(j, (v, w))| if j == 0 { format!("{v:<w$}") } else { format!("{v:>w$}") }).collect();
        s.push_str(parts.join("  ").trim_end());
        s.push('\n');
    };
    line(&sheet.columns, &mut s);
    let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, &mut s);
    for r in &cells {
        line(r, &mut s);
    }
    s
}

/// An Excel workbook: one sheet per table (numbers as numbers, money in dollars with a
/// currency format, frozen header row) and a `metadata` sheet.
#[cfg(feature = "xlsx")]
pub fn to_xlsx(sheets: &[&Sheet], meta: &Meta) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let wrap = |e: rust_xlsxwriter::XlsxError| Error::io("xlsx", &std::io::Error::other(e.to_string()), "");
    let mut wb = Workbook::new();
    // A fixed creation date keeps the workbook byte-identical across runs.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(wrap)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(&meta.formula)
            .set_comment(format!("seni {} formula hash {}", meta.version, meta.formula_hash)),
    );
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("$#,##0.00");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).map_err(wrap)?;
        for (j, c) in s.columns.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, neutralise(c), &bold).map_err(wrap)?;
        }
        for (i, r) in s.rows.iter().enumerate() {
            let row = (i + 1) as u32;
            for (j, c) in r.iter().enumerate() {
                let col = j as u16;
                match c {
                    Cell::Text(t) => ws.write_string(row, col, neutralise(t)).map(|_| ()),
                    Cell::Num(x, d) => ws.write_number(row, col, d.map(|d| crate::normalise::round_half_up(*x, d)).unwrap_or(*x)).map(|_| ()),
                    Cell::Dollars(x) => ws.write_number(row, col, crate::normalise::round_half_up(*x, 2)).map(|_| ()),
                    Cell::Int(v) => ws.write_number(row, col, *v as f64).map(|_| ()),
                    Cell::Money(m) => ws.write_number_with_format(row, col, *m as f64 / 100.0, &money).map(|_| ()),
                    Cell::Missing => Ok(()),
                }
                .map_err(wrap)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(wrap)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("metadata").map_err(wrap)?;
    let lines = meta.lines();
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, k).map_err(wrap)?;
        ws.write_string(i as u32, 1, neutralise(v)).map_err(wrap)?;
    }
    for (i, w) in meta.warnings.iter().enumerate() {
        let row = (lines.len() + i) as u32;
        ws.write_string(row, 0, "warning").map_err(wrap)?;
        ws.write_string(row, 1, neutralise(w)).map_err(wrap)?;
    }
    wb.save_to_buffer().map_err(wrap)
}
