//! The report of a run, laid out from the outputs of its analyses: the findings and the key
//! picture first, then the what-if panel, the details (money, progressivity, discipline, years,
//! the map, the highest-need school, every school) and the method last.

use super::html::{Content, Section, table};
use rayon::prelude::*;
use seni::allocate::AllocationResult;
use seni::analysis::audit::student_groups;
use seni::analysis::explain::explain;
use seni::analysis::trend::trend;
use seni::chart::{Chart, ChartKind, Look, Size};
use seni::error::Result;
use seni::export::Meta;
use seni::format::thousands;
use seni::index::{Computation, compute};
use seni::outputs::{self, Outputs};
use seni::table::{Table, TableName};

/// Rows shown at a time in long tables.
const PAGE: usize = 15;

/// Rows of the every-school table written into the page (a larger district's full table is
/// one click away: Download CSV).
const EVERY_ROWS: usize = 5000;

/// The analyses of a run a report lays out.
pub(super) struct Analyses<'a> {
    pub(super) c: &'a Computation,
    pub(super) a: Option<&'a AllocationResult>,
    pub(super) compute: Outputs<'a>,
    pub(super) allocate: Option<Outputs<'a>>,
    pub(super) audit: Option<Outputs<'a>>,
    pub(super) trend: Option<Outputs<'a>>,
}

impl<'a> Analyses<'a> {
    pub(super) fn of(c: &'a Computation, a: Option<&'a AllocationResult>) -> Result<Analyses<'a>> {
        let groups = student_groups(c, &[])?;
        Ok(Analyses {
            c,
            a,
            compute: outputs::compute(c),
            allocate: a.map(|a| outputs::allocate(c, a)),
            audit: outputs::audit(c, a, &groups, None).ok(),
            trend: years(c)?,
        })
    }

    /// Three to five sentences (each with the output it comes from, e.g. `allocate/findings/0`):
    /// the money, how it follows need, discipline, the years.
    pub(super) fn headlines(&self) -> Vec<(String, String)> {
        let from = |name: &str, o: &Outputs, skip: usize, take: usize| -> Vec<(String, String)> {
            let lines = o.findings().iter().enumerate().skip(skip).take(take);
            lines.map(|(i, l)| (format!("{name}/findings/{i}"), l.clone())).collect()
        };
        let mut lines = Vec::new();
        match &self.allocate {
            Some(o) => lines.extend(from("allocate", o, 0, 2)),
            None => lines.extend(from("compute", &self.compute, 0, usize::MAX)),
        }
        if let Some(o) = &self.audit {
            lines.extend(from("audit", o, 0, 3));
        }
        if let Some(o) = &self.trend {
            lines.extend(from("trend", o, 1, 1));
        }
        lines.truncate(5);
        lines
    }

    /// The one picture that says most: money per pupil by tier, else the index distribution.
    pub(super) fn key_picture(&self) -> Option<&Chart> {
        let kind = if self.allocate.is_some() {
            ChartKind::PerPupilByTier
        } else {
            ChartKind::IndexDistribution
        };
        self.allocate
            .iter()
            .chain([&self.compute])
            .flat_map(|o| o.charts())
            .find(|c| c.kind() == kind)
    }

    /// Every section after the findings and the what-if panel, in reading order.
    pub(super) fn details(&self, look: &Look) -> Result<Vec<Section>> {
        let mut sections = Vec::new();
        if let Some(o) = &self.allocate {
            sections.push(money(o, look)?);
        }
        if let Some(o) = &self.audit {
            sections.extend(progressive(o, look)?);
            sections.extend(discipline(o, look)?);
        }
        if let Some(o) = &self.trend {
            sections.push(charts_and_tables(
                "years",
                "Over the years",
                o,
                look,
                &[TableName::TierChanges],
            )?);
        }
        if let Some(map) = self.compute.charts().iter().find(|c| c.kind() == ChartKind::SchoolMap) {
            let mut s = Section::new("map", format!("Where the {} are", self.c.unit_plural()));
            s.chart(map, look)?;
            sections.push(s);
        }
        sections.extend(self.top_school(look)?);
        sections.push(self.every_school());
        Ok(sections)
    }

    fn top_school(&self, look: &Look) -> Result<Option<Section>> {
        let Some(top) = self.c.top_school() else { return Ok(None) };
        let e = explain(self.c, self.a, top);
        let o = outputs::explain(self.c, &e);
        let mut s =
            Section::new("top", format!("The highest-need {}: {}", self.c.unit(), e.name()));
        s.heading_from = Some("headings/top".into());
        for (i, line) in o.findings().iter().enumerate() {
            s.said(line, Content::Output(&format!("top/findings/{i}")));
        }
        for chart in o.charts() {
            s.chart(chart, look)?;
        }
        Ok(Some(s))
    }

    fn every_school(&self) -> Section {
        let o = self.allocate.as_ref().unwrap_or(&self.compute);
        let t = o.tables().next().expect("a per-school table");
        let shown = t.len().min(EVERY_ROWS);
        let rows = (0..shown).map(|i| t.row(i).into_owned()).collect();
        let table = Table { name: t.name().to_string(), columns: t.columns().to_vec(), rows };
        let mut s = Section::new("every", format!("Every {}", self.c.unit()));
        s.table(&table, "", PAGE, Content::Output("every"));
        if shown < t.len() {
            s.said(
                &format!(
                    "The first {} of {} {}; Download CSV in the what-if panel (or seni allocate) gives them all.",
                    thousands(shown as u64),
                    thousands(t.len() as u64),
                    self.c.unit_plural()
                ),
                Content::Drawn,
            );
        }
        s
    }
}

