"""Driving the report page as a person does: open it, type into a control, drag a slider, wait
for the engine's answer, read the tables."""
import json
import time


def open_page(browser, path, width=1280, downloads=None, hash=""):
    p = browser.page()
    p.send("Page.enable")
    p.send("Runtime.enable")
    p.send("Network.enable")
    p.send("Log.enable")
    if downloads:
        browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True})
    p.size(width, 1000)
    p.send("Page.navigate", {"url": path.as_uri() + hash})
    p.wait("document.body && (document.body.getAttribute('data-whatif') || '').startsWith('ready')", 120)
    return p


def state(p):
    return p.eval("document.body.getAttribute('data-whatif')")


def runs(p):
    return int(p.eval("document.body.getAttribute('data-runs') || '0'"))


def wait_run(p, before, timeout=60):
    """Waits for the engine's answer to a change made after `before` runs; the page's state."""
    p.wait(f"+(document.body.getAttribute('data-runs') || 0) > {before} && (document.body.getAttribute('data-whatif') || '').startsWith('ready')", timeout)
    return state(p)


def type_into(p, selector, text):
    """Focuses a box, replaces its text by typing `text`, and leaves it (its change event)."""
    p.eval(f"(function () {{ var i = document.querySelector({json.dumps(selector)}); i.focus(); i.select(); }})()")
    p.send("Input.insertText", {"text": text})
    p.eval(f"document.querySelector({json.dumps(selector)}).blur()")


def set_knob(p, key, text):
    """Types into the box of a knob and waits for the answer; the page's state."""
    before = runs(p)
    type_into(p, f'#controls input[type=text][data-key="{key}"]', str(text))
    return wait_run(p, before)


def money_table(p):
    """The what-if's money-by-tier table: (tier, total now in cents)."""
    rows = p.eval("""(function () {
        var t = document.querySelector('#live-money table');
        var j = Array.prototype.findIndex.call(t.querySelectorAll('th'), function (h) { return h.textContent === 'total now'; });
        return Array.prototype.map.call(t.querySelectorAll('tbody tr'), function (r) { return [r.cells[0].textContent, r.cells[j].textContent]; });
    })()""")
    return [(t, round(float(v.replace("$", "").replace(",", "")) * 100)) for t, v in rows]


def wait_file(path, timeout=20):
    deadline = time.time() + timeout
    while not path.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert path.exists(), f"no {path.name} was downloaded"
    return path


def console_errors(browser, start=0):
    """Errors the page logged (CSP violations, exceptions) since event `start`."""
    out = []
    for e in browser.events[start:]:
        m = e.get("method")
        if m == "Runtime.exceptionThrown":
            out.append(json.dumps(e["params"])[:300])
        if m == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
            out.append(e["params"]["entry"]["text"][:300])
    return out
