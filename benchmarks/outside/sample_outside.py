#!/usr/bin/env python3
"""A random sample of the matbench_mp_gap entries outside mp36k (groups B, C, D of outside_mp36k.py),
as a labelled data set for `regnet calibrate --calibration-set given`: a .tar.gz of their CIFs and a
labels CSV with the column band_gap (mp_gap's PBE gap).

Usage (Python 3 standard library only), from the repository root:
  python3 benchmarks/outside/sample_outside.py N SEED OUT_PREFIX
writes OUT_PREFIX.tar.gz and OUT_PREFIX.csv.
"""
import csv
import io
import random
import sys
import tarfile

import outside_mp36k as o


def main(n, seed, prefix):
    mp36k = o.structure_keys(o.MP36K)
    mpgap = o.structure_keys(o.MPGAP)
    formulas = {k[0] for k in mp36k.values()}
    by_formula = {}
    for i, k in mp36k.items():
        by_formula.setdefault(k[0], []).append(k)
    outside = sorted(i for i, k in mpgap.items() if not any(o.same_entry(m, k) for m in by_formula.get(k[0], [])))
    chosen = set(random.Random(seed).sample(outside, n))
    labels = {r['id']: r['gap pbe'] for r in csv.DictReader(open(o.SHARED / 'matbench' / 'matbench_mp_gap' / 'labels.csv'))}
    with tarfile.open(prefix + '.tar.gz', 'w:gz') as out:
        for path in o.MPGAP:
            with tarfile.open(path, 'r:gz') as tar:
                for member in tar:
                    name = member.name.rsplit('/', 1)[-1]
                    if member.isfile() and name.endswith('.cif') and name[:-4] in chosen:
                        data = tar.extractfile(member).read()
                        info = tarfile.TarInfo(name)
                        info.size = len(data)
                        out.addfile(info, io.BytesIO(data))
    with open(prefix + '.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'band_gap'])
        for i in sorted(chosen):
            w.writerow([i, labels[i]])
    print(f'{n:,} of the {len(outside):,} entries outside mp36k (seed {seed}): {prefix}.tar.gz, {prefix}.csv '
          f'({sum(mpgap[i][0] in formulas for i in chosen):,} of a formula mp36k has)')


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
