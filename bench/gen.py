#!/usr/bin/env python3
"""Game generator for pactum's benchmark against Gambit and lrsnash.

Role: write, deterministically from fixed seeds and with the standard library
only, the family of games that bench/run.py solves with pactum, pygambit and
lrsnash:

* random two-player normal-form games with integer payoffs, 4x4 ... 15x15
  (enummixed, lcp; the 11x11 ... 15x15 ones are also written in lrsnash's
  input format);
* large tables for enumpure: 200x200 and 30x30x30;
* small n-player normal-form games for logit;
* zero-sum normal-form games and zero-sum extensive games for lp;
* deterrence-like extensive games: nature draws the guarantor's resolve, the
  guarantor sends a costly signal, the challenger (who sees only a noisy
  reading of the signal, never the type) challenges or not, the guarantor
  responds or abandons; repeated over rounds so the tree grows (up to ~1e5
  nodes and beyond);
* a two-round deterrence game in agent form with 56 binary information sets
  (2^56 pure behaviour profiles) for enumpure in agent form.

File formats, as documented by Gambit ("The extensive game (.efg) file
format", "The strategic game (.nfg) file format, payoff version"):

* .efg version 2: ``EFG 2 R "title" { "P1" "P2" }`` then a comment string,
  then one node per line in prefix order: ``c "" ev "" { "a" p ... } 0``,
  ``p "" player iset "" { "a" "b" } 0``, ``t "" outcome "" { u1, u2 }``.
  Information sets are numbered per player 1, 2, ... in order of first
  appearance, so the file's numbering is also Gambit's order.
* .nfg version 1, payoff version: ``NFG 1 R "title" { "P1" "P2" } { m n }``
  then the payoffs of every profile, player 1's strategy varying fastest.
* lrsnash (lrslib 7.x): ``m n`` on the first line, then matrix A (row
  player's payoffs) row by row, then matrix B (column player's), row by row.

Usage: gen.py OUTDIR [--small] [--only NAME...]
Writes OUTDIR/*.efg|*.nfg|*.lrs and OUTDIR/manifest.json describing each
game (file, kind, size, which methods run on it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import zlib
from fractions import Fraction
from typing import Callable, Iterable, Sequence


def rng_for(name: str, seed: int = 2026) -> random.Random:
    """A generator seeded from the game's name: stable across runs, Python
    versions and machines (crc32, not hash())."""
    return random.Random(seed * 1_000_003 + zlib.crc32(name.encode()))


def q(s: str) -> str:
    """Quote a label for Gambit files (no embedded quotes in our labels)."""
    assert '"' not in s
    return f'"{s}"'


def num(x) -> str:
    """A payoff or probability as Gambit writes it: integers plain,
    fractions as p/q."""
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return str(x)


# ----------------------------------------------------------------------- NFG ---

def write_nfg(path: str, title: str, players: Sequence[str], shape: Sequence[int],
              payoff: Callable[[tuple], Sequence]) -> None:
    """Write a strategic game in the payoff version of the .nfg format.

    payoff(profile) gives the payoffs of all players at a profile (0-based
    strategy indices). Profiles are listed with player 1's strategy varying
    fastest."""
    n = len(players)
    with open(path, "w") as f:
        f.write(f"NFG 1 R {q(title)} {{ {' '.join(q(p) for p in players)} }} "
                f"{{ {' '.join(str(s) for s in shape)} }}\n\n")
        profile = [0] * n
        total = 1
        for s in shape:
            total *= s
        line: list[str] = []
        for _ in range(total):
            line.extend(num(v) for v in payoff(tuple(profile)))
            if len(line) >= 24:
                f.write(" ".join(line) + "\n")
                line = []
            for i in range(n):
                profile[i] += 1
                if profile[i] < shape[i]:
                    break
                profile[i] = 0
        if line:
            f.write(" ".join(line) + "\n")


def write_lrs(path: str, a: Sequence[Sequence], b: Sequence[Sequence]) -> None:
    """Write a bimatrix game in lrsnash's (lrslib 7.x) input format:
    ``m n``, then A row by row, then B row by row."""
    m, n = len(a), len(a[0])
    with open(path, "w") as f:
        f.write(f"{m} {n}\n\n")
        for row in a:
            f.write(" ".join(num(v) for v in row) + "\n")
        f.write("\n")
        for row in b:
            f.write(" ".join(num(v) for v in row) + "\n")


def bimatrix_nfg(path: str, title: str, a, b, lrs_path: str | None = None) -> None:
    write_nfg(path, title, ["Row", "Column"], [len(a), len(a[0])],
              lambda p: (a[p[0]][p[1]], b[p[0]][p[1]]))
    if lrs_path:
        write_lrs(lrs_path, a, b)


# ----------------------------------------------------------------------- EFG ---

class Efg:
    """Streaming writer for .efg version 2 files. Nodes are written in prefix
    order as the caller walks its tree; information sets are keyed by
    (player, key) and numbered per player in order of first appearance."""

    def __init__(self, path: str, title: str, players: Sequence[str], comment: str = ""):
        self.f = open(path, "w")
        self.players = list(players)
        self.isets: dict[tuple, int] = {}
        self.iset_actions: dict[tuple, tuple] = {}
        self.count = [0] * (len(players) + 1)
        self.chance_events = 0
        self.outcomes = 0
        self.nodes = 0
        self.f.write(f"EFG 2 R {q(title)} {{ {' '.join(q(p) for p in players)} }}\n")
        self.f.write(f"{q(comment)}\n\n")

    def chance(self, actions: Sequence[tuple[str, Fraction]]) -> None:
        assert sum(p for _, p in actions) == 1
        self.chance_events += 1
        acts = " ".join(f"{q(a)} {num(p)}" for a, p in actions)
        self.f.write(f'c "" {self.chance_events} "" {{ {acts} }} 0\n')
        self.nodes += 1

    def move(self, player: int, key, actions: Sequence[str]) -> int:
        """A decision node of player (1-based) in the information set named
        key (any hashable; nodes with equal keys share the set)."""
        k = (player, key)
        if k not in self.isets:
            self.count[player] += 1
            self.isets[k] = self.count[player]
            self.iset_actions[k] = tuple(actions)
        elif self.iset_actions[k] != tuple(actions):
            raise ValueError(f"information set {k} declared with different actions")
        acts = " ".join(q(a) for a in actions)
        self.f.write(f'p "" {player} {self.isets[k]} "" {{ {acts} }} 0\n')
        self.nodes += 1
        return self.isets[k]

    def terminal(self, payoffs: Sequence) -> None:
        self.outcomes += 1
        self.f.write(f't "" {self.outcomes} "" {{ {", ".join(num(v) for v in payoffs)} }}\n')
        self.nodes += 1

    def close(self) -> dict:
        self.f.close()
        return {"nodes": self.nodes, "infosets": sum(self.count),
                "infosets_per_player": self.count[1:]}


# -------------------------------------------------------------- deterrence ---

RESOLUTE, IRRESOLUTE = "resolute", "irresolute"


def deterrence(path: str, rounds: int, *, seed_name: str, zero_sum: bool = False,
               agents: bool = False, signal_noise: Fraction | None = Fraction(1, 5),
               accident: Fraction | None = None, response_noise: Fraction | None = None,
               p_resolute: Fraction = Fraction(1, 3), irresolute_fight: int = -50) -> dict:
    """A repeated deterrence game with incomplete information.

    Each round: the guarantor (knowing its resolve type, drawn once by
    nature) sends a costly or a cheap signal; with probability signal_noise
    the challenger reads it wrongly (a chance node); the challenger, who sees
    the readings, the history, never the type, challenges or not; if
    accident is set, an unchallenged round still turns into a crisis with
    that probability (a chance node); in a crisis the guarantor responds or
    abandons; if response_noise is set the public reading of the response is
    flipped with that probability.

    irresolute_fight is what fighting costs an irresolute guarantor (-50: it
    may pay to fight for reputation, which typically leaves no pure
    equilibrium; the agent-form game uses -200 so that pure equilibria exist).

    Payoffs add up over rounds and sit at the terminal nodes. Costs and gains
    are integers with small seeded perturbations per round and per history so
    that games are generic.

    agents=False: two players, "Challenger" (player 1) and "Guarantor"
    (player 2), with perfect recall (each remembers its own moves and what it
    observed). agents=True: the agent form used for enumpure: each round has
    its own challenger and the guarantor's signalling and responding in each
    round are separate agents ("Guarantor r signal", "Guarantor r response"),
    each seeing only the public history (readings of signals, crises,
    readings of responses) plus, for the guarantor's agents, the type. With
    all three kinds of noise every information set is reached with positive
    probability under every pure profile.
    """
    rng = rng_for(seed_name)
    # Per-round base stakes, perturbed per round so rounds are not copies.
    stakes = []
    for r in range(rounds):
        stakes.append({
            "cost": {RESOLUTE: 10 + rng.randint(0, 4), IRRESOLUTE: 30 + rng.randint(0, 6)},
            "status_quo": (0, 20 + rng.randint(0, 5)),          # (challenger, guarantor)
            "fight": {RESOLUTE: (-40 - rng.randint(0, 5), -10 - rng.randint(0, 5)),
                      IRRESOLUTE: (-40 - rng.randint(0, 5), irresolute_fight - rng.randint(0, 5))},
            "abandon": (30 + rng.randint(0, 5), -30 - rng.randint(0, 5)),
        })
    if agents:
        players = []
        for r in range(1, rounds + 1):
            players += [f"Guarantor {r} signal", f"Challenger {r}", f"Guarantor {r} response"]
        pid = {name: i + 1 for i, name in enumerate(players)}
    else:
        players = ["Challenger", "Guarantor"]
    title = (f"Deterrence, {rounds} round{'s' if rounds > 1 else ''}"
             f"{', zero-sum' if zero_sum else ''}{', agent form' if agents else ''}")
    comment = ("Generated by pactum bench/gen.py: nature draws the guarantor's resolve; "
               "each round a costly or cheap signal, a noisy reading, challenge or not, "
               "respond or abandon.")
    efg = Efg(path, title, players, comment)
    C_IDX, G_IDX = 0, 1  # indices into payoff pairs (challenger, guarantor)

    def payout(total_c: int, total_g: int) -> list:
        if agents:
            out = []
            for r in range(1, rounds + 1):
                out += [total_g, total_c, total_g]
            return out
        if zero_sum:
            # Challenger's gain is the guarantor's loss: use the difference.
            d = total_c - total_g
            return [d, -d]
        return [total_c, total_g]

    def jitter(*key) -> int:
        return zlib.crc32(repr((seed_name,) + key).encode()) % 3

    def rnd(r: int, typ: str, g_private: tuple, c_private: tuple, public: tuple,
            tc: int, tg: int) -> None:
        if r == rounds:
            efg.terminal(payout(tc + jitter("c", public, c_private), tg + jitter("g", public, g_private, typ)))
            return
        st = stakes[r]
        # Guarantor signals.
        if agents:
            efg.move(pid[f"Guarantor {r + 1} signal"], (typ, public), ["costly", "cheap"])
        else:
            efg.move(2, ("signal", typ, g_private), ["costly", "cheap"])
        for sig in ("costly", "cheap"):
            tg1 = tg - (st["cost"][typ] if sig == "costly" else 0)
            readings = [(sig, 1)]
            if signal_noise:
                other = "cheap" if sig == "costly" else "costly"
                readings = [(sig, 1 - signal_noise), (other, signal_noise)]
                efg.chance([(f"read {sig}" if rd == sig else f"misread as {rd}", p)
                            for rd, p in readings])
            for reading, _ in readings:
                pub1 = public + (reading,)
                if agents:
                    efg.move(pid[f"Challenger {r + 1}"], pub1, ["challenge", "refrain"])
                else:
                    efg.move(1, ("decide", c_private + (reading,)), ["challenge", "refrain"])
                for act in ("challenge", "refrain"):
                    cpriv = c_private + (reading, act)
                    gpriv = g_private + (sig,)
                    branches: list[tuple[str, Fraction]]
                    if act == "challenge":
                        branches = [("crisis", Fraction(1))]
                    elif accident:
                        branches = [("crisis", accident), ("peace", 1 - accident)]
                        efg.chance([("accidental crisis", accident), ("peace holds", 1 - accident)])
                    else:
                        branches = [("peace", Fraction(1))]
                    for outcome, _ in branches:
                        if outcome == "peace":
                            sq = st["status_quo"]
                            pub = pub1 + ("peace",)
                            rnd(r + 1, typ, gpriv + ("peace",), cpriv + ("peace",) if agents else cpriv,
                                pub, tc + sq[C_IDX], tg1 + sq[G_IDX])
                            continue
                        # Crisis: the guarantor sees that there is a crisis, not
                        # whether it was deliberate (agent form: nor its own signal).
                        if agents:
                            efg.move(pid[f"Guarantor {r + 1} response"], (typ, pub1),
                                     ["respond", "abandon"])
                        else:
                            efg.move(2, ("respond", typ, gpriv + ("crisis",)), ["respond", "abandon"])
                        for resp in ("respond", "abandon"):
                            pay = st["fight"][typ] if resp == "respond" else st["abandon"]
                            seen = [(resp, 1)]
                            if response_noise:
                                other = "abandon" if resp == "respond" else "respond"
                                seen = [(resp, 1 - response_noise), (other, response_noise)]
                                efg.chance([(f"seen as {s}", p) for s, p in seen])
                            for s, _ in seen:
                                pub = pub1 + ("crisis", s)
                                rnd(r + 1, typ, gpriv + ("crisis", resp, s), cpriv + ("crisis", s),
                                    pub, tc + pay[C_IDX], tg1 + pay[G_IDX])

    efg.chance([(RESOLUTE, p_resolute), (IRRESOLUTE, 1 - p_resolute)])
    for typ in (RESOLUTE, IRRESOLUTE):
        rnd(0, typ, (), (), (), 0, 0)
    info = efg.close()
    info["players"] = len(players)
    return info


# ------------------------------------------------------------------ family ---

def rand_bimatrix(name: str, m: int, n: int, lo: int = 0, hi: int = 99):
    rng = rng_for(name)
    a = [[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)]
    b = [[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)]
    return a, b


def family(small: bool) -> list[dict]:
    """The games to write: a list of specs (name, kind, builder, methods).
    methods maps a pactum method name to the arithmetic modes compared.

    The small subset (CI) keeps only games on which every reference call
    takes well under a second or two; the full family grows each kind until
    the references (and eventually pactum) run out of time."""
    games: list[dict] = []
    FR = ["float", "rational"]

    def add(name, kind, build, methods, size, **extra):
        games.append(dict(name=name, kind=kind, build=build, methods=methods, size=size, **extra))

    # Random two-player games, growing size; 11x11 ... 15x15 also for lrsnash.
    for k in ([4, 6, 8] if small else [4, 6, 8, 10, 11, 12, 13, 14, 15]):
        lrs = k >= 11 or small
        add(f"bimatrix_{k}x{k}", "nfg", ("bimatrix", k, k, lrs),
            {"enumpure": ["rational"] if small else FR, "enummixed": FR, "lcp": FR},
            f"{k}x{k}", lrs=lrs)
    if small:
        # Degenerate games (payoff ties, e.g. 11x11 has B[0][9] = B[0][10]) on which
        # Lemke-Howson's accessible set is sensitive to tie-breaking; Gambit's lcp
        # takes well under a second on them.
        for k in (11, 12):
            add(f"bimatrix_{k}x{k}", "nfg", ("bimatrix", k, k, False), {"lcp": FR}, f"{k}x{k}")
    # Large tables for enumpure.
    for shp in ([[30, 30], [10, 10, 10]] if small else [[200, 200], [30, 30, 30]]):
        size = "x".join(map(str, shp))
        add("pure_" + size, "nfg", ("pure", shp), {"enumpure": FR}, size)
    # Small n-player games for logit.
    for shp in ([[2, 2, 2], [3, 3, 3]] if small else
                [[2, 2, 2], [3, 3, 3], [2, 2, 2, 2], [4, 4, 4], [2, 2, 2, 2, 2]]):
        size = "x".join(map(str, shp))
        add("nplayer_" + size, "nfg", ("nplayer", shp),
            {"logit": ["float"], "enumpure": ["rational"]}, size)
    # Zero-sum games for lp.
    for k in ([5, 10] if small else [10, 25, 50, 100]):
        add(f"zerosum_{k}x{k}", "nfg", ("zerosum", k), {"lp": FR}, f"{k}x{k}")

    # Deterrence family (two players, perfect recall): the tree grows x12 per
    # round (47, 575, 6911, 82943 nodes).
    def rounds(r):
        return f"{r} round{'s' if r > 1 else ''}"
    for r in ([1, 2] if small else [1, 2, 3, 4]):
        methods = {"lcp": FR}
        if small and r == 2:
            methods = {"lcp": ["float"]}   # Gambit's rational lcp takes ~17 s here
        if r <= (1 if small else 2):
            methods["logit"] = ["float"]   # Gambit's logit takes ~55 s at r=2
        if r == 1:
            methods["enumpure"] = ["rational"]  # agent form: 2^8 profiles
        add(f"deterrence_r{r}", "efg", ("deterrence", r, False), methods, rounds(r))
    for r in ([1] if small else [1, 2, 3]):
        add(f"deterrence_zerosum_r{r}", "efg", ("deterrence", r, True), {"lp": FR}, rounds(r))
    # The agent-form two-round game: 56 binary information sets, all reached
    # under every pure profile; Gambit's enumpure_agent_solve would visit 2^56.
    add("deterrence_agents56", "efg", ("agents56",), {"enumpure": ["rational"] if small else FR},
        "56 infosets", reference_infeasible="2^56 pure behaviour profiles")
    return games


def build(spec: dict, outdir: str) -> dict:
    name, kind, b = spec["name"], spec["kind"], spec["build"]
    path = os.path.join(outdir, f"{name}.{kind}")
    info: dict = {}
    if b[0] == "bimatrix":
        _, m, n, lrs = b
        a, bb = rand_bimatrix(name, m, n)
        bimatrix_nfg(path, f"Random bimatrix game {m}x{n}", a, bb,
                     os.path.join(outdir, f"{name}.lrs") if lrs else None)
    elif b[0] == "pure":
        shape = b[1]
        rng = rng_for(name)
        n = len(shape)
        total = 1
        for s in shape:
            total *= s
        # Payoffs drawn in Gambit's profile order (player 1 fastest).
        table = [[rng.randint(0, 999) for _ in range(n)] for _ in range(total)]
        # Plant a few pure equilibria so that the answer is not empty.
        strides = [1] * n
        for i in range(1, n):
            strides[i] = strides[i - 1] * shape[i - 1]
        for _ in range(3):
            prof = [rng.randrange(s) for s in shape]
            idx = sum(p * st for p, st in zip(prof, strides))
            table[idx] = [1000 + rng.randint(0, 99) for _ in range(n)]
        it = iter(table)
        write_nfg(path, f"Random {'x'.join(map(str, shape))} game for enumpure",
                  [f"Player {i + 1}" for i in range(n)], shape, lambda p: next(it))
    elif b[0] == "nplayer":
        shape = b[1]
        rng = rng_for(name)
        write_nfg(path, f"Random {len(shape)}-player {'x'.join(map(str, shape))} game",
                  [f"Player {i + 1}" for i in range(len(shape))], shape,
                  lambda p: [rng.randint(0, 20) for _ in shape])
    elif b[0] == "zerosum":
        k = b[1]
        rng = rng_for(name)
        a = [[rng.randint(-50, 50) for _ in range(k)] for _ in range(k)]
        bimatrix_nfg(path, f"Random zero-sum game {k}x{k}", a, [[-v for v in row] for row in a])
    elif b[0] == "deterrence":
        _, r, zs = b
        info = deterrence(path, r, seed_name=name, zero_sum=zs)
    elif b[0] == "agents56":
        info = deterrence(path, 2, seed_name=name, agents=True,
                          accident=Fraction(1, 10), response_noise=Fraction(1, 10),
                          irresolute_fight=-200)
        assert info["infosets"] == 56, info
    else:
        raise ValueError(b)
    entry = {k: v for k, v in spec.items() if k != "build"}
    entry["file"] = os.path.basename(path)
    if spec.get("lrs"):
        entry["lrs_file"] = f"{name}.lrs"
    entry.update(info)
    return entry


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--small", action="store_true", help="the fast subset used by CI")
    ap.add_argument("--only", nargs="*", help="write only these game names")
    args = ap.parse_args(argv)
    os.makedirs(args.outdir, exist_ok=True)
    manifest = []
    for spec in family(args.small):
        if args.only and spec["name"] not in args.only:
            continue
        manifest.append(build(spec, args.outdir))
    with open(os.path.join(args.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    for e in manifest:
        extra = f" nodes={e['nodes']} infosets={e['infosets']}" if "nodes" in e else ""
        print(f"{e['file']:34} {e['size']:>14}{extra}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
