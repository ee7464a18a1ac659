"""Builds cow-iso3.csv: the COW state list joined to ISO 3166-1 alpha-3 codes.

Run once by hand; the output is committed and `pactum atop` embeds it. Inputs:
- COW-country-codes.csv (this folder; Correlates of War state list, see SOURCE.md);
- country_data.tsv of the PyPI package country_converter 1.3.2 (not kept here), whose
  GWcode column (Gleditsch-Ward) equals the COW code for most states and whose `regex`
  column matches English state names.

A COW state gets an ISO3 code when (a) country_converter has a row with the same GW code
whose name regex matches the COW name, or (b) failing that, exactly one country_converter
row's regex matches the COW name. Predecessor states that ISO 3166-1 no longer lists
(Czechoslovakia, Yugoslavia, the Yemens before 1990, the two Vietnams before 1976, Korea
before 1910, the German states before 1871, Austria-Hungary, ...) are left blank on
purpose: `pactum atop import` declares them as parties of their own (`cow-NNN`).
"""
import csv, re, sys

NOT_ISO = {315, 345, 678, 680, 730, 817, 300, 327}  # predecessors: see the docstring
# Codes that are not ISO 3166-1 assignments (country_converter gives Kosovo the user-assigned
# XKX and Zanzibar EAZ), so pactum has no such state.
NOT_ISO |= {347, 511}
# The Federal Republic of Germany (COW 260, 1955-1990) is the state ISO calls DEU; the
# name regex does not match its COW name, so it is set by hand.
BY_HAND = {260: "DEU"}

def main(coco_tsv):
    coco = list(csv.DictReader(open(coco_tsv, encoding="utf-8"), delimiter="\t"))
    by_gw = {}
    for r in coco:
        if r["GWcode"].strip():
            by_gw.setdefault(int(float(r["GWcode"])), []).append(r)
    seen, out = set(), []
    for r in csv.DictReader(open("COW-country-codes.csv", encoding="utf-8")):
        c = int(r["CCode"])
        if c in seen:
            continue
        seen.add(c)
        name = r["StateNme"]
        iso = ""
        if c in BY_HAND:
            iso = BY_HAND[c]
        elif c not in NOT_ISO:
            hit = [x for x in by_gw.get(c, []) if re.search(x["regex"], name, re.I)]
            if not hit:
                hit = [x for x in coco if re.search(x["regex"], name, re.I)]
            if len(hit) == 1:
                iso = hit[0]["ISO3"]
        out.append((c, r["StateAbb"], name, iso))
    w = csv.writer(open("cow-iso3.csv", "w", encoding="utf-8", newline=""), lineterminator="\n")
    w.writerow(["ccode", "stateabb", "statenme", "iso3"])
    w.writerows(out)

if __name__ == "__main__":
    main(sys.argv[1])
