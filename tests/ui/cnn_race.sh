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
#  4. With the mouse: "+ race another optimizer" three times (once at
#     UI scale 2, where the pane is taller than the screen), the callbacks
#     opened, ▶ Train; the race finishes and every run's colour is
#     drawn (a screenshot of the whole screen, at UI scale 1 and 2).
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
# 4. The race set up with the mouse.
APID=
trap '[ -n "$APID" ] && kill "$APID" 2>/dev/null || true' EXIT
TIME=${DESCENT_TIME_SCALE:-1}
wait_for() {  # wait_for PATTERN TENTHS
  for _ in $(seq $(($2 * TIME))); do grep -q "$1" "$OUT/app.log" && return 0; sleep 0.1; done
  fail "no '$1' in the log"
}
click() {  # click WIDGET: the last place the layout log gave it
  read -r BX BY < <(awk -v w="$1" '$1 == "widget" && $2 == w {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2)} END {print x, y}' "$OUT/app.log")
  xdotool mousemove --window "$WID" "$BX" "$BY"
  sleep 0.3
  xdotool click 1
  sleep 0.4
}
for SCALE in 1 2; do
  "$DESCENT" --cnn --model mlp --epochs 1 --scale "$SCALE" --size 1600x900 --log-actions >"$OUT/app.log" 2>&1 &
  APID=$!
  WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
  wait_for '^widget cnn-add-rival' 100
  sleep 0.5
  # At UI scale 2 a rival's rows push the button below the screen: one rival there.
  RIVALS=$((SCALE == 1 ? 3 : 1))
  for _ in $(seq $RIVALS); do click cnn-add-rival; done
  # Scroll the setup pane until the widget is well inside the screen.
  scroll_to() {  # scroll_to WIDGET
    for _ in $(seq 60); do
      Y=$(awk -v w="$1" '$1 == "widget" && $2 == w {y = int(($4 + $6) / 2)} END {print y}' "$OUT/app.log")
      [ "$Y" -ge 120 ] && [ "$Y" -le 700 ] && return 0
      xdotool mousemove --window "$WID" $((100 * SCALE)) 450
      xdotool click $([ "$Y" -gt 700 ] && echo 5 || echo 4)
      sleep 0.2
    done
    fail "could not scroll $1 into view"
  }
  scroll_to cnn-callbacks
  click cnn-callbacks
  sleep 0.5
  import -window root "$OUT/setup-$SCALE.png"
  scroll_to cnn-train
  click cnn-train
  wait_for '^cnn-status finished' 1200
  sleep 1
  import -window root "$OUT/mouse-race-$SCALE.png"
  xdotool key --window "$WID" ctrl+q
  wait "$APID"
  APID=
  # The first run's orange, the first rival's sky blue, and at scale 1 the third's yellow.
  COLOURS=("#e69f00" "#56b4e9")
  [ "$SCALE" = 1 ] && COLOURS+=("#f0e442")
  "$CHECK" "$OUT/mouse-race-$SCALE.png" 0 0 1600 900 0 0 0 0 "${COLOURS[@]}" ||
    fail "the race set up with the mouse did not draw its runs at scale $SCALE"
done
echo "PASS: a race of four at scales 1 and 2, a diverged run and a diverged rival marked, a race set up with the mouse"
