//! The page's session: the formula and data it opened, the run as shipped, and the run with the
//! page's controls; each [`Request`] answered with its typed answer.

use crate::contract::{
    Control, Explained, FileOut, FileText, FormulaInfo, Found, Opened, PageError, Request, RunView,
};
use crate::controls::{Applied, Source, apply};
use crate::errors::{bad_request, nothing_open, page_error};
use crate::knobs::{changes_in_words, page_knobs};
use crate::story::story;
use crate::table::{Shape, page_table};
use crate::view::{Curve, SCHOOL_COLUMNS, Setting, concentration_of, run_view};
use seni::analysis::explain::find_school;
use seni::export::Format;
use seni::formula::{Change, scenario_toml};
use seni::table::TableName;
use seni::{District, Error, Formula, FormulaSource, Run, outputs};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// An answer: one shape per request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// To [`Request::Open`].
    Opened(Box<Opened>),
    /// To [`Request::Run`].
    Ran(Box<RunView>),
    /// To [`Request::Explain`].
    Explained(Explained),
    /// To [`Request::Scenario`] and [`Request::Csv`].
    File(FileOut),
    /// To [`Request::Find`].
    Found(Found),
}

/// The envelope on the wire: `{"ok": true, …answer}` or `{"ok": false, "error": {…}}`.
#[derive(Serialize)]
#[serde(untagged)]
enum Envelope {
    Ok {
        ok: bool,
        #[serde(flatten)]
        answer: Answer,
    },
    Err {
        ok: bool,
        error: PageError,
    },
}

/// The state between calls.
struct Session {
    src: Source,
    data: Vec<FileText>,
    base: Run,
    base_concentration: Option<Curve>,
    current: Option<(Vec<Change>, Run)>,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// The JSON answer to a JSON request.
pub fn answer(request: &[u8]) -> String {
    let result = match serde_json::from_slice::<Request>(request) {
        Ok(r) => respond(r),
        Err(e) => Err(bad_request(&e)),
    };
    let envelope = match result {
        Ok(answer) => Envelope::Ok { ok: true, answer },
        Err(error) => Envelope::Err { ok: false, error },
    };
    serde_json::to_string(&envelope).expect("answers serialise")
}

/// The typed answer to a request.
pub fn respond(request: Request) -> Result<Answer, PageError> {
    if let Request::Open { bundled, formula, scenarios, data, story } = request {
        let source = match (bundled, formula) {
            (_, Some(f)) => FormulaSource::Text { origin: f.name, text: f.text },
            (Some(name), None) => FormulaSource::Bundled(name),
            (None, None) => {
                return Err(page_error(&Error::usage(
                    "no formula",
                    "choose a formula file (.toml)",
                )));
            }
        };
        let scenarios = scenarios.into_iter().map(|s| (s.name, s.text)).collect();
        return open(source, scenarios, data, story).map(|o| Answer::Opened(Box::new(o)));
    }
    SESSION.with(|s| {
        let mut guard = s.borrow_mut();
        let session = guard.as_mut().ok_or_else(nothing_open)?;
        let result = match request {
            Request::Run { controls } => session.run(&controls).map(|v| Answer::Ran(Box::new(v))),
            Request::Explain { school } => session.explain(&school).map(Answer::Explained),
            Request::Scenario => Ok(Answer::File(session.scenario())),
            Request::Csv => session.csv().map(Answer::File),
            Request::Find { query } => Ok(Answer::Found(session.find(&query))),
            Request::Open { .. } => unreachable!("answered above"),
        };
        result.map_err(|e| page_error(&e))
    })
}

fn open(
    source: FormulaSource,
    scenarios: Vec<(String, String)>,
    data: Vec<FileText>,
    with_story: bool,
) -> Result<Opened, PageError> {
    let opened = (|| {
        let shipped = Formula::load_texts(&source, &scenarios, &[])?;
        let base = seni::run(&shipped, read(&shipped, &data)?)?;
        let base_concentration = concentration_of(base.computation(), &base)?;
        let src = Source { source, scenarios, shipped };
        let session = Session { src, data, base, base_concentration, current: None };
        let view = session.view(&session.base, &Applied::none(&session.src))?;
        let c = session.base.computation();
        let f = c.formula();
        let opened = Opened {
            formula: FormulaInfo {
                name: f.name().to_string(),
                title: f.title().to_string(),
                hash: f.hash().to_string(),
                scenarios: f.scenarios().to_vec(),
            },
            data: c.district().source().to_string(),
            story: if with_story { Some(story(&session.base)?) } else { None },
            run: view,
        };
        Ok::<_, Error>((opened, session))
    })();
    let (opened, session) = opened.map_err(|e| page_error(&e))?;
    SESSION.with(|s| *s.borrow_mut() = Some(session));
    Ok(opened)
}

/// The data files read for a formula (several are joined by id onto the first).
fn read(formula: &Formula, data: &[FileText]) -> seni::Result<District> {
    let sources: Vec<(&str, &[u8])> =
        data.iter().map(|f| (f.name.as_str(), f.text.as_bytes())).collect();
    if sources.is_empty() {
        return Err(Error::usage("no data", "choose a data file (.csv)"));
    }
    // Student-group count columns are read too, for the audit (the one rule: `*_count`).
    District::from_csv_sources(&sources, formula, &|name| seni::formula::is_group_column(name, &[]))
}

impl Session {
    fn run(&mut self, controls: &[Control]) -> seni::Result<RunView> {
        let mut applied = apply(&self.src, controls);
        let run = loop {
            match self.run_with(&applied.formula) {
                Ok(run) => break run,
                // The data cannot take the last control (e.g. a budget under the floors): leave
                // it out, say why, and run the rest.
                Err(e) if !applied.accepted.is_empty() => applied.reject_last(&self.src, e)?,
                Err(e) => return Err(e),
            }
        };
        let view = self.view(&run, &applied)?;
        self.current = Some((applied.changes, run));
        Ok(view)
    }

