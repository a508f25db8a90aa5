"""seni — student equity need index: need index, tiers and budget allocation for schools.

A Rust engine (the same as the ``seni`` command line) with a Python face: data go in and out as
polars DataFrames through the Arrow PyCapsule interface (no Python loop over schools), and errors
are typed exceptions carrying the same file/row/column/fix text as the command line.

    >>> import seni
    >>> schools, summary = seni.allocate(budget=900_000_000)      # the bundled sample district
    >>> summary.by_tier                                            # dollars per pupil by tier
"""
from __future__ import annotations

import json
import numbers
import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Sequence, Union

import polars as pl

from . import _seni
from ._seni import (
    DataError,
    FileError,
    FormulaError,
    InfeasibleError,
    SeniError,
    UsageError,
)

__all__ = [
    "Formula", "Run", "AllocationSummary", "Audit", "Comparison", "Equity", "Sensitivity",
    "Trend", "formulas", "load_formula", "run", "compute", "allocate", "explain", "compare", "audit", "equity", "sensitivity", "trend",
    "SeniError", "UsageError", "FormulaError", "DataError", "InfeasibleError", "FileError",
]
__version__ = _seni.version()

Data = Union[None, str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], pl.DataFrame, Any]


class _Stream:
    """Holds an Arrow stream capsule for ``pl.DataFrame`` (the Arrow PyCapsule interface)."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._capsule


def _frame(capsule: Any) -> pl.DataFrame:
    return pl.DataFrame(_Stream(capsule))


class Formula:
    """A checked formula: a bundled one or a ``.toml`` file, with scenarios and overrides applied.

    Made by :meth:`Formula.bundled`, :meth:`Formula.load` or :func:`load_formula`; immutable
    (:meth:`with_changes` returns a new one). ``hash`` identifies the effective formula."""

    __slots__ = ("_native", "_recipe")

    def __init__(self, native: Any, recipe: tuple[str, tuple[str, ...], tuple[tuple[str, Any, str], ...]]) -> None:
        self._native = native
        self._recipe = recipe

    @classmethod
    def bundled(cls, name: str = "seni", **changes: Any) -> "Formula":
        """A bundled formula by name (see :func:`formulas`); ``changes`` as in :func:`load_formula`."""
        return load_formula(name, **changes)

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"], **changes: Any) -> "Formula":
        """A formula from a TOML file; ``changes`` as in :func:`load_formula`."""
        return load_formula(path, **changes)

    def with_changes(self, **changes: Any) -> "Formula":
        """This formula with more scenarios or overrides (``scenarios``, ``set``, ``budget``,
        ``period``), applied after its own."""
        return load_formula(self, **changes)

    name = property(lambda self: self._native.name, doc="Short name.")
    title = property(lambda self: self._native.title, doc="Title.")
    description = property(lambda self: self._native.description, doc="One-line description.")
    hash = property(lambda self: self._native.hash, doc="First 16 hex digits of the SHA-256 of the effective formula.")
    notes = property(lambda self: self._native.notes, doc="Notes on the choices made.")
    indicators = property(lambda self: self._native.indicators, doc="Indicator ids in formula order.")
    scenarios = property(lambda self: self._native.scenarios, doc="Scenarios applied.")
    allocates = property(lambda self: self._native.allocates, doc="Whether the formula allocates money.")

    def __repr__(self) -> str:
        return f"Formula({self.name}, {self.hash})"


def load_formula(
    formula: Union[str, "os.PathLike[str]", Formula] = "seni",
    *,
    scenarios: Sequence[Union[str, "os.PathLike[str]"]] = (),
    set: Optional[Mapping[str, Any]] = None,
    budget: Optional[float] = None,
    period: Optional[str] = None,
) -> Formula:
    """A checked formula: a bundled name (see :func:`formulas`) or a ``.toml`` path, then
    scenario files, then overrides (``set={"indicators.chronic_absence.weight": 2}``),
    ``budget`` (dollars, the main program's budget) and ``period`` (data with periods).

    Raises :class:`FormulaError` naming the file, line and key of every problem."""
    if isinstance(formula, Formula):
        source, earlier_scenarios, changes = formula._recipe
    else:
        source, earlier_scenarios, changes = os.fspath(formula), (), ()
    scenario_paths = (*earlier_scenarios, *(os.fspath(p) for p in scenarios))
    # Each change keeps its value as given and is named as the argument was written.
    changes = (*changes, *((k, v, f"set[{k!r}]={v!r}") for k, v in (set or {}).items()))
    if budget is not None:
        changes = (*changes, ("budget", budget, f"budget={budget!r}"))
    if period is not None:
        changes = (*changes, ("data.use_period", period, f"period={period!r}"))
    native = _seni.load_formula(source, list(scenario_paths), list(changes))
    return Formula(native, (source, scenario_paths, changes))


def formulas() -> list[dict[str, str]]:
    """The bundled formulas: ``[{"name", "title", "description"}, ...]``."""
    return [{"name": n, "title": t, "description": d} for n, t, d in _seni.bundled_formulas()]


def _outputs(native: tuple[str, list[tuple[str, Any]]]) -> tuple[Any, dict[str, pl.DataFrame]]:
    """An analysis's outputs from the engine: its summary and its tables by name (the same names
    and columns as the command line's ``--format json``)."""
    summary, tables = native
    return json.loads(summary), {name: _frame(t) for name, t in tables}


def _polars(data: Any) -> pl.DataFrame:
    """A polars DataFrame from a polars or pandas DataFrame, or anything with the Arrow PyCapsule
    stream interface (pyarrow tables, DuckDB results, ...)."""
    if isinstance(data, pl.DataFrame):
        return data
    if type(data).__module__.partition(".")[0] == "pandas":
        try:
            return pl.from_pandas(data)
        except ImportError:  # pandas without pyarrow
            return pl.DataFrame([_pandas_column(str(c), data[c]) for c in data.columns])
    if hasattr(data, "__arrow_c_stream__"):
        return pl.DataFrame(data)
    raise TypeError(
        f"data must be a path, a polars or pandas DataFrame, or an Arrow table; got {type(data).__name__}"
    )


def _pandas_column(name: str, column: Any) -> pl.Series:
    """One pandas column as a polars Series with nulls for missing values: numbers through numpy
    (NaN becomes null), anything else as Python values."""
    if column.dtype.kind in "biuf":
        return pl.Series(name, column.to_numpy(), nan_to_null=True)
    return pl.Series(name, [None if missing else v for v, missing in zip(column.tolist(), column.isna())])


@dataclass(frozen=True)
class AllocationSummary:
    """What an allocation adds up to: programs, hold-harmless, totals, and money by tier."""

    data: dict[str, Any]
    by_tier: pl.DataFrame

    @property
    def total(self) -> float:
        """Dollars allocated."""
        return float(self.data["total"])

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (the same as the command line's JSON summary), with the
        money by tier as a list of rows."""
        return {**self.data, "by_tier": self.by_tier.to_dicts()}


class Run:
    """A formula applied to a district: the index, tiers and (when the formula allocates) the
    money. Made by :func:`run`; the input of :func:`explain`, :func:`compare`, :func:`audit`
    and :func:`sensitivity`."""

    def __init__(self, native: Any, formula: Formula) -> None:
        self._native = native
        self._formula = formula
        self._allocation: Optional[tuple[pl.DataFrame, AllocationSummary]] = None

    @property
    def formula(self) -> Formula:
        """The formula (with its scenarios and overrides)."""
        return self._formula

    @property
    def warnings(self) -> list[str]:
        """Warnings about the data (implausible values, markers, rows filtered out)."""
        return self._native.warnings

    @property
    def source(self) -> tuple[str, str]:
        """The data source and the hash of its bytes."""
        return self._native.source

    @property
    def schools(self) -> pl.DataFrame:
        """Per school: id, name, indicators, domains, index, rank, tier, reason for no index."""
        return _outputs(self._native.compute())[1]["schools"]

    def _money(self) -> tuple[pl.DataFrame, AllocationSummary]:
        if self._allocation is None:
            got = self._native.allocate()
            if got is None:
                raise UsageError(f"formula '{self.formula.name}' has no [allocation]")
            summary, tables = _outputs(got)
            self._allocation = (tables["allocation"], AllocationSummary(summary, tables["by_tier"]))
        return self._allocation

    @property
    def allocation(self) -> pl.DataFrame:
        """Per school: every program, hold-harmless, total, dollars per pupil, prior, change."""
        return self._money()[0]

    @property
    def summary(self) -> AllocationSummary:
        """The allocation's summary and money by tier."""
        return self._money()[1]

    def __repr__(self) -> str:
        return f"Run({self._native.label}, {self.source[0]})"


def run(
    data: Data = None,
    formula: Union[str, "os.PathLike[str]", Formula] = "seni",
    *,
    scenarios: Sequence[Union[str, "os.PathLike[str]"]] = (),
    set: Optional[Mapping[str, Any]] = None,
    budget: Optional[float] = None,
    period: Optional[str] = None,
) -> Run:
    """Applies a formula to a district.

    ``data``: None (the formula's bundled data), a CSV path or a list of paths (joined by id), or
    a polars or pandas DataFrame. ``formula``: a bundled name, a path or a :class:`Formula`;
    ``scenarios``, ``set``, ``budget`` and ``period`` as in :func:`load_formula`.

    Raises :class:`DataError` naming the file, row and column of every bad cell."""
    f = load_formula(formula, scenarios=scenarios, set=set, budget=budget, period=period)
    if data is None:
        return Run(_seni.run(f._native, []), f)
    if isinstance(data, (str, os.PathLike)):
        return Run(_seni.run(f._native, [os.fspath(data)]), f)
    if isinstance(data, (list, tuple)):
        return Run(_seni.run(f._native, [os.fspath(p) for p in data]), f)
    frame = _polars(data)
    return Run(_seni.run(f._native, [], frame.__arrow_c_stream__(), "frame"), f)


def compute(data: Data = None, formula: Union[str, "os.PathLike[str]", Formula] = "seni", **options: Any) -> pl.DataFrame:
    """The need index of every school as a polars DataFrame (see :func:`run` for the arguments):
    indicators, domains, index, rank, tier, and the reason a school has no index."""
    return run(data, formula, **options).schools


def allocate(
    data: Data = None,
    formula: Union[str, "os.PathLike[str]", Formula] = "seni",
    *,
    budget: Optional[float] = None,
    **options: Any,
) -> tuple[pl.DataFrame, AllocationSummary]:
    """The allocation of every school and its summary (see :func:`run` for the arguments;
    ``budget`` in dollars). Amounts are whole cents and add up to the budget exactly.

    Raises :class:`InfeasibleError` when the rules cannot be met (e.g. floors above the pot)."""
    r = run(data, formula, budget=budget, **options)
    return r.allocation, r.summary


def explain(run: Run, school: str) -> dict[str, Any]:
    """One school: its indicators (raw, normalised, weight, contribution), domains, rank, tier,
    the nearest tier boundaries and the smallest change that crosses them, and its money. The
    contributions add up to the index."""
    return _outputs(run._native.explain(str(school)))[0]


@dataclass(frozen=True)
class Audit:
    """Is the money progressive, and (with an ``[audit]``) discipline and police contact by
    student group: ``summary`` and tables by name (``tables["by_need_quintile"]`` …)."""

    summary: dict[str, Any]
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)


def audit(run: Run, groups: Optional[Sequence[str]] = None, affected: Optional[Sequence[str]] = None) -> Audit:
    """Audits a run: dollars per pupil by need quintile and tier, concentration of money on need,
    what the average student of each group receives (``groups``: count columns; default every
    ``*_count`` column or the formula's ``[audit]`` groups), who is affected by a list of schools
    (``affected``: school ids, e.g. closures or cuts), and discipline by group."""
    got = run._native.audit(
        list(groups) if groups is not None else None,
        [str(i) for i in affected] if affected is not None else None,
    )
    summary, tables = _outputs(got)
    return Audit(summary, tables)


@dataclass(frozen=True)
class Equity:
    """Is the money fair? ``horizontal`` (every area and run: range, percentiles, the federal
    range ratio, McLoone, Verstegen, CV, Gini, Theil), ``vertical`` (every area, run and share:
    progressivity ratio, quartile gap, correlation, slope, elasticity, the 30%-vs-5% prediction,
    with ``_low``/``_high`` 90% intervals when drawn), ``findings`` in words and ``summary``: the
    command line's ``seni equity --format json``."""

    summary: dict[str, Any]
    horizontal: pl.DataFrame
    vertical: pl.DataFrame
    findings: list[str]
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)


