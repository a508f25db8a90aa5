"""The what-if page's speed in headless Chromium: page size, first paint, the engine ready, and
how long a weight change takes to redraw (from the control's change to the redrawn page), on
LAUSD, Kentucky, the 13,313 US districts and 100,000 generated schools.

    python3 benches/page.py            (after cargo build --release; prints a Markdown table)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from cdp import Browser  # noqa: E402

SENI = str(ROOT / "target" / "release" / "seni")

# A change of a weight, timed in the page: the control's change event until the page has drawn
# the engine's answer and laid it out (the body's data-whatif names the new formula hash).
TIMED = """(async function (key, values) {
  var times = [];
  for (var i = 0; i < values.length; i++) {
    var before = document.body.getAttribute('data-whatif');
    var t0 = performance.now();
    seniWhatIf.set(key, values[i]);
    await new Promise(function (ok) {
      new MutationObserver(function (m, o) { if (document.body.getAttribute('data-whatif') !== before) { o.disconnect(); ok(); } })
        .observe(document.body, { attributes: true });
    });
    void document.body.offsetHeight;  // lay the new page out (a background tab paints no frames)
    times.push(performance.now() - t0);
  }
  return times;
})"""


def report(args, out):
    subprocess.run([SENI, "report", *args, "--out", str(out)], check=True, capture_output=True)
    return out / "index.html"


def measure(browser, page):
    p = browser.page()
    p.send("Page.enable")
    p.size(1280, 900)
    p.send("Page.navigate", {"url": page.as_uri()})
    p.wait("document.body && (document.body.getAttribute('data-whatif') || '').startsWith('ready')", 120)
    paint = p.eval("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
    ready = p.eval("performance.now()")
    knob = p.eval("seniWhatIf.knobs().filter(function (k) { return k.kind === 'weight' && k.key.indexOf('indicators.') === 0; })[0]")
    values = [knob["value"] * f for f in (2, 3, 1.5, 2.5, 0.5, 1.25, 4)]  # each differs from the last
    times = p.eval(f"{TIMED}({json.dumps(knob['key'])}, {json.dumps(values)})", 300)
    engine = p.eval("seniWhatIf.ms()")
    return paint, ready, statistics.median(times), engine


def main():
    tmp = Path(tempfile.mkdtemp(prefix="seni-page-"))
    big = ROOT / "target" / "bench-data" / "district-100000.csv"
    if not big.exists():
        big.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([SENI, "sample", "--schools", "100000", "--seed", "7", "--states", "51", "--districts", "12500", "--out", str(big)], check=True, capture_output=True)
    runs = [
        ("LAUSD (1,008 rows, 731 ranked)", ["-f", "seni-lausd-open"]),
        ("Kentucky (1,167 schools)", ["-f", "ky-equity-2017"]),
        ("US districts (13,313)", ["-f", "us-districts-2018"]),
        ("generated (100,000 schools)", ["-f", str(ROOT / "benches" / "formula-20.toml"), "-d", str(big), "--budget", "70000000000"]),
    ]
    b = Browser()
    print("| page | size | first paint | engine ready | weight change, page redrawn (median of 7) | of which the engine |")
    print("|---|---:|---:|---:|---:|---:|")
    try:
        for k, (name, args) in enumerate(runs):
            page = report(args, tmp / f"r{k}")
            paint, ready, change, engine = measure(b, page)
            size = page.stat().st_size / 1e6
            print(f"| {name} | {size:.1f} MB | {paint:.0f} ms | {ready:.0f} ms | {change:.0f} ms | {engine:.0f} ms |")
    finally:
        b.close()


if __name__ == "__main__":
    main()
