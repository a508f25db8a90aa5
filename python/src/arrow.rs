//! Tables across the boundary as Arrow C streams in PyCapsules (the Arrow PyCapsule interface):
//! a polars or pandas frame comes in as seni columns, seni's tables go out as record batches,
//! and no row passes through Python.

use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    ArrowTemporalType, Date32Type, Date64Type, Decimal128Type, DecimalType, Float16Type,
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, ArrowPrimitiveType, Float64Array, Int64Array, RecordBatch,
    RecordBatchIterator, RecordBatchReader, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, TimeUnit};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use seni::data::Column;
use seni::error::Location;
use seni::table::{Cell, Table};
use std::ffi::CStr;
use std::sync::Arc;

const STREAM: &CStr = c"arrow_array_stream";

fn value_err(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("cannot read the frame as Arrow: {e}"))
}

/// A column of the frame that seni cannot read, named with what to do.
fn column_error(name: &str, what: String, fix: &str) -> seni::Error {
    seni::Error::data(Location::file("frame").column(name), what, fix)
}

/// The columns of an `arrow_array_stream` capsule (the stream is moved out of the capsule): a
/// usage error when the capsule is not a stream, a data error naming a column seni cannot read
/// (or a name given twice).
pub(crate) fn columns_from_stream(
    capsule: &Bound<'_, PyCapsule>,
) -> seni::Result<Vec<(String, Column)>> {
    let not_stream = |e: &dyn std::fmt::Display| {
        seni::Error::usage(
            format!("the frame is not an Arrow stream: {e}"),
            "give a polars or pandas DataFrame, or an Arrow table",
        )
    };
    if !capsule.is_valid_checked(Some(STREAM)) {
        return Err(not_stream(&"the capsule is not an arrow_array_stream"));
    }
    let ptr = capsule.pointer_checked(Some(STREAM)).map_err(|e| not_stream(&e))?.as_ptr()
        as *mut FFI_ArrowArrayStream;
    // SAFETY: the capsule holds a valid stream (the PyCapsule interface); `from_raw` moves it out
    // and marks the capsule's copy released, as the interface requires of a consumer.
    let reader = unsafe { ArrowArrayStreamReader::from_raw(ptr) }.map_err(|e| not_stream(&e))?;
    let schema = reader.schema();
    let mut columns: Vec<(String, Column)> =
        schema.fields().iter().map(|f| (f.name().clone(), Column::Numbers(Vec::new()))).collect();
    let mut seen = std::collections::HashSet::new();
    if let Some((name, _)) = columns.iter().find(|(n, _)| !seen.insert(n.as_str())) {
        let fix = "rename one of them so every column name is unique";
        return Err(column_error(name, format!("the frame has column '{name}' twice"), fix));
    }
    for batch in reader {
        let batch = batch.map_err(|e| not_stream(&e))?;
        for ((name, column), array) in columns.iter_mut().zip(batch.columns()) {
            append(name, column, array.as_ref())?;
        }
    }
    Ok(columns)
}

/// Adds an array's cells to a column: numbers as numbers; text, booleans, categories and dates
/// as text (seni reads a text cell as a number where a number is needed, and names a bad one).
fn append(name: &str, column: &mut Column, array: &dyn Array) -> seni::Result<()> {
    if let Some(v) = numbers(array) {
        match column {
            Column::Numbers(all) => all.extend(v),
            Column::Text(all) => all.extend(v.into_iter().map(|x| x.map(|x| x.to_string()))),
        }
        return Ok(());
    }
    let texts = texts(name, array)?;
    if let Column::Numbers(earlier) = column {
        let earlier = earlier.iter().map(|x| x.map(|x| x.to_string())).collect();
        *column = Column::Text(earlier);
    }
    if let Column::Text(all) = column {
        all.extend(texts);
    }
    Ok(())
}

/// The cells of a numeric array as numbers (integers of any width as they are: an unsigned
/// 64-bit count above 2⁶³ stays positive), None for other types.
fn numbers(array: &dyn Array) -> Option<Vec<Option<f64>>> {
    Some(match array.data_type() {
        DataType::Float64 => floats::<Float64Type>(array),
        DataType::Float32 => floats::<Float32Type>(array),
        DataType::Float16 => {
            array.as_primitive::<Float16Type>().iter().map(|v| v.map(|x| x.to_f64())).collect()
        }
        DataType::Int64 => whole::<Int64Type>(array),
        DataType::Int32 => whole::<Int32Type>(array),
        DataType::Int16 => whole::<Int16Type>(array),
        DataType::Int8 => whole::<Int8Type>(array),
        DataType::UInt64 => whole::<UInt64Type>(array),
        DataType::UInt32 => whole::<UInt32Type>(array),
        DataType::UInt16 => whole::<UInt16Type>(array),
        DataType::UInt8 => whole::<UInt8Type>(array),
        DataType::Decimal128(precision, scale) => {
            let (p, s) = (*precision, *scale);
            let d = array.as_primitive::<Decimal128Type>();
            d.iter()
                .map(|v| v.and_then(|x| Decimal128Type::format_decimal(x, p, s).parse().ok()))
                .collect()
        }
        DataType::Null => vec![None; array.len()],
        _ => return None,
    })
}

