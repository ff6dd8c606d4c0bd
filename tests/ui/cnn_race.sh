#!/bin/bash
# tests/ui/cnn_race.sh DESCENT IMAGE_CHECK OUTDIR — the CNN trainer's race
# and its honest endings, under a virtual display (xvfb-run).
#  1. A race of four optimizers (--optimizer a,b,c,d --race) at UI scale 1
#     and 2: every run finishes, and each run's colour (the palette's first
#     four) is drawn.
#  2. SGD at ε = 1e6 diverges: the status says so, no test accuracy is
#     reported, and the status line is red.
#  3. A race with a diverging rival: the race finishes, the diverged run is
#     marked in red beside the others.
set -euo pipefail
DESCENT=$1
CHECK=$2
OUT=$3
mkdir -p "$OUT"
fail() { echo "FAIL: $1"; cat "$OUT/app.log"; exit 1; }

# 1. The race, at both UI scales.
for SCALE in 1 2; do
  "$DESCENT" --cnn --model mlp --epochs 2 --optimizer adam,sgd,rmsprop,nadam --race --train --scale "$SCALE" \
    --size 1600x900 --screenshot "$OUT/race-$SCALE.png" >"$OUT/app.log" 2>&1
  grep -q '^cnn-status finished' "$OUT/app.log" || fail "the race did not finish at scale $SCALE"
  grep -q '^cnn-test-accuracy' "$OUT/app.log" || fail "no test accuracy after the race at scale $SCALE"
  "$CHECK" "$OUT/race-$SCALE.png" 0 0 1600 900 0 0 0 0 '#e69f00' '#56b4e9' '#009e73' '#f0e442' ||
    fail "a run's colour is missing at scale $SCALE"
done

# 2. A diverged run is not called finished, and shows no test accuracy.
"$DESCENT" --cnn --model mlp --epochs 2 --optimizer sgd --lr 1e6 --train --size 1600x900 \
  --screenshot "$OUT/diverged.png" >"$OUT/app.log" 2>&1
grep -q '^cnn-status diverged' "$OUT/app.log" || fail "SGD at 1e6 was not marked diverged"
if grep -q '^cnn-status finished\|^cnn-test-accuracy' "$OUT/app.log"; then fail "a diverged run reported a result"; fi
"$CHECK" "$OUT/diverged.png" 0 0 1600 900 0 0 0 0 '#ff6e64' || fail "the diverged status is not red"

# 3. A race with a diverging rival.
"$DESCENT" --cnn --model mlp --epochs 1 --optimizer adam,sgd --lr 1e6 --race --train --size 1600x900 \
  --screenshot "$OUT/race-diverged.png" >"$OUT/app.log" 2>&1
grep -q '^cnn-status' "$OUT/app.log" || fail "no status"
"$CHECK" "$OUT/race-diverged.png" 0 0 1600 900 0 0 0 0 '#ff6e64' || fail "the diverged rival is not marked red"
echo "PASS: a race of four at scales 1 and 2, a diverged run and a diverged rival marked"
