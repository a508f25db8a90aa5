"""The what-if asks "Is it fair?" and works on a state's aid formula: the equity statistics of the
what-if against the formula as shipped are `seni equity`'s (its sentences, and a statistic to the
printed digit); New Jersey's page says what the state pays, draws a box for each parameter,
sliding-scale end, count weight and solve target, and each what-if equals `seni allocate --set`
to the cent."""
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import seni  # noqa: E402
from pagetools import console_errors, money_table, open_page, set_knob  # noqa: E402
from test_reading import BROKEN, MEASURE, axe_violations, words_of  # noqa: E402


def fairness(p):
    """The section "Is it fair?": its sentences, and per table caption the rows as
    {column label: text}."""
    return p.eval("""(function () {
        var s = document.getElementById('live-section-fairness');
        if (!s) return null;
        var tables = {};
        s.querySelectorAll('table').forEach(function (t) {
            tables[t.querySelector('caption').textContent] = Array.prototype.map.call(t.querySelectorAll('tbody tr'), function (r) {
                var row = {};
                r.querySelectorAll('td').forEach(function (c) { row[c.getAttribute('data-label')] = c.textContent; });
                return row;
            });
        });
        return {heading: s.querySelector('h3').textContent, lines: Array.prototype.map.call(s.querySelectorAll('p.note'), function (l) { return l.textContent; }), tables: tables};
    })()""")


def cli_equity(formula, scenario, *args):
    """`seni equity -f FORMULA base SCENARIO`: its printed lines and its JSON tables."""
    text = seni("equity", "-f", formula, "base", str(scenario), *args)
    assert text.returncode == 0, text.stderr
    doc = seni("equity", "-f", formula, "base", str(scenario), *args, "--format", "json", "--out", "-")
    assert doc.returncode == 0, doc.stderr
    return text.stdout.splitlines(), json.loads(doc.stdout)


def table_row(doc, table, **match):
    return next(r for r in doc[table] if all(r[k] == v for k, v in match.items()))


def test_is_it_fair_gives_seni_equitys_sentences_and_statistics_for_the_what_if(browser, lausd_page, tmp_path):
    p = open_page(browser, lausd_page)
    shipped = fairness(p)
    assert shipped["heading"] == "Is it fair?"
    assert shipped["lines"][0].startswith("Money judged: allocation per pupil, as shipped; the same numbers: seni equity -f seni-lausd-open")
    page_hash = set_knob(p, "indicators.ela.weight", "3").split()[1]
    now = fairness(p)
    assert now["lines"][0].startswith("Money judged: allocation per pupil, as shipped and with your what-if")
    scenario = tmp_path / "ela3.toml"
    scenario.write_text("[indicators.ela]\nweight = 3\n")
    printed, doc = cli_equity("seni-lausd-open", scenario)
    assert doc["metadata"]["formula_hash"].split(" | ")[1] == page_hash, "the same what-if"
    for line in now["lines"][1:]:
        assert line in printed, f"not a sentence of seni equity: {line}"
    assert any(line.startswith("The proposal moves") for line in now["lines"]), now["lines"]
    rows = now["tables"]["How equal the money per pupil is, across all schools"]
    assert [r["run"] for r in rows] == ["as shipped", "now", "change"]
    for shown, run in [(rows[0], "baseline"), (rows[1], "proposal")]:
        cli = table_row(doc, "horizontal", area="all schools", run=run)
        assert shown["mean"] == f"${cli['mean']:,.2f}", "to the cent"
        assert shown["mcloone"] == f"{cli['mcloone']:.3f}", "McLoone"
        assert shown["gini"] == f"{cli['gini']:.3f}", "Gini"
    assert rows[0]["mcloone"] != rows[1]["mcloone"], "the weight moves the money"


def test_the_national_pages_fairness_judges_the_allocation_against_poverty_as_the_command_line(browser, pages, tmp_path):
    p = open_page(browser, pages("national"))
    set_knob(p, "allocation.budget", "12B")
    now = fairness(p)
    first = now["lines"][0]
    assert "seni equity -f us-districts-2018 base what-if-" in first and first.endswith("--money allocation. (The formula's own equity statistics judge State and local revenue per child, 2014-17, which a what-if does not change: seni equity -f us-districts-2018.)"), first
    scenario = tmp_path / "b12.toml"
    scenario.write_text("[allocation]\nbudget = 12_000_000_000\n")
    printed, doc = cli_equity("us-districts-2018", scenario, "--money", "allocation")
    for line in now["lines"][1:]:
        assert line in printed, f"not a sentence of seni equity: {line}"
    rows = now["tables"]["Does the money follow need? Across all districts"]
    poverty = [r for r in rows if r["dimension"] == "children in poverty"]
    assert [r["run"] for r in poverty] == ["as shipped", "now", "change"]
    cli = table_row(doc, "vertical", area="all districts", run="proposal", dimension="children in poverty")
    assert poverty[1]["ratio"] == f"{cli['ratio']:.3f}", "the progressivity ratio"
    assert poverty[1]["group per pupil"] == f"${cli['group_per_pupil']:,.2f}", "to the cent"
    assert 1.2 < cli["ratio"] < 1.35, "the allocation follows poverty"