/// The earlier periods computed with this formula, as a trend, when the data have periods.
fn years(c: &Computation) -> Result<Option<Outputs<'static>>> {
    if c.district().history().is_empty() {
        return Ok(None);
    }
    let mut runs: Vec<Computation> = c
        .district()
        .history()
        .par_iter()
        .map(|d| compute(c.formula(), (**d).clone()))
        .collect::<Result<_>>()?;
    runs.push(c.clone());
    let t = trend(&runs);
    Ok(outputs::trend(&t, &runs, None))
}

/// "Where the money goes": money by tier, programs and hold-harmless.
fn money(o: &Outputs, look: &Look) -> Result<Section> {
    let mut s = Section::new("money", "Where the money goes");
    // The findings after the two headlines: each program, hold-harmless and budget line.
    for (i, line) in o.findings().iter().enumerate().skip(2) {
        s.said(line, Content::Output(&format!("allocate/findings/{i}")));
    }
    for chart in o.charts().iter().filter(|c| c.kind() == ChartKind::AllocationByTier) {
        s.chart(chart, look)?;
    }
    if let Some(t) = o.table(TableName::ByTier) {
        s.table(&t.materialise(), "Money by tier", 0, Content::Output("allocate/by_tier"));
    }
    Ok(s)
}

/// "Is it progressive?": the concentration curve, money by need quintile and by group.
fn progressive(o: &Outputs, look: &Look) -> Result<Option<Section>> {
    let Some(q) = o.table(TableName::ByNeedQuintile) else { return Ok(None) };
    let mut s = Section::new("progressive", "Is it progressive?");
    let wanted = [ChartKind::ConcentrationCurve, ChartKind::PerPupilByGroup];
    for chart in o.charts().iter().filter(|c| wanted.contains(&c.kind())) {
        s.chart(chart, look)?;
    }
    let caption = "Dollars per pupil by need quintile of schools";
    s.table(&q.materialise(), caption, 0, Content::Output("audit/by_need_quintile"));
    if let Some(g) = o.table(TableName::Groups).filter(|g| !g.is_empty()) {
        let caption = "What the average student of each group receives";
        s.table(&g.materialise(), caption, 0, Content::Output("audit/groups"));
    }
    Ok(Some(s))
}

