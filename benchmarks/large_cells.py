#!/usr/bin/env python3
"""Writes the large test cells of benchmarks/README.md ("Large cells end to end") as Cartesian POSCARs.

    python3 benchmarks/large_cells.py OUTDIR        # NaCl-1000, -10648, -27000, -97336 and amorphous-10000
"""
import math
import random
import sys
from pathlib import Path


def rocksalt(n):
    """n x n x n conventional rock-salt cells of NaCl (a = 5.64 Å)."""
    a = 5.64
    lines = [f"NaCl {n}x{n}x{n}", "1.0", f"{a * n:.4f} 0 0", f"0 {a * n:.4f} 0", f"0 0 {a * n:.4f}", "Na Cl",
             f"{4 * n ** 3} {4 * n ** 3}", "Cartesian"]
    fcc = [(0, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5), (0, 0.5, 0.5)]
    for shift in (0, 0.5):
        for i in range(n):
            for j in range(n):
                for k in range(n):
                    for f in fcc:
                        lines.append(f"{a * (i + (f[0] + shift) % 1):.5f} {a * (j + f[1]):.5f} {a * (k + f[2]):.5f}")
    return "\n".join(lines) + "\n"


def amorphous(n_si=3334, n_o=6666, density=2.2, min_distance=1.5, seed=11):
    """Si and O placed at random in a cube at the given density (g/cm³), no two closer than min_distance Å."""
    rng = random.Random(seed)
    side = ((n_si * 28.086 + n_o * 15.999) / density / 0.60221) ** (1 / 3)
    bins = int(side // 3.0)
    grid, points = {}, []

    def free(p):
        key = [int(p[t] // 3.0) for t in range(3)]
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    for q in grid.get(((key[0] + dx) % bins, (key[1] + dy) % bins, (key[2] + dz) % bins), []):
                        d = [(p[t] - q[t] + side / 2) % side - side / 2 for t in range(3)]
                        if d[0] ** 2 + d[1] ** 2 + d[2] ** 2 < min_distance ** 2:
                            return False
        return True

    while len(points) < n_si + n_o:
        p = (rng.random() * side, rng.random() * side, rng.random() * side)
        if free(p):
            points.append(p)
            grid.setdefault(tuple(int(p[t] // 3.0) % bins for t in range(3)), []).append(p)
    lines = [f"amorphous Si-O, {n_si + n_o} atoms, {density} g/cm3, random placement, {min_distance} A apart", "1.0",
             f"{side:.4f} 0 0", f"0 {side:.4f} 0", f"0 0 {side:.4f}", "Si O", f"{n_si} {n_o}", "Cartesian"]
    lines += [f"{p[0]:.5f} {p[1]:.5f} {p[2]:.5f}" for p in points]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for n in (5, 11, 15, 23):
        (out / f"NaCl-{8 * n ** 3}.vasp").write_text(rocksalt(n))
    (out / "amorphous-10000.vasp").write_text(amorphous())
