#!/usr/bin/env python3
"""Benchmark and reference comparison of pactum's game solvers against Gambit
(pygambit) and lrsnash (lrslib).

Role: ONE command that generates the seeded game family (bench/gen.py),
solves every game with pactum's release binary and with the reference tools,
checks that they find the same equilibria, and prints (and optionally writes
as Markdown) a table of times and ratios per method and size.

    bench/run.py                 full family (minutes; reference calls bounded)
    bench/run.py --small         the fast subset (CI)
    bench/run.py --check --small exit 1 if any equilibrium set differs from
                                 Gambit's or lrsnash's (CI gate); with CI=true
                                 a missing pygambit or lrsnash is a failure
    options: --methods enumpure,lcp  --timeout 60  --out FILE.md  --json FILE
             --pactum CMD (default: target/release/pactum, built with
             cargo build --release -p pactum)  --only GAME...  --repeat N

What is timed, per (game, method, arithmetic):
  pactum   (process) wall-clock time of the subprocess
           `pactum game solve FILE --method M [--rational] --format json`:
           process start, parsing the file, solving, writing JSON; and
           (in-process) `pactum game bench FILE --method M [--rational]`,
           which times the same work inside the process (read, parse, solve,
           verify, build the JSON) without the ~2 ms process start-up, as
           pygambit's time leaves out the interpreter's. Runs of 1 s or more
           use the process time for both. The Gambit ratio compares in-process
           times; the lrsnash ratio compares processes.
  gambit   inside a long-lived pygambit worker (bench/gambit_solve.py):
           gbt.read_efg/read_nfg(FILE) + gbt.nash.<m>_solve(...), measured
           with time.perf_counter; interpreter start-up, `import pygambit`
           and converting the result to JSON are NOT timed (this favours
           Gambit slightly). A call exceeding --timeout is killed and shown
           as ">T s": that is a result, not an error.
  lrsnash  wall-clock time of the subprocess `lrsnash FILE.lrs`
           (GMP arithmetic; lrsnash's input file is written by gen.py).
Runs are sequential (no two timed processes at once). With --repeat N
(default 3; 1 with --small) a call that took under 1 s is repeated and the
fastest time is kept, for every tool alike. --clock cpu shows CPU time
(user+sys of the solving process: pactum's and lrsnash's from rusage,
pygambit's from time.process_time) instead of wall time, for a loaded
machine; both are kept in --json.

Like is compared with like: pactum in floating point vs pygambit with
rational=False; pactum --rational vs pygambit rational=True and vs lrsnash.
Equilibrium sets are compared up to ordering: exactly (as fractions) in
rational mode, within --tol (default 1e-6, max abs difference per
probability) in floating point; logit end points within --logit-tol (default
1e-4: each tool stops tracing the branch at its own regret criterion, so the
points differ in the last digits before the limit). Behaviour profiles are
compared at every information set, reached or not, except where the
reference gives no distribution at all (Gambit's floating-point lp writes
[0, 0] at sets the player's own play never reaches): those are skipped and
the skip is noted. For logit, when the end points differ and Gambit's own
point does not meet Gambit's end criterion (its max regret, computed exactly
by pygambit, is above 1e-8 x payoff range: Gambit sometimes returns where its
step size collapsed), nothing is compared and pactum's answer is verified
instead. Gambit's enumpure is always exact; it is
compared with both pactum modes. Where no reference finishes (or none can:
the 56-information-set agent-form game has 2^56 profiles), pactum's answers
are verified instead: every profile's (agent-form for enumpure and logit)
regret, computed exactly in the pygambit worker, must be exactly 0 in rational
mode and at most --tol x payoff range in floating point, and lcp, lp and logit
must return at least one equilibrium ("verified"; completeness is not checked).
The Nash regret of a behaviour profile on a tree is computed there by backward
induction on pygambit's reading of the file (gambit_solve.tree_nash_regret;
pygambit's own max_regret takes minutes from a few hundred nodes up) and
checked against pygambit's max_regret on trees of at most 200 nodes.

The last line printed is `N passed, N failed[, N skipped]` counting the
compared game x method x arithmetic cases. Failed: pactum's set differs from
a reference's, pactum errs, or pactum does not finish where a reference did
(or where no reference can: the agent-form game). Skipped: no reference
finished ("no reference") or neither side finished ("no result").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import select
import shlex
import shutil
import subprocess
import sys
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen  # noqa: E402  (bench/gen.py)

METHODS = ["enumpure", "enummixed", "lcp", "lp", "logit"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------ numbers ---

def frac(s) -> Fraction:
    return Fraction(s)


def fl(s) -> float:
    return float(Fraction(s)) if isinstance(s, str) else float(s)


def flatten(profile) -> list:
    out = []
    for x in profile:
        if isinstance(x, list):
            out.extend(flatten(x))
        else:
            out.append(x)
    return out


def shape(profile):
    return [shape(x) for x in profile] if isinstance(profile, list) else None


def fmt_profile(p, limit: int = 400) -> str:
    s = json.dumps(p, separators=(",", ":"))
    return s if len(s) <= limit else s[:limit] + "…"


# ------------------------------------------------------------ pygambit ---

class Gambit:
    """A long-lived bench/gambit_solve.py --serve process under the venv's
    Python; killed and restarted when a call exceeds its timeout."""

    def __init__(self, python: str):
        self.python = python
        self.proc: subprocess.Popen | None = None
        self.version = None

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [self.python, os.path.join(HERE, "gambit_solve.py"), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        hello = self._read(120)
        if hello is None or not hello.get("ready"):
            raise RuntimeError("pygambit worker did not start")
        self.version = hello.get("pygambit")

    def _read(self, timeout: float):
        assert self.proc and self.proc.stdout
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("pygambit worker exited")
        return json.loads(line)

    def kill(self) -> None:
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def call(self, req: dict, timeout: float):
        """Returns (answer dict or None on timeout)."""
        if self.proc is None:
            self._start()
        assert self.proc and self.proc.stdin
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        try:
            ans = self._read(timeout)
        except RuntimeError as e:
            self.proc = None
            return {"error": str(e)}
        if ans is None:
            self.kill()
        return ans


def find_gambit_python() -> str | None:
    for py in (os.path.join(HERE, ".venv", "bin", "python"), sys.executable):
        if os.path.exists(py) and subprocess.run(
                [py, "-c", "import pygambit"], capture_output=True).returncode == 0:
            return py
    return None


# ------------------------------------------------------------- lrsnash ---

def parse_lrsnash(text: str) -> list:
    """lrsnash output -> list of [[x...], [y...]] (strings p/q).

    Equilibria come in blocks separated by blank lines; a block has one or
    more lines `2 y_1..y_n payoff1` and one or more lines `1 x_1..x_m payoff2`
    and stands for every pair of a player-1 line and a player-2 line (several
    lines appear for degenerate games)."""
    eqs = []
    ys: list = []
    xs: list = []

    def flush():
        for x in xs:
            for y in ys:
                eqs.append([x, y])

    for line in text.splitlines():
        toks = line.split()
        if not toks or line.startswith("*"):
            if xs or ys:
                flush()
                xs, ys = [], []
            continue
        if toks[0] == "2":
            if xs:  # a new block starting without a blank line
                flush()
                xs, ys = [], []
            ys.append([str(Fraction(t)) for t in toks[1:-1]])
        elif toks[0] == "1":
            xs.append([str(Fraction(t)) for t in toks[1:-1]])
    if xs or ys:
        flush()
    return eqs


def child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_lrsnash(path: str, timeout: float):
    t0, c0 = time.perf_counter(), child_cpu()
    try:
        p = subprocess.run(["lrsnash", path], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    t, cpu = time.perf_counter() - t0, child_cpu() - c0
    if p.returncode != 0:
        return {"error": p.stderr.strip()[-500:] or f"exit {p.returncode}"}
    return {"time": t, "cpu": cpu, "form": "strategic", "rational": True,
            "equilibria": parse_lrsnash(p.stdout)}


# -------------------------------------------------------------- pactum ---

def pactum_solve(cmd: list, path: str, method: str, rational: bool, timeout: float):
    args = cmd + ["game", "solve", path, "--method", method, "--format", "json"]
    if rational:
        args.append("--rational")
    t0, c0 = time.perf_counter(), child_cpu()
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    t, cpu = time.perf_counter() - t0, child_cpu() - c0
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        return {"error": f"exit {p.returncode}: " + (p.stderr.strip() or p.stdout.strip())[-500:]}
    if isinstance(doc, list):
        doc = doc[0]
    if "error" in doc or p.returncode != 0:
        return {"error": f"exit {p.returncode}: {doc.get('error') or p.stderr.strip()[-500:]}"}
    form = doc.get("form") or ("extensive" if doc.get("equilibria") and
                               "behavior" in doc["equilibria"][0] else "strategic")
    key = "behavior" if form == "extensive" else "mixed"
    eqs = []
    for e in doc.get("equilibria", []):
        if rational:
            eqs.append(e["exact"][key])
        else:
            eqs.append(e[key])
    return {"time": t, "cpu": cpu, "form": form, "rational": rational, "equilibria": eqs,
            "strategies": doc.get("strategies")}


def pactum_bench(cmd: list, path: str, method: str, rational: bool, timeout: float, repeat: int):
    """pactum's in-process time, measured by `pactum game bench` (the work of
    `solve --format json` without process start-up, fastest of `repeat` runs)."""
    args = cmd + ["game", "bench", path, "--method", method, "--repeat", str(max(1, repeat))]
    if rational:
        args.append("--rational")
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        return {"error": f"exit {p.returncode}: " + (p.stderr.strip() or p.stdout.strip())[-500:]}
    if p.returncode != 0 or "error" in doc:
        return {"error": f"exit {p.returncode}: {doc.get('error') or p.stderr.strip()[-500:]}"}
    return {"time": doc["seconds"], "cpu": doc["cpu_seconds"]}


def build_pactum(build: bool = True) -> list:
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    binary = os.path.join(target, "release", "pactum")
    if not build:
        return [binary]
    log("building pactum: cargo build --release -p pactum")
    p = subprocess.run(["cargo", "build", "--release", "-p", "pactum"], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        log(p.stderr[-3000:])
        log("bench/run.py: error: cargo build --release -p pactum failed")
        print("0 passed, 1 failed")
        raise SystemExit(2)
    return [binary]


def pactum_ready(cmd: list) -> str | None:
    """None when `pactum game solve` exists, else why not."""
    try:
        p = subprocess.run(cmd + ["game", "solve", "--help"], capture_output=True, text=True,
                           timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return str(e)
    if p.returncode != 0 or "--method" not in p.stdout:
        return (p.stderr or p.stdout).strip()[-300:] or f"exit {p.returncode}"
    return None


# ------------------------------------------------------------ compare ---

def undefined_sets(profile) -> set:
    """(player, infoset) positions where a behaviour profile gives no
    distribution (all zero): Gambit's floating-point sequence-form solvers
    write [0, 0] at information sets the player's own play never reaches."""
    out = set()
    if profile and isinstance(profile[0], list) and profile[0] and isinstance(profile[0][0], list):
        for k, pl in enumerate(profile):
            for j, iset in enumerate(pl):
                if all(fl(v) == 0 for v in iset):
                    out.add((k, j))
    return out


