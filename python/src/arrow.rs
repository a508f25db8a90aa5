//! Tables across the boundary as Arrow C streams in PyCapsules (the Arrow PyCapsule interface):
//! a polars or pandas frame comes in as seni columns, seni's tables go out as record batches,
//! and no row passes through Python.

use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, ArrowPrimitiveType, Float64Array, Int64Array, RecordBatch,
    RecordBatchIterator, RecordBatchReader, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use seni::data::Column;
use seni::table::{Cell, Table};
use std::ffi::CStr;
use std::sync::Arc;

const STREAM: &CStr = c"arrow_array_stream";

fn value_err(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("cannot read the frame as Arrow: {e}"))
}

/// The columns of an `arrow_array_stream` capsule (the stream is moved out of the capsule).
pub(crate) fn columns_from_stream(
    capsule: &Bound<'_, PyCapsule>,
) -> PyResult<Vec<(String, Column)>> {
    if !capsule.is_valid_checked(Some(STREAM)) {
        return Err(value_err("the capsule is not an arrow_array_stream"));
    }
    let ptr = capsule.pointer_checked(Some(STREAM))?.as_ptr() as *mut FFI_ArrowArrayStream;
    // SAFETY: the capsule holds a valid stream (the PyCapsule interface); `from_raw` moves it out
    // and marks the capsule's copy released, as the interface requires of a consumer.
    let reader = unsafe { ArrowArrayStreamReader::from_raw(ptr) }.map_err(value_err)?;
    let schema = reader.schema();
    let mut columns: Vec<(String, Column)> =
        schema.fields().iter().map(|f| (f.name().clone(), Column::Numbers(Vec::new()))).collect();
    for batch in reader {
        let batch = batch.map_err(value_err)?;
        for ((name, column), array) in columns.iter_mut().zip(batch.columns()) {
            append(name, column, array.as_ref())?;
        }
    }
    Ok(columns)
}

/// Adds an array's cells to a column: numbers as numbers, text and booleans as text.
fn append(name: &str, column: &mut Column, array: &dyn Array) -> PyResult<()> {
    let numbers = match array.data_type() {
        DataType::Float64 => Some(floats::<Float64Type>(array)),
        DataType::Float32 => Some(floats::<Float32Type>(array)),
        DataType::Int64 => Some(whole::<Int64Type>(array)),
        DataType::Int32 => Some(whole::<Int32Type>(array)),
        DataType::Int16 => Some(whole::<Int16Type>(array)),
        DataType::Int8 => Some(whole::<Int8Type>(array)),
        DataType::UInt64 => Some(whole::<UInt64Type>(array)),
        DataType::UInt32 => Some(whole::<UInt32Type>(array)),
        DataType::UInt16 => Some(whole::<UInt16Type>(array)),
        DataType::UInt8 => Some(whole::<UInt8Type>(array)),
        DataType::Null => Some(vec![None; array.len()]),
        _ => None,
    };
    if let Some(v) = numbers {
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

fn floats<T: ArrowPrimitiveType>(array: &dyn Array) -> Vec<Option<f64>>
where
    T::Native: Into<f64>,
{
    array.as_primitive::<T>().iter().map(|v| v.map(Into::into)).collect()
}

fn whole<T: ArrowPrimitiveType>(array: &dyn Array) -> Vec<Option<f64>>
where
    T::Native: ToI64,
{
    array.as_primitive::<T>().iter().map(|v| v.map(|x| x.as_i64() as f64)).collect()
}

/// Whole numbers as i64 (every integer type seni reads fits or saturates).
mod num_i64 {
    /// An integer as i64.
    pub(crate) trait ToI64: Copy {
        fn as_i64(self) -> i64;
    }
    macro_rules! to_i64 {
        ($($t:ty),*) => {$(impl ToI64 for $t { fn as_i64(self) -> i64 { self as i64 } })*};
    }
    to_i64!(i8, i16, i32, i64, u8, u16, u32, u64);
}
use num_i64::ToI64;

/// Text cells of a string or boolean array; any other type is named with the fix.
fn texts(name: &str, array: &dyn Array) -> PyResult<Vec<Option<String>>> {
    let own = |v: Option<&str>| v.map(str::to_string);
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().map(own).collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().map(own).collect(),
        DataType::Utf8View => array.as_string_view().iter().map(own).collect(),
        DataType::Boolean => array.as_boolean().iter().map(|v| v.map(|b| b.to_string())).collect(),
        other => {
            return Err(value_err(format!(
                "column '{name}' is of type {other}; give numbers or text (e.g. cast it to a string)"
            )));
        }
    })
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
