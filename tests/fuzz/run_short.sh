#!/usr/bin/env bash
# tests/fuzz/run_short.sh BINARY NAME SECONDS SOURCE_DIR WORK_DIR — the CTest
# run of one fuzz target: replay every committed regression input once, then
# fuzz for SECONDS from the committed corpus. New inputs and any crash file go
# under WORK_DIR/NAME (the build dir); the source tree is only read.
set -euo pipefail
binary=$1 name=$2 seconds=$3 src=$4 work=$5/$2
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
export LSAN_OPTIONS="suppressions=$src/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
options=(-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$work/artifacts/" -print_final_stats=1)
[ -f "$src/dict/$name.dict" ] && options+=(-dict="$src/dict/$name.dict")
[ -f "$src/options/$name" ] && read -r -a extra <"$src/options/$name" && options+=("${extra[@]}")

if [ -d "$src/regressions/$name" ] && [ -n "$(ls -A "$src/regressions/$name")" ]; then
  echo "== replaying $(ls "$src/regressions/$name" | wc -l) regression inputs"
  "$binary" "${options[@]}" "$src/regressions/$name"/*
fi
seeds=()
[ -d "$src/corpus/$name" ] && seeds+=("$src/corpus/$name")
echo "== fuzzing $name for ${seconds}s"
"$binary" "${options[@]}" -max_total_time="$seconds" "$work/corpus" "${seeds[@]}"