def entries(profile) -> list:
    """[(position, value)] of a nested profile, position = index tuple."""
    out = []

    def walk(x, pos):
        if isinstance(x, list):
            for i, y in enumerate(x):
                walk(y, pos + (i,))
        else:
            out.append((pos, x))
    walk(profile, ())
    return out


def compare(mine: list, ref: list, rational: bool, tol: float):
    """Compare two equilibrium lists up to ordering (and duplicates):
    exactly in rational mode, within tol (max abs difference) otherwise.
    Information sets where a reference profile gives no distribution are
    not compared (see undefined_sets). Returns (ok, message, notes)."""
    notes = []
    for p in mine + ref:
        if shape(p) != shape((mine + ref)[0]):
            return False, "profiles of different shapes", notes
    conv = frac if rational else fl
    ea = [[(pos, conv(v)) for pos, v in entries(p)] for p in mine]
    eb = []
    skipped_sets = 0
    for p in ref:
        und = undefined_sets(p)
        skipped_sets = max(skipped_sets, len(und))
        eb.append([(pos, conv(v)) for pos, v in entries(p) if pos[:2] not in und])
    if skipped_sets:
        notes.append(f"reference gives no distribution (all 0) at up to {skipped_sets} "
                     "information set(s); those were not compared")

    def dist(x, y) -> float:
        vx = dict(x)
        worst = 0.0
        for pos, v in y:
            u = vx[pos]
            if rational:
                if u != v:
                    return float("inf")
            else:
                worst = max(worst, abs(u - v))
        return worst

    used = [False] * len(eb)
    extra = []
    for i, x in enumerate(ea):
        best, bj = None, None
        for j, y in enumerate(eb):
            d = dist(x, y)
            if best is None or d < best or (d == best and used[bj] and not used[j]):
                best, bj = d, j
        if best is not None and best <= tol:
            used[bj] = True
        else:
            extra.append((i, best, bj))
    missing = [j for j, u in enumerate(used) if not u and not any(
        dist(x, eb[j]) <= tol for x in ea)]
    if not extra and not missing:
        return True, "", notes
    msg = _diff_msg([mine[i] for i, _, _ in extra], [ref[j] for j in missing])
    # Pinpoint the closest pair: which entries differ.
    cands = [(i, bj) for i, _, bj in extra if bj is not None]
    if cands:
        i, j = cands[0]
        vx = dict(ea[i])
        diffs = [(pos, vx[pos], v) for pos, v in eb[j]
                 if (vx[pos] != v if rational else abs(vx[pos] - v) > tol)]
        what = ", ".join(f"[{']['.join(map(str, pos))}] pactum {_short(a)} vs {_short(b)}"
                         for pos, a, b in diffs[:6])
        msg += (f"; closest pair (pactum #{i + 1}, reference #{j + 1}) differs at "
                f"{len(diffs)} entr{'y' if len(diffs) == 1 else 'ies'} "
                f"([player][infoset][action] or [player][strategy], 0-based): {what}")
    return False, msg, notes


