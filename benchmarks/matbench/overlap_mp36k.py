#!/usr/bin/env python3
"""Does pretraining on mp36k help matbench test entries that mp36k holds more than the others?

`--init mp36k` fine-tunes a model pretrained on mp36k's labels (formation energy, band gap, Fermi
level, magnetization), never on the matbench target. But matbench_dielectric and matbench_phonons
are Materials Project entries too, and some of their test structures are in mp36k. This places each
entry against mp36k by structure (same reduced formula and number of sites, volume within 3 %; or
only the same reduced formula) and compares, per group, the test MAE of two matbench results files
(e.g. from scratch and fine-tuned). A gain that is no larger on the entries mp36k holds says the
pretraining helps by what it learned, not by what it saw.

Usage (Python 3 standard library only), from the repository root:
  python3 benchmarks/matbench/overlap_mp36k.py DATA.json.gz SCRATCH/results.json.gz FINE-TUNED/results.json.gz
"""
import collections
import gzip
import json
import math
import statistics
import sys
from functools import reduce
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'outside'))
import outside_mp36k as o  # noqa: E402


def keys(dataset):
    """id -> (reduced formula, element set, sites, volume per atom), label, from matbench's split-orientation JSON."""
    d = json.load(gzip.open(dataset))
    out, labels = {}, {}
    for i, (structure, y) in zip(d['index'], d['data']):
        counts = collections.Counter(sp['element'] for site in structure['sites'] for sp in site['species'])
        divisor = reduce(math.gcd, counts.values())
        reduced = ''.join(f'{e}{counts[e] // divisor}' for e in sorted(counts))
        sites = len(structure['sites'])
        out[i] = (reduced, '-'.join(sorted(counts)), sites, structure['lattice']['volume'] / sites)
        labels[i] = y
    return out, labels


def predictions(results):
    task = next(iter(json.load(gzip.open(results))['tasks'].values()))
    return {i: p for fold in task['results'].values() for i, p in fold['data'].items()}


def main(dataset, scratch, tuned):
    mp36k = o.structure_keys(o.MP36K)
    by_formula = collections.defaultdict(list)
    for k in mp36k.values():
        by_formula[k[0]].append(k)
    entries, labels = keys(dataset)
    a, b = predictions(scratch), predictions(tuned)
    groups = collections.defaultdict(list)
    for i, k in entries.items():
        same = [m for m in by_formula.get(k[0], []) if o.same_entry(m, k)]
        group = 'same structure in mp36k' if same else 'same formula only' if k[0] in by_formula else 'formula not in mp36k'
        groups[group].append((abs(a[i] - labels[i]), abs(b[i] - labels[i])))
    print(f'{Path(dataset).name}: {len(entries):,} test entries (all folds)\n')
    print('| entries | count | MAE, first file | MAE, second file | change |')
    print('|---|---|---|---|---|')
    for g in ('same structure in mp36k', 'same formula only', 'formula not in mp36k'):
        v = groups[g]
        if v:
            ma, mb = statistics.mean(x for x, _ in v), statistics.mean(y for _, y in v)
            print(f'| {g} | {len(v):,} | {ma:.4f} | {mb:.4f} | {100 * (mb / ma - 1):+.1f} % |')


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
