#!/usr/bin/env bash
# On the GPU machine: `regnet train` through DJL's cu128 JNI (inside pytorch-jni 2.7.1-0.35.1)
# against the host's own libtorch (the Python venv's torch/lib), on mp36k's structures-0.
# Bytecode verification is off so that the scan and evaluate commands' plotting classes (not in the
# bundle) are not loaded when picocli builds the command line.
# Usage: kernels/gpu/bundle/train.sh [regnet train options, e.g. --epochs 2]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ -x /tmp/jre/bin/java ]] || tar -C /tmp -xJf "$here/jre.tar.xz"
torch_lib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
echo "host libtorch: $torch_lib ($(python3 -c 'import torch; print(torch.__version__)'))"
export PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_FLAVOR=cu128 DJL_CACHE_DIR=/tmp/djl LD_LIBRARY_PATH=$torch_lib:${LD_LIBRARY_PATH:-}
cp=$(ls "$here"/cli/*.jar "$here"/lib/*.jar | grep -v console-standalone | paste -sd:)
out=${OUT:-/tmp}
/tmp/jre/bin/java --add-modules jdk.incubator.vector -Xss4m -Xmx32g -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote -Dai.djl.offline=true -cp "$cp" org.regnet.cli.RegnetCommand train \
    --data "$here/data/structures-0.tar.gz" --labels "$here/data/labels.csv" \
    --targets formation_energy_per_atom,band_gap,efermi,total_magnetization \
    --split 0.8,0.1,0.1 --split-seed 42 --seed 42 --patience 0 --out /tmp/gpu-model "$@" 2>&1 | tee "$out/train.log"