def equity(run: Run, baseline: Optional[Run] = None, estimates: bool = False, draws: Optional[int] = None, seed: Optional[int] = None) -> Equity:
    """The equity statistics of a run's money — its ``[equity]`` money (today's revenue columns,
    say), else its allocation per pupil — for every row and each area; with ``baseline``, for the
    baseline, this run as the proposal, and the change. ``estimates=True`` draws every share with
    a margin of error (``draws``, ``seed``: as :func:`sensitivity`) for 90% intervals. Choose the
    money, poverty and groups in the formula, e.g. ``seni.run(set={"equity.poverty":
    "pct_low_income", "equity.money": ["state_per_child", "local_per_child"]})``."""
    draws, seed = _whole("draws", draws, 2), _whole("seed", seed, 0)
    if (draws is not None or seed is not None) and not estimates:
        raise UsageError("draws and seed are for the intervals: add estimates=True")
    summary, frames = _outputs(run._native.equity(baseline._native if baseline is not None else None, bool(estimates), draws, seed))
    return Equity(summary, frames["horizontal"], frames["vertical"], list(summary["findings"]), frames)


@dataclass(frozen=True)
class Comparison:
    """Two runs school by school: ``schools`` (A, B, change, tiers), ``tiers`` (schools by tier
    under A and B), ``by_indicator`` (each school's index change split by indicator, when the
    index moved) and ``summary``."""

    summary: dict[str, Any]
    schools: pl.DataFrame
    tiers: pl.DataFrame
    by_indicator: Optional[pl.DataFrame]
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)


