//! Tables across the boundary as Arrow C streams in PyCapsules (the Arrow PyCapsule interface):
//! a polars or pandas frame comes in, seni's tables go out, and no row passes through Python.

use polars::prelude::{
    ArrowDataType, Column, CompatLevel, DataFrame, NamedFrom, PlSmallStr, Series,
};
use polars_arrow::array::{Array, StructArray};
use polars_arrow::datatypes::Field;
use polars_arrow::ffi::{ArrowArrayStream, ArrowArrayStreamReader, export_iterator};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use seni::table::{Cell, Table};
use std::ffi::CStr;

const STREAM: &CStr = c"arrow_array_stream";

fn value_err(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("cannot read the frame as Arrow: {e}"))
}

/// A frame from an `arrow_array_stream` capsule (the stream is moved out of the capsule).
pub(crate) fn frame_from_stream(capsule: &Bound<'_, PyCapsule>) -> PyResult<DataFrame> {
    if !capsule.is_valid_checked(Some(STREAM)) {
        return Err(value_err("the capsule is not an arrow_array_stream"));
    }
    let ptr = capsule.pointer_checked(Some(STREAM))?.as_ptr() as *mut ArrowArrayStream;
    // SAFETY: the capsule holds a valid stream (the PyCapsule interface); it is moved out and the
    // capsule's copy marked released, as the interface requires of a consumer.
    let stream = unsafe {
        let moved = Box::new(std::ptr::read(ptr));
        std::ptr::write(ptr, ArrowArrayStream::empty());
        moved
    };
    let mut reader = unsafe { ArrowArrayStreamReader::try_new(stream) }.map_err(value_err)?;
    let mut frame: Option<DataFrame> = None;
    while let Some(batch) = unsafe { reader.next() } {
        let batch = batch.map_err(value_err)?;
        let chunk = struct_frame(batch.as_ref())?;
        match frame.as_mut() {
            Some(f) => {
                f.vstack_mut_owned(chunk).map_err(value_err)?;
            }
            None => frame = Some(chunk),
        }
    }
    frame.ok_or_else(|| value_err("the stream has no rows"))
}

/// One record batch (a struct array) as a frame.
fn struct_frame(batch: &dyn Array) -> PyResult<DataFrame> {
    let s = batch
        .as_any()
        .downcast_ref::<StructArray>()
        .ok_or_else(|| value_err("a record batch is not a struct array"))?;
    let columns = s
        .fields()
        .iter()
        .zip(s.values())
        .map(|(f, a)| {
            Series::from_arrow(f.name.clone(), a.clone()).map(Column::from).map_err(value_err)
        })
        .collect::<PyResult<Vec<Column>>>()?;
    DataFrame::new(s.len(), columns).map_err(value_err)
}

/// A seni table as a typed frame: text columns as strings, whole-number columns as integers,
/// everything else as floats (money in dollars); a missing cell is null.
pub(crate) fn table_frame(t: &Table) -> PyResult<DataFrame> {
    let columns = t
        .columns
        .iter()
        .enumerate()
        .map(|(j, name)| column(name, t.rows.iter().map(|r| &r[j])))
        .collect::<Vec<Column>>();
    DataFrame::new(t.rows.len(), columns).map_err(value_err)
}

fn column<'a>(name: &str, cells: impl Iterator<Item = &'a Cell> + Clone) -> Column {
    let name = PlSmallStr::from(name);
    let text = cells.clone().any(|c| matches!(c, Cell::Text(_)));
    let whole = cells.clone().all(|c| matches!(c, Cell::Int(_) | Cell::Missing));
    let series = if text {
        let v: Vec<Option<String>> = cells
            .map(|c| match c {
                Cell::Missing => None,
                Cell::Text(s) => Some(s.clone()),
                other => Some(other.text("")),
            })
            .collect();
        Series::new(name, v)
    } else if whole {
        let v: Vec<Option<i64>> =
            cells.map(|c| if let Cell::Int(i) = c { Some(*i) } else { None }).collect();
        Series::new(name, v)
    } else {
        let v: Vec<Option<f64>> = cells
            .map(|c| match c {
                Cell::Num(x, _) | Cell::Dollars(x) => (!x.is_nan()).then_some(*x),
                Cell::Int(i) => Some(*i as f64),
                Cell::Money(m) => Some(*m as f64 / 100.0),
                _ => None,
            })
            .collect();
        Series::new(name, v)
    };
    Column::from(series)
}

/// A table as an `arrow_array_stream` capsule (one record batch).
pub(crate) fn table_stream<'py>(py: Python<'py>, t: &Table) -> PyResult<Bound<'py, PyCapsule>> {
    let df = table_frame(t)?;
    let compat = CompatLevel::newest();
    let fields: Vec<Field> =
        df.columns().iter().map(|c| c.dtype().to_arrow_field(c.name().clone(), compat)).collect();
    let arrays = df.rechunk_to_arrow(compat);
    let dtype = ArrowDataType::Struct(fields);
    let batch =
        StructArray::try_new(dtype.clone(), df.height(), arrays, None).map_err(value_err)?;
    let field = Field::new(PlSmallStr::EMPTY, dtype, false);
    let batches: Vec<polars::prelude::PolarsResult<Box<dyn Array>>> = vec![Ok(batch.boxed())];
    let stream = export_iterator(Box::new(batches.into_iter()), field);
    PyCapsule::new_with_value(py, stream, STREAM)
}
