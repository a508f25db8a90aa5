"""The seni Python package: the same numbers as the command line, to the cent; pandas and polars
inputs agree; typed errors with the fix; explanations add up; sensitivity is seeded."""
import csv
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import seni

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
CLI = TARGET / "release" / "seni"
if not CLI.exists():
    CLI = TARGET / "debug" / "seni"
DISTRICT = ROOT / "data" / "district.csv"
LAUSD = ROOT / "data" / "lausd" / "schools.csv"


def cli_cents(tmp_path, *args):
    """Each school's total in cents from the command line."""
    if not CLI.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seni binary is not built ({CLI}); CI runs cargo test first")
        pytest.skip("the seni binary is not built (cargo build)")
    out = tmp_path / "cli.csv"
    subprocess.run([str(CLI), "allocate", *args, "--out", str(out)], check=True, capture_output=True)
    with open(out, newline="") as f:
        return {r["id"]: round(float(r["total"]) * 100) for r in csv.DictReader(f)}


def cents(frame):
    return {i: round(t * 100) for i, t in zip(frame["id"], frame["total"])}


def test_formulas_are_listed_and_load():
    names = [f["name"] for f in seni.formulas()]
    assert "seni" in names and "ky-equity-2017" in names
    f = seni.load_formula("seni", set={"indicators.chronic_absence.weight": 2})
    assert f.name == "seni" and len(f.hash) == 16
    assert f.hash != seni.load_formula("seni").hash, "an override changes the hash"
    assert "chronic_absence" in f.indicators


def test_a_formula_from_a_file_keeps_its_source_when_changed():
    path = ROOT / "benches" / "formula-20.toml"
    f = seni.Formula.load(path)
    doubled = f.with_changes(set={"indicators.foster.weight": 2})
    assert doubled.name == f.name and doubled.hash != f.hash
    assert doubled.hash == seni.load_formula(path, set={"indicators.foster.weight": 2}).hash
    assert seni.Formula.bundled("seni").hash == seni.load_formula("seni").hash
    budget = seni.Formula.bundled("seni").with_changes(budget=900_000_000)
    again = budget.with_changes(set={"indicators.chronic_absence.weight": 2})
    assert again.hash == seni.load_formula("seni", budget=900_000_000, set={"indicators.chronic_absence.weight": 2}).hash
    run = seni.run(formula=again)
    assert run.formula.hash == again.hash


@pytest.mark.parametrize("formula,data", [("seni", None), ("seni-lausd-open", None)])
def test_same_allocation_as_the_command_line_to_the_cent(tmp_path, formula, data):
    schools, summary = seni.allocate(data, formula, budget=900_000_000)
    ours = cents(schools)
    theirs = cli_cents(tmp_path, "-f", formula, "--budget", "900000000")
    assert ours == theirs
    assert round(summary.total * 100) == sum(ours.values())


def test_allocation_sums_to_the_budget_and_follows_need():
    schools, summary = seni.allocate(budget=700_000_000)
    programs = summary.to_dict()["programs"]
    main = programs[0]
    assert round(schools[main["id"]].sum() * 100) == round(main["total"] * 100) == 70_000_000_000
    by_tier = summary.by_tier.filter(pl.col("tier") != "All schools")
    per_pupil = by_tier["per_pupil"].to_list()
    assert per_pupil == sorted(per_pupil, reverse=True), "more need never means less money"


def test_pandas_polars_and_path_inputs_agree():
    pd = pytest.importorskip("pandas")
    from_path = seni.compute(DISTRICT)
    from_polars = seni.compute(pl.read_csv(DISTRICT, schema_overrides={"school_id": pl.Utf8}, infer_schema_length=0))
    from_pandas = seni.compute(pd.read_csv(DISTRICT, dtype={"school_id": str}))
    # Typed columns as a notebook reads them (integer ids, float rates, nulls for suppressed "*").
    typed_polars = seni.compute(pl.read_csv(DISTRICT, null_values=["*"]))
    typed_pandas = seni.compute(pd.read_csv(DISTRICT))
    for other in (from_polars, from_pandas, typed_polars, typed_pandas):
        assert other["id"].to_list() == from_path["id"].to_list()
        assert other["need_index"].to_list() == from_path["need_index"].to_list()
        assert other["tier"].to_list() == from_path["tier"].to_list()


