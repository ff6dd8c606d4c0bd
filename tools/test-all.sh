#!/usr/bin/env bash
# tools/test-all.sh — build Descent and run every test, in up to four phases:
#   1. release:  the normal build (g++, build/), every test;
#   2. fuzz:     the fuzz targets alone (clang with libFuzzer, ASan and UBSan,
#                build-fuzz/, only the libraries they link): each replays the
#                inputs that once failed, then fuzzes for 10 s from its corpus
#                (ctest -L fuzz; 20 s in the asan phase). The README's test command runs phases 1 and
#                2; .ci/run runs exactly that command;
#   3. asan:     clang with ASan + UBSan (build-asan/), every test again, the
#                lab's window under Xvfb included; with -DDESCENT_FUZZ=ON, so
#                the fuzz targets' short runs come with it;
#   4. tsan:     clang with TSan (build-tsan/), the threaded tests: the thread
#                pool, the trainer on 2–3 threads, the CNN session and the CNN
#                trainer's window (its UI thread beside the training thread).
# Every sanitizer finding fails its test: the checks are built unrecoverable
# and tools/sanitizers/env.sh sets the run-time options and suppressions.
# The asan and tsan phases build everything twice more with clang, which on
# two cores takes CI past its 30 minutes: they are the long mode.
#
#   tools/test-all.sh                 the release and fuzz phases (CI)
#   tools/test-all.sh --sanitizers    the asan and tsan phases (the long mode)
#   tools/test-all.sh release asan    only the phases named
#   tools/test-all.sh --long          with tsan: TSan on every test, not only the threaded ones
#
# Each phase prints its wall time. Phases stop at the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

long=0
phases=()
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    --sanitizers) phases+=(asan tsan) ;;
    release | fuzz | asan | tsan) phases+=("$arg") ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-all: unknown argument '$arg' (release, fuzz, asan, tsan, --long)" >&2; exit 2 ;;
  esac
done
((${#phases[@]})) || phases=(release fuzz)

# A sanitizer build: clang, -O1 with line tables (readable stacks, tests fast
# enough), asserts off as in the release build. Warnings are g++'s business
# (-Werror applies to the release build); clang's extra ones are not fatal here.
configure_sanitized() {  # DIR SANITIZERS [more cmake arguments]
  local dir=$1 sanitizers=$2
  shift 2
  CC=clang CXX=clang++ cmake -S . -B "$dir" -DDESCENT_SANITIZE="$sanitizers" -DDESCENT_WERROR=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" "$@"
}

timings=()
run_phase() {  # NAME
  local start=$SECONDS
  echo "=== test-all: $1 ==="
  "phase_$1"
  timings+=("$1 $((SECONDS - start)) s")
  echo "=== test-all: $1 passed in $((SECONDS - start)) s ==="
}

phase_release() {
  cmake -S . -B build
  cmake --build build -j2
  ctest --test-dir build --output-on-failure -j2
}

# Only the fuzz targets and what they link (nn, scenes, lab_core, optim): the
# parsers, under the sanitizers that make a bad read a finding. 10 s a target
# keeps CI within its 30 minutes (measured: release 1022 s, this phase 443 s
# with 20 s a target, on two cores).
phase_fuzz() {
  configure_sanitized build-fuzz address,undefined -DDESCENT_FUZZ=ON -DDESCENT_FUZZ_SECONDS=10
  (. tools/sanitizers/env.sh && cmake --build build-fuzz -j2 --target fuzz &&
    ctest --test-dir build-fuzz --output-on-failure -j2 -L fuzz)
}

# The style check reads sources, not binaries: it ran in the release phase.
phase_asan() {
  configure_sanitized build-asan address,undefined -DDESCENT_FUZZ=ON
  # The build runs each test binary to list its tests: with the same options.
  (. tools/sanitizers/env.sh && cmake --build build-asan -j2 &&
    ctest --test-dir build-asan --output-on-failure -j2 -E '^style/')
}

# The tests where threads meet: TSan only sees races on code that runs them.
TSAN_TARGETS=(nn_test_thread_pool nn_test_gradients nn_test_golden nn_test_saving lab_test_cnn_session lab_test_plane_worker descent ui_image_check)
# Only these targets are built, so every nn/ and lab/ test found is theirs.
TSAN_TESTS='^(nn|lab)/|^ui/cnn_trainer$'
phase_tsan() {
  configure_sanitized build-tsan thread
  (
    . tools/sanitizers/env.sh
    if ((long)); then
      cmake --build build-tsan -j2
      ctest --test-dir build-tsan --output-on-failure -j2 -E '^style/'
    else
      cmake --build build-tsan -j2 --target "${TSAN_TARGETS[@]}"
      ctest --test-dir build-tsan --output-on-failure -j2 -R "$TSAN_TESTS"
    fi
  )
}

for phase in "${phases[@]}"; do run_phase "$phase"; done
echo "=== test-all: every phase passed: ${timings[*]} ==="
