//! `seni equity`: is the money fair? The school-finance equity statistics of a run's
//! allocation, of money columns of the data (today's revenue), or of a baseline against a
//! proposal — for every row and each area, with 90% intervals from survey error.

use super::args::{ChartArgs, OutArgs, RunArgs};
use super::io::{chart_dir, finish};
use super::load::{budget_change, resolve_run};
use clap::Args as ClapArgs;
use seni::analysis::equity::{EquityOptions, equity};
use seni::error::{Error, Result};
use seni::export::OutputFiles;
use seni::formula::{Change, MoneyPart, Origin, Value, money_label};
use seni::outputs;

// Options of `seni equity`.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// With one: the proposal, against the --formula (`base`); with two: the baseline and the
    /// proposal. Each is `base`, a bundled formula, a formula file or a scenario file.
    #[arg(num_args = 0..=2, value_name = "RUN")]
    runs: Vec<String>,
    /// Formula, data and scenario options (the base of both runs).
    #[command(flatten)]
    run: RunArgs,
    /// Budget of the main program in dollars.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    budget: Option<String>,
    /// The money: data columns added together (dollars per pupil), `allocation`, or
    /// `program:ID`, e.g. --money state_per_child+local_per_child. Default: the formula's
    /// [equity] money, else its allocation.
    #[arg(long, value_name = "COLUMN[+COLUMN]")]
    money: Option<String>,
    /// The money columns are totals (dollars), divided by the pupils.
    #[arg(long)]
    money_total: bool,
    /// What the money is, in words (for the findings).
    #[arg(long, value_name = "TEXT")]
    label: Option<String>,
    /// The pupils column each row weighs (default: the allocation's pupils, else the enrolment).
    #[arg(long, value_name = "COLUMN")]
    per: Option<String>,
    /// Divide the money by this cost index (1 = average), e.g. a comparable wage index.
    #[arg(long, value_name = "COLUMN")]
    cost_adjust: Option<String>,
    /// Poverty: a percentage of the pupils (or a *_count column), with its margin-of-error
    /// column after a colon for intervals, e.g. --poverty pct_pov or --poverty pct_CD:CD_MOE.
    #[arg(long, value_name = "COLUMN[:MOE]")]
    poverty: Option<String>,
    /// Extra weight of a poor pupil in the quartile gap (Education Trust's 0.4).
    #[arg(long, value_name = "WEIGHT")]
    poverty_weight: Option<f64>,
    /// A wealth column (e.g. property value per pupil) for fiscal neutrality.
    #[arg(long, value_name = "COLUMN")]
    wealth: Option<String>,
    /// Columns held at their means in the regression of money on poverty.
    #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
    controls: Vec<String>,
    /// The areas: a text column the statistics are also computed within (default: the
    /// formula's [equity] by, else its [data] group).
    #[arg(long, value_name = "COLUMN")]
    by: Option<String>,
    /// A student group (besides the formula's; one of the same label is replaced):
    /// LABEL=COLUMN[+COLUMN][:MOE], percentages of the pupils or *_count columns, e.g. --group
    /// "Black and Latino=black_count+latino_count".
    #[arg(long, value_name = "LABEL=COLUMNS")]
    group: Vec<String>,
    /// 90% intervals: draw every share with a margin of error, as `seni sensitivity
    /// --estimates` draws it.
    #[arg(long)]
    estimates: bool,
    /// Number of draws (default: the formula's, else 1,000).
    #[arg(long)]
    draws: Option<usize>,
    /// Random seed (default: the formula's, else 2026; the same as sensitivity's).
    #[arg(long)]
    seed: Option<u64>,
    /// Output options.
    #[command(flatten)]
    out: OutArgs,
    /// Charts: directory and size.
    #[command(flatten)]
    charts: ChartArgs,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let mut files = OutputFiles::default();
    let output = args.out.validate("equity", &args.run.data, &mut files)?;
    chart_dir(&args.charts, &mut files)?;
    if (args.draws.is_some() || args.seed.is_some()) && !args.estimates {
        return Err(Error::usage("--draws and --seed are for the intervals", "add --estimates"));
    }
    let mut changes = budget_change(args.budget.as_deref())?;
    changes.extend(equity_changes(args)?);
    let specs: Vec<&str> = match args.runs.as_slice() {
        [] => vec!["base"],
        [proposal] => vec!["base", proposal],
        [baseline, proposal] => vec![baseline, proposal],
        _ => unreachable!("clap takes at most two runs"),
    };
    let runs =
        specs.iter().map(|s| resolve_run(s, &args.run, &changes)).collect::<Result<Vec<_>>>()?;
    let refs: Vec<&seni::Run> = runs.iter().collect();
    let opts = EquityOptions { estimates: args.estimates, draws: args.draws, seed: args.seed };
    let e = equity(&refs, &opts)?;
    let o = outputs::equity(&e, &refs);
    finish(&output, &o, &args.charts, files, "")
}