fn floats<T: ArrowPrimitiveType>(array: &dyn Array) -> Vec<Option<f64>>
where
    T::Native: Into<f64>,
{
    array.as_primitive::<T>().iter().map(|v| v.map(Into::into)).collect()
}

fn whole<T: ArrowPrimitiveType>(array: &dyn Array) -> Vec<Option<f64>>
where
    T::Native: ToF64,
{
    array.as_primitive::<T>().iter().map(|v| v.map(ToF64::as_f64)).collect()
}

/// Whole numbers as f64, never through a narrower signed type (a u64 above i64::MAX stays
/// positive).
mod num_f64 {
    /// An integer as f64.
    pub(crate) trait ToF64: Copy {
        fn as_f64(self) -> f64;
    }
    macro_rules! to_f64 {
        ($($t:ty),*) => {$(impl ToF64 for $t { fn as_f64(self) -> f64 { self as f64 } })*};
    }
    to_f64!(i8, i16, i32, i64, u8, u16, u32, u64);
}
use num_f64::ToF64;

/// Text cells of a string, boolean, categorical (dictionary) or date/time array; any other
/// type is a data error naming the column, with the fix.
fn texts(name: &str, array: &dyn Array) -> seni::Result<Vec<Option<String>>> {
    let own = |v: Option<&str>| v.map(str::to_string);
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().map(own).collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().map(own).collect(),
        DataType::Utf8View => array.as_string_view().iter().map(own).collect(),
        DataType::Boolean => array.as_boolean().iter().map(|v| v.map(|b| b.to_string())).collect(),
        DataType::Dictionary(_, _) => {
            // Categories: each cell is its category's text.
            let d = array.as_any_dictionary();
            let values = match numbers(d.values().as_ref()) {
                Some(v) => v.into_iter().map(|x| x.map(|x| x.to_string())).collect(),
                None => texts(name, d.values().as_ref())?,
            };
            if values.is_empty() {
                return Ok(vec![None; array.len()]);
            }
            let keys = d.normalized_keys();
            (0..array.len())
                .map(|i| if array.is_null(i) { None } else { values[keys[i]].clone() })
                .collect()
        }
        DataType::Date32 => dates::<Date32Type>(array, false),
        DataType::Date64 => dates::<Date64Type>(array, false),
        DataType::Timestamp(TimeUnit::Second, _) => dates::<TimestampSecondType>(array, true),
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            dates::<TimestampMillisecondType>(array, true)
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            dates::<TimestampMicrosecondType>(array, true)
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            dates::<TimestampNanosecondType>(array, true)
        }
        other => {
            return Err(column_error(
                name,
                format!("column '{name}' is of type {other}, which seni cannot read"),
                "give numbers or text (e.g. cast it to a string, or leave the column out)",
            ));
        }
    })
}

/// Dates (and times) as ISO text: `2016-09-01`, `2016-09-01 08:30:00`.
fn dates<T>(array: &dyn Array, with_time: bool) -> Vec<Option<String>>
where
    T: ArrowTemporalType,
    i64: From<T::Native>,
{
    let a = array.as_primitive::<T>();
    (0..a.len())
        .map(|i| {
            if a.is_null(i) {
                return None;
            }
            let t = a.value_as_datetime(i)?;
            Some(if with_time { t.to_string() } else { t.date().to_string() })
        })
        .collect()
}

/// A seni table as one record batch: text columns as strings, whole-number columns as
/// integers, everything else as floats (money in dollars); a missing cell is null.
fn table_batch(t: &Table) -> Result<RecordBatch, ArrowError> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = t
        .columns
        .iter()
        .enumerate()
        .map(|(j, name)| column(name, t.rows.iter().map(|r| &r[j])))
        .unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

fn column<'a>(name: &str, cells: impl Iterator<Item = &'a Cell> + Clone) -> (Field, ArrayRef) {
    let text = cells.clone().any(|c| matches!(c, Cell::Text(_)));
    let whole = cells.clone().all(|c| matches!(c, Cell::Int(_) | Cell::Missing));
    let array: ArrayRef = if text {
        Arc::new(StringArray::from_iter(cells.map(|c| match c {
            Cell::Missing => None,
            Cell::Text(s) => Some(s.clone()),
            other => Some(other.text("")),
        })))
    } else if whole {
        Arc::new(Int64Array::from_iter(
            cells.map(|c| if let Cell::Int(i) = c { Some(*i) } else { None }),
        ))
    } else {
        Arc::new(Float64Array::from_iter(cells.map(|c| match c {
            Cell::Num(x, _) | Cell::Dollars(x) => (!x.is_nan()).then_some(*x),
            Cell::Int(i) => Some(*i as f64),
            Cell::Money(m) => Some(*m as f64 / 100.0),
            _ => None,
        })))
    };
    (Field::new(name, array.data_type().clone(), true), array)
}

/// A table as an `arrow_array_stream` capsule (one record batch).
pub(crate) fn table_stream<'py>(py: Python<'py>, t: &Table) -> PyResult<Bound<'py, PyCapsule>> {
    let batch = table_batch(t).map_err(value_err)?;
    let schema = batch.schema();
    let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    PyCapsule::new_with_value(py, stream, STREAM)
}