/// "Discipline and police contact": one rate table per outcome (no column repeats the
/// outcome), the risk-ratio charts and the schools with the largest gaps.
fn discipline(o: &Outputs, look: &Look) -> Result<Option<Section>> {
    let Some(rates) = o.table(TableName::DisciplineRates) else { return Ok(None) };
    let mut s = Section::new("discipline", "Discipline and police contact by student group");
    for (i, line) in o.findings().iter().enumerate().skip(2) {
        s.said(line, Content::Output(&format!("audit/findings/{i}")));
    }
    for (outcome, t) in by_outcome(&rates.materialise()) {
        s.table(&t, &outcome, 0, Content::Drawn);
    }
    for chart in o.charts().iter().filter(|c| c.kind() == ChartKind::RiskRatios) {
        s.chart(chart, look)?;
    }
    if let Some(g) = o.table(TableName::DisciplineGaps) {
        let caption = "The schools with the largest gaps";
        s.table(&g.materialise(), caption, PAGE, Content::Output("audit/discipline_gaps"));
    }
    if let Some(m) = o.table(TableName::DisciplineMoney) {
        let caption = "The money reaching them";
        s.table(&m.materialise(), caption, 0, Content::Output("audit/discipline_money"));
    }
    Ok(Some(s))
}

/// The all-schools rows of the rates table, one table per outcome, without the area and
/// outcome columns.
fn by_outcome(rates: &Table) -> Vec<(String, Table)> {
    let col = |name: &str| rates.columns.iter().position(|c| c == name);
    let (Some(area), Some(outcome)) = (col("area"), col("outcome")) else { return Vec::new() };
    let keep: Vec<usize> =
        (0..rates.columns.len()).filter(|j| *j != area && *j != outcome).collect();
    let mut out: Vec<(String, Table)> = Vec::new();
    for r in rates.rows.iter().filter(|r| r[area].text("") == "All schools") {
        let name = r[outcome].text("");
        if out.last().is_none_or(|(n, _)| *n != name) {
            let columns = keep.iter().map(|j| rates.columns[*j].clone()).collect();
            out.push((name.clone(), Table { name: name.clone(), columns, rows: Vec::new() }));
        }
        let row = keep.iter().map(|j| r[*j].clone()).collect();
        out.last_mut().expect("just pushed").1.rows.push(row);
    }
    out
}

/// A section of an analysis's findings, charts and the named tables.
fn charts_and_tables(
    id: &str,
    heading: &str,
    o: &Outputs,
    look: &Look,
    tables: &[TableName],
) -> Result<Section> {
    let mut s = Section::new(id, heading);
    for (i, line) in o.findings().iter().enumerate() {
        s.said(line, Content::Output(&format!("{id}/findings/{i}")));
    }
    for chart in o.charts() {
        s.chart(chart, look)?;
    }
    for &name in tables {
        if let Some(t) = o.table(name) {
            let content = Content::Output(&format!("{id}/{}", name.as_str()));
            s.table(&t.materialise(), "", PAGE, content);
        }
    }
    Ok(s)
}

/// "How this index is made": the method, the notes and the data, last.
pub(super) fn method(c: &Computation) -> Section {
    let f = &c.formula();
    let mut s = Section::new("method", "Appendix: how this index is made");
    s.para(&format!("{} — {}", f.title(), f.description()));
    if !f.method_source().is_empty() {
        s.para(&format!("Method: {}", f.method_source()));
    }
    for note in f.notes() {
        s.para(note);
    }
    let rows = f
        .indicators()
        .iter()
        .map(|i| {
            use seni::table::Cell;
            vec![
                Cell::Text(i.label.clone()),
                Cell::Text(f.domains()[i.parent].label.clone()),
                Cell::Text(format!("{:?}", i.direction).to_lowercase()),
                Cell::Text(i.normaliser.describe()),
            ]
        })
        .collect();
    let t = Table::new(
        TableName::Indicators,
        &["indicator", "domain", "direction", "normalised"],
        rows,
    );
    s.body.push_str(&table(&t, "The indicators", 0, Content::Drawn));
    let rows = thousands(c.len() as u64);
    s.para(&format!("{rows} {} from {}.", c.unit_plural(), c.district().source()));
    for note in c.district().notes() {
        s.para(note);
    }
    s
}

/// The look of the page's charts: their own size, the run's provenance footer.
pub(super) fn look(c: &Computation) -> Look {
    Look::of(&Meta::of(c), Size::Natural)
}