    fn run_with(&self, formula: &Formula) -> seni::Result<Run> {
        let base = self.base.computation();
        let c = if formula.columns().eq(base.formula().columns()) {
            // Weights alone keep the normalised values: only the aggregates are redone.
            seni::index::recompute(base, formula)?
        } else {
            seni::compute(formula, read(formula, &self.data)?)?
        };
        Run::of(c)
    }

    fn view(&self, run: &Run, applied: &Applied) -> seni::Result<RunView> {
        let knobs = page_knobs(&self.src, applied);
        let setting = Setting {
            command: self.equity_command(),
            changes: changes_in_words(applied, &knobs),
            knobs,
            rejected: applied.rejected.clone(),
            base_concentration: self.base_concentration.as_ref(),
        };
        run_view(&self.base, run, setting)
    }

    /// `seni equity -f NAME -d FILE …` for this page's formula and data (bundled data need no
    /// file); None when the formula is not bundled or has scenarios stacked on it (their files
    /// are not the page's to name).
    fn equity_command(&self) -> Option<String> {
        let FormulaSource::Bundled(name) = &self.src.source else { return None };
        if !self.src.scenarios.is_empty() {
            return None;
        }
        let data: String = self
            .data
            .iter()
            .filter(|d| !d.name.ends_with(" (bundled)"))
            .map(|d| format!(" -d {}", d.name))
            .collect();
        Some(format!("seni equity -f {name}{data}"))
    }

    fn current(&self) -> &Run {
        self.current.as_ref().map_or(&self.base, |(_, r)| r)
    }

    fn stem(&self) -> String {
        format!("what-if-{}", self.current().computation().formula().hash())
    }

    fn explain(&self, school: &str) -> seni::Result<Explained> {
        let run = self.current();
        let c = run.computation();
        let row = find_school(c, school)?;
        let e = seni::explain(c, run.allocation(), row);
        let o = outputs::explain(c, &e);
        Ok(Explained { school: e.name().to_string(), text: o.text().to_string() })
    }

    fn scenario(&self) -> FileOut {
        let changes = self.current.as_ref().map(|c| c.0.as_slice()).unwrap_or(&[]);
        let name = format!("what if ({})", self.src.shipped.name());
        FileOut { file: format!("{}.toml", self.stem()), text: scenario_toml(&name, changes) }
    }

    fn find(&self, query: &str) -> Found {
        // The id rule's normal form (NFC): an accent typed either way finds the school.
        let q = seni::grammar::nfc(query.trim()).to_lowercase();
        let run = self.current();
        let cmp = seni::analysis::compare::compare_schools(&self.base, run);
        let o = outputs::compare(&cmp, &self.base, run);
        let t = o.table(TableName::Changes).expect("a comparison has its changes");
        let hits = (0..t.len())
            .filter(|&i| t.row(i).iter().take(2).any(|c| c.text("").to_lowercase().contains(&q)))
            .take(50);
        let shape = Shape { keep: &SCHOOL_COLUMNS, id: Some("id"), compared: true };
        Found { table: page_table(t, &shape, hits) }
    }

    fn csv(&self) -> seni::Result<FileOut> {
        let run = self.current();
        let Some(a) = run.allocation() else {
            return Err(Error::usage("this formula allocates no money", "choose one that does"));
        };
        let o = outputs::allocate(run.computation(), a);
        let bytes = Format::Csv.render(&o.document(true))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(FileOut { file: format!("{}-allocation.csv", self.stem()), text })
    }
}
