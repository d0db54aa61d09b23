#!/usr/bin/env bash
# Counts the duplicate pairs in main code only (every module's src/main, tests and benchmarks'
# scripts left out), pairs across modules included: copies the tracked and untracked-but-not-ignored
# files under */src/main into a scratch folder and runs the `duplicates` finder there.
# Usage: scripts/duplicates-main.sh [extra duplicates options]   (needs the `duplicates` tool)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files -z --cached --others --exclude-standard -- '*/src/main/*' \
  | while IFS= read -r -d '' f; do [ -f "$f" ] && mkdir -p "$scratch/$(dirname "$f")" && cp "$f" "$scratch/$f"; done
cd "$scratch"
duplicates --most 200 --seconds 120 "$@"
