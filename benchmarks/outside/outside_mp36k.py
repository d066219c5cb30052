#!/usr/bin/env python3
"""The bundled models on Materials Project entries outside mp36k (issue 20, item 4).

matbench_mp_gap holds 106,113 Materials Project entries with their PBE band gap, most of them not
in mp36k. Its ids are not Materials Project ids, so each entry is placed by its structure against
mp36k's (from the pymatgen-written CIF headers: formula, sites, volume):

  A  in mp36k: an mp36k entry with the same reduced formula and number of sites, volume within 3 %
  B  known composition, other structure: mp36k has the reduced formula, but no such entry
  C  new composition of a known chemical system (element set)
  D  new chemical system

B + C + D are the entries outside mp36k. For each group: band gap MAE and RMSE against the
mp_gap label, coverage and mean width of the 90 % interval (band_gap_lo/_hi), the share flagged
out of domain, and the MAE of a constant predictor (the mp36k training crystals' median gap), a
difficulty yardstick that needs no model. By cell size: the same for the outside entries, and for
the group A entries held out of the model's training (mp36k validation and test, scored against
mp36k's own label). For group A, labels of both data sets are compared (different Materials
Project versions) and the model is scored by mp36k split part.

Usage (Python 3 standard library only), from the repository root:
  ./regnet predict --model mp36k ../shared/datasets/matbench/matbench_mp_gap/structures-{0,1,2,3}.tar.gz > mpgap-mp36k.csv
  python3 benchmarks/outside/outside_mp36k.py mpgap-mp36k.csv [more prediction files ...]
"""
import collections
import csv
import json
import math
import re
import statistics
import sys
import tarfile
from functools import reduce
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / 'shared' / 'datasets'
MP36K = [SHARED / 'mp36k' / f'structures-{i}.tar.gz' for i in (0, 1)]
MPGAP = [SHARED / 'matbench' / 'matbench_mp_gap' / f'structures-{i}.tar.gz' for i in range(4)]
SPLIT = Path(__file__).resolve().parents[2] / 'models' / 'mp36k' / 'split.json'
TOKEN = re.compile(r'([A-Z][a-z]?)([0-9.]+)')
SIZES = [(1, 10), (11, 30), (31, 60), (61, 10 ** 6)]
GROUPS = {'A': 'in mp36k (same formula and sites, volume within 3 %)', 'B': 'known composition, other structure',
          'C': 'new composition, known chemical system', 'D': 'new chemical system'}


def structure_keys(archives):
    """id -> (reduced formula, element set, sites, volume per atom) from each CIF's header."""
    keys = {}
    for path in archives:
        with tarfile.open(path, 'r:gz') as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith('.cif'):
                    continue
                head = tar.extractfile(member).read(4000).decode('utf-8', 'replace')
                formula = re.search(r"_chemical_formula_sum\s+'?([^'\n]+)'?", head).group(1)
                volume = float(re.search(r'_cell_volume\s+([0-9.eE+-]+)', head).group(1))
                counts = collections.Counter()
                for element, n in TOKEN.findall(formula):
                    counts[element] += int(round(float(n)))
                divisor = reduce(math.gcd, counts.values())
                sites = sum(counts.values())
                reduced = ''.join(f'{e}{counts[e] // divisor}' for e in sorted(counts))
                keys[member.name.rsplit('/', 1)[-1][:-4]] = (reduced, '-'.join(sorted(counts)), sites, volume / sites)
    return keys


def same_entry(a, b):
    return a[2] == b[2] and abs(a[3] / b[3] - 1) < 0.03


def main(prediction_files):
    mp36k = structure_keys(MP36K)
    mpgap = structure_keys(MPGAP)
    labels36 = {r['material_id']: float(r['band_gap']) for r in csv.DictReader(open(SHARED / 'mp36k' / 'labels.csv'))}
    labels = {r['id']: float(r['gap pbe']) for r in csv.DictReader(open(SHARED / 'matbench' / 'matbench_mp_gap' / 'labels.csv'))}
    split = json.load(open(SPLIT))
    part = {i: name for name in ('train', 'validation', 'test') for i in split[name]}
    constant = statistics.median(labels36[i] for i in split['train'])
    by_formula = collections.defaultdict(list)
    for i, k in mp36k.items():
        by_formula[k[0]].append(i)
    systems = {k[1] for k in mp36k.values()}

    def place(key):
        same = [i for i in by_formula.get(key[0], []) if same_entry(mp36k[i], key)]
        if same:
            return 'A', same
        if key[0] in by_formula:
            return 'B', []
        return ('C' if key[1] in systems else 'D'), []

    placed = {i: place(k) for i, k in mpgap.items()}
    counts = collections.Counter(g for g, _ in placed.values())
    print(f'matbench_mp_gap: {len(mpgap):,} entries; ' + ', '.join(f'{g}: {counts[g]:,}' for g in 'ABCD'))
    agree = [min(abs(labels36[j] - labels[i]) for j in same) for i, (g, same) in placed.items() if g == 'A']
    print(f'group A, |gap(mp_gap) - gap(mp36k)|: median {statistics.median(agree):.4f} eV, within 0.01 eV '
          f'{sum(d < 0.01 for d in agree) / len(agree):.1%}, within 0.1 eV {sum(d < 0.1 for d in agree) / len(agree):.1%}')
    for file in prediction_files:
        report(file, placed, labels, labels36, part, constant)


