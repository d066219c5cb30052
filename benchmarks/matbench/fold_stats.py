#!/usr/bin/env python3
"""Per-fold statistics of matbench_mp_gap: labels, cell sizes, short and isolated atoms, and,
given `regnet predict` CSVs, each model's MAE on the crystals of each fold.

Used to look for what made fold 2 train slower (benchmarks/MATBENCH.md, mp_gap). Reads the
pymatgen-written P1 CIFs of the data set directly (numpy only, about 3 minutes for 106,113).

    python3 benchmarks/matbench/fold_stats.py [predictions.csv ...]
"""
import csv
import math
import statistics
import sys
import tarfile

import numpy as np

DATA = "../shared/datasets/matbench"
TASK = "matbench_mp_gap"
IMAGES = np.array([[i, j, k] for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)], float)


def lattice(cell):
    a, b, c = cell["_cell_length_a"], cell["_cell_length_b"], cell["_cell_length_c"]
    al, be, ga = (math.radians(cell[k]) for k in ("_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"))
    cx = c * math.cos(be)
    cy = c * (math.cos(al) - math.cos(be) * math.cos(ga)) / math.sin(ga)
    return np.array([[a, 0, 0], [b * math.cos(ga), b * math.sin(ga), 0], [cx, cy, math.sqrt(max(c * c - cx * cx - cy * cy, 0))]])


def geometry(text):
    """(atoms, volume per atom, shortest distance, largest nearest-neighbour distance) of one CIF."""
    cell, fractional = {}, []
    for line in text.splitlines():
        parts = line.split()
        if line.startswith("_cell_") and len(parts) == 2:
            cell[parts[0]] = float(parts[1])
        elif line.startswith("  ") and len(parts) == 7:  # an _atom_site row: symbol label multiplicity x y z occupancy
            fractional.append([float(p) for p in parts[3:6]])
    m = lattice(cell)
    cart = np.array(fractional) @ m
    d = cart[:, None, None, :] - cart[None, :, None, :] + (IMAGES @ m)[None, None, :, :]
    r = np.sqrt((d ** 2).sum(-1))
    n = len(cart)
    r[np.arange(n), np.arange(n), 13] = np.inf  # an atom is not its own neighbour (image 13 is the origin)
    nearest = r.min(axis=(1, 2))
    return n, cell["_cell_volume"] / n, nearest.min(), nearest.max()


def main(predictions):
    folds = {r["id"]: int(r["test_fold"]) for r in csv.DictReader(open(f"{DATA}/folds.csv")) if r["task"] == TASK}
    gap = {r["id"]: float(r["gap pbe"]) for r in csv.DictReader(open(f"{DATA}/{TASK}/labels.csv"))}
    geo = {}
    for shard in range(4):
        with tarfile.open(f"{DATA}/{TASK}/structures-{shard}.tar.gz") as archive:
            for member in archive:
                if member.isfile():
                    geo[member.name.rsplit("/", 1)[-1][:-4]] = geometry(archive.extractfile(member).read().decode())
    print("fold  crystals  mean gap  metals  gap>5  mean atoms  median  >100 atoms  shortest<1Å  isolated>4Å")
    for k in range(5):
        ids = [i for i, f in folds.items() if f == k]
        g = [gap[i] for i in ids]
        v = np.array([geo[i] for i in ids])
        print(f"{k:4d}  {len(ids):8d}  {statistics.mean(g):8.3f}  {sum(x == 0 for x in g) / len(g):6.3f}  {sum(x > 5 for x in g) / len(g):5.3f}"
              f"  {v[:, 0].mean():10.1f}  {int(np.median(v[:, 0])):6d}  {(v[:, 0] > 100).sum():10d}  {(v[:, 2] < 1).sum():11d}  {(v[:, 3] > 4).sum():11d}")
    for path in predictions:
        rows = [r for r in csv.DictReader(open(path)) if r["status"] == "ok"]
        column = next(c for c in rows[0] if c.startswith("gap pbe") and "_" not in c)
        errors = {k: [] for k in range(5)}
        for r in rows:
            errors[folds[r["id"]]].append(abs(float(r[column]) - gap[r["id"]]))
        print(path + ": MAE by fold of the crystal: " + ", ".join(
            f"{k}: {statistics.mean(e):.4f} ({len(e)})" for k, e in errors.items() if e))


if __name__ == "__main__":
    main(sys.argv[1:])
