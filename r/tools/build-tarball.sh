#!/bin/sh
# Make a self-contained source tarball of the R package (installable anywhere, offline):
#   r/tools/build-tarball.sh [OUTDIR]        (run from anywhere inside the repository)
# It stages a copy of r/, puts the engine's source (engine/ + the formulas/ and data/ files it
# compiles in) and `cargo vendor`ed crates.io crates into src/rust/vendor.tar.xz, points
# src/rust/Cargo.toml at the staged engine, writes inst/AUTHORS, and runs R CMD build.
# Needs: cargo (network or a warm cargo cache for `cargo vendor`), python3, tar with xz, R.
# The result installs with `R CMD INSTALL seni_0.1.0.tar.gz` with no network at all.
set -eu
PKG=$(cd "$(dirname "$0")/.." && pwd)          # .../r
ROOT=$(cd "$PKG/.." && pwd)                      # the repository
OUT=$(cd "${1:-$PWD}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/seni"

echo ">> staging $PKG"
mkdir -p "$STAGE"
# the package without build products
(cd "$PKG" && tar -cf - --exclude=./src/rust/target --exclude='*.o' --exclude='*.so' \
   --exclude=./src/Makevars --exclude=./src/rust/vendor --exclude=./src/rust/vendor.tar.xz \
   --exclude=./src/rust/seni-src --exclude=./src/rust/.cargo-home .) \
  | tar -xf - -C "$STAGE"

echo ">> engine source"
SRC="$STAGE/src/rust/seni-src"
mkdir -p "$SRC"
# The engine include_str!/include_bytes! files from the repository root (../../formulas,
# ../../data), so those go along, at the same place relative to engine/.
(cd "$ROOT" && tar -cf - --exclude=./engine/target engine/Cargo.toml engine/src formulas data) \
  | tar -xf - -C "$SRC"
sed -i.bak 's|path = "../../../engine"|path = "seni-src/engine"|' "$STAGE/src/rust/Cargo.toml"
rm "$STAGE/src/rust/Cargo.toml.bak"
grep -q 'path = "seni-src/engine"' "$STAGE/src/rust/Cargo.toml"

echo ">> cargo vendor"
cd "$STAGE/src/rust"
cargo vendor --locked --quiet vendor > /dev/null
# What really gets built, on any platform (for trimming the rest to stubs).
cargo tree --locked --offline --target all -e normal,build --prefix none -f '{p}' \
  --config 'source.crates-io.replace-with="vendored-sources"' \
  --config "source.vendored-sources.directory=\"$PWD/vendor\"" \
  | awk '{print $1, $2}' | sort -u > "$WORK/used.txt"
python3 "$PKG/tools/trim-vendor.py" vendor "$WORK/used.txt"
# The library must build from the vendored crates alone, before we ship them.
cargo metadata --format-version 1 --locked --offline \
  --config 'source.crates-io.replace-with="vendored-sources"' \
  --config "source.vendored-sources.directory=\"$PWD/vendor\"" > "$WORK/metadata.json"

echo ">> inst/AUTHORS"
mkdir -p "$STAGE/inst"
python3 "$PKG/tools/authors.py" < "$WORK/metadata.json" > "$STAGE/inst/AUTHORS"

echo ">> vendor.tar.xz"
# reproducible: sorted names, fixed mtime/owner; xz -9 compresses the vendored text best
tar --sort=name --mtime='2020-01-01 00:00Z' --owner=0 --group=0 --numeric-owner \
  -cf - vendor seni-src | xz -9 -T1 > vendor.tar.xz
du -sh vendor seni-src vendor.tar.xz | sed 's/^/   /'
rm -rf vendor seni-src

echo ">> R CMD build"
cd "$WORK"
R CMD build --no-build-vignettes --no-manual "$STAGE" > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
mv "$WORK"/seni_*.tar.gz "$OUT"/
ls -l "$OUT"/seni_*.tar.gz
