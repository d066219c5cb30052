#!/usr/bin/env bash
# regnet screen at scale: steady-state rate, peak memory and time to first row on ~10^5 structures
# (mp36k's two shards, passed COPIES times), in a 1 GB heap, with `regnet predict` on one shard in
# the same run as the reference rate; then the cost of a resume (kill -9 at ~half, --resume).
# usage: benchmarks/screen_throughput.sh [COPIES] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-3}
out=${2:-/tmp/screen-bench}
shards=(../shared/datasets/mp36k/structures-0.tar.gz ../shared/datasets/mp36k/structures-1.tar.gz)
inputs=()
for c in $(seq "$copies"); do inputs+=("${shards[@]}"); done
mkdir -p "$out"; rm -f "$out"/*
export REGNET_JAVA_OPTS="-Xss4m -Xmx1g"

# reference: predict over one shard (18,369 structures), the JVM start included
start=$(date +%s.%N)
rows=$(./regnet predict --threads 2 "${shards[0]}" 2>/dev/null | tail -n +2 | wc -l)
end=$(date +%s.%N)
printf 'predict, one shard: %d structures in %.1f s = %.0f structures/s\n' "$rows" "$(echo "$end - $start" | bc -l)" "$(echo "$rows / ($end - $start)" | bc -l)"

# screen over all copies: time to first row (polled), progress lines for the steady rate, peak RSS
start=$(date +%s.%N)
/usr/bin/time -v ./regnet screen "${inputs[@]}" -o "$out/all.csv.gz" --where 'band_gap >= 1 && band_gap <= 3' --progress 30 -j 2 \
  2> "$out/screen.err" &
pid=$!
first=""
while kill -0 $pid 2>/dev/null; do
  if [ -z "$first" ] && [ -s "$out/all.csv.gz.journal.json" ]; then first=$(echo "$(date +%s.%N) - $start" | bc -l); fi
  sleep 0.2
done
wait $pid
end=$(date +%s.%N)
grep 'regnet screen' "$out/screen.err"
printf 'first checkpoint (first rows on disk) after %.1f s; total %.0f s\n' "$first" "$(echo "$end - $start" | bc -l)"
grep -E 'Maximum resident' "$out/screen.err"

# resume overhead: the same job killed at about half its time, then resumed
half=$(echo "($end - $start) / 2" | bc)
timeout -s KILL "$half" ./regnet screen "${inputs[@]}" -o "$out/resumed.csv.gz" --where 'band_gap >= 1 && band_gap <= 3' --progress 0 -j 2 2>/dev/null || true
start2=$(date +%s.%N)
./regnet screen "${inputs[@]}" -o "$out/resumed.csv.gz" --where 'band_gap >= 1 && band_gap <= 3' --progress 0 -j 2 --resume 2>&1 | grep 'regnet screen'
end2=$(date +%s.%N)
printf 'killed after %s s, resumed in %.0f s (first run + resume: %.0f s against %.0f s uninterrupted)\n' "$half" \
  "$(echo "$end2 - $start2" | bc -l)" "$(echo "$half + $end2 - $start2" | bc -l)" "$(echo "$end - $start" | bc -l)"
if cmp <(zcat "$out/all.csv.gz") <(zcat "$out/resumed.csv.gz"); then echo "resumed output identical to the uninterrupted one"; fi
