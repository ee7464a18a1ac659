#!/usr/bin/env bash
# The whole test suite: every crate's tests, then the comparison of pactum's game
# solvers against Gambit (pygambit) and lrsnash on a small generated family.
#
# Installs what it needs on first run: a Python venv with pygambit under bench/.venv
# (built from source: a few minutes) and, when run as root, Debian's lrslib.
# Outside CI a missing reference tool is reported and its comparison skipped; under
# CI=true it fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== cargo test (workspace)"
cargo test --workspace --locked --no-fail-fast

echo "== reference tools (bench/setup.sh)"
setup_ok=1
bash bench/setup.sh || setup_ok=0

echo "== pactum against Gambit and lrsnash (bench/run.py --check --small)"
if [ "$setup_ok" = 1 ]; then
    # Every game of the small family is in the gate (bench/KNOWN-DIVERGENCES.md lists
    # none left out); any divergence fails.
    bench/.venv/bin/python bench/run.py --check --small
elif [ "${CI:-}" = "true" ]; then
    echo "error: the reference tools could not be installed; CI needs them" >&2
    exit 1
else
    echo "warning: reference tools missing; the Gambit comparison was skipped (run bench/setup.sh)" >&2
fi