def compare(a: Run, b: Run) -> Comparison:
    """Who gains, who loses, who changes tier between run ``a`` and run ``b`` (schools matched by
    id)."""
    summary, frames = _outputs(a._native.compare(b._native))
    return Comparison(summary, frames["changes"], frames["tier_changes"], frames.get("index_change_by_indicator"), frames)


@dataclass(frozen=True)
class Sensitivity:
    """Monte Carlo over the formula's choices: per school the probability of each tier, rank
    bands and allocation bands (``schools``), Sobol indices (``sobol``) and ``summary``."""

    summary: dict[str, Any]
    schools: pl.DataFrame
    sobol: Optional[pl.DataFrame]


def _whole(name: str, value: Any, least: int) -> Optional[int]:
    """An optional whole-number argument of at least ``least`` (numpy integers too)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise UsageError(f"{name} must be a whole number, got {value!r}")
    if value < least:
        raise UsageError(f"{name} must be at least {least}, got {value}")
    return int(value)


def sensitivity(run: Run, draws: Optional[int] = None, seed: Optional[int] = None, sobol: Optional[int] = None, school: Optional[str] = None) -> Sensitivity:
    """How sure is each school's tier? ``draws`` Monte Carlo draws (default: the formula's, else
    1,000) from ``seed`` (same seed, same result, whatever the thread count); ``sobol`` base
    samples for Sobol indices. A formula without ``[uncertainty]`` varies nothing: give one (e.g.
    ``set={"uncertainty.weights": {"kind": "dirichlet"}}`` in :func:`run`)."""
    draws, seed, sobol = _whole("draws", draws, 2), _whole("seed", seed, 0), _whole("sobol", sobol, 1)
    summary, frames = _outputs(run._native.sensitivity(draws, seed, sobol, school))
    return Sensitivity(summary, frames["schools"], frames.get("sobol"))


@dataclass(frozen=True)
class Trend:
    """A formula over every period of the data: ``schools`` (index, rank and tier per school and
    period), ``tier_changes`` (churn between consecutive periods), ``tables`` (also each tier
    matrix) and ``summary``."""

    summary: dict[str, Any]
    schools: pl.DataFrame
    tier_changes: pl.DataFrame
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)


def trend(
    data: Union[None, str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]] = None,
    formula: Union[str, "os.PathLike[str]", Formula] = "seni",
    **changes: Any,
) -> Trend:
    """The formula over every period of the data (a formula that names its ``[data] period``
    column, e.g. ``ky-equity-2017`` with ``data/kentucky/ky_schools_panel_2012_2017.csv``):
    tiers per year, churn and tier flows. ``changes`` as in :func:`load_formula`."""
    f = load_formula(formula, **changes)
    paths = [] if data is None else [os.fspath(data)] if isinstance(data, (str, os.PathLike)) else [os.fspath(p) for p in data]
    summary, tables = _outputs(_seni.trend(f._native, paths))
    return Trend(summary, tables["trend"], tables["tier_changes"], tables)
