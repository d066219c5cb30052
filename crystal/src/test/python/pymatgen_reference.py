#!/usr/bin/python3
"""Reference values from pymatgen for PymatgenComparisonTest.

Reads a JSON list of {"name", "format", "text"} on stdin; writes a JSON list of
{"name", "sites", "abc", "angles", "volume", "distances"} (all neighbour distances within
CUTOFF, sorted) or {"name", "error"}. Exits 3 when pymatgen cannot be imported.
"""
import json
import sys
import warnings

try:
    from pymatgen.core import Structure
except ImportError:
    sys.exit(3)

CUTOFF = float(sys.argv[1]) if len(sys.argv) > 1 else 6.0
warnings.filterwarnings("ignore")
out = []
for item in json.load(sys.stdin):
    try:
        s = Structure.from_str(item["text"], fmt=item["format"])
        d = sorted(n.nn_distance for site in s.get_all_neighbors(CUTOFF) for n in site)
        out.append({"name": item["name"], "sites": len(s), "abc": list(s.lattice.abc),
                    "angles": list(s.lattice.angles), "volume": s.volume, "distances": d})
    except Exception as e:  # reported per structure, compared as a difference
        out.append({"name": item["name"], "error": repr(e)})
json.dump(out, sys.stdout)
