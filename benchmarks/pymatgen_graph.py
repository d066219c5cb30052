#!/usr/bin/python3
"""pymatgen's parse + neighbour list throughput on a folder of CIFs, for benchmarks/README.md.

usage: pymatgen_graph.py DIR [WORKERS] [CUTOFF]
Times Structure.from_file + get_neighbor_list(CUTOFF) over every *.cif in DIR with WORKERS
processes (default 2, the machine's cores), after a warm-up on the first 20 files.
"""
import glob
import multiprocessing
import sys
import time
import warnings


def work(path):
    warnings.filterwarnings("ignore")
    from pymatgen.core import Structure
    s = Structure.from_file(path)
    centers, points, images, distances = s.get_neighbor_list(CUTOFF)
    return len(distances)


CUTOFF = float(sys.argv[3]) if len(sys.argv) > 3 else 8.0

if __name__ == "__main__":
    files = sorted(glob.glob(sys.argv[1] + "/*.cif"))
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with multiprocessing.Pool(workers) as pool:
        pool.map(work, files[:20])
        t0 = time.time()
        pairs = sum(pool.map(work, files, chunksize=16))
        dt = time.time() - t0
    print("pymatgen: %d structures, %d pairs within %.1f A in %.2f s = %.0f structures/s with %d processes"
          % (len(files), pairs, CUTOFF, dt, len(files) / dt, workers))
