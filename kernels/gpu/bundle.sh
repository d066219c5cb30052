#!/usr/bin/env bash
# Builds kernels/gpu/bundle/ (ignored by git): what the GPU machine (no Maven, no network) needs to
# run the kernels tests and benchmark, and with --with-cli also `regnet` itself (its jars without
# the PyTorch CPU natives, which the host's own libtorch replaces) plus mp36k's structures-0 and
# labels from ../shared for a training probe. The Java runtime travels as jre.tar.xz (jlink, stripped, 20 MB)
# so that the whole bundle stays under the device's 64 MB.
# Run from the repository root after `mvn -B -q package -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=kernels/gpu/bundle
with_cli=false
[[ ${1:-} == --with-cli ]] && with_cli=true
rm -rf "$out" && mkdir -p "$out/lib"
m2=${M2_REPO:-$HOME/.m2/repository}
mvn -B -q -o -pl kernels test-compile
(cd kernels/target/test-classes && jar cf "../../../$out/lib/regnet-kernels-tests.jar" .)
(cd kernels/target/classes && jar cf "../../../$out/lib/regnet-kernels.jar" .)
cp "$m2"/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar "$m2"/org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar \
   "$m2"/org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13.jar "$m2"/org/bytedeco/cuda/13.1-9.19-1.5.13/cuda-13.1-9.19-1.5.13-linux-x86_64.jar \
   "$m2"/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar "$out/lib/"
jre=$(mktemp -d)/jre
jlink --add-modules java.base,java.logging,jdk.unsupported,java.management,jdk.zipfs,jdk.incubator.vector,java.xml,java.sql,java.naming \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre"
strip --strip-unneeded "$jre/lib/server/libjvm.so"
tar -C "$(dirname "$jre")" -cJf "$out/jre.tar.xz" jre
cp kernels/gpu/run.sh "$out/"
if $with_cli; then
  # Plotting (XChart, PDFBox) is not needed there; the kernels and CUDA jars are already in lib/.
  mkdir -p "$out/cli" "$out/data"
  for jar in cli/target/regnet.jar cli/target/lib/*.jar; do
    case $(basename "$jar") in
      pytorch-native-*|xchart-*|pdfbox-*|fontbox-*|VectorGraphics2D-*|graphics2d-*|animated-gif-*|regnet-kernels-*|javacpp-*|cuda-*) ;;
      *) cp "$jar" "$out/cli/" ;;
    esac
  done
  cp ../shared/datasets/mp36k/structures-0.tar.gz ../shared/datasets/mp36k/labels.csv "$out/data/"
  cp kernels/gpu/train.sh "$out/"
fi
du -sh "$out"
