#!/usr/bin/env python3
"""Reference solver worker: solve one game file with pygambit, as a user would.

Role: run by bench/run.py in a fresh process per (game, method, arithmetic),
under the bench venv's Python, so that a reference call can be bounded by a
timeout and killed. What is timed: ``gbt.read_efg``/``gbt.read_nfg`` of the
file plus the solve call (``gbt.nash.<method>_solve``), with
time.perf_counter in this process. Not timed: interpreter start-up, ``import
pygambit``, and turning the result into JSON.

Usage: gambit_solve.py FILE METHOD [--rational] [--strategic]
       gambit_solve.py --check FILE   (verify profiles given as JSON on stdin)
       gambit_solve.py --serve        (one JSON request per stdin line, one
                                       JSON answer per stdout line; run.py
                                       keeps one such process so pygambit is
                                       imported once, and kills and restarts
                                       it when a call exceeds the timeout)
Requests for --serve: {"file":..., "method":..., "rational":bool,
"strategic":bool, "repeat":n} (repeat: solve n times, report the fastest), or
{"check":FILE, "form":..., "profiles":[...], "agent":bool}.
Prints one JSON object on stdout:
  {"time": seconds, "form": "strategic"|"extensive", "rational": bool,
   "equilibria": [profile, ...]}
where a profile is [player][strategy] (strategic) or [player][infoset][action]
(extensive), values "p/q" strings in rational mode and floats otherwise.

--check FILE reads {"form":..., "profiles":[...exact strings...], "agent": bool}
from stdin and prints, for each profile, its exact maximum regret as "p/q"
(agent-form regret when "agent" is true): pactum's answers can be verified
where Gambit cannot enumerate (e.g. 2^56 pure behaviour profiles).

Methods and their pygambit calls (pygambit 16.7):
  enumpure   nfg: enumpure_solve(g); efg: enumpure_agent_solve(g) (agent form,
             as pactum's enumpure on trees), or enumpure_solve(g) with
             --strategic; always exact
  enummixed  enummixed_solve(g, rational=R) (reduced strategic form on trees)
  lcp        lcp_solve(g, rational=R, use_strategic=S) (sequence form on trees)
  lp         lp_solve(g, rational=R, use_strategic=S)
  logit      logit_solve(g, use_strategic=S) (floating point only)
"""

import json
import sys
import math
import time
from fractions import Fraction

import pygambit as gbt


def value(x, rational: bool):
    if rational:
        f = Fraction(x)
        return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"
    return float(x)


def solve(path: str, method: str, rational: bool, strategic: bool, repeat: int = 1):
    """Fastest of `repeat` measurements. As `pactum game bench` does, a call shorter than a
    millisecond makes the next measurements batches of calls lasting about a millisecond
    (time per call = batch time / calls), so reading the clocks is not what is measured."""
    best = best_cpu = None
    k = 1
    for _ in range(max(1, repeat)):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(k):
            g, res, exact = _solve_once(path, method, rational, strategic)
            eqs = list(res.equilibria)
        elapsed, cpu = (time.perf_counter() - t0) / k, (time.process_time() - c0) / k
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        if elapsed < 1e-3:
            k = min(100_000, math.ceil(1e-3 / max(elapsed, 1e-9)))
    out = _result(g, eqs, method, exact, strategic, best)
    out["cpu"] = best_cpu
    return out


def _solve_once(path: str, method: str, rational: bool, strategic: bool):
    g = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
    if method == "enumpure":
        res = (gbt.nash.enumpure_agent_solve(g) if g.is_tree and not strategic
               else gbt.nash.enumpure_solve(g))
        exact = True
    elif method == "enummixed":
        res = gbt.nash.enummixed_solve(g, rational=rational)
        exact = rational
    elif method == "lcp":
        res = gbt.nash.lcp_solve(g, rational=rational, use_strategic=strategic)
        exact = rational
    elif method == "lp":
        res = gbt.nash.lp_solve(g, rational=rational, use_strategic=strategic)
        exact = rational
    elif method == "logit":
        res = gbt.nash.logit_solve(g, use_strategic=strategic)
        exact = False
    else:
        raise ValueError(f"unknown method {method}")
    return g, res, exact


def _result(g, eqs, method: str, exact: bool, strategic: bool, elapsed: float) -> dict:
    out = []
    for eq in eqs:
        if isinstance(eq, (gbt.MixedBehaviorProfileRational, gbt.MixedBehaviorProfileDouble)):
            form = "extensive"
            prof = [[[value(eq[a], exact) for a in iset.actions] for iset in pl.infosets]
                    for pl in g.players]
        else:
            form = "strategic"
            prof = [[value(eq[s], exact) for s in pl.strategies] for pl in g.players]
        out.append(prof)
    if not eqs:
        form = "extensive" if (g.is_tree and method in ("enumpure", "lcp", "lp", "logit")
                               and not strategic) else "strategic"
    strategies = None
    if form == "strategic":
        strategies = [[s.label for s in pl.strategies] for pl in g.players]
    return {"time": elapsed, "form": form, "rational": exact, "equilibria": out,
            "strategies": strategies}


# Above this many nodes, the Nash regret of a behaviour profile is computed by
# tree_nash_regret alone (pygambit's max_regret takes more than ten minutes on the
# 6911-node three-round deterrence tree, 144 s on the 575-node two-round one); at or
# below it both are computed and must agree.
FAST_REGRET_NODES = 200


