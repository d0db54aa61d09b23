#!/usr/bin/env bash
# The whole-network peer comparison in one go: ConvScope (OpenCL device when there is one, and the
# CPU device) against PyTorch and OpenCV's dnn on AlexNet, VGG16, GoogLeNet and SqueezeNet v1.0
# (real weights) at batch 1, and AlexNet and SqueezeNet at batch 16 (the data-set passes' batch),
# same thread count and inputs. First measures this machine's limits (machine_limits.c), then
# writes bench/results/{machine-limits.txt, convscope-*.csv, peers.csv, peers.md, peers.png} and
# regenerates README.md's table (readme_table.py). On a machine shared with other jobs:
#
#     chrt -f 10 bash bench/scripts/compare.sh   # needs Debian's python3-torch python3-opencv python3-matplotlib, gcc
#
# DEVICES="opencl" leaves the CPU device out (it takes about as long as everything else).
set -euo pipefail
cd "$(dirname "$0")/../.."
threads="${THREADS:-$(nproc)}"
devices="${DEVICES:-opencl cpu}"
out=bench/results
mkdir -p "$out"
gcc -O3 -march=native -ffast-math -fopenmp bench/scripts/machine_limits.c -o "${TMPDIR:-/tmp}/machine_limits"
{
  echo "date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  OMP_NUM_THREADS="$threads" "${TMPDIR:-/tmp}/machine_limits"
} | tee "$out/machine-limits.txt"
mvn -B -q -ntp -DskipTests package >/dev/null
# the JVMs run with the JDK's libjsig preloaded (scripts/jsig.sh says why); the Python peers do not
. scripts/jsig.sh
jsig_preload="${LD_PRELOAD:-}"
unset LD_PRELOAD
csvs=()
for device in $devices; do
  if [ "$device" = opencl ] && ! java -Dconvscope.device=opencl -jar app/target/convscope.jar devices >/dev/null 2>&1; then
    echo "no OpenCL device: skipping ConvScope on OpenCL"
    continue
  fi
  jvm="-Dconvscope.device=$device -Djava.util.concurrent.ForkJoinPool.common.parallelism=$threads"
  # batch 1: every net, both passes; batch 16: the forward pass of AlexNet and SqueezeNet
  LD_PRELOAD="$jsig_preload" java -jar bench/target/benchmarks.jar NetForwardBench -p net=alexnet,vgg16,googlenet,squeezenet -p batch=1 \
    -jvmArgsAppend "$jvm" -rf json -rff "$out/convscope-$device-b1.json"
  LD_PRELOAD="$jsig_preload" java -jar bench/target/benchmarks.jar 'NetForwardBench.forward$' -p net=alexnet,squeezenet -p batch=16 \
    -jvmArgsAppend "$jvm" -rf json -rff "$out/convscope-$device-b16.json"
  /usr/bin/python3 bench/scripts/jmh_to_csv.py "$out/convscope-$device-b1.json" "$out/convscope-$device-b16.json" \
    --engine "convscope-$device" --threads "$threads" --out "$out/convscope-$device.csv"
  csvs+=("$out/convscope-$device.csv")
done
/usr/bin/python3 bench/scripts/peers.py --threads "$threads" --out "$out/peers.csv"
/usr/bin/python3 bench/scripts/plot_peers.py "${csvs[@]}" "$out/peers.csv" --out "$out/peers.png"
/usr/bin/python3 bench/scripts/readme_table.py "${csvs[@]}" "$out/peers.csv" --limits "$out/machine-limits.txt" \
  --md "$out/peers.md" --readme README.md
