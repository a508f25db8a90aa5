//! The page contract: every request the page sends and every answer it gets, as serde types.
//! A request is one JSON object tagged by `op`; an answer is `{"ok": true, …}` with the fields of
//! that request's answer, or `{"ok": false, "error": {…}}`. The page (`cli/src/report/page.js`)
//! mirrors these types in JSDoc; `web/tests/` checks each request against the engine.

use seni::chart::palette::Palette;
use seni::formula::KnobKind;
use serde::{Deserialize, Serialize};

/// A named text: a formula, scenario or data file the page was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileText {
    /// Its name in messages (e.g. `schools.csv`).
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// Open a formula (bundled name or text) with scenarios and data files; run it as shipped.
    Open {
        /// A bundled formula's name, or None with `formula`.
        bundled: Option<String>,
        /// A formula's text (the user's file).
        formula: Option<FileText>,
        /// Scenario files applied to it.
        #[serde(default)]
        scenarios: Vec<FileText>,
        /// Data files, joined by id onto the first.
        data: Vec<FileText>,
        /// Whether to tell the whole page's story too (own data: title, findings, tables).
        #[serde(default)]
        story: bool,
    },
    /// Run the opened formula with the controls' values, compared with the run as shipped.
    Run {
        /// The controls people set, in the order they set them (a later one wins).
        controls: Vec<Control>,
    },
    /// One school of the current run explained.
    Explain {
        /// Its id (or exact name).
        school: String,
    },
    /// The current what-if as a scenario file.
    Scenario,
    /// The current allocation as CSV (as `seni allocate` writes it).
    Csv,
    /// The rows of the current comparison whose id or name holds `query` (case ignored).
    Find {
        /// What to look for.
        query: String,
    },
}

/// One control as a person set it; the knob it sets is named by its key (`Formula::knobs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Control {
    /// What a person typed into a knob's box (or a link carried), read as the command line
    /// reads `--set KEY=TEXT`: budgets as amounts (`900M`), other values as TOML.
    Typed {
        /// The knob's key.
        key: String,
        /// The text as typed.
        text: String,
    },
    /// A slider's position (a weight of 0 leaves the indicator or domain out).
    Slider {
        /// The knob's key.
        key: String,
        /// The position.
        value: f64,
    },
    /// A checkbox: an indicator or domain counted, hold-harmless kept.
    Switch {
        /// The knob's key.
        key: String,
        /// Ticked.
        on: bool,
    },
}

impl Control {
    /// The key of the knob it sets.
    pub fn key(&self) -> &str {
        match self {
            Control::Typed { key, .. }
            | Control::Slider { key, .. }
            | Control::Switch { key, .. } => key,
        }
    }
}

/// A knob as the page draws it: the formula's knob with its name in words and its value now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageKnob {
    /// The key a change sets.
    pub key: String,
    /// What it sets.
    pub kind: KnobKind,
    /// Label, e.g. `English learners` or a tier's name.
    pub label: String,
    /// Group: a domain's label, a program's label, `Tiers`.
    pub group: String,
    /// The control's name in messages, e.g. `Weight of English learners`.
    pub name: String,
    /// The value in the formula as shipped (a number, or true for a switch).
    pub shipped: serde_json::Value,
    /// The value now.
    pub value: serde_json::Value,
    /// The value now, as people read it (`$900,000,000`, `2`, `95%`).
    pub shown: String,
    /// Whether it differs from the formula as shipped.
    pub changed: bool,
}

/// The formula a page opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormulaInfo {
    /// Name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Hash of the formula as shipped.
    pub hash: String,
    /// Scenario files applied to it.
    pub scenarios: Vec<String>,
}

/// The answer to [`Request::Open`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    /// The formula.
    pub formula: FormulaInfo,
    /// The data files' names, as the run names them.
    pub data: String,
    /// The run as shipped.
    pub run: RunView,
    /// The whole page's story (when asked).
    pub story: Option<Story>,
}

/// A table as a page shows it: its columns, and each cell as people read it (formatted by the
/// engine) with the number it sorts by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageTable {
    /// The table's name in the engine's outputs.
    pub name: String,
    /// Columns.
    pub columns: Vec<PageColumn>,
    /// Rows (at most what the page lists; `total` says how many there are).
    pub rows: Vec<PageRow>,
    /// Rows in the whole table.
    pub total: usize,
}

/// A column of a [`PageTable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageColumn {
    /// Name in the engine's outputs.
    pub name: String,
    /// Heading.
    pub label: String,
    /// A change: positive cells read as gains, negative as losses.
    pub signed: bool,
}

/// A row of a [`PageTable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRow {
    /// The school's id, when the row is one school (a click explains it).
    pub id: Option<String>,
    /// Cells.
    pub cells: Vec<PageCell>,
}

/// A cell: its text and, for numbers, the value it sorts by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageCell {
    /// As people read it.
    pub t: String,
    /// The number (money in dollars), None for text and missing.
    pub v: Option<f64>,
}

/// One tier's dollars per pupil as shipped and now, for the same schools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierBar {
    /// Tier name.
    pub tier: String,
    /// Its colour.
    pub colour: String,
    /// Dollars per pupil as shipped (the schools now in this tier).
    pub base: f64,
    /// Dollars per pupil now.
    pub now: f64,
    /// `base` as people read it.
    pub base_text: String,
    /// `now` as people read it.
    pub now_text: String,
}

