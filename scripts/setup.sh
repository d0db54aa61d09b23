#!/usr/bin/env bash
# Makes a fresh Debian machine ready for ConvScope: Java 17 and Maven are expected; the OpenCL
# runtime for the CPU (PoCL), the ICD loader that JOCL opens (libOpenCL.so) and clinfo are
# installed when missing. Non-interactive; safe to run again.
set -euo pipefail

need=()
# fontconfig + DejaVu: the vis grids draw text labels, and a headless JVM needs a real font for that.
# chromium + chromium-driver: the explorer's browser tests (app module) drive the page in headless Chromium.
for pkg in pocl-opencl-icd ocl-icd-opencl-dev clinfo fontconfig fonts-dejavu-core chromium chromium-driver; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is missing (ConvScope needs Java 17 and Maven 3.8)" >&2; exit 1; }
done
