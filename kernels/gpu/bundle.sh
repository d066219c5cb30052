#!/usr/bin/env bash
# Builds kernels/gpu/bundle/: a jlink Java runtime, the kernels jars and tests, the JavaCPP CUDA
# presets and JUnit's console launcher (< 64 MB), to run the GPU tests and benchmarks on a
# machine with a GPU but no Maven and no network. Run from the repository root after
# `mvn -B -q install -DskipTests -pl kernels` (needs the test classes: add -DskipTests=false or run `mvn -pl kernels test-compile`).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=kernels/gpu/bundle
rm -rf "$out" && mkdir -p "$out/lib"
m2=${M2_REPO:-$HOME/.m2/repository}
mvn -B -q -pl kernels test-compile
(cd kernels/target/test-classes && jar cf "../../../$out/lib/regnet-kernels-tests.jar" .)
(cd kernels/target/classes && jar cf "../../../$out/lib/regnet-kernels.jar" .)
cp "$m2"/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar "$m2"/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar \
   "$m2"/org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13.jar "$m2"/org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13-linux-x86_64.jar \
   "$m2"/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar "$out/lib/"
jlink --add-modules java.base,java.logging,jdk.unsupported,java.management,jdk.zipfs,jdk.incubator.vector --strip-debug --no-header-files --no-man-pages \
      --compress=2 --output "$out/jre"
cp kernels/gpu/run.sh "$out/"
du -sh "$out"
