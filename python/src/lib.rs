//! The native module of the `seni` Python package: formulas, runs (index and allocation) and the
//! analyses, with tables crossing as Arrow streams (the Arrow PyCapsule interface: no per-row
//! Python) and errors as typed exceptions carrying the CLI's file/row/column/fix text.

mod arrow;

use arrow::{columns_from_stream, table_stream};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyCapsule, PyDict, PyFloat, PyList, PyString, PyTuple};
use seni::analysis::audit::{audit_allocation, rows_of_ids, student_groups};
use seni::analysis::equity::{EquityOptions, equity};
use seni::analysis::explain::find_school;
use seni::analysis::sensitivity::{SensitivityOptions, Watch, available_memory};
use seni::formula::Value;
use seni::outputs::{self, Outputs};
use seni::{Change, Computation, District, ErrorKind, Formula, FormulaSource, Origin, Run};
use std::path::PathBuf;

/// An Arrow C stream of one table, as a PyCapsule.
type Stream<'py> = Bound<'py, PyCapsule>;
/// An analysis's outputs: its summary (JSON text, `null` when none) and its named tables.
type SummaryAndTables<'py> = (String, Vec<(String, Stream<'py>)>);

create_exception!(seni, SeniError, PyException, "Any error seni reports.");
create_exception!(seni, UsageError, SeniError, "An argument cannot be used.");
create_exception!(seni, FormulaError, SeniError, "A formula, scenario or override is invalid.");
create_exception!(seni, DataError, SeniError, "A data file or frame is invalid.");
create_exception!(seni, InfeasibleError, SeniError, "The allocation rules cannot be met.");
create_exception!(seni, FileError, SeniError, "Reading or writing a file failed.");

/// A seni error as the matching Python exception, with `problems` (file, line, row, column, key,
/// message, fix for each).
fn py_err(py: Python<'_>, e: seni::Error) -> PyErr {
    let text = e.to_string();
    let err = match e.kind {
        ErrorKind::Usage => UsageError::new_err(text),
        ErrorKind::Formula => FormulaError::new_err(text),
        ErrorKind::Data => DataError::new_err(text),
        ErrorKind::Infeasible => InfeasibleError::new_err(text),
        _ => FileError::new_err(text),
    };
    let problems = PyList::empty(py);
    for p in &e.problems {
        let d = PyDict::new(py);
        let l = &p.location;
        let _ = d.set_item("file", l.file.clone());
        let _ = d.set_item("line", l.line);
        let _ = d.set_item("row", l.row);
        let _ = d.set_item("column", l.column.clone());
        let _ = d.set_item("key", l.key.clone());
        let _ = d.set_item("message", p.message.clone());
        let _ = d.set_item("fix", p.fix.clone());
        let _ = problems.append(d);
    }
    let _ = err.value(py).setattr("problems", problems);
    err
}

/// A checked formula.
#[pyclass(name = "Formula", module = "seni", frozen)]
#[derive(Clone)]
struct PyFormula {
    inner: Formula,
}

#[pymethods]
impl PyFormula {
    /// Short name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name().to_string()
    }
    /// Title.
    #[getter]
    fn title(&self) -> String {
        self.inner.title().to_string()
    }
    /// One-line description.
    #[getter]
    fn description(&self) -> String {
        self.inner.description().to_string()
    }
    /// First 16 hex digits of the SHA-256 of the effective formula.
    #[getter]
    fn hash(&self) -> String {
        self.inner.hash().to_string()
    }
    /// Notes on the choices made.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes().to_vec()
    }
    /// Indicator ids in formula order.
    #[getter]
    fn indicators(&self) -> Vec<String> {
        self.inner.indicators().iter().map(|i| i.id.clone()).collect()
    }
    /// Scenarios applied.
    #[getter]
    fn scenarios(&self) -> Vec<String> {
        self.inner.scenarios().to_vec()
    }
    /// Whether the formula allocates money.
    #[getter]
    fn allocates(&self) -> bool {
        self.inner.allocates()
    }
    fn __repr__(&self) -> String {
        format!("Formula({:?}, hash={:?})", self.inner.name(), self.inner.hash())
    }
}

/// A Python value as a formula value: bool, int, float, str, and lists and dicts of them.
fn value(key: &str, v: &Bound<'_, PyAny>) -> PyResult<Value> {
    if v.is_instance_of::<PyBool>() {
        return Ok(Value::Boolean(v.extract()?));
    }
    if let Ok(i) = v.extract::<i64>()
        && !v.is_instance_of::<PyFloat>()
    {
        return Ok(Value::Integer(i));
    }
    if let Ok(x) = v.extract::<f64>() {
        return Ok(Value::Float(x));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(Value::String(v.extract()?));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let entries = d.iter().map(|(k, x)| {
            let k: String = k.extract()?;
            let inner = value(&format!("{key}.{k}"), &x)?;
            Ok((k, inner))
        });
        return entries.collect::<PyResult<_>>().map(Value::Table);
    }
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let items: Vec<Bound<'_, PyAny>> = v.try_iter()?.collect::<PyResult<_>>()?;
        return items.iter().map(|x| value(key, x)).collect::<PyResult<_>>().map(Value::Array);
    }
    let type_name = v.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "{key}: a formula value is a bool, int, float, str, or a list or dict of them; got {type_name}"
    )))
}

