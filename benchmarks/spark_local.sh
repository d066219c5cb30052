#!/usr/bin/env bash
# The Spark job (org.regnet.spark.PredictJob) on local[1] and local[2] over the same structure files,
# alternating, RUNS times each; prints wall times (JVM and Spark start included), rows written and rates.
# usage: benchmarks/spark_local.sh [INPUT_DIR] [RUNS]
# INPUT_DIR default: mp36k's first shard unpacked to /tmp/mp36k-0 (18,369 CIFs).
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-/tmp/mp36k-0}
runs=${2:-2}
if [ ! -d "$input" ]; then mkdir -p "$input" && tar xzf ../shared/datasets/mp36k/structures-0.tar.gz -C "$input"; fi
mvn -B -q -o package -DskipTests -Pspark-local -pl spark -am  # Spark's jars into spark/target/spark-jars
cp="spark/target/regnet-spark.jar:spark/target/lib/*:spark/target/spark-jars/*"
opens="--add-modules jdk.incubator.vector -XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
files=$(find "$input" -type f | wc -l)
for run in $(seq "$runs"); do
  for cores in 1 2; do
    out=/tmp/spark-bench-$cores.parquet
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    java $opens -Xmx3g -Dspark.master="local[$cores]" -Dspark.ui.enabled=false -cp "$cp" org.regnet.spark.PredictJob \
      "file://$(readlink -f "$input")" "$out" > /tmp/spark-bench-$cores.log 2>&1
    end=$(date +%s.%N)
    printf 'run %d local[%d]: %d files in %.1f s = %.0f structures/s\n' "$run" "$cores" "$files" "$(echo "$end - $start" | bc -l)" \
      "$(echo "$files / ($end - $start)" | bc -l)"
  done
done
