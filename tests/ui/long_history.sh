#!/bin/bash
# tests/ui/long_history.sh DESCENT OUTDIR — long histories keep every draw list
# valid. Debian's Dear ImGui uses 16-bit indices; a path of tens of thousands
# of points once wrapped them (black paths, no legend, stray lines). Scripted
# runs (--screenshot, --bench-frames) check every frame's draw lists and exit 1
# naming the first invalid one. Run under a virtual display (xvfb-run).
#  1. The default preset at step 40,000: SGD oscillates around the minimum, so
#     almost every one of its points is kept on screen.
#  2. 12 optimizers × 100,000 steps (the frame benchmark's race, at the last step).
set -uo pipefail
DESCENT=$1; OUT=$2
mkdir -p "$OUT"
failed=0
if ! "$DESCENT" --preset default --steps 40000 --screenshot "$OUT/default-40000.png" >"$OUT/default.log" 2>&1; then
  echo "FAIL: the default preset at step 40,000:"; cat "$OUT/default.log"; failed=1
fi
if ! "$DESCENT" --bench-frames 3 --steps 100000 >"$OUT/bench.log" 2>&1; then
  echo "FAIL: 12 optimizers × 100,000 steps:"; cat "$OUT/bench.log"; failed=1
fi
grep -q '12 optimizers' "$OUT/bench.log" || { echo "FAIL: the benchmark race is not 12 optimizers"; cat "$OUT/bench.log"; failed=1; }
[ $failed = 0 ] && echo "PASS: every frame's draw lists are valid at 40,000 and 12 × 100,000 steps"
exit $failed
