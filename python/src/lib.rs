//! The native module of the `seni` Python package: formulas, runs (index and allocation) and the
//! analyses, with tables crossing as Arrow streams (the Arrow PyCapsule interface: no per-row
//! Python) and errors as typed exceptions carrying the CLI's file/row/column/fix text.

mod arrow;

use arrow::{frame_from_stream, table_stream};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use seni::{
    AllocationResult, AllocationSummary, AuditSummary, CompareSummary, Computation, District,
    ErrorKind, ExplainJson, Formula, FormulaSource, Run, SensitivityOptions, SensitivitySummary,
    Table,
};
use std::path::PathBuf;

/// An Arrow C stream of one table, as a PyCapsule.
type Stream<'py> = Bound<'py, PyCapsule>;
/// A summary (JSON text) and named tables.
type SummaryAndTables<'py> = (String, Vec<(String, Stream<'py>)>);
/// The per-school allocation, money by tier, and the summary (JSON text).
type MoneyTables<'py> = (Stream<'py>, Stream<'py>, String);

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
        self.inner.name.clone()
    }
    /// Title.
    #[getter]
    fn title(&self) -> String {
        self.inner.title.clone()
    }
    /// One-line description.
    #[getter]
    fn description(&self) -> String {
        self.inner.description.clone()
    }
    /// First 16 hex digits of the SHA-256 of the effective formula.
    #[getter]
    fn hash(&self) -> String {
        self.inner.hash.clone()
    }
    /// Notes on the choices made.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes.clone()
    }
    /// Indicator ids in formula order.
    #[getter]
    fn indicators(&self) -> Vec<String> {
        self.inner.indicators.iter().map(|i| i.id.clone()).collect()
    }
    /// Scenarios applied.
    #[getter]
    fn scenarios(&self) -> Vec<String> {
        self.inner.scenarios.clone()
    }
    /// Whether the formula allocates money.
    #[getter]
    fn allocates(&self) -> bool {
        self.inner.allocates()
    }
    fn __repr__(&self) -> String {
        format!("Formula({:?}, hash={:?})", self.inner.name, self.inner.hash)
    }
}

/// Loads a formula: a bundled name or a path, scenario files, and `key=value` overrides.
#[pyfunction]
fn load_formula(
    py: Python<'_>,
    source: &str,
    scenarios: Vec<PathBuf>,
    sets: Vec<String>,
) -> PyResult<PyFormula> {
    let inner = Formula::load(&FormulaSource::parse(source), &scenarios, &sets)
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
            Ok((f.name, f.title, f.description))
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
        &self.run.computation
    }
}

/// Student-group count columns are read too (`*_count`), for audits.
fn counts(name: &str) -> bool {
    name.ends_with("_count")
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
    let frame = stream.map(frame_from_stream).transpose()?;
    let f = formula.inner.clone();
    let result = py.detach(move || -> seni::Result<Run> {
        let district = match &frame {
            Some(df) => District::from_frame_with(&source, df, &f, &counts)?,
            None => District::load_with(&paths, &f, &counts)?,
        };
        let c = seni::compute(&f, district)?;
        let a = if f.allocates() { Some(seni::allocate(&c)?) } else { None };
        Ok(Run::new(c, a))
    });
    Ok(PyRun { run: result.map_err(|e| py_err(py, e))? })
}

/// Tables as (name, Arrow stream capsule) pairs.
fn streams<'py>(py: Python<'py>, tables: &[Table]) -> PyResult<Vec<(String, Stream<'py>)>> {
    tables.iter().map(|t| Ok((t.name.clone(), table_stream(py, t)?))).collect()
}

fn json(value: impl serde::Serialize) -> String {
    serde_json::to_string(&value).expect("summaries serialise")
}

