//! JSON: `{"metadata": …, "<summary>": …, "<table>": [{column: value}, …], …}`.

use super::document::{Document, Exporter};
use crate::error::Result;
use crate::num::round_half_up;
use crate::table::{Cell, Table};
use serde_json::{Map, Value, json};

/// The JSON exporter.
pub(super) struct Json;

/// A cell as a JSON value (money in dollars, missing as null).
pub fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Text(s) => json!(s),
        Cell::Num(x, None) => json!(x),
        Cell::Num(x, Some(d)) => json!(round_half_up(*x, *d)),
        Cell::Int(i) => json!(i),
        Cell::Money(c) => json!(*c as f64 / 100.0),
        Cell::Dollars(x) => json!(round_half_up(*x, 2)),
        Cell::Missing => Value::Null,
    }
}

/// A table's rows as JSON objects `{column: value}` (money in dollars, missing as null).
pub fn table_rows(t: &dyn crate::table::Tabular) -> Value {
    rows(&t.materialise())
}

fn rows(t: &Table) -> Value {
    Value::Array(
        t.rows
            .iter()
            .map(|r| {
                Value::Object(
                    t.columns.iter().zip(r).map(|(c, v)| (c.clone(), cell_json(v))).collect(),
                )
            })
            .collect(),
    )
}

impl Exporter for Json {
    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let mut root = Map::new();
        root.insert("metadata".into(), doc.meta.json_value());
        if let Some((k, v)) = &doc.summary {
            root.insert(k.to_string(), v.clone());
        }
        for t in &doc.tables {
            root.insert(t.name().to_string(), rows(&t.materialise()));
        }
        let mut v = serde_json::to_vec_pretty(&Value::Object(root)).expect("JSON values serialise");
        v.push(b'\n');
        Ok(v)
    }
}