def _short(v) -> str:
    return str(v) if isinstance(v, Fraction) else f"{v:.6g}"


def _diff_msg(extra, missing) -> str:
    parts = []
    if extra:
        parts.append(f"{len(extra)} only in pactum, e.g. {fmt_profile(extra[0])}")
    if missing:
        parts.append(f"{len(missing)} only in reference, e.g. {fmt_profile(missing[0])}")
    return "; ".join(parts)


# --------------------------------------------------------------- table ---

def fmt_time(res, timeout) -> str:
    if res is None:
        return f">{timeout:g} s"
    if "error" in res:
        return "error"
    t = res["time"]
    return f"{t:.3f}" if t >= 1 else f"{t:.3g}"


def gambit_logit_short(gambit, path: str, form: str, eqs: list) -> float | None:
    """The relative regret of Gambit's logit end point when it is above Gambit's own
    criterion (maxregret 1e-8, relative to the payoff range), else None."""
    profs = [[[[str(frac(v)) for v in a] for a in i] for i in e] if form == "extensive"
             else [[str(frac(v)) for v in pl] for pl in e] for e in eqs]
    r = gambit.call({"check": path, "form": form, "profiles": profs, "agent": False}, 600)
    if r is None or "error" in r or not r["regrets"]:
        return None
    rng = max(Fraction(1), Fraction(r["range"]))
    worst = max(Fraction(x) for x in r["regrets"]) / rng
    return float(worst) if worst > Fraction(1, 10**8) else None