def test_pandas_without_pyarrow_keeps_missing_values_missing(monkeypatch):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(DISTRICT)
    expected = seni.compute(DISTRICT)

    def no_pyarrow(*args, **kwargs):
        raise ImportError("pyarrow is not installed")

    monkeypatch.setattr(pl, "from_pandas", no_pyarrow)
    got = seni.compute(frame)
    assert got["need_index"].to_list() == expected["need_index"].to_list()
    assert got["missing"].to_list() == expected["missing"].to_list()


def test_arrow_tables_are_read_without_copies_through_python():
    pa = pytest.importorskip("pyarrow")
    table = pl.read_csv(DISTRICT, null_values=["*"]).to_arrow()
    assert isinstance(table, pa.Table)
    assert seni.compute(table)["need_index"].to_list() == seni.compute(DISTRICT)["need_index"].to_list()
    with pytest.raises(TypeError, match="polars or pandas DataFrame"):
        seni.compute(42)


def test_errors_are_typed_and_carry_the_fix(tmp_path):
    with pytest.raises(seni.FormulaError) as e:
        seni.load_formula("seni", set={"indicators.foster.weight": -1})
    assert "weight" in str(e.value) and e.value.problems[0]["fix"]
    bad = tmp_path / "bad.csv"
    text = DISTRICT.read_text().splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("pct_foster")] = "lots"
    bad.write_text("\n".join([text[0], ",".join(row), *text[2:]]) + "\n")
    with pytest.raises(seni.DataError) as e:
        seni.compute(bad)
    p = e.value.problems[0]
    assert p["row"] == 1 and p["column"] == "pct_foster" and "'lots' is not a number" in p["message"]
    assert isinstance(e.value, seni.SeniError)
    with pytest.raises(seni.InfeasibleError):
        seni.allocate(set={"allocation.programs.seni.min": 10_000_000})
    with pytest.raises(seni.UsageError):
        seni.explain(seni.run(), "no-such-school")


def test_explain_contributions_add_up_to_the_index():
    r = seni.run()
    top = r.schools.sort("rank").row(0, named=True)
    e = seni.explain(r, top["id"])["school"]
    parts = sum(line.get("to_index") or 0.0 for line in e["indicators"])
    assert abs(parts - e["index_score"]) < 1e-9
    assert e["rank"] == 1


def test_compare_two_budgets():
    a, b = seni.run(budget=700_000_000), seni.run(budget=900_000_000)
    cmp = seni.compare(a, b)
    pot = lambda r: r.summary.to_dict()["programs"][0]["total"]
    assert round((pot(b) - pot(a)) * 100) == 20_000_000_000, "the SENI pot grows by $200M"
    # The hold-harmless top-up (funded on top) shrinks as the pot grows, so the totals move by less.
    assert cmp.summary["total_a"] == a.summary.total and cmp.summary["total_b"] == b.summary.total
    assert cmp.summary["change"] == pytest.approx(b.summary.total - a.summary.total, abs=0.005)
    assert cmp.summary["losing"] == 0, "a bigger pot never takes money from a school"
    assert cmp.by_indicator is None, "the index does not move with the budget"
    assert cmp.tiers.height >= 5


def test_audit_tables():
    au = seni.audit(seni.run())
    q = au.tables["by_need_quintile"]
    assert q.height == 5 and au.summary["concentration_index"] > 0
    ky = seni.audit(seni.run(formula="ky-equity-2017", scenarios=[ROOT / "formulas" / "scenarios" / "jcps.toml"]))
    rates = ky.tables["discipline_rates"]
    black = rates.filter((pl.col("group") == "Black") & (pl.col("outcome") == "Out-of-school suspension"))
    assert black["per_100"][0] == pytest.approx(40.53, abs=0.01)


def test_sensitivity_is_seeded():
    r = seni.run()
    one = seni.sensitivity(r, draws=30, seed=7)
    two = seni.sensitivity(r, draws=30, seed=7)
    other = seni.sensitivity(r, draws=30, seed=8)
    assert one.schools.equals(two.schools)
    assert not one.schools.equals(other.schools)
    assert one.summary["draws"] == 30


