#!/usr/bin/env python3
"""Shrink a `cargo vendor` directory without breaking `cargo build --offline --locked`.

usage: trim-vendor.py VENDOR_DIR USED_LIST

USED_LIST: "name version" lines of the packages that are really built on some platform
(`cargo tree --target all -e normal,build --prefix none -f '{p}'`).

* Crates in Cargo.lock that nothing builds (optional deps that only a weak feature such as
  `glam030?/std` names still land in Cargo.lock and so in vendor/: cargo issue #10801) are cut
  to a stub: their Cargo.toml plus an empty src/lib.rs. Cargo still needs them to exist to
  resolve the lockfile, but never compiles them.
* Every crate loses tests/, benches/ and examples/ (never built for a dependency), unless
  its code names that directory (include_str!).
* .cargo-checksum.json keeps the package checksum (checked against Cargo.lock) and drops the
  per-file list, so the removed files are not missed.
"""
import json, os, shutil, sys

vendor, used_list = sys.argv[1], sys.argv[2]
used = set()
for line in open(used_list):
    parts = line.split()
    if len(parts) >= 2:
        used.add((parts[0], parts[1].lstrip("v")))

def crate_id(d):
    name = version = None
    for line in open(os.path.join(d, "Cargo.toml"), encoding="utf-8"):
        line = line.strip()
        if line.startswith("[") and line != "[package]" and name:
            break
        if line.startswith("name = ") and name is None:
            name = line.split("=", 1)[1].strip().strip('"')
        elif line.startswith("version = ") and version is None:
            version = line.split("=", 1)[1].strip().strip('"')
    return name, version

def mentioned(d, sub):
    """Does the crate's code name the directory (e.g. winnow's
    #![doc = include_str!("../examples/css/parser.rs")])? Then it stays."""
    for root, _, files in os.walk(d):
        if os.path.relpath(root, d).split(os.sep)[0] in ("tests", "benches", "examples"):
            continue
        for f in files:
            if f.endswith(".rs"):
                text = open(os.path.join(root, f), encoding="utf-8", errors="replace").read()
                if sub + "/" in text:
                    return True
    return False

stubbed, removed = [], 0
for entry in sorted(os.listdir(vendor)):
    d = os.path.join(vendor, entry)
    if not os.path.isfile(os.path.join(d, "Cargo.toml")):
        continue
    ck_path = os.path.join(d, ".cargo-checksum.json")
    ck = json.load(open(ck_path))
    if crate_id(d) not in used:
        for f in os.listdir(d):
            if f not in ("Cargo.toml", ".cargo-checksum.json"):
                p = os.path.join(d, f)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
        os.makedirs(os.path.join(d, "src"))
        open(os.path.join(d, "src", "lib.rs"), "w").close()
        stubbed.append(entry)
    else:
        for sub in ("tests", "benches", "examples"):
            p = os.path.join(d, sub)
            if os.path.isdir(p) and not mentioned(d, sub):
                shutil.rmtree(p)
                removed += 1
    json.dump({"files": {}, "package": ck.get("package")}, open(ck_path, "w"))

print(f"stubbed (unused): {' '.join(stubbed) or 'none'}; removed {removed} tests/benches/examples dirs",
      file=sys.stderr)
