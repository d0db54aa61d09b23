#!/usr/bin/env bash
# Regenerates the README's figure of ten class models on the built-in SqueezeNet, made with
# classmodel's default settings, and checks that each picture, read back from its PNG and
# classified again, gets probability >= 0.9 for its class. Writes docs/figures/classmodels.png and
# bench/results/classmodels.txt; exits 1 when a class falls short. 27 minutes on 2 cores under a load of ~20
# (2026-12-07; most of it waiting for the CPU: 200 steps of forward + backward per class).
#   scripts/classmodels.sh            (CONVSCOPE="java -jar app/target/convscope.jar" to skip the build check)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
convscope=${CONVSCOPE:-"$root/convscope"}
classes=130,1,88,207,323,327,388,417,949,980
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
$convscope classmodel --model squeezenet --gallery "$classes" --out "$out" -q 2>"$out/err.txt" | tee "$out/log.txt"
secs=$(( $(date +%s) - start ))
mkdir -p "$root/docs/figures" "$root/bench/results"
cp "$out/gallery.png" "$root/docs/figures/classmodels.png"
{
  echo "# scripts/classmodels.sh, $(date -u +%Y-%m-%dT%H:%MZ), ${secs} s"
  echo "# convscope classmodel --model squeezenet --gallery $classes (default settings)"
  echo "# each picture read back from its PNG and classified again; the check is p >= 0.9"
  grep '^class ' "$out/log.txt"
  grep 'warning' "$out/err.txt" || true
} > "$root/bench/results/classmodels.txt"
cat "$root/bench/results/classmodels.txt"
awk '/^class / { p = $NF + 0; n++; if (p < 0.9) { bad++; print "below 0.9: " $0 } }
     END { if (n != 10) { print "expected 10 classes, got " n; exit 1 } if (bad) exit 1; print "all " n " classes p >= 0.9" }' \
  "$root/bench/results/classmodels.txt"