#[pymethods]
impl PyRun {
    /// The formula.
    #[getter]
    fn formula(&self) -> PyFormula {
        PyFormula { inner: self.c().formula.clone() }
    }
    /// Warnings about the data (implausible values, markers, filters).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.c().warnings.clone()
    }
    /// The data source and its hash.
    #[getter]
    fn source(&self) -> (String, String) {
        (self.c().district.source.clone(), self.c().district.source_hash.clone())
    }
    /// The label of the run (formula, scenarios, hash).
    #[getter]
    fn label(&self) -> String {
        self.run.label.clone()
    }
    /// The per-school index table.
    fn schools<'py>(&self, py: Python<'py>) -> PyResult<Stream<'py>> {
        table_stream(py, &seni::index_table(self.c()))
    }
    /// The per-school allocation, money by tier, and the summary (JSON), when it allocates.
    fn allocation<'py>(&self, py: Python<'py>) -> PyResult<Option<MoneyTables<'py>>> {
        let Some(a) = &self.run.allocation else { return Ok(None) };
        let (rows, all) = seni::by_tier(self.c(), a);
        Ok(Some((
            table_stream(py, &seni::allocation_table(self.c(), a))?,
            table_stream(py, &seni::by_tier_table(&rows, &all))?,
            json(AllocationSummary::of(a)),
        )))
    }
    /// One school explained (JSON).
    fn explain(&self, py: Python<'_>, school: &str) -> PyResult<String> {
        let c = self.c();
        let row = seni::find_school(c, school).map_err(|e| py_err(py, e))?;
        let e = seni::explain(c, self.run.allocation.as_ref(), row);
        Ok(json(ExplainJson::new(c, &e)))
    }
    /// The audit: summary (JSON) and tables.
    #[pyo3(signature = (groups=None))]
    fn audit<'py>(
        &self,
        py: Python<'py>,
        groups: Option<Vec<String>>,
    ) -> PyResult<SummaryAndTables<'py>> {
        let (summary, tables) = audit_tables(self.c(), self.run.allocation.as_ref(), groups)
            .map_err(|e| py_err(py, e))?;
        Ok((summary, streams(py, &tables)?))
    }
    /// Monte Carlo sensitivity: summary (JSON) and tables.
    #[pyo3(signature = (draws=None, seed=None, sobol=None, school=None))]
    fn sensitivity<'py>(
        &self,
        py: Python<'py>,
        draws: Option<usize>,
        seed: Option<u64>,
        sobol: Option<usize>,
        school: Option<String>,
    ) -> PyResult<SummaryAndTables<'py>> {
        let opts = SensitivityOptions { draws, seed, sobol, school, ..Default::default() };
        let c = self.c();
        let s = py.detach(|| seni::sensitivity(c, &opts, &|_| {})).map_err(|e| py_err(py, e))?;
        let mut tables = vec![seni::sensitivity_table(&s)];
        tables.extend(seni::sobol_table(&s));
        Ok((json(SensitivitySummary::of(&s)), streams(py, &tables)?))
    }
    /// This run (A) against another (B): summary (JSON) and tables.
    fn compare<'py>(&self, py: Python<'py>, other: &PyRun) -> PyResult<SummaryAndTables<'py>> {
        let cmp = seni::compare(&self.run, &other.run);
        let mut tables = vec![seni::changes_table(&cmp), seni::cross_table(&cmp)];
        if let Some(shifts) = cmp.moved_shifts() {
            tables.push(seni::shifts_table(&cmp, shifts));
        }
        Ok((json(CompareSummary::of(&cmp)), streams(py, &tables)?))
    }
}

/// The audit's summary and tables: money by need and group (with an allocation) and discipline by
/// group (with an `[audit]` in the formula).
fn audit_tables(
    c: &Computation,
    a: Option<&AllocationResult>,
    named: Option<Vec<String>>,
) -> seni::Result<(String, Vec<Table>)> {
    let groups = match (&named, &c.formula.audit) {
        (Some(cols), _) => seni::groups(c, cols)?,
        (None, Some(cfg)) if seni::count_columns(c).is_empty() => seni::audit_groups(c, cfg),
        _ => seni::groups(c, &seni::count_columns(c))?,
    };
    let au = a.map(|a| seni::audit(c, a, &groups, None));
    let disc = c.formula.audit.as_ref().map(|cfg| seni::discipline(c, a, cfg));
    let mut tables = Vec::new();
    if let Some(au) = &au {
        tables.push(seni::quintiles_table(&au.quintiles));
        tables.push(seni::by_tier_table(&au.by_tier.0, &au.by_tier.1));
        tables.push(seni::groups_table(&au.groups));
    }
    if let Some(d) = &disc {
        tables.push(seni::rates_table(&d.rates));
        tables.push(seni::gaps_table(c, a, d));
        if !d.money.is_empty() {
            tables.push(seni::discipline_money_table(&d.money));
        }
    }
    if au.is_none() && disc.is_none() {
        return Err(seni::Error::usage(
            format!("formula '{}' has no [allocation] and no [audit]", c.formula.name),
            "audit a run of a formula that allocates money or has an [audit] section",
        ));
    }
    Ok((
        serde_json::to_string(&AuditSummary::of(au.as_ref(), disc.as_ref())).expect("json"),
        tables,
    ))
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
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
