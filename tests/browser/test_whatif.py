"""The what-if page from an advocate's laptop to a printed board packet (issue 32, items 1 to 6):
printing gives the what-if, not the baseline; the budget box reads amounts as the command line
does and marks what it cannot use; a tier count change compares school by school; sharing sends
only what travels; the national page and own data tell their own story; a malformed link
applies what it can."""
import base64
import io
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import ROOT, seni  # noqa: E402
from pagetools import console_errors, money_table, open_page, runs, set_knob, state, type_into, wait_file, wait_run  # noqa: E402


def pdf_text(p):
    """The page printed by chromium (Page.printToPDF, A4): its pages and its text."""
    pypdf = pytest.importorskip("pypdf")
    r = p.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True}, timeout=180)
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(r["data"])))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def cli_json(*args):
    out = seni(*args, "--format", "json", "--out", "-")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("name, budget, shown", [("lausd", "900M", "$900,000,000"), ("national", "12B", "$12,000,000,000")])
def test_printing_gives_the_what_if_as_a_board_packet(browser, pages, name, budget, shown):
    p = open_page(browser, pages(name))
    assert p.eval("document.getElementById('print').textContent") == "Print this what-if"
    set_knob(p, "allocation.budget", budget)
    n, text = pdf_text(p)
    assert n <= 12, f"{name} prints on {n} pages"
    flat = " ".join(text.split())
    program = p.eval("seniWhatIf.knobs().filter(function (k) { return k.kind === 'budget'; })[0].group")
    assert f"Budget of {program}: " in flat
    assert f"→ {shown}" in flat, "the changes in words"
    assert f"share {shown}." in flat, "the what-if's money"
    assert "The biggest gains" in flat, "gainers and losers"
    assert "Money by tier now" in flat
    assert "Is it fair?" in flat and "How equal the money per pupil is" in flat, "the equity statistics"


def test_the_budget_box_reads_amounts_as_the_command_line_and_marks_what_it_cannot_use(browser, lausd_page):
    p = open_page(browser, lausd_page)
    box = '#controls input[type=text][data-key="allocation.budget"]'
    h = set_knob(p, "allocation.budget", "900M").split()[1]
    assert h == cli_json("allocate", "-f", "seni-lausd-open", "--budget", "900M")["metadata"]["formula_hash"]
    assert p.eval(f"document.querySelector('{box}').value") == "$900,000,000", "shown as the engine writes it"
    assert money_table(p)[-1] == ("All schools", 90_000_000_000)
    # -5 is marked on the control with the engine's message, and the what-if stays at 900M.
    set_knob(p, "allocation.budget", "-5")
    assert state(p).split()[1] == h, "an invalid entry is never silently kept"
    assert p.eval(f"document.querySelector('{box}').getAttribute('aria-invalid')") == "true"
    message = p.eval(f"document.getElementById(document.querySelector('{box}').getAttribute('aria-describedby')).textContent")
    assert message == "'-5' is negative; an amount of money cannot be negative. write e.g. 900000000, $900,000,000 or 900M", message
    assert p.eval(f"document.querySelector('{box}').value") == "-5", "what was typed stays, marked"
    # A weight of -1: marked on its box, the weight unchanged.
    set_knob(p, "indicators.ela.weight", "-1")
    ela = '#controls input[type=text][data-key="indicators.ela.weight"]'
    assert p.eval(f"document.querySelector('{ela}').getAttribute('aria-invalid')") == "true"
    assert "weight must be a positive number, got -1" in p.eval(f"document.getElementById(document.querySelector('{ela}').getAttribute('aria-describedby')).textContent")
    assert state(p).split()[1] == h
    # Typing a good value clears the mark.
    set_knob(p, "allocation.budget", "$1,000,000,000")
    assert p.eval(f"document.querySelector('{box}').getAttribute('aria-invalid')") is None
    assert money_table(p)[-1] == ("All schools", 100_000_000_000)