/// Loads a formula: a bundled name or a path, scenario files, and changes given as
/// `(key, value, origin)` (the origin as the user wrote the argument, e.g. `budget=-5`).
#[pyfunction]
fn load_formula(
    py: Python<'_>,
    source: &str,
    scenarios: Vec<PathBuf>,
    changes: Vec<(String, Bound<'_, PyAny>, String)>,
) -> PyResult<PyFormula> {
    let changes = changes
        .iter()
        .map(|(key, v, origin)| {
            let v = value(key, v)?;
            Change::new(key, v, Origin::Argument(origin.clone())).map_err(|e| py_err(py, e))
        })
        .collect::<PyResult<Vec<Change>>>()?;
    let inner = Formula::load(&FormulaSource::parse(source), &scenarios, &changes)
        .map_err(|e| py_err(py, e))?;
    Ok(PyFormula { inner })
}

/// The bundled formulas: (name, title, description).
#[pyfunction]
fn bundled_formulas(py: Python<'_>) -> PyResult<Vec<(String, String, String)>> {
    Formula::bundled_names()
        .into_iter()
        .map(|n| {
            let f = Formula::load(&FormulaSource::Bundled(n.to_string()), &[], &[])
                .map_err(|e| py_err(py, e))?;
            Ok((f.name().to_string(), f.title().to_string(), f.description().to_string()))
        })
        .collect()
}

/// One run: the index of a district under a formula, and its allocation when it allocates.
#[pyclass(name = "_Run", module = "seni", frozen)]
struct PyRun {
    run: Run,
}

impl PyRun {
    fn c(&self) -> &Computation {
        self.run.computation()
    }
}

/// Student-group count columns are read too, for the audit (the one rule: `*_count`).
fn counts(name: &str) -> bool {
    seni::formula::is_group_column(name, &[])
}

/// Computes (and allocates) a formula on data files (none: its bundled data) or an Arrow stream.
#[pyfunction]
#[pyo3(signature = (formula, paths, stream=None, source="frame".to_string()))]
fn run(
    py: Python<'_>,
    formula: &PyFormula,
    paths: Vec<PathBuf>,
    stream: Option<&Bound<'_, PyCapsule>>,
    source: String,
) -> PyResult<PyRun> {
    let columns = stream.map(columns_from_stream).transpose()?;
    let f = formula.inner.clone();
    let result = py.detach(move || -> seni::Result<Run> {
        let district = match columns {
            Some(columns) => District::from_columns(&source, columns, &f, &counts)?,
            None => District::load_with(&paths, &f, &counts)?,
        };
        seni::run(&f, district)
    });
    Ok(PyRun { run: result.map_err(|e| py_err(py, e))? })
}

/// An analysis's outputs for Python: the summary (JSON text) and every table as an Arrow stream.
fn give<'py>(py: Python<'py>, o: &Outputs) -> PyResult<SummaryAndTables<'py>> {
    let summary = o.summary().map_or("null".to_string(), |(_, v)| v.to_string());
    let tables = o
        .tables()
        .map(|t| Ok((t.name().to_string(), table_stream(py, &t.materialise())?)))
        .collect::<PyResult<_>>()?;
    Ok((summary, tables))
}

