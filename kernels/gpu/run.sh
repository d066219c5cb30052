#!/usr/bin/env bash
# On the GPU machine (no Maven, no network): the kernels tests, then the benchmark.
# Usage: kernels/gpu/bundle/run.sh [benchmark options, e.g. --sizes 100,1000,10000,100000 --backends cuda,cpu,materialized]
# The full test report goes to $OUT/kernels-tests.txt (or /tmp).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ -x /tmp/jre/bin/java ]] || tar -C /tmp -xJf "$here/jre.tar.xz"
java=/tmp/jre/bin/java
cp=$(ls "$here"/lib/*.jar | grep -v console-standalone | paste -sd:)
report="${OUT:-/tmp}/kernels-tests.txt"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv 2>/dev/null || echo "no nvidia-smi"
"$java" --add-modules jdk.incubator.vector -jar "$here/lib/junit-platform-console-standalone-1.14.4.jar" execute --class-path "$cp" \
        --select-package org.regnet.kernels --details=tree > "$report" 2>&1
tests=$?
tail -25 "$report"
"$java" --add-modules jdk.incubator.vector -Xmx16g -cp "$cp" org.regnet.kernels.KernelBenchmark "$@"
exit $tests
