//! Values across the boundary: a data frame's columns and the arguments that change a formula
//! come in from R; the engine's tables, summaries and metadata go out as R vectors and lists.
//! Nothing here decides what an analysis shows: the tables are `outputs`' own, cell by cell.

use savvy::{
    IntegerSexp, ListSexp, NotAvailableValue, OwnedIntegerSexp, OwnedListSexp, OwnedLogicalSexp,
    OwnedRealSexp, OwnedStringSexp, RealSexp, Sexp, StringSexp, TypedSexp,
};
use seni::data::Column;
use seni::formula::Value;
use seni::table::{Cell, Table};

/// Integers beyond this are not exact as R doubles (2^53).
const EXACT: u64 = 1 << 53;

// ---------------------------------------------------------------------------------------------
// R -> engine

/// The columns of a data frame, as R's `df_to_columns()` hands them over (a named list of
/// vectors; Dates and other classes already made text or numbers there).
pub(crate) fn columns_from_r(list: &ListSexp) -> savvy::Result<Vec<(String, Column)>> {
    list.iter().map(|(name, x)| Ok((name.to_string(), column_from_r(name, x)?))).collect()
}

/// One column: numbers (double, integer, logical as 1/0) or text (character, factor by its
/// levels); `bit64::integer64` as numbers, or as exact text past 2^53. NA and NaN are missing.
fn column_from_r(name: &str, x: Sexp) -> savvy::Result<Column> {
    let class = x.get_class().unwrap_or_default();
    let (factor, int64) = (class.contains(&"factor"), class.contains(&"integer64"));
    Ok(match x.into_typed() {
        TypedSexp::Integer(v) if factor => Column::Text(factor_text(name, &v)?),
        TypedSexp::Integer(v) => {
            Column::Numbers(v.iter().map(|i| (!i.is_na()).then_some(f64::from(*i))).collect())
        }
        TypedSexp::Real(v) if int64 => integer64(&v),
        TypedSexp::Real(v) => {
            Column::Numbers(v.iter().map(|x| (!x.is_nan()).then_some(*x)).collect())
        }
        TypedSexp::Logical(v) => Column::Numbers(
            v.as_slice_raw().iter().map(|b| (!b.is_na()).then_some(f64::from(*b))).collect(),
        ),
        TypedSexp::String(v) => Column::Text(texts(&v)),
        _ => {
            return Err(savvy::Error::new(format!(
                "column '{name}' is not numbers, text, a factor or logical"
            )));
        }
    })
}

/// Text cells (NA: missing).
fn texts(v: &StringSexp) -> Vec<Option<String>> {
    v.iter().map(|s| (!s.is_na()).then(|| s.to_string())).collect()
}

/// A factor's cells as the text of their levels.
fn factor_text(name: &str, codes: &IntegerSexp) -> savvy::Result<Vec<Option<String>>> {
    let levels: StringSexp = match codes.get_attrib("levels")? {
        Some(l) => l.try_into()?,
        None => return Err(savvy::Error::new(format!("factor '{name}' has no levels"))),
    };
    let levels = texts(&levels);
    let level = |c: i32| usize::try_from(c - 1).ok().and_then(|i| levels.get(i).cloned().flatten());
    Ok(codes.iter().map(|c| if c.is_na() { None } else { level(*c) }).collect())
}

/// `bit64::integer64`: each 64-bit integer stored in a double's bits, `NA_integer64_` being
/// `i64::MIN`. Numbers while every value is exact as a double; past 2^53, decimal text (the
/// engine reads it as a number or keeps it as an id, exactly).
fn integer64(v: &RealSexp) -> Column {
    let ints: Vec<Option<i64>> = v
        .iter()
        .map(|x| {
            let i = x.to_bits() as i64;
            (i != i64::MIN).then_some(i)
        })
        .collect();
    if ints.iter().flatten().all(|i| i.unsigned_abs() <= EXACT) {
        Column::Numbers(ints.iter().map(|i| i.map(|i| i as f64)).collect())
    } else {
        Column::Text(ints.iter().map(|i| i.map(|i| i.to_string())).collect())
    }
}

