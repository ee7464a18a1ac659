#!/usr/bin/env bash
# bench/setup.sh — install the reference tools for pactum's game-solver
# benchmark and comparison harness (bench/run.py):
#
#   * pygambit (Gambit's Python API, PyPI; built from source, a few minutes)
#     into the virtual environment bench/.venv (gitignored);
#   * lrsnash from Debian's `lrslib` package (installed with apt-get only when
#     `lrsnash` is not on PATH and we are root; otherwise we say what to run).
#
# Idempotent: a second run with everything in place does nothing but check.
# Non-interactive (works with CI=true and no stdin). Exits non-zero with a
# clear message when something cannot be installed.
#
# Environment:
#   PYTHON            interpreter used to create the venv (default: python3)
#   PYGAMBIT_VERSION  pinned pygambit version (default below)
set -euo pipefail

PYGAMBIT_VERSION="${PYGAMBIT_VERSION:-16.7.0}"
PYTHON="${PYTHON:-python3}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"

die() { echo "bench/setup.sh: error: $*" >&2; exit 1; }
say() { echo "bench/setup.sh: $*"; }

command -v "$PYTHON" >/dev/null 2>&1 || die "no '$PYTHON' on PATH (set PYTHON=/path/to/python3, >= 3.10)"

# ---------------------------------------------------------------- pygambit ---
have_pygambit() {
    [ -x "$venv/bin/python" ] &&
        "$venv/bin/python" -c "import pygambit, sys; sys.exit(0 if pygambit.__version__ == '$PYGAMBIT_VERSION' else 1)" \
            >/dev/null 2>&1
}

if have_pygambit; then
    say "pygambit $PYGAMBIT_VERSION already installed in $venv"
else
    if [ ! -x "$venv/bin/python" ]; then
        say "creating venv $venv with $("$PYTHON" --version 2>&1)"
        "$PYTHON" -m venv "$venv" || die "could not create venv $venv (is the python venv module installed?)"
    fi
    command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 ||
        die "pygambit builds from source and needs a C++ compiler (apt-get install -y g++)"
    say "installing pygambit==$PYGAMBIT_VERSION from PyPI (compiles Gambit's C++ sources: several minutes)"
    start=$(date +%s)
    # The build backend compiles one file at a time; MAX_JOBS/NPY hints do not
    # apply. Output goes to a log so CI logs stay short; shown on failure.
    log="$here/.venv/pip-install.log"
    if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
            "pygambit==$PYGAMBIT_VERSION" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "pip install pygambit==$PYGAMBIT_VERSION failed (full log: $log)"
    fi
    say "pygambit built and installed in $(( $(date +%s) - start )) s"
    have_pygambit || die "pygambit installed but 'import pygambit' does not report version $PYGAMBIT_VERSION"
fi

# ----------------------------------------------------------------- lrsnash ---
if ! command -v lrsnash >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian package lrslib (for lrsnash)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null || die "apt-get update failed"
        apt-get install -y -qq lrslib >/dev/null || die "apt-get install -y lrslib failed"
    else
        die "lrsnash is not on PATH; install Debian's lrslib as root: apt-get update && apt-get install -y lrslib"
    fi
fi
command -v lrsnash >/dev/null 2>&1 || die "lrslib installed but lrsnash is still not on PATH"

# ----------------------------------------------------------------- summary ---
lrs_version="$(dpkg-query -W -f='${Version}' lrslib 2>/dev/null || echo unknown)"
say "ready:"
say "  python   $venv/bin/python ($("$venv/bin/python" --version 2>&1))"
say "  pygambit $("$venv/bin/python" -c 'import pygambit; print(pygambit.__version__)')"
say "  lrsnash  $(command -v lrsnash) (lrslib $lrs_version)"
say "run: bench/run.py --small   (CI gate: bench/run.py --check --small; full family: bench/run.py --out bench/out/results.md)"