@pytest.fixture(scope="module")
def nj_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("nj")
    made = seni("report", "-f", "nj-sfra-2020-21", "--out", str(out))
    assert made.returncode == 0, made.stderr
    return out / "index.html"


def cli_nj(*sets):
    args = [a for s in sets for a in ("--set", s)]
    out = seni("allocate", "-f", "nj-sfra-2020-21", *args, "--format", "json", "--out", "-")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    by_tier = [(r["tier"], round(r["total"] * 100)) for r in doc["by_tier"]]
    return doc, by_tier


def test_new_jersey_says_what_the_state_pays_and_draws_a_box_for_each_of_its_numbers(browser, nj_page):
    start = len(browser.events)
    p = open_page(browser, nj_page)
    doc, by_tier = cli_nj()
    state_cost = doc["summary"]["total"]
    headline = f"State cost (FY2021 general fund aid): ${state_cost:,.0f} for 592 districts"
    assert p.eval("document.querySelector('#findings li').textContent").startswith(headline)
    assert p.eval("document.querySelector('#live-findings li').textContent").startswith(headline)
    assert p.eval("document.querySelector('[aria-live]').textContent") == "As shipped: " + p.eval("document.querySelector('#live-findings li').textContent")
    assert money_table(p) == by_tier
    knobs = p.eval("seniWhatIf.knobs().map(function (k) { return [k.kind, k.key]; })")
    kinds = {k for k, _ in knobs}
    assert {"parameter", "schedule", "count_weight", "target"} <= kinds, kinds
    for kind, key in knobs:
        if kind in ("parameter", "schedule", "count_weight", "target"):
            label = p.eval(f"(function () {{ var i = document.querySelector('#controls input[type=text][data-key=\"{key}\"]'); return i && document.querySelector('label[for=\"' + i.id + '\"]').textContent; }})()")
            assert label, f"no labelled box for {key}"
            assert "_" not in label, f"a column name in the label of {key}: {label}"
    assert not console_errors(browser, start)


@pytest.mark.parametrize("key, value", [
    ("allocation.parameters.base_amount", "12215"),
    ("allocation.schedules.at_risk_weight.high", "0.62"),
    ("allocation.counts.weighted_lep.weight", "0.6"),
    ("allocation.solve.target", "8000000000"),
])
def test_a_new_jersey_what_if_equals_seni_allocate_set_to_the_cent(browser, nj_page, key, value):
    p = open_page(browser, nj_page)
    page_hash = set_knob(p, key, value).split()[1]
    doc, by_tier = cli_nj(f"{key}={value}")
    assert page_hash == doc["metadata"]["formula_hash"], "the hash with the values the solve found"
    assert money_table(p) == by_tier
    state_cost = doc["summary"]["total"]
    assert p.eval("document.querySelector('#live-findings li').textContent").startswith(f"State cost (FY2021 general fund aid): ${state_cost:,.0f} for 592 districts")
    changes = p.eval("Array.prototype.map.call(document.querySelectorAll('#live-changes li'), function (l) { return l.textContent; })")
    assert len(changes) == 1 and changes[0].endswith(f"→ {value}"), changes
    fair = fairness(p)
    assert fair["lines"][0].startswith("Money judged: allocation per pupil (here: State cost (FY2021 general fund aid) per pupil)")


def test_axe_finds_no_serious_problem_on_new_jerseys_page_before_or_after_a_change(browser, nj_page):
    p = open_page(browser, nj_page)
    assert axe_violations(p) == []
    set_knob(p, "allocation.parameters.base_amount", "11000")
    assert p.eval("document.querySelectorAll('#live-movers td.down').length") > 0, "a change with losers"
    assert axe_violations(p) == []


def test_new_jerseys_page_reads_on_a_phone_in_words_with_formatted_numbers(browser, nj_page):
    p = open_page(browser, nj_page, width=390)
    set_knob(p, "allocation.parameters.base_amount", "12215")
    m = p.eval(MEASURE)
    assert m["small"] == [], f"chart text under 11 px at 390 px: {m['small'][:5]}"
    assert [c for c in m["captions"] if c[2] > max(3, c[3] / 8)] == [], "captions one letter per line"
    assert m["scroll"][0] <= m["scroll"][1], f"the page scrolls sideways at 390 px: {m['scroll']}"
    assert p.eval(f"{BROKEN}('main')") == [], "no cell breaks a word letter by letter"
    text = " ".join(words_of(p))
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == [], "column names, parameter or program ids"
    assert "Found so that the total of Equalization aid (uncapped) meets its target: property multiplier = " in text
    bare = [n for n in re.findall(r"(?<![\d,.$-])\d{4,}(?![\d,])", text) if not re.match(r"^(19|20)\d\d$", n)]
    assert bare == [], f"unformatted counts: {bare}"
