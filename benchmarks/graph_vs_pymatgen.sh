#!/usr/bin/env bash
# Parse + neighbour graph throughput, regnet beside pymatgen on the same N MP CIFs, 2 cores each.
# usage: benchmarks/graph_vs_pymatgen.sh [N]   (run from the repository root after the build)
set -euo pipefail
n=${1:-2000}
archive=../shared/datasets/mp36k/structures-0.tar.gz
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
tar xzf "$archive" -C "$dir" $(tar tzf "$archive" | head -n "$n")
/usr/bin/python3 benchmarks/pymatgen_graph.py "$dir" 2 8.0
./regnet bench graph --threads 2 --repeat 3 "$dir"