def test_a_slider_at_zero_turns_the_indicator_off_and_says_so(browser, lausd_page):
    p = open_page(browser, lausd_page)
    before = runs(p)
    # Drag the ELA slider to its left end, as a person does (mouse down, move, up).
    x0, x1, y = p.eval("""(function () { var r = document.querySelector('#controls input[type=range][data-key="indicators.ela.weight"]');
        r.scrollIntoView({block: 'center'}); var b = r.getBoundingClientRect(); return [b.left + b.width / 3, b.left - 20, b.top + b.height / 2]; })()""")
    p.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x0, "y": y, "button": "left", "clickCount": 1})
    for k in range(1, 11):
        p.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x0 + (x1 - x0) * k / 10, "y": y, "button": "left", "buttons": 1})
    p.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x1, "y": y, "button": "left", "clickCount": 1})
    h = wait_run(p, before).split()[1]
    assert h == cli_json("allocate", "-f", "seni-lausd-open", "--set", "indicators.ela.enabled=false")["metadata"]["formula_hash"]
    assert p.eval("document.querySelector('#controls input[type=checkbox][data-key=\"indicators.ela.enabled\"]').checked") is False
    changes = p.eval("Array.prototype.map.call(document.querySelectorAll('#live-changes li'), function (l) { return l.textContent; })")
    assert changes == ["Weight of English language arts (distance from standard): 1 → 0 (left out)"], changes
    # Typing 0 does the same; ticking the box counts it again.
    set_knob(p, "indicators.math.weight", "0")
    assert p.eval("document.querySelector('#controls input[type=checkbox][data-key=\"indicators.math.enabled\"]').checked") is False
    before = runs(p)
    p.eval("document.querySelector('#controls input[type=checkbox][data-key=\"indicators.math.enabled\"]').click()")
    wait_run(p, before)
    assert p.eval("document.querySelector('#controls input[type=checkbox][data-key=\"indicators.math.enabled\"]').checked") is True
    assert state(p).split()[1] == h


def test_a_tier_count_rebuilds_the_tier_controls_and_compares_school_by_school(browser, lausd_page, tmp_path):
    p = open_page(browser, lausd_page, downloads=tmp_path)
    before = runs(p)
    p.eval("var s = document.querySelector('#controls select[data-key=\"tiers.k\"]'); s.value = '3'; s.dispatchEvent(new Event('change'))")
    wait_run(p, before)
    labels = p.eval("Array.prototype.map.call(document.querySelectorAll('#controls .money-input label'), function (l) { return l.textContent; })")
    assert [l for l in labels if "tier weight" in l] == ["Tier 1 (highest need) (tier weight)", "Tier 2 (tier weight)", "Tier 3 (lowest need) (tier weight)"], labels
    # As shipped: what the schools now in each tier got, never $0.
    shipped = p.eval("""Array.prototype.map.call(document.querySelectorAll('#live-money tbody tr'), function (r) { return [r.cells[0].textContent, r.cells[3].textContent]; })""")
    assert [t for t, _ in shipped] == ["Tier 1 (highest need)", "Tier 2", "Tier 3 (lowest need)", "All schools"]
    assert all(v not in ("$0.00", "–") for _, v in shipped), shipped
    findings = p.eval("document.getElementById('live-findings').textContent")
    assert "The tiers are regrouped (5 as shipped, 3 now): 147 of the 147 schools in the highest-need tier as shipped are in the highest-need tier now." in findings
    assert "change tier" not in findings
    # Typing 10 into the new top tier's weight applies to it (the hidden weights follow the names).
    set_knob(p, "allocation.programs.seni.tier_weights.Tier 1 (highest need)", "10")
    h = state(p).split()[1]
    p.eval("document.getElementById('download-scenario').click()")
    scenario = wait_file(tmp_path / f"what-if-{h}.toml")
    doc = cli_json("allocate", "-f", "seni-lausd-open", "-s", str(scenario))
    assert doc["metadata"]["formula_hash"] == h
    weights = scenario.read_text()
    assert "tier_weights = [10, 3.0, 1.0]" in weights, weights
    assert money_table(p)[:3] == [(r["tier"], round(r["total"] * 100)) for r in doc["by_tier"][:3]]


