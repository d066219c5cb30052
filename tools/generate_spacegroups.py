#!/usr/bin/python3
"""Writes crystal/src/main/resources/org/regnet/crystal/symmetry/spacegroups.tsv.gz.

The 230 space groups in every setting of Hall's table (International Tables vol. A), with
their full operator lists (centring included), taken from pymatgen's symm_ops.json (MIT),
plus the alias symbols of pymatgen's symm_data.json (old and short Hermann-Mauguin names).
Run once with Debian's python3-pymatgen installed; the output is committed so the build
never needs Python.

Format, one record per line, tab separated:
  S <number> <universal H-M, e.g. "F d -3 m :2"> <Hall symbol> <op;op;...>
  A <alias symbol> <number>
"""
import gzip, json, os, re, sys
import pymatgen.symmetry as sym

here = os.path.dirname(sym.__file__)
ops = json.load(open(os.path.join(here, "symm_ops.json")))
data = json.load(open(os.path.join(here, "symm_data.json")))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "crystal/src/main/resources/org/regnet/crystal/symmetry/spacegroups.tsv.gz")

lines = []
for e in ops:
    if "(" in e["universal_h_m"] or re.search(r"\([^)]*[xyz]", e["hall"]):
        continue  # transformed settings outside Hall's table; "(0 0 1)" origin shifts are part of it
    lines.append("S\t%d\t%s\t%s\t%s" % (e["number"], e["universal_h_m"], e["hall"].strip(), ";".join(e["symops"])))
for alias, v in sorted(data["space_group_encoding"].items()):
    lines.append("A\t%s\t%d" % (alias, v["int_number"]))
for short, full in sorted(data["abbreviated_spacegroup_symbols"].items()):
    lines.append("A\t%s\t%d" % (short, data["space_group_encoding"][full]["int_number"]))
# Symbols renamed in International Tables (2002) when the "e" glide was introduced: files keep the old ones.
for old, number in (("Cmca", 64), ("Ccca", 68), ("Cmma", 67), ("Abm2", 39), ("Aba2", 41)):
    lines.append("A\t%s\t%d" % (old, number))
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write(("\n".join(lines) + "\n").encode())
print("wrote", out, len(lines), "records")
