#!/bin/bash
# tests/ui/cnn_trainer.sh DESCENT IMAGE_CHECK OUTDIR — the CNN trainer pane,
# driven with xdotool under a virtual display (xvfb-run).
#  1. Opens the pane, clicks the real "▶ Train" button, and waits for the run
#     (an MLP, one epoch on the MNIST digits) to start, finish and report a
#     test accuracy above 0.8.
#  2. Starts a long run; Pause, Resume and Stop by their buttons; starts
#     another and presses Ctrl+Q mid-training: the window must close within
#     seconds (the worker stops after its batch and is joined).
#  3. Trains with --train --screenshot and checks the PNG is not blank and
#     shows the "right guess" green (image borders, the confusion diagonal).
#  4. Trains two optimizers in turn (--optimizer sgd,adam) and checks the
#     first run's colour (reddish purple, an earlier run's) is drawn beside the second.
set -euo pipefail
DESCENT=$1
CHECK=$2
OUT=$3
mkdir -p "$OUT"
APID=
trap '[ -n "$APID" ] && kill "$APID" 2>/dev/null || true' EXIT
log() { cat "$OUT/app.log"; }
# Sanitizer builds train several times slower: tools/sanitizers/env.sh sets
# DESCENT_TIME_SCALE, by which every wait here stretches (1 otherwise).
SCALE=${DESCENT_TIME_SCALE:-1}
wait_for() {  # wait_for PATTERN TENTHS
  for _ in $(seq $(($2 * SCALE))); do grep -q "$1" "$OUT/app.log" && return 0; sleep 0.1; done
  echo "FAIL: no '$1' in the log:"; log; return 1
}

# 1. Click ▶ Train.
"$DESCENT" --cnn --model mlp --epochs 1 --size 1600x900 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
wait_for '^widget cnn-train' 100
read -r X Y < <(awk '/^widget cnn-train/ {print int(($3 + $5) / 2), int(($4 + $6) / 2); exit}' "$OUT/app.log")
sleep 0.5
xdotool mousemove --window "$WID" "$X" "$Y"
sleep 0.3
xdotool click 1
wait_for '^cnn-status loading the data\|^cnn-status training' 100
wait_for '^cnn-status finished' 1200
ACC=$(awk '/^cnn-test-accuracy/ {print $2; exit}' "$OUT/app.log")
awk -v a="$ACC" 'BEGIN { exit !(a > 0.8) }' || { echo "FAIL: test accuracy $ACC is not above 0.8"; log; exit 1; }
xdotool key --window "$WID" ctrl+q
wait "$APID"
APID=

# 2. Pause, Resume and Stop by their buttons, then Ctrl+Q while training.
click() {  # click WIDGET
  read -r BX BY < <(awk -v w="$1" '$1 == "widget" && $2 == w {print int(($3 + $5) / 2), int(($4 + $6) / 2); exit}' "$OUT/app.log")
  xdotool mousemove --window "$WID" "$BX" "$BY"
  sleep 0.3
  xdotool click 1
}
"$DESCENT" --cnn --model cnn --epochs 50 --train --size 1600x900 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
wait_for '^cnn-status training' 300
sleep 0.5
click cnn-pause
wait_for '^cnn-status paused' 100
click cnn-pause  # the same button now reads ▶ Resume
for _ in $(seq $((100 * SCALE))); do [ "$(grep '^cnn-status' "$OUT/app.log" | tail -1)" = "cnn-status training" ] && break; sleep 0.1; done
[ "$(grep '^cnn-status' "$OUT/app.log" | tail -1)" = "cnn-status training" ] || { echo "FAIL: Resume"; log; exit 1; }
click cnn-stop
wait_for '^cnn-status stopped' 300
sleep 0.3
click cnn-train  # a new run
for _ in $(seq $((100 * SCALE))); do [ "$(grep '^cnn-status' "$OUT/app.log" | tail -1)" = "cnn-status training" ] && break; sleep 0.1; done
sleep 1
xdotool key --window "$WID" ctrl+q
for _ in $(seq $((100 * SCALE))); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$APID" 2>/dev/null; then echo "FAIL: Ctrl+Q did not close the window during training"; log; exit 1; fi
wait "$APID"
APID=

# 3. A screenshot after a run.
"$DESCENT" --cnn --model mlp --epochs 1 --train --size 1600x900 --screenshot "$OUT/cnn.png" >"$OUT/app.log" 2>&1
"$CHECK" "$OUT/cnn.png" 0 0 1600 900 0 0 0 0 '#009e73'

# 4. Two runs compared.
"$DESCENT" --cnn --model mlp --epochs 1 --optimizer sgd,adam --train --size 1600x900 --screenshot "$OUT/compare.png" \
  >"$OUT/app.log" 2>&1
grep -q '^cnn-status finished' "$OUT/app.log" || { echo "FAIL: the second run did not finish"; log; exit 1; }
"$CHECK" "$OUT/compare.png" 0 0 1600 900 0 0 0 0 '#a08cff'
echo "PASS: ▶ Train trains (test accuracy $ACC), Ctrl+Q ends a run, the finished pane renders, runs compare"
