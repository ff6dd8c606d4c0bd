#!/usr/bin/env bash
# tools/fuzz.sh TARGET MINUTES [--merge] — fuzz one parser for longer than CI does.
#
#   TARGET    a target of tests/fuzz (idx, idx_gz, h5_model, h5_weights,
#             architecture, image, formula, experiment, network_csv);
#             `tools/fuzz.sh --list`
#   MINUTES   wall-clock budget
#   --merge   afterwards, add the inputs that reach new coverage to the
#             committed corpus tests/fuzz/corpus/TARGET (libFuzzer -merge=1);
#             without it the source tree is never written
#
# Builds the target in build-fuzz/ (clang, -DDESCENT_FUZZ=ON) when needed, or
# in $DESCENT_FUZZ_BUILD. Runs under `nice -n 10` so that other builds still
# move. Inputs found go to build-fuzz/fuzz-long/TARGET/corpus, findings to
# build-fuzz/fuzz-long/TARGET/artifacts (crash-*, leak-*, timeout-*, oom-*);
# the log is build-fuzz/fuzz-long/TARGET/log. Ends by printing executions,
# coverage and findings; exits 1 when there are findings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DESCENT_FUZZ_BUILD:-$root/build-fuzz}
targets=(idx idx_gz h5_model h5_weights architecture image formula experiment network_csv)

if [ "${1:-}" = "--list" ]; then printf '%s\n' "${targets[@]}"; exit 0; fi
if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
  echo "usage: tools/fuzz.sh TARGET MINUTES [--merge]   (targets: ${targets[*]})" >&2
  exit 2
fi
target=$1 minutes=$2 merge=${3:-}
[ -f "$root/tests/fuzz/fuzz_$target.cpp" ] || { echo "tools/fuzz.sh: no target '$target' (${targets[*]})" >&2; exit 2; }
[ -z "$merge" ] || [ "$merge" = "--merge" ] || { echo "tools/fuzz.sh: unknown option '$merge'" >&2; exit 2; }

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DDESCENT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache >/dev/null
fi
nice -n 10 cmake --build "$build" -j2 --target "fuzz_$target" >/dev/null
binary=$build/tests/fuzz/fuzz_$target

src=$root/tests/fuzz
work=$build/fuzz-long/$target
mkdir -p "$work/corpus" "$work/artifacts"
export LSAN_OPTIONS="suppressions=$src/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
options=(-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$work/artifacts/" -print_final_stats=1)
[ -f "$src/dict/$target.dict" ] && options+=(-dict="$src/dict/$target.dict")
[ -f "$src/options/$target" ] && read -r -a extra <"$src/options/$target" && options+=("${extra[@]}")
seeds=()
[ -d "$src/corpus/$target" ] && seeds+=("$src/corpus/$target")
[ -d "$src/regressions/$target" ] && seeds+=("$src/regressions/$target")

echo "fuzz.sh: $target for $minutes min (log: $work/log)"
set +e
nice -n 10 "$binary" "${options[@]}" -max_total_time=$((minutes * 60)) "$work/corpus" "${seeds[@]}" >"$work/log" 2>&1
status=$?
set -e

if [ "$merge" = "--merge" ]; then
  mkdir -p "$src/corpus/$target"
  before=$(ls "$src/corpus/$target" | wc -l)
  nice -n 10 "$binary" "${options[@]}" -merge=1 "$src/corpus/$target" "$work/corpus" >"$work/merge.log" 2>&1
  echo "fuzz.sh: merged $(($(ls "$src/corpus/$target" | wc -l) - before)) new inputs into tests/fuzz/corpus/$target"
fi

execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo "?")
cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*' || echo "?")
ft=$(grep -o 'ft: [0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*' || echo "?")
findings=$(ls "$work/artifacts" | grep -cE '^(crash|leak|timeout|oom|slow-unit)-' || true)
echo "fuzz.sh: $target: $execs executions in $minutes min, coverage $cov edges, $ft features, corpus $(ls "$work/corpus" | wc -l) inputs"
if [ "$findings" -gt 0 ] || [ "$status" -ne 0 ]; then
  echo "fuzz.sh: $target: FINDINGS (exit $status):"
  ls -1 "$work/artifacts"
  grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$work/log" | head -5
  exit 1
fi
echo "fuzz.sh: $target: no findings"
