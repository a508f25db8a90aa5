"""Fixtures of the browser tests: one headless chromium, the seni binary, and the report pages
made once per run (the four bundled pages: the sample district, LAUSD, Kentucky and the
13,313 US districts)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cdp import Browser, chromium_path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))

# The four bundled pages: formula and what they are called in messages.
BUNDLED = {
    "sample": "seni",
    "lausd": "seni-lausd-open",
    "kentucky": "ky-equity-2017",
    "national": "us-districts-2018",
}


def cli():
    for p in (TARGET / "release" / "seni", TARGET / "debug" / "seni"):
        if p.exists():
            return str(p)
    if os.environ.get("CI"):
        pytest.fail("the seni binary is not built; CI runs cargo test first")
    pytest.skip("the seni binary is not built (cargo build)")


def seni(*args, cwd=None):
    return subprocess.run([cli(), *args], capture_output=True, text=True, cwd=cwd)


def tool(relative, what):
    """A file installed from npm by .ci/run (target/npm/node_modules/…)."""
    p = TARGET / "npm" / "node_modules" / relative
    if not p.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed; .ci/run installs it from npm")
        pytest.skip(f"{what} is not installed (npm install --prefix target/npm {what})")
    return p


@pytest.fixture(scope="session")
def browser():
    if not chromium_path():
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (.ci/run does)")
        pytest.skip("chromium is not installed")
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="session")
def pages(tmp_path_factory):
    """`pages(name)`: the report of a bundled formula (made once)."""
    made = {}
    root = tmp_path_factory.mktemp("reports")

    def page(name):
        if name not in made:
            out = seni("report", "-f", BUNDLED[name], "--out", str(root / name))
            assert out.returncode == 0, out.stderr
            made[name] = root / name / "index.html"
        return made[name]

    return page


@pytest.fixture(scope="session")
def lausd_page(pages):
    return pages("lausd")