def ratio(ref, mine) -> str:
    if mine is None or "time" not in mine:
        return ""
    if ref is None:
        x = REF_TIMEOUT / mine["time"] if mine["time"] > 0 else 0
        return (f">{x:.0f}×" if x >= 10 else f">{x:.2g}×") if x else ""
    if "time" not in ref:
        return ""
    return f"{ref['time'] / mine['time']:.1f}×" if mine["time"] > 0 else ""


REF_TIMEOUT = 60.0
VERIFY_MAX = 200


def main() -> int:
    global REF_TIMEOUT
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="the fast subset (CI)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if any equilibrium set differs; missing tools fail under CI=true")
    ap.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per reference call")
    ap.add_argument("--pactum-timeout", type=float, default=None,
                    help="seconds per pactum call (default: 2 x --timeout)")
    ap.add_argument("--tol", type=float, default=1e-6, help="float comparison tolerance")
    ap.add_argument("--logit-tol", type=float, default=1e-4,
                    help="tolerance for logit end points (default 1e-4: both tools stop "
                         "tracing at a regret criterion, not at the limit)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="repeat calls under 1 s N times, keep the fastest (default 3; 1 with --small)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="time shown: wall clock (default) or CPU time (user+sys) of the "
                         "solving process, steadier on a loaded machine")
    ap.add_argument("--out", help="write the Markdown table to this file")
    ap.add_argument("--json", help="write every result (times, answers, verdicts) as JSON")
    ap.add_argument("--pactum", help="pactum command (default: build and use target/release/pactum)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the existing target/release/pactum without cargo build")
    ap.add_argument("--games", help="directory for the generated games (default bench/out/games[-small])")
    ap.add_argument("--only", nargs="*", help="only these game names (see bench/out/*/manifest.json)")
    ap.add_argument("--exclude", nargs="*", default=[], help="leave these game names out")
    ap.add_argument("--no-gambit", action="store_true", help="do not run pygambit")
    ap.add_argument("--no-lrsnash", action="store_true", help="do not run lrsnash")
    args = ap.parse_args()
    REF_TIMEOUT = args.timeout
    methods = [m for m in args.methods.split(",") if m]
    for m in methods:
        if m not in METHODS:
            ap.error(f"unknown method {m}; known: {', '.join(METHODS)}")
    repeat = args.repeat or (1 if args.small else 3)
    ptimeout = args.pactum_timeout or (args.timeout if args.small else 2 * args.timeout)
    started = time.time()

    # Reference tools.
    problems = []
    gpy = None if args.no_gambit else find_gambit_python()
    if gpy is None and not args.no_gambit:
        problems.append("pygambit is not installed (run bench/setup.sh)")
    have_lrs = not args.no_lrsnash and shutil.which("lrsnash") is not None
    if not have_lrs and not args.no_lrsnash:
        problems.append("lrsnash is not on PATH (run bench/setup.sh, or apt-get install lrslib)")
    for p in problems:
        log(f"bench/run.py: {'error' if IN_CI else 'warning'}: {p}")
    if problems and IN_CI:
        print("0 passed, 1 failed")
        return 2

    # pactum.
    cmd = shlex.split(args.pactum) if args.pactum else build_pactum(not args.no_build)
    why = pactum_ready(cmd)
    if why:
        log(f"bench/run.py: error: `{' '.join(cmd)} game solve` is not available: {why}")
        print("0 passed, 1 failed")
        return 2

    # Games.
    gdir = args.games or os.path.join(HERE, "out", "games-small" if args.small else "games")
    t0 = time.time()
    gen.main([gdir] + (["--small"] if args.small else []) + (["--only"] + args.only if args.only else []))
    log(f"generated games in {gdir} ({time.time() - t0:.1f} s)")
    with open(os.path.join(gdir, "manifest.json")) as f:
        manifest = json.load(f)

    gambit = Gambit(gpy) if gpy else None
    rows = []
    ref_cache: dict = {}
    passed = failed = skipped = 0
    failures = []

    def timed_repeat(fn, first):
        """Repeat a call that took under 1 s, keep the fastest."""
        best = first
        if first is None or "time" not in first or first["time"] >= 1.0:
            return first
        for _ in range(repeat - 1):
            r = fn()
            if r is not None and "time" in r:
                best = dict(best, time=min(best["time"], r["time"]),
                            cpu=min(best.get("cpu", 1e9), r.get("cpu", 1e9)))
        return best

    def clock(res):
        """Show CPU time instead of wall time with --clock cpu."""
        if res is not None and "time" in res and args.clock == "cpu" and "cpu" in res:
            res = dict(res, wall=res["time"], time=res["cpu"])
        return res

    for game in manifest:
        if game["name"] in args.exclude:
            continue
        path = os.path.join(gdir, game["file"])
        for method in methods:
            if method not in game["methods"]:
                continue
            for mode in game["methods"][method]:
                rational = mode == "rational"
                label = f"{game['name']} {method} {mode}"
                # pactum
                mine = pactum_solve(cmd, path, method, rational, ptimeout)
                mine = clock(timed_repeat(lambda: pactum_solve(cmd, path, method, rational, ptimeout), mine))
                # pactum in-process (like pygambit's timing): `pactum game bench`; for runs
                # of a second or more the process time stands for it (start-up is ~2 ms).
                inproc = None
                if mine is not None and "error" not in mine:
                    if mine.get("wall", mine["time"]) < 1.0:
                        inproc = clock(pactum_bench(cmd, path, method, rational, ptimeout, repeat))
                        if inproc is not None and "error" in inproc:
                            inproc = None
                    else:
                        inproc = mine
                # gambit (enumpure and logit have one arithmetic in Gambit)
                gref = None
                gkey = (path, method, True if method == "enumpure" else
                        False if method == "logit" else rational)
                infeasible = game.get("reference_infeasible")
                if gambit and not (infeasible and args.small):
                    if gkey not in ref_cache:
                        req = {"file": path, "method": method, "rational": gkey[2], "repeat": 1}
                        r = gambit.call(req, args.timeout + 0.5)
                        if r is not None and "time" in r and r["time"] < 1.0 and repeat > 1:
                            r2 = gambit.call(dict(req, repeat=repeat - 1), args.timeout + 0.5)
                            if r2 is not None and "time" in r2:
                                r["time"] = min(r["time"], r2["time"])
                                r["cpu"] = min(r["cpu"], r2["cpu"])
                        if r is not None and "time" in r and r["time"] > args.timeout:
                            r = None
                        ref_cache[gkey] = clock(r)
                    gref = ref_cache[gkey]
                    gstatus = "ok" if gref is not None and "error" not in gref else (
                        "timeout" if gref is None else "error")
                else:
                    gstatus = "skipped" if gambit else "missing"
                # lrsnash (exact enummixed on bimatrix games)
                lref = None
                lstatus = "n/a"
                if method == "enummixed" and game.get("lrs_file") and have_lrs:
                    lkey = ("lrs", game["lrs_file"])
                    if lkey not in ref_cache:
                        lp = os.path.join(gdir, game["lrs_file"])
                        r = run_lrsnash(lp, args.timeout)
                        r = timed_repeat(lambda: run_lrsnash(lp, args.timeout), r)
                        ref_cache[lkey] = clock(r)
                    lref = ref_cache[lkey]
                    lstatus = "ok" if lref is not None and "error" not in lref else (
                        "timeout" if lref is None else "error")

                # verdict
                notes = []
                verdict = None
                if mine is None:
                    notes.append(f"pactum did not finish in {ptimeout:g} s")
                elif "error" in mine:
                    notes.append(f"pactum error: {mine['error']}")
                compared = False
                ok = mine is not None and "error" not in mine
                for name, ref, status in (("gambit", gref, gstatus), ("lrsnash", lref, lstatus)):
                    if status == "error":
                        notes.append(f"{name} error: {ref['error']}")
                    if status != "ok":
                        continue
                    if mine is None or "error" in mine:
                        compared = True
                        continue
                    if ref["form"] != mine["form"]:
                        compared = True
                        ok = False
                        notes.append(f"form differs from {name}: pactum {mine['form']}, {name} {ref['form']}")
                        continue
                    if (name == "gambit" and mine["form"] == "strategic" and ref.get("strategies")
                            and mine.get("strategies") and mine["strategies"] != ref["strategies"]):
                        notes.append("strategy labels differ from Gambit's: pactum "
                                     f"{fmt_profile(mine['strategies'], 200)}, gambit "
                                     f"{fmt_profile(ref['strategies'], 200)}")
                    exact = rational and ref["rational"]
                    tol = args.logit_tol if method == "logit" else args.tol
                    good, msg, cnotes = compare(mine["equilibria"], ref["equilibria"], exact, tol)
                    notes += [f"{name}: {n}" for n in cnotes]
                    if not good and method == "logit" and name == "gambit":
                        # Gambit's logit may return a point that does not meet its own end
                        # criterion (max regret <= 1e-8 x payoff range): then there is nothing
                        # to compare with, and pactum's answer is verified instead (below).
                        short = gambit_logit_short(gambit, path, mine["form"], ref["equilibria"])
                        if short is not None:
                            notes.append(f"gambit's logit stopped short of its own criterion "
                                         f"(its point has regret {short:.3g} x payoff range, "
                                         f"criterion 1e-8); not compared")
                            continue
                    compared = True
                    if not good:
                        ok = False
                        notes.append(f"differs from {name}"
                                     f" ({len(mine['equilibria'])} vs {len(ref['equilibria'])} equilibria): {msg}")
                verified = False
                if not compared and ok and gambit:
                    # No reference answer: verify pactum's answers instead (exact regret
                    # 0 in rational mode, at most --tol x payoff range in floating point;
                    # agent-form regret for enumpure and logit on trees).
                    allp = mine["equilibria"]
                    # At most VERIFY_MAX profiles, evenly spaced (pygambit's exact regret
                    # takes ~0.1 s per profile on the 5183-node agent-form game).
                    idx = (list(range(len(allp))) if len(allp) <= VERIFY_MAX else
                           sorted({round(k * (len(allp) - 1) / (VERIFY_MAX - 1))
                                   for k in range(VERIFY_MAX)}))
                    profs = [[[[str(frac(v)) for v in a] for a in i] for i in allp[k]]
                             if mine["form"] == "extensive" else
                             [[str(frac(v)) for v in pl] for pl in allp[k]] for k in idx]
                    r = gambit.call({"check": path, "form": mine["form"], "profiles": profs,
                                     "agent": method in ("enumpure", "logit")}, 600)
                    compared = True
                    why = infeasible or "no reference finished"
                    if r is None or "error" in r:
                        ok = False
                        notes.append(f"verification failed: {r and r.get('error') or 'timeout'}")
                    else:
                        rng = max(Fraction(1), Fraction(r["range"]))
                        limit = Fraction(0) if rational else Fraction(args.tol) * rng
                        if method == "logit":
                            limit = Fraction(args.logit_tol) * rng
                        bad = [i for i, x in enumerate(r["regrets"]) if Fraction(x) > limit]
                        if bad:
                            ok = False
                            notes.append(f"{len(bad)} of {len(profs)} checked pactum profiles are not "
                                         f"equilibria (regret {float(Fraction(r['regrets'][bad[0]])):.3g}), e.g. "
                                         f"#{idx[bad[0]] + 1}: {fmt_profile(allp[idx[bad[0]]])}")
                        elif not profs and method in ("lcp", "lp", "logit"):
                            ok = False
                            notes.append(f"{why}; pactum returned no equilibrium, but {method} "
                                         "always finds one in a two-player game")
                        else:
                            verified = True
                            notes.append(f"{why}; {'all ' if len(profs) == len(allp) else ''}"
                                         f"{len(profs)}{'' if len(profs) == len(allp) else f' of {len(allp)}'}"
                                         " pactum profiles verified "
                                         f"({'exact regret 0' if rational else 'regret within tolerance'}"
                                         f"{'' if method in ('lcp', 'lp', 'logit') else '; completeness not checked'})")
                if compared:
                    verdict = ("verified" if verified else "ok") if ok else "FAIL"
                elif mine is None and not infeasible:
                    # Nobody finished: nothing to compare (the table shows both times).
                    verdict = "no result"
                elif not ok:
                    verdict = "FAIL"
                else:
                    verdict = "no reference"
                if verdict in ("ok", "verified"):
                    passed += 1
                elif verdict == "FAIL":
                    failed += 1
                    failures.append((label, notes))
                else:
                    skipped += 1
                neq = len(mine["equilibria"]) if mine and "equilibria" in mine else "-"
                row = dict(game=game["name"], size=game["size"], method=method, mode=mode,
                           pactum=fmt_time(mine, ptimeout),
                           pactum_inproc=fmt_time(inproc, ptimeout) if inproc is not None else (
                               fmt_time(mine, ptimeout) if mine is None else "-"),
                           gambit=(fmt_time(gref, args.timeout) if gstatus in ("ok", "timeout", "error")
                                   else gstatus),
                           gambit_ratio=(ratio(gref, inproc if inproc is not None else mine)
                                         if gstatus in ("ok", "timeout") else ""),
                           lrsnash=fmt_time(lref, args.timeout) if lstatus != "n/a" else "",
                           lrsnash_ratio=ratio(lref, mine) if lstatus in ("ok", "timeout") else "",
                           equilibria=neq, verdict=verdict, notes=notes,
                           times={k: v and {"wall": v.get("wall", v.get("time")), "cpu": v.get("cpu")}
                                  for k, v in (("pactum", mine), ("pactum_inproc", inproc),
                                               ("gambit", gref), ("lrsnash", lref))},
                           nodes=game.get("nodes"))
                rows.append(row)
                log(f"{label:45} pactum {row['pactum_inproc']:>10} ({row['pactum']:>8})  gambit {row['gambit']:>10} "
                    f"{row['gambit_ratio']:>8}  {('lrsnash ' + row['lrsnash']) if row['lrsnash'] else ''}"
                    f"  {verdict}" + (f"  — {'; '.join(notes)}" if notes and verdict != "ok" else ""))
    if gambit:
        gambit.kill()

    md = markdown(rows, args, gambit.version if gambit else None, time.time() - started)
    print(md)
    if args.out:
        with open(args.out, "w") as f:
            f.write(md)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    if failures:
        print("\nFailures:")
        for label, notes in failures:
            print(f"- {label}: " + "; ".join(notes))
    print(f"\n{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if (args.check and failed) else 0


def markdown(rows, args, gversion, elapsed) -> str:
    lrs = shutil.which("lrsnash")
    lines = [f"pactum vs Gambit (pygambit {gversion or 'not installed'}) and lrsnash "
             f"({'lrslib ' + lrs_version() if lrs else 'not installed'}); "
             f"{'small subset' if args.small else 'full family'}, reference timeout "
             f"{args.timeout:g} s, run took {elapsed:.0f} s on {os.cpu_count()} cores "
             f"({platform.machine()}).", "",
             f"Times in seconds ({'CPU time, user+sys, of the solving process' if args.clock == 'cpu' else 'wall clock'}); "
             "ratio = reference time / pactum time "
             "(above 1: pactum is faster). Like with like: the Gambit ratio sets pygambit's "
             "in-process time (read + solve in a running interpreter) against pactum's "
             "in-process time (`pactum game bench`: read + solve + verify + JSON, no process "
             "start-up); the lrsnash ratio sets process against process (`lrsnash FILE` "
             "against `pactum game solve FILE`).", ""]
    by_method: dict = {}
    for r in rows:
        by_method.setdefault(r["method"], []).append(r)
    for m in METHODS:
        if m not in by_method:
            continue
        lines.append(f"### {m}")
        lines.append("")
        show_lrs = any(r["lrsnash"] for r in by_method[m])
        head = ["game", "size", "arithmetic", "pactum in-process", "gambit", "gambit/pactum",
                "pactum process"]
        if show_lrs:
            head += ["lrsnash", "lrsnash/pactum"]
        head += ["equilibria", "check"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---" for _ in head) + "|")
        for r in by_method[m]:
            cells = [r["game"], str(r["size"]) + (f" ({r['nodes']} nodes)" if r.get("nodes") else ""),
                     r["mode"], r["pactum_inproc"], r["gambit"], r["gambit_ratio"], r["pactum"]]
            if show_lrs:
                cells += [r["lrsnash"], r["lrsnash_ratio"]]
            cells += [str(r["equilibria"]), r["verdict"]]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def lrs_version() -> str:
    try:
        p = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "lrslib"],
                           capture_output=True, text=True)
        return p.stdout.strip() or "?"
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
