#!/usr/bin/env bash
# End-to-end prediction throughput: files in an archive -> CSV rows, with the bundled model
# (or MODEL=dir), the JVM start included. Prints each run and the median structures/s.
# usage: [REGNET=launcher] [MODEL=dir] benchmarks/predict_throughput.sh [ARCHIVE_OR_DIR] [RUNS]
# (REGNET: another build's launcher, to compare builds on the same files)
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-../shared/datasets/mp36k/structures-0.tar.gz}
runs=${2:-3}
model=${MODEL:-mp36k}
rates=()
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  rows=$(${REGNET:-./regnet} predict --model "$model" --threads 2 "$input" 2>/dev/null | tail -n +2 | wc -l)
  end=$(date +%s.%N)
  rate=$(echo "$rows / ($end - $start)" | bc -l)
  printf 'run %d: %d structures in %.1f s = %.0f structures/s\n' "$i" "$rows" "$(echo "$end - $start" | bc -l)" "$rate"
  rates+=("$rate")
done
printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {printf "median: %.0f structures/s\n", a[int((NR+1)/2)]}'