def report(file, placed, labels, labels36, part, constant):
    groups = collections.defaultdict(list)
    by_part = collections.defaultdict(list)
    by_size = collections.defaultdict(list)
    failed = 0
    with open(file, newline='') as f:
        rows = csv.DictReader(f)
        gap = next(c for c in rows.fieldnames if c.startswith('band_gap[')) if rows.fieldnames else None
        lo, hi = gap.replace('[', '_lo['), gap.replace('[', '_hi[')
        for r in rows:
            if r['status'] != 'ok':
                failed += 1
                continue
            g, same = placed[r['id']]
            y, p = labels[r['id']], float(r[gap])
            groups[g].append((p, float(r[lo]), float(r[hi]), y, r['domain'] == 'out'))
            size = next(k for k, (a, b) in enumerate(SIZES) if a <= int(r['atoms']) <= b)
            if g == 'A':
                j = min(same, key=lambda j: abs(labels36[j] - y))
                by_part[(part[j], abs(labels36[j] - y) < 0.01)].append((abs(p - y), abs(p - labels36[j])))
                if part[j] != 'train':  # held out of the model's training: scored against mp36k's own label
                    by_size[('held out of training, in mp36k', size)].append((p, float(r[lo]), float(r[hi]), labels36[j]))
            else:
                by_size[('outside mp36k', size)].append((p, float(r[lo]), float(r[hi]), y))
    print(f'\n{file}: {sum(map(len, groups.values())):,} predictions, {failed} failed\n')
    print('| entries | count | band gap MAE (eV) | RMSE | constant predictor MAE | 90 % interval coverage | mean width | out of domain |')
    print('|---|---|---|---|---|---|---|---|')
    for name, rs in [(GROUPS[g], groups[g]) for g in 'ABCD'] + [('**outside mp36k (B + C + D)**', groups['B'] + groups['C'] + groups['D'])]:
        if not rs:
            continue
        errors = [abs(p - y) for p, _, _, y, _ in rs]
        print(f'| {name} | {len(rs):,} | {statistics.mean(errors):.4f} | {math.sqrt(statistics.mean(e * e for e in errors)):.4f} | '
              f'{statistics.mean(abs(constant - y) for *_, y, _ in rs):.4f} | {sum(l <= y <= h for _, l, h, y, _ in rs) / len(rs):.1%} | '
              f'{statistics.mean(h - l for _, l, h, _, _ in rs):.3f} | {sum(o for *_, o in rs) / len(rs):.1%} |')
    print('\n| atoms per cell | held out of training, in mp36k: count | MAE | coverage | outside mp36k: count | MAE | coverage |')
    print('|---|---|---|---|---|---|---|')
    for k, (a, b) in enumerate(SIZES):
        cells = []
        for where in ('held out of training, in mp36k', 'outside mp36k'):
            rs = by_size[(where, k)]
            cells.append(f'{len(rs):,} | {statistics.mean(abs(p - y) for p, _, _, y in rs):.4f} | '
                         f'{sum(l <= y <= h for _, l, h, y in rs) / len(rs):.1%}' if rs else '0 | | ')
        print(f'| {a}–{b} | ' if b < 10 ** 6 else f'| over {a - 1} | ', end='')
        print(' | '.join(cells) + ' |')
    print('\n| group A: mp36k part | labels agree within 0.01 eV | count | MAE against the mp_gap label | against the mp36k label |')
    print('|---|---|---|---|---|')
    for key in sorted(by_part):
        v = by_part[key]
        print(f'| {key[0]} | {"yes" if key[1] else "no"} | {len(v):,} | {statistics.mean(a for a, _ in v):.4f} | {statistics.mean(b for _, b in v):.4f} |')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