def tree_nash_regret(g, prof) -> Fraction:
    """Exact Nash regret (the largest gain of any player from any deviation) of a
    behaviour profile [player][infoset][action] on a tree with perfect recall: for each
    player, the best-response value by backward induction over its information sets
    (an action's value at a set sums over the set's nodes, weighted by the others' and
    chance's probability of reaching each), minus the profile's expected payoff.
    Written here, on pygambit's reading of the file, independently of pactum."""
    players = list(g.players)
    beh = {}
    for p, isets in zip(players, prof):
        for iset, acts in zip(p.infosets, isets):
            beh[(p.number, iset.number)] = [Fraction(v) for v in acts]

    def probs(node):
        if node.player.is_chance:
            return [Fraction(a.prob) for a in node.infoset.actions]
        return beh[(node.player.number, node.infoset.number)]

    def pay(node, i):
        try:
            return Fraction(node.outcome[players[i]])
        except (KeyError, TypeError):  # no outcome at this node
            return Fraction(0)

    # Children in action order, and each node's probabilities, once.
    kids, pr, order = {}, {}, []
    stack = [g.root]
    while stack:
        v = stack.pop()
        order.append(v)
        if not v.is_terminal:
            kids[v] = list(v.children)
            pr[v] = probs(v)
            stack.extend(kids[v])
    worst = Fraction(0)
    for i, me in enumerate(players):
        # Expected payoff under the profile, bottom-up.
        val = {}
        for v in reversed(order):
            val[v] = pay(v, i) + (sum((p * val[c] for p, c in zip(pr[v], kids[v]) if p), Fraction(0))
                                  if not v.is_terminal else 0)
        # Others' (and chance's) reach probability of each node, top-down.
        reach = {g.root: Fraction(1)}
        for v in order:
            if v.is_terminal:
                continue
            mine = (not v.player.is_chance) and v.player == me
            for p, c in zip(pr[v], kids[v]):
                reach[c] = reach[v] if mine else reach[v] * p
        best_value, choice = {}, {}

        def br(v):
            if v in best_value:
                return best_value[v]
            x = pay(v, i)
            if not v.is_terminal:
                if (not v.player.is_chance) and v.player == me:
                    x += br(kids[v][choose(v.infoset)])
                else:
                    x += sum((p * br(c) for p, c in zip(pr[v], kids[v]) if p), Fraction(0))
            best_value[v] = x
            return x

        def choose(iset):
            if iset not in choice:
                members = list(iset.members)
                n = len(iset.actions)
                totals = [sum((reach[h] * br(kids[h][a]) for h in members if reach[h]), Fraction(0))
                          for a in range(n)]
                choice[iset] = max(range(n), key=lambda a: totals[a])
            return choice[iset]

        worst = max(worst, br(g.root) - val[g.root])
    return worst


def check(path: str, req: dict) -> dict:
    """Exact regrets of the profiles in req."""
    g = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
    regrets = []
    for prof in req["profiles"]:
        if req["form"] == "extensive" and not req.get("agent") and g.is_perfect_recall:
            r = tree_nash_regret(g, prof)
            if sum(1 for _ in g.nodes) <= FAST_REGRET_NODES:
                p = g.mixed_behavior_profile(rational=True)
                for pl, pp in zip(g.players, prof):
                    for iset, ip in zip(pl.infosets, pp):
                        for a, v in zip(iset.actions, ip):
                            p[a] = gbt.Rational(Fraction(v))
                if Fraction(p.max_regret()) != r:
                    raise AssertionError(f"tree_nash_regret {r} != pygambit max_regret {p.max_regret()}")
        elif req["form"] == "extensive":
            p = g.mixed_behavior_profile(rational=True)
            for pl, pp in zip(g.players, prof):
                for iset, ip in zip(pl.infosets, pp):
                    for a, v in zip(iset.actions, ip):
                        p[a] = gbt.Rational(Fraction(v))
            r = p.agent_max_regret() if req.get("agent") else p.max_regret()
        else:
            p = g.mixed_strategy_profile(rational=True)
            for pl, pp in zip(g.players, prof):
                for s, v in zip(pl.strategies, pp):
                    p[s] = gbt.Rational(Fraction(v))
            r = p.max_regret()
        regrets.append(str(Fraction(r)))
    return {"regrets": regrets, "range": str(Fraction(g.max_payoff) - Fraction(g.min_payoff))}


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--check":
        print(json.dumps(check(args[1], json.load(sys.stdin))))
        return 0
    if args == ["--serve"]:
        print(json.dumps({"ready": True, "pygambit": gbt.__version__}), flush=True)
        for line in sys.stdin:
            req = json.loads(line)
            try:
                if "check" in req:
                    ans = check(req["check"], req)
                else:
                    ans = solve(req["file"], req["method"], req.get("rational", False),
                                req.get("strategic", False), req.get("repeat", 1))
            except Exception as e:  # reported, not fatal: the next request goes on
                ans = {"error": f"{type(e).__name__}: {e}"}
            print(json.dumps(ans), flush=True)
        return 0
    if args == ["--noop"]:
        print("{}")
        return 0
    rational = "--rational" in args
    strategic = "--strategic" in args
    pos = [a for a in args if not a.startswith("--")]
    if len(pos) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(solve(pos[0], pos[1], rational, strategic)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
