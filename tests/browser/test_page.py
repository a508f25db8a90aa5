"""The report's what-if page in a real browser (Debian's chromium, headless, driven over the
DevTools protocol): it opens with the findings; moving a weight and the budget gives the command
line's numbers to the cent; its downloaded scenario gives the same cents and formula hash in
`seni allocate`; a bad CSV shows the command line's own error; no request leaves the page; it
fits 1280 and 390 px."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from conftest import ROOT, seni  # noqa: E402
from pagetools import money_table, open_page, set_knob, state, wait_file  # noqa: E402


def cli_allocate(*args, cwd=None):
    out = seni("allocate", "-f", "seni-lausd-open", *args, "--format", "json", "--out", "-", cwd=cwd)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    by_tier = [(r["tier"], round(r["total"] * 100)) for r in doc["by_tier"]]
    by_tier[-1] = ("All schools", by_tier[-1][1])
    cents = {r["id"]: round(r["total"] * 100) for r in doc["allocation"]}
    return doc["metadata"]["formula_hash"], by_tier, cents


def test_findings_come_first_and_method_last(browser, lausd_page):
    p = open_page(browser, lausd_page)
    ids = p.eval("Array.prototype.map.call(document.querySelectorAll('section'), function (s) { return s.id; })")
    assert ids[0] == "findings" and ids[1] == "whatif" and ids[-1] == "method", ids
    first = p.eval("document.querySelector('#findings li').textContent")
    assert first == "731 schools and 438,172 pupils share $700,000,000."
    # Indices are rounded for reading in every table (3 decimals), never 16 digits.
    cells = p.eval("Array.prototype.map.call(document.querySelectorAll('#every td.n'), function (c) { return c.textContent; })")
    assert cells and all(len(c.split(".")[-1]) <= 3 or "$" in c for c in cells if "." in c)


def test_a_weight_and_the_budget_move_the_money_as_the_command_line_does(browser, lausd_page, tmp_path):
    p = open_page(browser, lausd_page, downloads=tmp_path)
    set_knob(p, "indicators.ela.weight", 2)
    page_hash = set_knob(p, "allocation.budget", "900000000").split()[1]
    hash_, by_tier, _ = cli_allocate("--set", "indicators.ela.weight=2", "--budget", "900000000")
    assert page_hash == hash_, "the page's formula is the command line's"
    assert money_table(p) == by_tier, "money by tier to the cent"
    movers = p.eval("document.querySelector('#live-movers p').textContent")
    assert " gain, " in movers and " lose " in movers, movers
    moved = p.eval("document.querySelectorAll('#live-section-tier_moves tbody tr').length")
    assert moved == 5, "a row per tier as shipped"
    # Download the scenario (named with the what-if's hash) and run it with the command line:
    # same cents, same hash.
    p.eval("document.getElementById('download-scenario').click()")
    scenario = wait_file(tmp_path / f"what-if-{page_hash}.toml")
    text = scenario.read_text()
    assert "[scenario]" in text and "weight = 2" in text, text
    hash2, by_tier2, cents2 = cli_allocate("-s", str(scenario))
    assert hash2 == page_hash and by_tier2 == by_tier
    _, _, cents1 = cli_allocate("--set", "indicators.ela.weight=2", "--budget", "900000000")
    assert cents2 == cents1
    # Download the allocation: the command line's rows, to the cent.
    p.eval("document.getElementById('download-csv').click()")
    csv = wait_file(tmp_path / f"what-if-{page_hash}-allocation.csv")
    out = seni("allocate", "-f", "seni-lausd-open", "-s", str(scenario), "--out", "-")
    rows = [l for l in csv.read_text().splitlines() if not l.startswith("#")]
    assert rows == out.stdout.splitlines()


def test_the_link_reopens_the_same_what_if(browser, lausd_page):
    p = open_page(browser, lausd_page)
    set_knob(p, "indicators.math.weight", 3)
    url = p.eval("location.href")
    assert url.endswith("#indicators.math.weight=3"), url
    q = open_page(browser, lausd_page, hash="#indicators.math.weight=3")
    assert state(q) == state(p)


def test_a_bad_csv_shows_the_command_lines_own_error(browser, lausd_page, tmp_path):
    bad = tmp_path / "bad.csv"
    text = (ROOT / "data/lausd/schools.csv").read_text().splitlines()
    header = text[0].split(",")
    j, charter = header.index("pct_foster"), header.index("charter")
    n = next(i for i in range(1, len(text)) if text[i].split(",")[charter] == "N")
    row = text[n].split(",")
    row[j] = "lots"
    text[n] = ",".join(row)
    bad.write_text("\n".join(text) + "\n")
    p = open_page(browser, lausd_page)
    doc = p.send("DOM.getDocument")
    node = p.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": "#own-csv"})
    p.send("DOM.setFileInputFiles", {"nodeId": node["nodeId"], "files": [str(bad)]})
    p.eval("document.getElementById('own-open').click()")
    shown = p.wait("!document.getElementById('error').hidden && document.getElementById('error').textContent", 30)
    theirs = seni("compute", "-f", "seni-lausd-open", "-d", "bad.csv", "--out", "-", cwd=tmp_path).stderr
    assert f"bad.csv, row {n}, column 'pct_foster': 'lots' is not a number" in shown
    assert shown.strip() == theirs.strip()


def test_no_request_leaves_the_page_and_it_fits_desktop_and_phone(browser, lausd_page, tmp_path):
    for width in (1280, 390):
        start = len(browser.events)
        p = open_page(browser, lausd_page, width=width)
        set_knob(p, "indicators.ela.weight", 2)
        urls = [e["params"]["request"]["url"] for e in browser.events[start:] if e.get("method") == "Network.requestWillBeSent"]
        assert urls and all(u.startswith(("file:", "data:", "blob:")) for u in urls), urls
        scroll, client = p.eval("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"sideways scroll at {width}px: {scroll} > {client}"
        for where in ("findings", "whatif"):
            p.eval(f"document.getElementById('{where}').scrollIntoView()")
            shot = tmp_path / f"page-{where}-{width}.png"
            p.screenshot(str(shot), full=False)
            # A page of pictures and tables is far from blank: a blank one compresses to a few KB.
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 40_000


def test_the_jcps_page_searches_sorts_and_shows_discipline_without_repeating_the_outcome(browser, tmp_path):
    jcps = ROOT / "formulas/scenarios/jcps.toml"
    out = seni("report", "-f", "ky-equity-2017", "-s", str(jcps), "--out", str(tmp_path / "rep"))
    assert out.returncode == 0, out.stderr
    p = open_page(browser, tmp_path / "rep" / "index.html")
    first = p.eval("document.querySelector('#findings li').textContent")
    assert first.startswith("134 schools"), first
    # One table per outcome, and no column that repeats it on every row.
    captions = p.eval("Array.prototype.map.call(document.querySelectorAll('#discipline caption'), function (c) { return c.textContent; })")
    assert "Out-of-school suspensions" in captions, captions
    heads = p.eval("Array.prototype.map.call(document.querySelector('#discipline table').querySelectorAll('th'), function (c) { return c.textContent; })")
    assert "outcome" not in heads and "area" not in heads, heads
    # Every school: 134 rows in pages; search finds one; sorting by index twice puts the
    # highest-need school first (the library's rank 1).
    box = "document.querySelector('#every .table')"
    total = p.eval(f"{box}.querySelector('.rows-note').textContent")
    assert total == "Rows 1–15 of 134.", total
    p.eval(f"var i = {box}.querySelector('input.filter'); i.value = 'Dunn Elementary'; i.dispatchEvent(new Event('input'))")
    shown = p.eval(f"{box}.querySelectorAll('tbody tr').length")
    assert shown == 1
    p.eval(f"var i = {box}.querySelector('input.filter'); i.value = ''; i.dispatchEvent(new Event('input'))")
    p.eval(f"var th = Array.prototype.find.call({box}.querySelectorAll('th button'), function (h) {{ return h.textContent === 'index'; }}); th.click(); th.click();")
    top = p.eval(f"{box}.querySelector('tbody tr').cells[0].textContent")
    doc = json.loads(seni("compute", "-f", "ky-equity-2017", "-s", str(jcps), "--format", "json", "--out", "-").stdout)
    rank1 = [r["id"] for r in doc["schools"] if r.get("rank") == 1]
    assert [top] == rank1
