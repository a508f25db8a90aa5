"""Type stubs of the seni Python package."""
import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Union

import polars as pl

__version__: str

PathLike = Union[str, "os.PathLike[str]"]
Data = Union[None, PathLike, Sequence[PathLike], pl.DataFrame, Any]

class SeniError(Exception):
    """Any error seni reports; ``problems`` holds each problem's file, line, row, column, key,
    message and fix."""
    problems: list[dict[str, Any]]

class UsageError(SeniError): ...
class FormulaError(SeniError): ...
class DataError(SeniError): ...
class InfeasibleError(SeniError): ...
class FileError(SeniError): ...

class Formula:
    """A checked formula: a bundled one or a ``.toml`` file, with scenarios and overrides applied."""
    @classmethod
    def bundled(
        cls,
        name: str = "seni",
        *,
        scenarios: Sequence[PathLike] = (),
        set: Optional[Mapping[str, Any]] = None,
        budget: Optional[float] = None,
        period: Optional[str] = None,
    ) -> Formula: ...
    @classmethod
    def load(
        cls,
        path: PathLike,
        *,
        scenarios: Sequence[PathLike] = (),
        set: Optional[Mapping[str, Any]] = None,
        budget: Optional[float] = None,
        period: Optional[str] = None,
    ) -> Formula: ...
    def with_changes(
        self,
        *,
        scenarios: Sequence[PathLike] = (),
        set: Optional[Mapping[str, Any]] = None,
        budget: Optional[float] = None,
        period: Optional[str] = None,
    ) -> Formula: ...
    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def hash(self) -> str: ...
    @property
    def notes(self) -> list[str]: ...
    @property
    def indicators(self) -> list[str]: ...
    @property
    def scenarios(self) -> list[str]: ...
    @property
    def allocates(self) -> bool: ...

@dataclass(frozen=True)
class AllocationSummary:
    data: dict[str, Any]
    by_tier: pl.DataFrame
    @property
    def total(self) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...

class Run:
    @property
    def formula(self) -> Formula: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def source(self) -> tuple[str, str]: ...
    @property
    def schools(self) -> pl.DataFrame: ...
    @property
    def allocation(self) -> pl.DataFrame: ...
    @property
    def summary(self) -> AllocationSummary: ...

@dataclass(frozen=True)
class Audit:
    summary: dict[str, Any]
    tables: dict[str, pl.DataFrame]

@dataclass(frozen=True)
class Equity:
    summary: dict[str, Any]
    horizontal: pl.DataFrame
    vertical: pl.DataFrame
    findings: list[str]
    tables: dict[str, pl.DataFrame]

@dataclass(frozen=True)
class Comparison:
    summary: dict[str, Any]
    schools: pl.DataFrame
    tiers: pl.DataFrame
    by_indicator: Optional[pl.DataFrame]
    tables: dict[str, pl.DataFrame]

@dataclass(frozen=True)
class Sensitivity:
    summary: dict[str, Any]
    schools: pl.DataFrame
    sobol: Optional[pl.DataFrame]

@dataclass(frozen=True)
class Trend:
    summary: dict[str, Any]
    schools: pl.DataFrame
    tier_changes: pl.DataFrame
    tables: dict[str, pl.DataFrame]

def formulas() -> list[dict[str, str]]: ...
def load_formula(
    formula: Union[PathLike, Formula] = "seni",
    *,
    scenarios: Sequence[PathLike] = (),
    set: Optional[Mapping[str, Any]] = None,
    budget: Optional[float] = None,
    period: Optional[str] = None,
) -> Formula: ...
def run(
    data: Data = None,
    formula: Union[PathLike, Formula] = "seni",
    *,
    scenarios: Sequence[PathLike] = (),
    set: Optional[Mapping[str, Any]] = None,
    budget: Optional[float] = None,
    period: Optional[str] = None,
) -> Run: ...
def compute(data: Data = None, formula: Union[PathLike, Formula] = "seni", **options: Any) -> pl.DataFrame: ...
def allocate(
    data: Data = None,
    formula: Union[PathLike, Formula] = "seni",
    *,
    budget: Optional[float] = None,
    **options: Any,
) -> tuple[pl.DataFrame, AllocationSummary]: ...
def explain(run: Run, school: str) -> dict[str, Any]: ...
def audit(
    run: Run, groups: Optional[Sequence[str]] = None, affected: Optional[Sequence[str]] = None
) -> Audit: ...
def compare(a: Run, b: Run) -> Comparison: ...
def equity(
    run: Run,
    baseline: Optional[Run] = None,
    estimates: bool = False,
    draws: Optional[int] = None,
    seed: Optional[int] = None,
) -> Equity: ...
def sensitivity(
    run: Run,
    draws: Optional[int] = None,
    seed: Optional[int] = None,
    sobol: Optional[int] = None,
    school: Optional[str] = None,
) -> Sensitivity: ...
def trend(
    data: Union[None, PathLike, Sequence[PathLike]] = None,
    formula: Union[PathLike, Formula] = "seni",
    *,
    scenarios: Sequence[PathLike] = (),
    set: Optional[Mapping[str, Any]] = None,
    budget: Optional[float] = None,
    period: Optional[str] = None,
) -> Trend: ...