/// The options as changes of `[equity]`, each named by its flag.
fn equity_changes(args: &Args) -> Result<Vec<Change>> {
    let flag = |name: &str, v: &str| Origin::Flag(format!("--{name} {v}"));
    let mut out = Vec::new();
    if let Some(m) = &args.money {
        out.push(Change::new("equity.money", columns(m, "--money")?, flag("money", m))?);
        if args.label.is_none() {
            // The formula's label names its own money, not this.
            let parts: Vec<MoneyPart> = m.split('+').filter_map(MoneyPart::parse).collect();
            let label = money_label(&parts, args.money_total);
            out.push(Change::new("equity.label", label, flag("money", m))?);
        }
    }
    if args.money_total {
        out.push(Change::new("equity.money_is", "total", Origin::Flag("--money-total".into()))?);
    }
    for (key, name, value) in [
        ("label", "label", &args.label),
        ("pupils", "per", &args.per),
        ("cost", "cost-adjust", &args.cost_adjust),
        ("wealth", "wealth", &args.wealth),
        ("by", "by", &args.by),
    ] {
        if let Some(v) = value {
            out.push(Change::new(&format!("equity.{key}"), v.as_str(), flag(name, v))?);
        }
    }
    if let Some(p) = &args.poverty {
        out.push(Change::new("equity.poverty", share("--poverty", p)?, flag("poverty", p))?);
    }
    if let Some(w) = args.poverty_weight {
        let text = w.to_string();
        out.push(Change::new("equity.poverty_weight", w, flag("poverty-weight", &text))?);
    }
    if !args.controls.is_empty() {
        let list: Vec<Value> = args.controls.iter().map(|c| Value::from(c.trim())).collect();
        let origin = flag("controls", &args.controls.join(","));
        out.push(Change::new("equity.controls", list, origin)?);
    }
    if !args.group.is_empty() {
        let mut groups = toml::Table::new();
        for g in &args.group {
            let Some((label, spec)) = g.split_once('=') else {
                return Err(Error::usage(
                    format!("--group {g} is not LABEL=COLUMNS"),
                    "e.g. --group \"Black and Latino=black_count+latino_count\"",
                ));
            };
            groups.insert(label.trim().to_string(), share(&format!("--group {g}"), spec)?);
        }
        out.push(Change::new(
            "equity.groups",
            groups,
            flag("group", &args.group.join(" --group ")),
        )?);
    }
    Ok(out)
}

/// `a+b` as a list of column names.
fn columns(spec: &str, option: &str) -> Result<Value> {
    let parts: Vec<&str> = spec.split('+').map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(Error::usage(
            format!("{option} {spec} has an empty column name"),
            format!("write {option} COLUMN or {option} COLUMN+COLUMN"),
        ));
    }
    Ok(Value::Array(parts.into_iter().map(Value::from).collect()))
}

/// `COLUMN[+COLUMN][:MOE]` as an `[equity]` share: `*_count` columns are counts of pupils,
/// others percentages of them.
fn share(option: &str, spec: &str) -> Result<Value> {
    let (cols, moe) = match spec.split_once(':') {
        Some((c, m)) => (c, Some(m.trim())),
        None => (spec, None),
    };
    let list = columns(cols, option)?;
    let names: Vec<&str> =
        list.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let counts = names.iter().filter(|c| c.ends_with("_count")).count();
    if counts > 0 && counts < names.len() {
        return Err(Error::usage(
            format!("{option} mixes counts (*_count) and percentages"),
            "add up columns of one kind: counts of pupils, or percentages of them",
        ));
    }
    let counts = counts > 0;
    let mut t = toml::Table::new();
    t.insert(if counts { "count" } else { "share" }.into(), list);
    if let Some(m) = moe {
        if m.is_empty() {
            return Err(Error::usage(
                format!("{option} has no column after ':'"),
                format!("write {option} COLUMN:MOE_COLUMN"),
            ));
        }
        t.insert("moe".into(), Value::from(m));
    }
    Ok(Value::Table(t))
}
