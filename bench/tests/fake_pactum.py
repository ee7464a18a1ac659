#!/usr/bin/env python3
"""A stand-in for `pactum game solve`, built on pygambit, to test the harness.

Role: lets bench/run.py be exercised end to end before (or without) the real
CLI: `bench/run.py --small --pactum "bench/.venv/bin/python bench/tests/fake_pactum.py"`.
Writes pactum's JSON (docs/json/game.md) for one file. With
FAKE_PACTUM_PERTURB=1 it shifts one probability of the first equilibrium, and
with FAKE_PACTUM_DROP=1 it drops the last equilibrium, so that --check must
fail. Not a benchmark of anything.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gambit_solve  # noqa: E402


def main() -> int:
    args = sys.argv[1:]
    if args[:2] != ["game", "solve"]:
        print("usage: fake_pactum.py game solve FILE --method M [--rational] --format json",
              file=sys.stderr)
        return 2
    args = args[2:]
    if "--help" in args:
        print("fake: game solve FILE --method M [--rational] --format json")
        return 0
    rational = "--rational" in args
    method = args[args.index("--method") + 1]
    path = [a for a in args if not a.startswith("--") and a not in (method, "json")][0]
    r = gambit_solve.solve(path, method, rational, False)
    key = "behavior" if r["form"] == "extensive" else "mixed"
    eqs = []
    for p in r["equilibria"]:
        e = {key: gambit_solve_float(p), "payoffs": [], "regret": 0.0}
        if rational:
            e["exact"] = {key: p, "payoffs": []}
        eqs.append(e)
    if os.environ.get("FAKE_PACTUM_PERTURB") and eqs:
        e = eqs[0]
        tgt = e["exact"][key] if rational else e[key]
        leaf = tgt
        while isinstance(leaf[0], list):
            leaf = leaf[0]
        leaf[0] = "1/3" if rational else leaf[0] + 1e-3
    if os.environ.get("FAKE_PACTUM_DROP") and eqs:
        eqs.pop()
    doc = {"file": path, "title": "", "players": [], "method": method, "rational": rational,
           "form": r["form"], "equilibria": eqs}
    if r.get("strategies"):
        doc["strategies"] = r["strategies"]
    print(json.dumps(doc))
    return 0


def gambit_solve_float(p):
    from fractions import Fraction
    if isinstance(p, list):
        return [gambit_solve_float(x) for x in p]
    return float(Fraction(p)) if isinstance(p, str) else p


if __name__ == "__main__":
    sys.exit(main())
