#!/usr/bin/env python3
"""Does scaling interval half-widths by an ensemble's spread carry the coverage outside mp36k?

Band gap intervals, Mondrian by cell size, with conformal scores |y - p| / scale: scale 1 (plain
residuals) against scale = spread + c. Calibrated on the mp_gap entries matched to mp36k's
validation crystals (scored against mp36k's label), checked on those matched to mp36k's test
crystals and on the entries outside mp36k (against mp_gap's label).

Usage: python3 benchmarks/outside/spread_scaling.py PREDICTIONS.csv
(predictions of an ensemble over matbench_mp_gap, with band_gap_std; see README.md)
"""
import collections
import csv
import json
import math
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import outside_mp36k as o

mp36k = o.structure_keys(o.MP36K); mpgap = o.structure_keys(o.MPGAP)
labels36 = {r['material_id']: float(r['band_gap']) for r in csv.DictReader(open(o.SHARED / 'mp36k' / 'labels.csv'))}
labels = {r['id']: float(r['gap pbe']) for r in csv.DictReader(open(o.SHARED / 'matbench' / 'matbench_mp_gap' / 'labels.csv'))}
split = json.load(open(o.SPLIT)); part = {i: n for n in ('train', 'validation', 'test') for i in split[n]}
by_formula = collections.defaultdict(list)
for i, k in mp36k.items(): by_formula[k[0]].append(i)
systems = {k[1] for k in mp36k.values()}
def place(key):
    same = [i for i in by_formula.get(key[0], []) if o.same_entry(mp36k[i], key)]
    if same: return 'A', same
    if key[0] in by_formula: return 'B', []
    return ('C' if key[1] in systems else 'D'), []
placed = {i: place(k) for i, k in mpgap.items()}
sets = collections.defaultdict(list)  # name -> (p, std, y, size class, width_now, covered_now)
for r in csv.DictReader(open(sys.argv[1])):
    if r['status'] != 'ok': continue
    g, same = placed[r['id']]
    p, s = float(r['band_gap[eV]']), float(r['band_gap_std[eV]'])
    lo, hi = float(r['band_gap_lo[eV]']), float(r['band_gap_hi[eV]'])
    size = next(k for k, (a, b) in enumerate(o.SIZES) if a <= int(r['atoms']) <= b)
    if g == 'A':
        j = min(same, key=lambda j: abs(labels36[j] - labels[r['id']]))
        if part[j] == 'train': continue
        y = labels36[j]; name = part[j]
    else:
        y = labels[r['id']]; name = 'outside'
    sets[name].append((p, s, y, size, hi - lo, lo <= y <= hi))
for n, v in sets.items(): print(n, len(v), 'median std', round(statistics.median(x[1] for x in v), 4), 'MAE', round(statistics.mean(abs(x[0]-x[2]) for x in v), 4), 'now coverage', round(sum(x[5] for x in v)/len(v), 3))
cal = sets['validation']
def quantile(scores, cov=0.9):
    s = sorted(scores); k = math.ceil((len(s) + 1) * cov) - 1
    return s[min(k, len(s) - 1)]
def evaluate(label, scale):
    # Mondrian by size class: q per class of |y-p| / scale
    q = {}
    for c in range(4):
        q[c] = quantile([abs(y - p) / scale(s) for p, s, y, cc, *_ in cal if cc == c])
    out = [label]
    for n in ('test', 'outside'):
        v = sets[n]
        cov = sum(abs(y - p) <= q[c] * scale(s) for p, s, y, c, *_ in v) / len(v)
        width = statistics.mean(2 * q[c] * scale(s) for p, s, y, c, *_ in v)
        out.append(f'{n}: {cov:.1%} width {width:.3f}')
    print(' | '.join(out))
c0 = statistics.median(x[1] for x in cal)
evaluate('absolute residual', lambda s: 1.0)
evaluate(f'std + median std ({c0:.4f})', lambda s: s + c0)
evaluate('std + 0.5 median', lambda s: s + 0.5 * c0)
evaluate('std + 2 median', lambda s: s + 2 * c0)
