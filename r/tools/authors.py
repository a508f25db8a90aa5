#!/usr/bin/env python3
"""inst/AUTHORS: the authors and licenses of the Rust crates the package bundles, as CRAN asks.

usage: cargo metadata --format-version 1 --locked --manifest-path r/src/rust/Cargo.toml \\
         | python3 r/tools/authors.py > r/inst/AUTHORS

Crates without an `authors` field (most modern ones) are listed as the authors of their
repository. The package's own crates (seni-r, the engine seni) are left out: they are this
package's."""
import json
import re
import sys

OWN = {"seni-r", "seni"}
meta = json.load(sys.stdin)
print("The seni R package bundles the source of these Rust crates (src/rust/vendor.tar.xz in its")
print("source tarball). Their authors and licenses:\n")
for p in sorted(meta["packages"], key=lambda p: (p["name"], p["version"])):
    if p["name"] in OWN:
        continue
    authors = ", ".join(re.sub(r"\s*<[^>]*>", "", a) for a in p["authors"])
    if not authors:
        authors = "the authors of " + (p.get("repository") or p.get("homepage") or p["name"])
    print(f"{p['name']} {p['version']} ({p.get('license') or 'see the crate'}): {authors}")