/// An R value as a formula value: a length-one logical, number or string is a scalar (a whole
/// double an integer, as `--set k=2` reads it, so both give the same formula and hash); longer
/// vectors, unnamed lists and `I(x)` are arrays; named lists are tables. `Err` says what is wrong.
pub(crate) fn value_from_r(x: Sexp) -> Result<Value, String> {
    let class = x.get_class().unwrap_or_default();
    let array = class.contains(&"AsIs");
    let named = x.get_names().is_some_and(|n| !n.is_empty());
    let items: Vec<Value> = match x.into_typed() {
        TypedSexp::List(l) if named => {
            let entries = l.iter().map(|(k, v)| Ok((k.to_string(), value_from_r(v)?)));
            return entries.collect::<Result<_, String>>().map(Value::Table);
        }
        TypedSexp::List(l) => {
            let items = l.values_iter().map(value_from_r).collect::<Result<_, String>>()?;
            return Ok(Value::Array(items));
        }
        TypedSexp::Integer(v) if class.contains(&"factor") => {
            let text = factor_text("value", &v).map_err(|e| e.to_string())?;
            text.into_iter().map(|s| s.map(Value::String)).collect::<Option<_>>().ok_or(NA)?
        }
        TypedSexp::Integer(v) => v.iter().map(|i| whole(*i)).collect::<Result<_, _>>()?,
        TypedSexp::Real(v) => v.iter().map(|x| number(*x)).collect::<Result<_, _>>()?,
        TypedSexp::Logical(v) => {
            v.as_slice_raw().iter().map(|b| logical(*b)).collect::<Result<_, _>>()?
        }
        TypedSexp::String(v) => v.iter().map(string).collect::<Result<_, _>>()?,
        TypedSexp::Null(_) => Vec::new(),
        _ => return Err("give a logical, a number, a string, or a list of them".into()),
    };
    match items.len() {
        1 if !array => Ok(items.into_iter().next().expect("one item")),
        _ => Ok(Value::Array(items)),
    }
}

const NA: &str = "NA is not a formula value";

fn whole(i: i32) -> Result<Value, String> {
    if i.is_na() { Err(NA.into()) } else { Ok(Value::Integer(i64::from(i))) }
}

fn number(x: f64) -> Result<Value, String> {
    if x.is_na() {
        return Err(NA.into());
    }
    let exact_whole = x.fract() == 0.0 && x.abs() <= EXACT as f64;
    Ok(if exact_whole { Value::Integer(x as i64) } else { Value::Float(x) })
}

fn logical(b: i32) -> Result<Value, String> {
    if b.is_na() { Err(NA.into()) } else { Ok(Value::Boolean(b != 0)) }
}

fn string(s: &str) -> Result<Value, String> {
    if s.is_na() { Err(NA.into()) } else { Ok(Value::String(s.to_string())) }
}

// ---------------------------------------------------------------------------------------------
// engine -> R

/// A character vector (None: NA).
pub(crate) fn strings<'a>(
    values: impl ExactSizeIterator<Item = Option<&'a str>>,
) -> savvy::Result<Sexp> {
    let mut out = OwnedStringSexp::new(values.len())?;
    for (i, s) in values.enumerate() {
        match s {
            Some(s) => out.set_elt(i, s)?,
            None => out.set_na(i)?,
        }
    }
    Ok(out.into())
}

/// One string.
pub(crate) fn string_r(s: &str) -> savvy::Result<Sexp> {
    strings(std::iter::once(Some(s)))
}

/// An integer vector (None: NA; counts beyond R's integers are NA, which no row number reaches).
pub(crate) fn integers(
    values: impl ExactSizeIterator<Item = Option<usize>>,
) -> savvy::Result<Sexp> {
    let fit = |v: Option<usize>| v.and_then(|v| i32::try_from(v).ok()).unwrap_or(i32::na());
    Ok(OwnedIntegerSexp::try_from_iter(values.map(fit))?.into())
}

/// How a table column reaches R.
enum Kind {
    /// character: any text cell (numbers in it written as text).
    Text,
    /// integer (double past R's integers): whole numbers only.
    Whole,
    /// double of dollars with class `seni_dollars`: money and dollar cells only.
    Dollars,
    /// double: any other mix of numbers.
    Number,
}

fn kind<'a>(cells: impl Iterator<Item = &'a Cell> + Clone) -> Kind {
    let all = |f: fn(&Cell) -> bool| cells.clone().all(|c| f(c) || matches!(c, Cell::Missing));
    if cells.clone().any(|c| matches!(c, Cell::Text(_))) {
        Kind::Text
    } else if all(|c| matches!(c, Cell::Int(_))) {
        Kind::Whole
    } else if all(|c| matches!(c, Cell::Money(_) | Cell::Dollars(_))) {
        Kind::Dollars
    } else {
        Kind::Number
    }
}

/// A cell as a double (money in dollars; NA when missing).
fn double(c: &Cell) -> f64 {
    match c {
        Cell::Num(x, _) | Cell::Dollars(x) if !x.is_nan() => *x,
        Cell::Int(i) => *i as f64,
        Cell::Money(cents) => *cents as f64 / 100.0,
        _ => f64::na(),
    }
}

/// One column of an output table as an R vector.
fn column_to_r<'a>(cells: impl ExactSizeIterator<Item = &'a Cell> + Clone) -> savvy::Result<Sexp> {
    match kind(cells.clone()) {
        Kind::Text => {
            let text: Vec<Option<String>> = cells
                .map(|c| match c {
                    Cell::Missing => None,
                    Cell::Text(s) => Some(s.clone()),
                    other => Some(other.text("")),
                })
                .collect();
            strings(text.iter().map(Option::as_deref))
        }
        Kind::Whole => {
            let int = |c: &Cell| if let Cell::Int(i) = c { Some(*i) } else { None };
            let fits =
                cells.clone().filter_map(int).all(|i| i32::try_from(i).is_ok_and(|i| !i.is_na()));
            if fits {
                let v = cells.map(|c| int(c).map_or(i32::na(), |i| i as i32));
                Ok(OwnedIntegerSexp::try_from_iter(v)?.into())
            } else {
                Ok(OwnedRealSexp::try_from_iter(cells.map(double))?.into())
            }
        }
        Kind::Dollars => {
            let mut out = OwnedRealSexp::try_from_iter(cells.map(double))?;
            out.set_class(["seni_dollars"])?;
            Ok(out.into())
        }
        Kind::Number => Ok(OwnedRealSexp::try_from_iter(cells.map(double))?.into()),
    }
}

