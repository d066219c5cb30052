#!/usr/bin/env bash
# regnet screen over 10^6 inputs in a 1 GB heap: a path list (@LIST) of about a million lines, made
# by repeating the structure files of a folder (e.g. mp36k's structures-0, unpacked), screened with
# a filter; reports the rate, peak RSS, and the live heap measured by a full collection (jcmd GC.run)
# every 2 minutes: constant memory means the live heap does not grow with the inputs done.
# usage: benchmarks/screen_million.sh FOLDER [LINES] [OUT_DIR]
#   e.g. mkdir /tmp/mp36k-0 && tar -C /tmp/mp36k-0 -xzf ../shared/datasets/mp36k/structures-0.tar.gz
#        benchmarks/screen_million.sh /tmp/mp36k-0 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
folder=$1
lines=${2:-1000000}
out=${3:-/tmp/screen-million}
mkdir -p "$out"; rm -f "$out"/*
find "$folder" -type f -name '*.cif' | sort > "$out/one.txt"
per=$(wc -l < "$out/one.txt")
copies=$(( (lines + per - 1) / per ))
for _ in $(seq "$copies"); do cat "$out/one.txt"; done > "$out/paths.txt"
echo "$(wc -l < "$out/paths.txt") input paths ($copies copies of $per files)"
export REGNET_JAVA_OPTS="-Xss4m -Xmx1g -Xlog:gc:file=$out/gc.log"
start=$(date +%s.%N)
/usr/bin/time -v ./regnet screen "@$out/paths.txt" -o "$out/kept.csv.gz" --where 'band_gap >= 1 && band_gap <= 3' \
  --progress 120 -j 2 2> "$out/screen.err" &
timed=$!
sleep 5
java_pid=$(pgrep -n -f "regnet.jar screen @$out/paths.txt" || true)
while kill -0 $timed 2>/dev/null; do
  sleep 120
  [ -n "$java_pid" ] && jcmd "$java_pid" GC.run > /dev/null 2>&1 || true
done
wait $timed || true
end=$(date +%s.%N)
grep 'regnet screen' "$out/screen.err" | tail -12
printf 'wall %.0f s\n' "$(echo "$end - $start" | bc -l)"
grep -E 'Maximum resident|Exit status' "$out/screen.err"
echo "rows kept: $(zcat "$out/kept.csv.gz" | tail -n +2 | wc -l)"
# the live heap after each full collection ("Pause Full ... A->B(C)": B), in order
python3 - "$out/gc.log" <<'PY'
import re, sys
full = [(float(m.group(1)), int(m.group(2))) for m in
        (re.search(r'\[(\d+\.\d+)s\].*Pause Full.*->(\d+)M\(', l) for l in open(sys.argv[1])) if m]
print("live heap after full collections (MB, at s):", ", ".join(f"{b} at {t:.0f}" for t, b in full))
PY