/// Who gains and who loses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movers {
    /// The counts in one sentence.
    pub sentence: String,
    /// What the lists hold, e.g. "The 250 biggest gains of 351; nobody loses."
    pub note: String,
    /// The biggest gains, biggest first (only schools that gain).
    pub gains: PageTable,
    /// The biggest losses, biggest first (only schools that lose).
    pub losses: PageTable,
    /// Schools compared (any is one `find` away).
    pub total: usize,
}

/// How the money follows need: the concentration curves and their findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    /// The finding now.
    pub now_text: String,
    /// The finding as shipped.
    pub base_text: String,
    /// Share of the money against the share of pupils, highest need first: now.
    pub now: Vec<(f64, f64)>,
    /// As shipped.
    pub base: Vec<(f64, f64)>,
}

/// Schools on a map, by tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// Longitude, latitude and tier position of each school (a position past the tiers: none).
    pub points: Vec<(f64, f64, usize)>,
    /// The tiers (and the untiered) with their colours.
    pub legend: Vec<(String, String)>,
    /// What a point is, in the plural.
    pub unit: String,
}

/// A section of the what-if: a heading, sentences and tables, all from the engine's outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSection {
    /// Its id on the page (`tier_moves`).
    pub id: String,
    /// Heading.
    pub heading: String,
    /// Sentences, first.
    pub lines: Vec<String>,
    /// Tables, each with its caption.
    pub tables: Vec<(String, PageTable)>,
}

/// A control the run left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    /// The control as sent.
    pub control: Control,
    /// Why, in the page's words (its location names the control).
    pub error: PageError,
}

/// The run of the formula with the page's controls, against the run as shipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    /// Hash of the formula with the changes (with a solve, and the values it found: the hash
    /// in every output's metadata).
    pub hash: String,
    /// File names of downloads start with it: `what-if-` and the hash.
    pub stem: String,
    /// What is shown, in words: the formula and how many changes.
    pub line: String,
    /// One sentence for people using a screen reader: what the change did.
    pub status: String,
    /// The headline findings of this run.
    pub findings: Vec<String>,
    /// The changes in words, e.g. "Budget of SENI allocation: $700,000,000 → $900,000,000".
    pub changes: Vec<String>,
    /// The run's warnings.
    pub warnings: Vec<String>,
    /// The knobs to draw, with their values now.
    pub knobs: Vec<PageKnob>,
    /// Controls left out, each with why.
    pub rejected: Vec<Rejected>,
    /// What a row is: singular and plural.
    pub unit: (String, String),
    /// The colours to draw with.
    pub palette: Palette,
    /// Money by tier now, with the same schools as shipped.
    pub money: Option<PageTable>,
    /// Dollars per pupil by tier as shipped and now.
    pub bars: Vec<TierBar>,
    /// Who gains and who loses (None when nothing changed).
    pub movers: Option<Movers>,
    /// Further sections, each an analysis's sentences and tables (the page draws them alike):
    /// the tier moves, and any analysis added later.
    pub sections: Vec<PageSection>,
    /// How the money follows need.
    pub concentration: Option<Concentration>,
    /// Schools on a map.
    pub map: Option<MapView>,
}

/// The answer to [`Request::Explain`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explained {
    /// The school's name.
    pub school: String,
    /// The explanation as the command line prints it.
    pub text: String,
}

/// A file to save: [`Request::Scenario`] and [`Request::Csv`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileOut {
    /// Its name, with the what-if's hash.
    pub file: String,
    /// Its contents.
    pub text: String,
}

/// The answer to [`Request::Find`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    /// The matching rows (the first 50).
    pub table: PageTable,
}

/// The whole page's story of a run: what the report's sections say, by source. An element of
/// the page marked `data-source="allocate/findings/0"` shows `findings["allocate"][0]`; one
/// marked `data-source="audit/groups"` shows `tables["audit/groups"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// The page's title.
    pub title: String,
    /// Formula, hash, data and version in one line.
    pub meta: String,
    /// Each analysis's findings (`compute`, `allocate`, `audit`, `top`).
    pub findings: std::collections::BTreeMap<String, Vec<String>>,
    /// Each analysis's tables, by `analysis/name`.
    pub tables: std::collections::BTreeMap<String, PageTable>,
    /// Headings that name the data (`top`: the highest-need school).
    pub headings: std::collections::BTreeMap<String, String>,
}

/// Where a problem is: in a file (line, or row and column), at a formula key, or at a control.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLocation {
    /// File name.
    pub file: Option<String>,
    /// Line of a formula or scenario file.
    pub line: Option<usize>,
    /// Data row (the header not counted).
    pub row: Option<usize>,
    /// Data column.
    pub column: Option<String>,
    /// Formula key.
    pub key: Option<String>,
    /// The key of the page's control that caused it.
    pub control: Option<String>,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageProblem {
    /// Where.
    pub location: PageLocation,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
}

/// An error as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageError {
    /// `usage`, `formula`, `data`, `infeasible`, `io` or `interrupted`.
    pub kind: String,
    /// The whole error as the command line prints it (a control named in the page's words).
    pub text: String,
    /// Every problem.
    pub problems: Vec<PageProblem>,
}
