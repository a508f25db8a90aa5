//! The page's controls as changes to the formula. Each control sets one knob (`Formula::knobs`);
//! what a person typed is read as the command line reads `--set KEY=TEXT` (budgets with the
//! amount grammar, `900M`), never by the page. A control that cannot apply — a key the formula
//! has not, a value it refuses, a change that would leave it unusable — is left out with why,
//! and the others still apply.

use crate::contract::{Control, Rejected};
use crate::errors::{control_error, not_a_setting};
use seni::formula::{Change, Knob, KnobKind, Origin, Value};
use seni::{Formula, FormulaSource};

/// The formula as shipped and how to load it again with changes.
pub(crate) struct Source {
    pub(crate) source: FormulaSource,
    pub(crate) scenarios: Vec<(String, String)>,
    pub(crate) shipped: Formula,
}

impl Source {
    /// The formula with these changes.
    pub(crate) fn load(&self, changes: &[Change]) -> seni::Result<Formula> {
        Formula::load_texts(&self.source, &self.scenarios, changes)
    }
}

/// Controls applied: the formula they make, its changes, and the controls left out.
pub(crate) struct Applied {
    pub(crate) formula: Formula,
    pub(crate) changes: Vec<Change>,
    /// Each control that applies, with its changes.
    pub(crate) accepted: Vec<(Control, Vec<Change>)>,
    pub(crate) rejected: Vec<Rejected>,
}

/// The controls applied in order: a later control of a knob replaces an earlier one, unless it
/// cannot apply (then the earlier one stays, and only the last control of a knob is reported).
pub(crate) fn apply(src: &Source, controls: &[Control]) -> Applied {
    let (accepted, mut rejected) = read_all(src, controls);
    let changes: Vec<Change> = accepted.iter().flat_map(|(_, c)| c.iter().cloned()).collect();
    if let Ok(formula) = src.load(&changes) {
        return Applied { formula, changes, accepted, rejected };
    }
    // Some control breaks the formula: add them one at a time and leave out each that does.
    let mut applied = Applied::none(src);
    for (control, changes) in accepted {
        let mut trial = applied.changes.clone();
        trial.extend(changes.iter().cloned());
        match src.load(&trial) {
            Ok(f) => {
                applied.formula = f;
                applied.changes = trial;
                applied.accepted.push((control, changes));
            }
            Err(e) => {
                let knob = knob_of(src, &applied.formula, control.key());
                let name = knob.as_ref().map_or(control.key().to_string(), knob_name);
                let error = control_error(e, control.key(), &name);
                applied.rejected.push(Rejected { control, error });
            }
        }
    }
    rejected.append(&mut applied.rejected);
    applied.rejected = rejected;
    applied
}

type Read = (Vec<(Control, Vec<Change>)>, Vec<Rejected>);

/// Each control read into its changes (a tier count against the formula so far); a control
/// replaces the accepted one of its knob.
fn read_all(src: &Source, controls: &[Control]) -> Read {
    let (mut accepted, mut rejected): Read = (Vec::new(), Vec::new());
    let mut formula = src.shipped.clone();
    for (i, c) in controls.iter().enumerate() {
        let last = !controls[i + 1..].iter().any(|o| o.key() == c.key());
        let Some(knob) = knob_of(src, &formula, c.key()) else {
            if last {
                rejected.push(Rejected { control: c.clone(), error: not_a_setting(c.key()) });
            }
            continue;
        };
        match changes_of(c, &knob, &formula) {
            Ok(changes) => {
                accepted.retain(|(o, _): &(Control, Vec<Change>)| o.key() != c.key());
                accepted.push((c.clone(), changes));
                if knob.kind == KnobKind::TierCount {
                    // The tiers' names and tier-valued knobs follow the count.
                    let so_far: Vec<Change> =
                        accepted.iter().flat_map(|(_, c)| c.iter().cloned()).collect();
                    formula = src.load(&so_far).unwrap_or(formula);
                }
            }
            Err(e) if last => {
                let error = control_error(e, c.key(), &knob_name(&knob));
                rejected.push(Rejected { control: c.clone(), error });
            }
            Err(_) => {}
        }
    }
    (accepted, rejected)
}