def test_help_explains_the_arguments():
    assert "budget" in seni.allocate.__doc__ and "DataFrame" in seni.compute.__doc__


def test_the_readme_example_runs(tmp_path, monkeypatch):
    """The README's Python example, as a new user pastes it ("my_district.csv" is the bundled
    district; the plot line needs matplotlib and is skipped without it)."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Python"):]
    code = section[section.index("```python") + len("```python"):]
    code = code[: code.index("```")]
    (tmp_path / "my_district.csv").write_bytes(DISTRICT.read_bytes())
    (tmp_path / "data").symlink_to(ROOT / "data")  # as from the clone's root
    monkeypatch.chdir(tmp_path)
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        code = "\n".join(line for line in code.splitlines() if ".plot." not in line)
    scope = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert round(scope["summary"].total * 100) > 90_000_000_000
    assert scope["per_pupil"].columns == ["tier", "$700M", "$900M"]


def cli_json(tmp_path, *args):
    """The command line's JSON document of an analysis (``--format json``)."""
    if not CLI.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seni binary is not built ({CLI}); CI runs cargo test first")
        pytest.skip("the seni binary is not built (cargo build)")
    out = subprocess.run([str(CLI), *args, "--format", "json", "--out", "-"], check=True, capture_output=True)
    return json.loads(out.stdout)


def test_a_budget_argument_is_the_same_formula_as_the_flag(tmp_path):
    doc = cli_json(tmp_path, "allocate", "--budget", "900M")
    from decimal import Decimal
    from fractions import Fraction

    same = (900_000_000, 9e8, "900M", np.int64(900_000_000), np.float64(9e8), np.int32(900_000_000), np.uint64(900_000_000), np.float32(9e8), Decimal("9E+8"), Fraction(9 * 10**8))
    for budget in same:
        f = seni.load_formula("seni", budget=budget)
        assert f.hash == doc["metadata"]["formula_hash"], budget
    for budget, says in ((np.float64("nan"), "not an amount"), (float("inf"), "not an amount"), (10**30, "above the largest amount")):
        with pytest.raises(seni.UsageError, match=f"argument budget=.*{says}"):
            seni.load_formula("seni", budget=budget)
    via_set = seni.load_formula("seni", set={"allocation.budget": 900_000_000})
    assert via_set.hash == doc["metadata"]["formula_hash"]


def test_a_bad_argument_is_named_as_the_python_user_wrote_it():
    with pytest.raises(seni.UsageError) as e:
        seni.allocate(formula="seni", budget=-5)
    assert "budget=-5" in str(e.value) and "--set" not in str(e.value)
    with pytest.raises(seni.FormulaError) as e:
        seni.load_formula("seni", set={"indicators.chronic_absence.weight": -2})
    assert "set['indicators.chronic_absence.weight']=-2" in str(e.value)
    with pytest.raises(TypeError, match="indicators.chronic_absence.weight"):
        seni.load_formula("seni", set={"indicators.chronic_absence.weight": object()})


def columns_by_table(doc):
    return {k: list(v[0].keys()) for k, v in doc.items() if isinstance(v, list) and v}


def frames_columns(tables):
    return {name: frame.columns for name, frame in tables.items() if frame.height > 0}


def test_every_analysis_has_the_same_tables_and_columns_as_the_command_line(tmp_path):
    run = seni.run()
    other = seni.run(budget=900_000_000, set={"indicators.chronic_absence.weight": 2})
    allocation, summary = run.allocation, run.summary
    assert columns_by_table(cli_json(tmp_path, "allocate")) == frames_columns(
        {"allocation": allocation, "by_tier": summary.by_tier}
    )
    scenario = tmp_path / "b.toml"
    scenario.write_text('[scenario]\nname = "b"\n[allocation]\nbudget = 900_000_000\n[indicators.chronic_absence]\nweight = 2\n')
    cmp_doc = cli_json(tmp_path, "compare", "base", str(scenario))
    assert columns_by_table(cmp_doc) == frames_columns(seni.compare(run, other).tables)
    assert cmp_doc["summary"] == seni.compare(run, other).summary
    audit_doc = cli_json(tmp_path, "audit")
    assert columns_by_table(audit_doc) == frames_columns(seni.audit(run).tables)
    assert audit_doc["summary"] == seni.audit(run).summary
    ky = ["-f", "ky-equity-2017", "-d", str(ROOT / "data/kentucky/ky_schools_panel_2012_2017.csv")]
    trend_doc = cli_json(tmp_path, "trend", *ky)
    t = seni.trend(ROOT / "data/kentucky/ky_schools_panel_2012_2017.csv", "ky-equity-2017")
    assert columns_by_table(trend_doc) == frames_columns(t.tables)
    assert trend_doc["summary"] == t.summary


