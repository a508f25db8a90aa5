//! The knobs the page draws, with their values now and as people read them (`seni::format`),
//! and the changes in words.

use crate::contract::PageKnob;
use crate::controls::{Applied, Source, as_number, enabled_key, knob_name};
use seni::format::{dollars, format_num, human, percent, whole_dollars};
use seni::formula::{Amount, Knob, KnobKind, Value};
use std::collections::HashMap;

/// The knobs of the formula as shipped (weights of indicators and domains, kept when one is
/// left out) and of the formula now (money and tiers: their names follow the tier count), each
/// with its value now.
pub(crate) fn page_knobs(src: &Source, applied: &Applied) -> Vec<PageKnob> {
    let shipped = src.shipped.knobs();
    let set: HashMap<String, Value> =
        applied.changes.iter().map(|c| (c.key(), c.value().clone())).collect();
    let on = |key: &str| set.get(key).and_then(Value::as_bool).unwrap_or(true);
    let weights = shipped.iter().filter(|k| is_weight(k.kind)).map(|k| {
        let now = match k.kind {
            KnobKind::Weight if !on(&enabled_key(&k.key)) => Value::Integer(0),
            KnobKind::Enabled => Value::Boolean(on(&k.key)),
            _ => set.get(&k.key).cloned().unwrap_or_else(|| k.value.clone()),
        };
        page_knob(k, &k.value, now)
    });
    let money = applied.formula.knobs().into_iter().filter(|k| !is_weight(k.kind)).map(|k| {
        let was = shipped.iter().find(|s| s.key == k.key).map_or(&k.value, |s| &s.value);
        let mut knob = page_knob(&k, was, k.value.clone());
        knob.changed |= !shipped.iter().any(|s| s.key == k.key);
        knob
    });
    weights.chain(money).collect()
}

fn is_weight(kind: KnobKind) -> bool {
    matches!(kind, KnobKind::Weight | KnobKind::Enabled)
}

fn page_knob(k: &Knob, shipped: &Value, now: Value) -> PageKnob {
    PageKnob {
        key: k.key.clone(),
        kind: k.kind,
        label: k.label.clone(),
        group: k.group.clone(),
        name: knob_name(k),
        shipped: json(shipped),
        shown: shown(k.kind, &now),
        changed: &now != shipped,
        value: json(&now),
    }
}

fn json(v: &Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// A knob's value as people read it: `$900,000,000`, `2`, `95%`, `left out`.
pub(crate) fn shown(kind: KnobKind, v: &Value) -> String {
    let Some(x) = as_number(v) else {
        return match v.as_bool() {
            Some(true) => "counted".into(),
            Some(false) => "left out".into(),
            None => v.to_string(),
        };
    };
    match kind {
        KnobKind::Budget | KnobKind::Rate => match Amount::dollars(x) {
            Ok(a) if a.cents() % 100 == 0 => whole_dollars(a.cents()),
            Ok(a) => dollars(a.cents()),
            Err(_) => human(x),
        },
        KnobKind::HoldHarmless if x == 0.0 => "off".into(),
        KnobKind::HoldHarmless => percent(x),
        // A state formula's numbers are shown exactly, as `--set` reads them back.
        KnobKind::Parameter | KnobKind::Schedule | KnobKind::CountWeight | KnobKind::Target => {
            format_num(x)
        }
        _ => human(x),
    }
}

/// Each applied control in words: `Budget of SENI allocation: $700,000,000 → $900,000,000`.
pub(crate) fn changes_in_words(applied: &Applied, knobs: &[PageKnob]) -> Vec<String> {
    applied
        .accepted
        .iter()
        .filter_map(|(c, _)| {
            let k = knobs.iter().find(|k| k.key == c.key())?;
            let toml: Value = serde_json::from_value(k.shipped.clone()).ok()?;
            let off = k.kind == KnobKind::Weight && k.value == serde_json::json!(0);
            let left_out = if off { " (left out)" } else { "" };
            Some(format!("{}: {} → {}{left_out}", k.name, shown(k.kind, &toml), k.shown))
        })
        .collect()
}