/// The knob a key sets: the formula's now, or (for an indicator or domain left out) as shipped.
pub(crate) fn knob_of(src: &Source, now: &Formula, key: &str) -> Option<Knob> {
    now.knobs().into_iter().chain(src.shipped.knobs()).find(|k| k.key == key)
}

/// A control's name in messages: `Weight of English learners`, `Budget of SENI allocation`.
pub(crate) fn knob_name(k: &Knob) -> String {
    match k.kind {
        KnobKind::Weight => format!("Weight of {}", k.label),
        KnobKind::Enabled => format!("Count {}", k.label),
        KnobKind::Budget => format!("Budget of {}", k.group),
        KnobKind::Rate => format!("Dollars per pupil in {} ({})", k.label, k.group),
        KnobKind::TierWeight => format!("Tier weight of {} ({})", k.label, k.group),
        KnobKind::Schedule => format!("{} {}", k.group, k.label),
        KnobKind::CountWeight => format!("Weight of {}", k.group),
        KnobKind::TierCount | KnobKind::HoldHarmless | KnobKind::Parameter | KnobKind::Target => {
            k.label.clone()
        }
    }
}

/// The changes one control makes.
fn changes_of(c: &Control, knob: &Knob, now: &Formula) -> seni::Result<Vec<Change>> {
    let origin = Origin::Control(knob_name(knob));
    let value = match c {
        Control::Typed { key, text } => {
            Change::parse(&format!("{key}={text}"), origin.clone())?.value().clone()
        }
        Control::Slider { value, .. } => number(*value),
        Control::Switch { on, .. } => match knob.kind {
            KnobKind::HoldHarmless if !on => Value::Integer(0),
            KnobKind::HoldHarmless => knob.value.clone(),
            _ => Value::Boolean(*on),
        },
    };
    match knob.kind {
        KnobKind::TierCount => {
            let k = value.as_integer().filter(|k| *k > 0).unwrap_or(0) as usize;
            now.tier_count_changes(k, origin)
        }
        // A weight of 0 leaves the indicator or domain out (weights must be positive).
        KnobKind::Weight if as_number(&value) == Some(0.0) => {
            Ok(vec![Change::new(&enabled_key(&knob.key), false, origin)?])
        }
        // A tier's value sets the program's whole list, in tier order: a list replaces the
        // formula's table (one named key would be merged into it, and after a tier count
        // change the old names would stay).
        KnobKind::TierWeight | KnobKind::Rate => {
            let base = knob.key.strip_suffix(&format!(".{}", knob.label)).unwrap_or(&knob.key);
            let list: Vec<Value> = now
                .knobs()
                .into_iter()
                .filter(|k| {
                    k.kind == knob.kind
                        && k.key.strip_suffix(&format!(".{}", k.label)) == Some(base)
                })
                .map(|k| if k.key == knob.key { value.clone() } else { k.value })
                .collect();
            Ok(vec![Change::new(base, Value::Array(list), origin)?])
        }
        _ => Ok(vec![Change::new(&knob.key, value, origin)?]),
    }
}

/// The switch beside a weight: `indicators.x.weight` → `indicators.x.enabled`.
pub(crate) fn enabled_key(weight_key: &str) -> String {
    format!("{}.enabled", weight_key.strip_suffix(".weight").unwrap_or(weight_key))
}

/// A number as a formula value: whole numbers as integers.
pub(crate) fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 { Value::Integer(x as i64) } else { Value::Float(x) }
}

/// A formula value's number, if it is one.
pub(crate) fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

impl Applied {
    /// No control: the formula as shipped.
    pub(crate) fn none(src: &Source) -> Applied {
        Applied {
            formula: src.shipped.clone(),
            changes: Vec::new(),
            accepted: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Leaves out the last control applied, because of `e` (the data could not take it).
    pub(crate) fn reject_last(&mut self, src: &Source, e: seni::Error) -> seni::Result<()> {
        let Some((control, _)) = self.accepted.pop() else { return Err(e) };
        let name = knob_of(src, &self.formula, control.key())
            .map_or(control.key().to_string(), |k| knob_name(&k));
        self.changes = self.accepted.iter().flat_map(|(_, c)| c.iter().cloned()).collect();
        self.formula = src.load(&self.changes)?;
        let error = control_error(e, control.key(), &name);
        self.rejected.push(Rejected { control, error });
        Ok(())
    }
}
