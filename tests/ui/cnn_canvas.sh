#!/bin/bash
# tests/ui/cnn_canvas.sh DESCENT IMAGE_CHECK OUTDIR [SCALE] — the inside view
# of the CNN trainer, driven with xdotool under a virtual display (xvfb-run).
#  1. Trains a model in the test (an MLP, one epoch on the MNIST digits),
#     opens the Inside tab and draws on the canvas with real mouse drags:
#     a vertical stroke must be read as a 1; after Clear, a drawn 0 as a 0.
#  2. Screenshots of the canvas, the misclassified gallery, the filters and
#     feature maps (a CNN: one epoch) and the samples, each checked not blank
#     (the gallery's red guesses are drawn), into OUTDIR to look at.
#  3. The layer editor's plan (the cnn preset) trained with a click on
#     "Train this model": the setup's model becomes "edited: 7 layers,
#     34,826 params" and the race on it finishes (docs/screenshots/cnn-layers.png
#     is its screenshot at UI scale 1).
set -euo pipefail
DESCENT=$1
CHECK=$2
OUT=$3
UI_SCALE=${4:-1}
mkdir -p "$OUT"
source "$(dirname "${BASH_SOURCE[0]}")/driving.sh"
centre() {  # centre WIDGET: prints "X Y", the middle of its last logged rectangle ("" while it has no size)
  awk -v w="$1" '$1 == "widget" && $2 == w {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2); ok = $5 > $3}
                 END {if (ok) print x, y}' "$OUT/app.log"
}
click() {  # click WIDGET, once it has been laid out (a tab's first frame logs an empty rectangle)
  for _ in $(seq $((100 * SCALE))); do [ -n "$(centre "$1")" ] && break; sleep 0.1; done
  [ -n "$(centre "$1")" ] || { echo "FAIL: no widget $1 in the log:"; log; exit 1; }
  sleep 0.3
  read -r BX BY < <(centre "$1")
  xdotool mousemove --window "$WID" "$BX" "$BY"
  sleep 0.3
  xdotool click 1
  sleep 0.3
}
last_guess() { awk '$1 == "cnn-drawing-guess" {g = $2} END {print g}' "$OUT/app.log"; }
# drag X0 Y0 X1 Y1 … — a mouse stroke through the points (canvas fractions 0…1000).
drag() {
  read -r CX0 CY0 CX1 CY1 < <(awk '$1 == "widget" && $2 == "cnn-canvas" {a = $3; b = $4; c = $5; d = $6} END {print a, b, c, d}' "$OUT/app.log")
  local first=1
  while [ $# -ge 2 ]; do
    local X=$((CX0 + (CX1 - CX0) * $1 / 1000)) Y=$((CY0 + (CY1 - CY0) * $2 / 1000))
    xdotool mousemove --window "$WID" "$X" "$Y"
    sleep 0.03
    if [ $first = 1 ]; then xdotool mousedown 1; sleep 0.05; first=0; fi
    shift 2
  done
  xdotool mouseup 1
  sleep 0.5
}
shot() {  # shot NAME: the window as OUT/NAME.png
  sleep 0.8
  import -window root "$OUT/$1.png"
}

# 1. A trained MLP reads the drawings.
"$DESCENT" --cnn --model mlp --epochs 1 --train --scale "$UI_SCALE" --size 1600x900 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
wait_for '^cnn-status finished' 1500
click cnn-tab-inside
click cnn-inside-draw
for _ in $(seq $((100 * SCALE))); do [ -n "$(centre cnn-canvas)" ] && break; sleep 0.1; done
sleep 0.5
# A vertical stroke, a little slanted, as a hand draws a 1.
drag 520 150 515 300 510 450 505 600 500 750 498 850
for _ in $(seq $((50 * SCALE))); do [ "$(last_guess)" != "-" ] && [ -n "$(last_guess)" ] && break; sleep 0.1; done
GUESS=$(last_guess)
[ "$GUESS" = 1 ] || { echo "FAIL: a vertical stroke was read as '$GUESS', not 1"; log; exit 1; }
shot canvas-1
click cnn-canvas-clear
for _ in $(seq $((50 * SCALE))); do [ "$(last_guess)" = "-" ] && break; sleep 0.1; done
[ "$(last_guess)" = "-" ] || { echo "FAIL: Clear left a guess ($(last_guess))"; log; exit 1; }
# A 0: an ellipse, 36 points round, closed.
PTS=$(awk 'BEGIN { for (k = 0; k <= 38; ++k) { a = 2 * 3.14159265 * k / 36 - 1.5708; printf "%d %d ", 500 + 230 * cos(a), 500 + 340 * sin(a) } }')
# shellcheck disable=SC2086
drag $PTS
for _ in $(seq $((50 * SCALE))); do [ "$(last_guess)" != "-" ] && break; sleep 0.1; done
GUESS0=$(last_guess)
[ "$GUESS0" = 0 ] || { echo "FAIL: a drawn 0 was read as '$GUESS0'"; log; exit 1; }
shot canvas-0
"$CHECK" "$OUT/canvas-0.png" 0 0 1600 900 0 0 0 0 '#ffffff'
click cnn-inside-gallery
wait_for '^cnn-gallery ' 300
shot gallery
"$CHECK" "$OUT/gallery.png" 0 0 1600 900 0 0 0 0 '#d55e00'
click cnn-inside-samples
wait_for '^cnn-sample-classes 10' 100
shot samples
click cnn-inside-layers
wait_for '^cnn-layer-plan ok' 100
shot layers
click cnn-train-plan
wait_for '^cnn-architecture edited: 7 layers, 34,826 params' 100
for _ in $(seq $((3000 * SCALE))); do [ "$(grep -c '^cnn-status finished' "$OUT/app.log")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c '^cnn-status finished' "$OUT/app.log")" -ge 2 ] || { echo "FAIL: the edited model's race did not finish"; log; exit 1; }
shot layers-trained
xdotool key --window "$WID" ctrl+q
wait "$APID"
APID=

# 2. A CNN's filters and feature maps.
"$DESCENT" --cnn --model cnn --epochs 1 --train --scale "$UI_SCALE" --size 1600x900 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
wait_for '^cnn-status finished' 3000
click cnn-tab-inside
click cnn-inside-maps
wait_for '^cnn-feature-layers 2' 100
shot maps
"$CHECK" "$OUT/maps.png" 0 0 1600 900 0 0 0 0 '#ffffff'
xdotool key --window "$WID" ctrl+q
wait "$APID"
APID=
echo "PASS: a drawn 1 reads as $GUESS and a drawn 0 as $GUESS0; screenshots in $OUT"