#[pymethods]
impl PyRun {
    /// The formula.
    #[getter]
    fn formula(&self) -> PyFormula {
        PyFormula { inner: self.c().formula().clone() }
    }
    /// Warnings about the data (implausible values, markers, filters).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.c().warnings().to_vec()
    }
    /// The data source and its hash.
    #[getter]
    fn source(&self) -> (String, String) {
        (self.c().district().source().to_string(), self.c().district().source_hash().to_string())
    }
    /// The label of the run (formula, scenarios, hash).
    #[getter]
    fn label(&self) -> String {
        self.run.label().to_string()
    }
    /// The outputs of `compute`: the per-school index table.
    fn compute<'py>(&self, py: Python<'py>) -> PyResult<SummaryAndTables<'py>> {
        give(py, &outputs::compute(self.c()))
    }
    /// The outputs of `allocate`, when the formula allocates.
    fn allocate<'py>(&self, py: Python<'py>) -> PyResult<Option<SummaryAndTables<'py>>> {
        let Some(a) = self.run.allocation() else { return Ok(None) };
        give(py, &outputs::allocate(self.c(), a)).map(Some)
    }
    /// The outputs of `explain` for one school.
    fn explain<'py>(&self, py: Python<'py>, school: &str) -> PyResult<SummaryAndTables<'py>> {
        let c = self.c();
        let row = find_school(c, school).map_err(|e| py_err(py, e))?;
        let e = seni::explain(c, self.run.allocation(), row);
        give(py, &outputs::explain(c, &e))
    }
    /// The outputs of `audit`: `groups` names count columns (default: every `*_count` column,
    /// else the formula's `[audit]` groups); `affected` lists school ids (closures or cuts).
    #[pyo3(signature = (groups=None, affected=None))]
    fn audit<'py>(
        &self,
        py: Python<'py>,
        groups: Option<Vec<String>>,
        affected: Option<Vec<String>>,
    ) -> PyResult<SummaryAndTables<'py>> {
        let c = self.c();
        let err = |e| py_err(py, e);
        let groups = student_groups(c, &groups.unwrap_or_default()).map_err(err)?;
        let rows = match affected {
            Some(ids) => Some(rows_of_ids("affected", &ids.join("\n"), c).map_err(err)?),
            None => None,
        };
        let money = match self.run.allocation() {
            Some(a) => Some(a.clone()),
            None => audit_allocation(c).map_err(err)?,
        };
        let o = outputs::audit(c, money.as_ref(), &groups, rows.as_deref()).map_err(err)?;
        give(py, &o)
    }
    /// The outputs of `sensitivity` (Monte Carlo draws; the GIL is released while drawing).
    #[pyo3(signature = (draws=None, seed=None, sobol=None, school=None))]
    fn sensitivity<'py>(
        &self,
        py: Python<'py>,
        draws: Option<usize>,
        seed: Option<u64>,
        sobol: Option<usize>,
        school: Option<String>,
    ) -> PyResult<SummaryAndTables<'py>> {
        let memory_limit = available_memory();
        let opts =
            SensitivityOptions { draws, seed, sobol, school, memory_limit, ..Default::default() };
        let c = self.c();
        let mut watch = Signals(None);
        let s = py.detach(|| seni::sensitivity(c, &opts, &mut watch));
        if let Some(interrupt) = watch.0 {
            return Err(interrupt);
        }
        give(py, &outputs::sensitivity(c, &s.map_err(|e| py_err(py, e))?, ""))
    }
    /// The outputs of `equity` for this run's money, or (with `baseline`) for the baseline,
    /// this run as the proposal, and the change; `estimates` draws the shares with margins of
    /// error for 90% intervals (the GIL is released while drawing).
    #[pyo3(signature = (baseline=None, estimates=false, draws=None, seed=None))]
    fn equity<'py>(
        &self,
        py: Python<'py>,
        baseline: Option<&PyRun>,
        estimates: bool,
        draws: Option<usize>,
        seed: Option<u64>,
    ) -> PyResult<SummaryAndTables<'py>> {
        let runs: Vec<&Run> = match baseline {
            Some(b) => vec![&b.run, &self.run],
            None => vec![&self.run],
        };
        let opts = EquityOptions { estimates, draws, seed };
        let e = py.detach(|| equity(&runs, &opts)).map_err(|e| py_err(py, e))?;
        give(py, &outputs::equity(&e, &runs))
    }
    /// The outputs of `compare`: this run (A) against another (B).
    fn compare<'py>(&self, py: Python<'py>, other: &PyRun) -> PyResult<SummaryAndTables<'py>> {
        let cmp = seni::compare(&self.run, &other.run);
        give(py, &outputs::compare(&cmp, &self.run, &other.run))
    }
}

/// Python's signals between blocks of draws: Ctrl-C (or any signal handler that raises) stops
/// the run, and the handler's exception (KeyboardInterrupt) is raised in its place.
struct Signals(Option<PyErr>);

impl Watch for Signals {
    fn progress(&mut self, _done: usize, _total: usize) -> bool {
        self.0 = Python::attach(|py| py.check_signals().err());
        self.0.is_none()
    }
}

/// The outputs of `trend`: a formula over every period of data files (none: its bundled data).
#[pyfunction]
fn trend<'py>(
    py: Python<'py>,
    formula: &PyFormula,
    paths: Vec<PathBuf>,
) -> PyResult<SummaryAndTables<'py>> {
    let f = formula.inner.clone();
    let runs = py
        .detach(move || -> seni::Result<Vec<Computation>> {
            District::load_periods(&paths, &f)?.into_iter().map(|d| seni::compute(&f, d)).collect()
        })
        .map_err(|e| py_err(py, e))?;
    if runs.len() < 2 {
        let e = seni::Error::usage(
            "the data have one period: a trend needs two or more",
            "give data with one row per school and period, and a formula that names its period column",
        );
        return Err(py_err(py, e));
    }
    let t = seni::trend(&runs);
    let o = outputs::trend(&t, &runs, None).expect("the most-moved school is in a period");
    give(py, &o)
}

/// The seni version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _seni(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SeniError", py.get_type::<SeniError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("FormulaError", py.get_type::<FormulaError>())?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("InfeasibleError", py.get_type::<InfeasibleError>())?;
    m.add("FileError", py.get_type::<FileError>())?;
    m.add_class::<PyFormula>()?;
    m.add_class::<PyRun>()?;
    m.add_function(wrap_pyfunction!(load_formula, m)?)?;
    m.add_function(wrap_pyfunction!(bundled_formulas, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(trend, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
