#!/usr/bin/env python3
"""Writes the generated files of the bad-input corpus (crates/pactum/tests/fixtures/err).

The files are committed; this script documents how they were made and remakes them:
    python3 fuzz/scripts/gen_large_fixtures.py
Each stays under ~200 KB. Bigger inputs (20,000 commitments, a 1 MB quote, a file over
the 8 MiB limit) are generated at test time by crates/pactum/tests/fuzz_regressions.rs.
"""
import os

ERR = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "pactum", "tests", "fixtures", "err")

INSTRUMENT = '''```instrument
id = "{id}"
title = "{title}"
form = "memorandum"
status = "signed"
signed = 2020-01-01

[[source]]
title = "Invented for the tests"
```
'''

COMMITMENT = '''```commitment
id = "{id}"
quote = "{quote}"
guarantors = [{guarantor}]
beneficiaries = ["UKR"]
kind = "consultation"
obligation = "consult"
discretion = "limited"
trigger = 'threat(target: beneficiary)'
```
'''

QUOTE = "will consult whenever either of them is threatened"


def write(name, text):
    with open(os.path.join(ERR, name + ".pact.md"), "w", encoding="utf-8") as f:
        f.write(text)


def many_commitments(n=780):
    """n valid commitments; the last names an actor that does not exist."""
    parts = ["# Many commitments\n\n", INSTRUMENT.format(id="large-many-commitments", title="Many commitments"),
             "\n## Paragraph 1\n\n> The Parties will consult whenever either of them is threatened.\n\n"]
    for i in range(n - 1):
        parts.append(COMMITMENT.format(id=f"consult-{i}", quote=QUOTE, guarantor='"USA"') + "\n")
    parts.append(COMMITMENT.format(id="last", quote=QUOTE, guarantor='"USSA"').replace(
        'guarantors = ["USSA"]', 'guarantors = ["USSA"] # error[P0201]'))
    write("large-many-commitments", "".join(parts))


def large_quote(words=25000):
    """A ~150 KB block quote, and a quotation that misses it by its last word."""
    text = " ".join(f"the Parties shall consult on matter {i}," for i in range(words // 7))
    parts = ["# A very long quote\n\n", INSTRUMENT.format(id="large-quote", title="A very long quote"),
             "\n## Article 1\n\n> ", text, " and they will consult whenever either of them is threatened.\n\n",
             COMMITMENT.format(id="consult", quote="they will consult whenever either of them is attacked",
                               guarantor='"USA"').replace(
                 'quote = "they will consult whenever either of them is attacked"',
                 'quote = "they will consult whenever either of them is attacked" # error[P0205]')]
    write("large-quote", "".join(parts))


def long_line(n=150_000):
    """One line of 150 KB of prose before a TOML error: the diagnostic still finds its line."""
    parts = ["# A very long line\n\n", "x" * n, "\n\n",
             INSTRUMENT.format(id="large-long-line", title="A very long line").replace(
                 'status = "signed"', 'status = "signed" "in-force" # error[P0101]')]
    write("large-long-line", "".join(parts))


def many_blocks(n=2500):
    """Thousands of ignored code blocks and quotes, then a misspelt key."""
    parts = ["# Many blocks\n\n"]
    for i in range(n):
        parts.append(f"> quote {i}\n\n```text\nblock {i}\n```\n\n")
    parts.append(INSTRUMENT.format(id="large-many-blocks", title="Many blocks").replace(
        'form = "memorandum"', 'from = "memorandum" # error[P0102]\nform = "memorandum"'))
    write("large-many-blocks", "".join(parts))


if __name__ == "__main__":
    many_commitments()
    large_quote()
    long_line()
    many_blocks()
