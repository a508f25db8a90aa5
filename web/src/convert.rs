//! JSON in and out: a control's value as a formula value, and an analysis's outputs as the
//! command line's JSON document (the tables and charts the page draws) with its findings.

use seni::chart::ChartKind;
use seni::formula::Value as FormulaValue;
use seni::outputs::Outputs;
use serde_json::Value;

/// A JSON value from the page as a formula value (whole numbers as integers).
pub fn toml_value(v: &Value) -> FormulaValue {
    match v {
        Value::Bool(b) => FormulaValue::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => FormulaValue::Integer(i),
            None => FormulaValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => FormulaValue::String(s.clone()),
        Value::Array(a) => FormulaValue::Array(a.iter().map(toml_value).collect()),
        Value::Object(o) => {
            FormulaValue::Table(o.iter().map(|(k, v)| (k.clone(), toml_value(v))).collect())
        }
        Value::Null => FormulaValue::String(String::new()),
    }
}

/// An analysis's outputs with the named tables and the charts of these kinds.
pub fn document(o: &Outputs, tables: &[&str], charts: &[ChartKind]) -> Value {
    o.to_json(&|t| tables.contains(&t), &|k| charts.contains(&k))
}