def test_sensitivity_arguments_are_checked_by_name():
    r = seni.run()
    for draws, says in ((0, "at least 2"), (1, "at least 2"), (-1, "at least 2"), (2.5, "whole number"), (True, "whole number"), ("3", "whole number")):
        with pytest.raises(seni.UsageError, match=f"draws must be .*{says}"):
            seni.sensitivity(r, draws=draws)
    with pytest.raises(seni.UsageError, match="seed must be at least 0"):
        seni.sensitivity(r, draws=10, seed=-1)
    assert seni.sensitivity(r, draws=np.int64(12), seed=np.uint8(3)).summary["draws"] == 12


def test_a_run_too_big_for_memory_is_refused_before_it_starts():
    with pytest.raises(seni.UsageError) as e:
        seni.sensitivity(seni.run(), draws=10**9)
    text = str(e.value)
    assert "1,000,000,000 draws of 1,000 schools need about" in text and " TB of memory" in text and "ask for at most" in text


def test_ctrl_c_stops_a_long_run_within_a_second():
    """A KeyboardInterrupt (SIGINT to the interpreter) stops the draws between blocks."""
    import signal
    import threading
    import time

    r = seni.run()
    for draws, sobol in ((200_000, None), (10, 200_000)):  # the draws, then Sobol's model runs
        sent = []
        timer = threading.Timer(1.0, lambda: (sent.append(time.monotonic()), os.kill(os.getpid(), signal.SIGINT)))
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                seni.sensitivity(r, draws=draws, sobol=sobol)
        finally:
            timer.cancel()
        assert sent and time.monotonic() - sent[0] < 1.0


def same_rows(frame, rows):
    """A frame's rows are the JSON rows: text and whole numbers alike, other numbers to the cent
    (JSON writes dollars per pupil to the cent; the frame holds them whole)."""
    assert frame.columns == list(rows[0].keys())
    for mine, theirs in zip(frame.to_dicts(), rows, strict=True):
        for k, v in theirs.items():
            if isinstance(v, float) and mine[k] is not None:
                assert mine[k] == pytest.approx(v, abs=0.005, rel=1e-12), k
            else:
                assert mine[k] == v, k


def test_equity_has_the_command_lines_numbers(tmp_path):
    """Today's revenue by state (the formula's [equity]) and a baseline against a redirect: the
    same tables, the same numbers and the same findings as `seni equity --format json`."""
    doc = cli_json(tmp_path, "equity", "-f", "us-districts-2018")
    e = seni.equity(seni.run(formula="us-districts-2018"))
    for name in ("horizontal", "vertical"):
        same_rows(getattr(e, name), doc[name])
    assert e.findings == doc["summary"]["findings"] and e.summary == doc["summary"]
    ratio = e.vertical.filter((pl.col("area") == "all districts") & (pl.col("dimension") == "children in poverty"))["ratio"][0]
    assert ratio == pytest.approx(0.9534, abs=5e-5)
    redirect = ROOT / "examples" / "redirect-police.toml"
    doc = cli_json(tmp_path, "equity", "base", str(redirect), "--poverty", "pct_low_income")
    poverty = {"equity.poverty": {"share": ["pct_low_income"]}}
    proposal = seni.run(scenarios=[redirect], set=poverty)
    e = seni.equity(proposal, baseline=seni.run(set=poverty))
    assert e.summary == doc["summary"]
    for name in ("horizontal", "vertical"):
        same_rows(e.tables[name], doc[name])
    with pytest.raises(seni.UsageError, match="add estimates=True"):
        seni.equity(proposal, draws=10)