def test_copy_link_copies_only_the_fragment_and_save_writes_the_what_if_into_a_copy(browser, lausd_page, tmp_path):
    browser.send("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    p = open_page(browser, lausd_page, downloads=tmp_path)
    p.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
    set_knob(p, "allocation.budget", "900M")
    h = set_knob(p, "indicators.ela.weight", "2").split()[1]
    p.eval("document.getElementById('copy-link').click()")
    p.wait("/copied/i.test(document.getElementById('whatif-status').textContent)")
    copied = p.eval("navigator.clipboard.readText()")
    assert "file:" not in copied and "/tmp" not in copied and str(tmp_path) not in copied, copied
    assert copied.endswith("#allocation.budget=900M&indicators.ela.weight=2"), copied
    assert "add this to the end of its address" in copied
    # Save this what-if: a copy of the page, named with the hash, that opens with the changes.
    p.eval("document.getElementById('save-page').click()")
    saved = wait_file(tmp_path / f"what-if-{h}.html")
    start = len(browser.events)
    q = open_page(browser, saved)
    assert state(q) == f"ready {h}", "the copy opens as the recipient's what-if"
    assert q.eval("location.hash") == "#allocation.budget=900M&indicators.ela.weight=2"
    assert console_errors(browser, start) == [], "the copy's script and style still match its policy"
    before = runs(q)
    q.eval("document.getElementById('reset').click()")
    assert wait_run(q, before) == state(open_page(browser, lausd_page)), "and still reaches the formula as shipped"


def test_the_national_page_reads_districts_and_lists_only_real_movers(browser, pages):
    p = open_page(browser, pages("national"))
    heads = p.eval("Array.prototype.map.call(document.querySelectorAll('#live-money th'), function (h) { return h.textContent; })")
    assert heads[1] == "districts", heads
    cells = p.eval("document.getElementById('live-money').textContent")
    assert "NaN" not in cells and "undefined" not in cells
    bars = p.eval("Array.prototype.map.call(document.querySelectorAll('#live-money svg text[font-weight=bold]'), function (t) { return t.textContent; })")
    assert "All districts" not in bars and len(bars) == 5, bars
    set_knob(p, "allocation.budget", "12B")
    note = p.eval("document.querySelector('#live-movers .note').textContent")
    assert note == "Listed: the 250 biggest gains of 10,453; no district loses.", note
    assert p.eval("document.querySelectorAll('#live-movers table').length") == 1, "no list of losses when nobody loses"


def test_own_data_replaces_the_whole_story_and_names_the_file(browser, lausd_page, tmp_path):
    own = tmp_path / "my-schools.csv"
    lines = (ROOT / "data/lausd/schools.csv").read_text().splitlines()
    own.write_text("\n".join(lines[:401]) + "\n")  # the first 400 schools
    p = open_page(browser, lausd_page)
    doc = p.send("DOM.getDocument")
    node = p.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": "#own-csv"})
    p.send("DOM.setFileInputFiles", {"nodeId": node["nodeId"], "files": [str(own)]})
    p.eval("document.getElementById('own-open').click()")
    p.wait("document.getElementById('own-status').textContent.indexOf('my-schools.csv') >= 0")
    theirs = seni("allocate", "-f", "seni-lausd-open", "-d", str(own), "--format", "json", "--out", "-")
    mine = json.loads(theirs.stdout)
    n = len(mine["allocation"])
    title = p.eval("document.querySelector('h1').textContent")
    assert title.endswith("— your data: my-schools.csv"), title
    assert p.eval("document.title") == title
    first = p.eval("document.querySelector('#findings li').textContent")
    assert first.startswith(f"{n} schools and "), first
    every = p.eval("document.querySelector('#every .rows-note').textContent")
    assert every == f"Rows 1–15 of {n}.", every
    by_tier = p.eval("document.querySelector('#money .table tbody').textContent")
    assert "$700,000,000.00" in by_tier
    assert p.eval("Array.prototype.every.call(document.querySelectorAll('figure[data-drawn]'), function (f) { return f.hidden; })"), "pictures of the bundled data are hidden"
    assert "my-schools.csv" in p.eval("document.querySelector('#map .own-note').textContent")
    assert p.eval("document.getElementById('live-map').childElementCount") == 1, "the map is of the file"


def test_a_malformed_link_reports_each_bad_part_and_applies_the_rest(browser, lausd_page):
    p = open_page(browser, lausd_page, hash="#allocation.budget=%&hasOwnProperty=1&indicators.math.weight=3&constructor=2")
    h = cli_json("allocate", "-f", "seni-lausd-open", "--set", "indicators.math.weight=3")["metadata"]["formula_hash"]
    assert state(p) == f"ready {h}", "the good part applies"
    problems = p.eval("Array.prototype.map.call(document.querySelectorAll('#link-problems p'), function (e) { return e.textContent; })")
    assert len(problems) == 3, problems
    assert "The link's part 'allocation.budget=%' could not be read" in problems[0]
    assert any("this formula has no setting 'hasOwnProperty'" in x for x in problems), problems
    assert any("this formula has no setting 'constructor'" in x for x in problems), problems
    assert p.eval("document.getElementById('whatif-app').hidden") is False
