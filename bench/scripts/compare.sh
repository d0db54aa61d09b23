#!/usr/bin/env bash
# The whole-network peer comparison in one go: ConvScope (CPU device, and OpenCL device when there
# is one) against PyTorch and OpenCV's dnn on AlexNet and VGG16 at batch 1, same thread count.
# Writes bench/results/peers.{csv,md,png}. Run on a quiet machine:
#
#     bash bench/scripts/compare.sh            # needs Debian's python3-torch python3-opencv python3-matplotlib
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${THREADS:-$(nproc)}"
out=bench/results
mkdir -p "$out"
mvn -B -q -ntp -DskipTests package >/dev/null
for device in cpu opencl; do
  if [ "$device" = opencl ] && ! java -Dconvscope.device=opencl -jar app/target/convscope.jar devices >/dev/null 2>&1; then
    echo "no OpenCL device: skipping ConvScope on OpenCL"
    continue
  fi
  java -Djava.util.concurrent.ForkJoinPool.common.parallelism="$threads" -jar bench/target/benchmarks.jar NetForwardBench \
    -jvmArgsAppend "-Dconvscope.device=$device -Djava.util.concurrent.ForkJoinPool.common.parallelism=$threads" \
    -rf json -rff "$out/convscope-$device.json"
  /usr/bin/python3 bench/scripts/jmh_to_csv.py "$out/convscope-$device.json" --engine "convscope-$device" \
    --threads "$threads" --out "$out/convscope-$device.csv"
done
/usr/bin/python3 bench/scripts/peers.py --threads "$threads" --out "$out/peers.csv"
/usr/bin/python3 bench/scripts/plot_peers.py "$out"/convscope-*.csv "$out/peers.csv" --out "$out/peers.png"