/// A table as a named list of columns (R makes it a data frame).
pub(crate) fn table_to_r(t: &Table) -> savvy::Result<Sexp> {
    let mut out = OwnedListSexp::new(t.columns.len(), true)?;
    for (j, name) in t.columns.iter().enumerate() {
        out.set_name_and_value(j, name, column_to_r(t.rows.iter().map(|r| &r[j]))?)?;
    }
    Ok(out.into())
}

/// A JSON value as R data: objects are named lists, arrays of scalars of one type are vectors
/// (null: NA), other arrays are lists, numbers are doubles, null alone is NULL.
pub(crate) fn json_to_r(v: &serde_json::Value) -> savvy::Result<Sexp> {
    use serde_json::Value as J;
    match v {
        J::Null => Ok(savvy::NullSexp.into()),
        J::Bool(_) | J::Number(_) | J::String(_) => scalars(std::slice::from_ref(v)),
        J::Array(items) if !items.is_empty() && scalar_kind(items).is_some() => scalars(items),
        J::Array(items) if records(items).is_some() => data_frame(items),
        J::Array(items) => {
            let mut out = OwnedListSexp::new(items.len(), false)?;
            for (i, x) in items.iter().enumerate() {
                out.set_value(i, json_to_r(x)?)?;
            }
            Ok(out.into())
        }
        J::Object(map) => {
            let mut out = OwnedListSexp::new(map.len(), true)?;
            for (i, (k, x)) in map.iter().enumerate() {
                out.set_name_and_value(i, k, json_to_r(x)?)?;
            }
            Ok(out.into())
        }
    }
}

/// The keys of an array of records: objects with the same keys in the same order, each key's
/// values scalars of one type (jsonlite's data frames). None otherwise.
fn records(items: &[serde_json::Value]) -> Option<Vec<&String>> {
    let first = items.first()?.as_object()?;
    let keys: Vec<&String> = first.keys().collect();
    let same =
        |x: &serde_json::Value| x.as_object().is_some_and(|o| o.keys().eq(keys.iter().copied()));
    if !items.iter().all(same) {
        return None;
    }
    let column = |k: &str| items.iter().map(|x| x[k].clone()).collect::<Vec<_>>();
    keys.iter().all(|k| scalar_kind(&column(k)).is_some()).then_some(keys)
}

/// An array of records as a data frame (a column per key).
fn data_frame(items: &[serde_json::Value]) -> savvy::Result<Sexp> {
    let keys = records(items).expect("records");
    let mut out = OwnedListSexp::new(keys.len(), true)?;
    for (j, k) in keys.iter().enumerate() {
        let column: Vec<serde_json::Value> = items.iter().map(|x| x[k.as_str()].clone()).collect();
        out.set_name_and_value(j, k, scalars(&column)?)?;
    }
    let rows = -i32::try_from(items.len()).map_err(|_| savvy::Error::new("too many rows"))?;
    // Compact row names c(NA, -n), as data.frame() makes them; kept protected while set.
    let names = OwnedIntegerSexp::try_from_slice([i32::na(), rows])?;
    out.set_attrib("row.names", Sexp(names.inner()))?;
    out.set_class(["data.frame"])?;
    Ok(out.into())
}

/// The one type of an array's scalars (0 logical, 1 number, 2 text), None when mixed or nested.
fn scalar_kind(items: &[serde_json::Value]) -> Option<u8> {
    use serde_json::Value as J;
    let mut kind = None;
    for x in items {
        let k = match x {
            J::Null => continue,
            J::Bool(_) => 0,
            J::Number(_) => 1,
            J::String(_) => 2,
            _ => return None,
        };
        if kind.is_some_and(|seen| seen != k) {
            return None;
        }
        kind = Some(k);
    }
    Some(kind.unwrap_or(0))
}

/// Scalars of one type as an R vector.
fn scalars(items: &[serde_json::Value]) -> savvy::Result<Sexp> {
    use serde_json::Value as J;
    match scalar_kind(items) {
        Some(1) => {
            Ok(OwnedRealSexp::try_from_iter(items.iter().map(|x| x.as_f64().unwrap_or(f64::na())))?
                .into())
        }
        Some(2) => strings(items.iter().map(J::as_str)),
        _ => {
            let mut out = OwnedLogicalSexp::new(items.len())?;
            for (i, x) in items.iter().enumerate() {
                match x.as_bool() {
                    Some(b) => out.set_elt(i, b)?,
                    None => out.set_na(i)?,
                }
            }
            Ok(out.into())
        }
    }
}
