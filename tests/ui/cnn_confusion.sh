#!/bin/bash
# tests/ui/cnn_confusion.sh DESCENT OUTDIR [SCALE] — a click on a cell of the
# confusion matrix shows exactly that cell's images, under a virtual display
# (xvfb-run), with real mouse clicks (xdotool).
#  1. Trains a tiny race in the test (two optimizers, an MLP, one epoch on
#     the MNIST digits).
#  2. Takes the off-diagonal cell with the most images (the action log gives
#     each cell's rectangle and count), clicks it: the Inside tab opens on the
#     Misclassified gallery, filtered to that cell; the gallery shows as many
#     images as the cell counts, and every one of them is of that cell (its
#     true class and its guess).
#  3. Then a second cell, to see the filter follow the click; a screenshot of
#     the gallery into OUTDIR to look at.
set -euo pipefail
DESCENT=$1
OUT=$2
UI_SCALE=${3:-1}
mkdir -p "$OUT"
source "$(dirname "${BASH_SOURCE[0]}")/driving.sh"
last() {  # last NAME: the last value the log gave the fact NAME
  awk -v n="$1" '$1 == n {$1 = ""; v = substr($0, 2)} END {print v}' "$OUT/app.log"
}
# The off-diagonal cells, most images first: "R C N" per line (facts "cnn-cell-R-C N").
cells() {
  awk '$1 ~ /^cnn-cell-[0-9]+-[0-9]+$/ {split($1, p, "-"); n[p[3] " " p[4]] = $2}
       END {for (k in n) print k, n[k]}' "$OUT/app.log" | sort -k3,3nr -k1,1n -k2,2n
}
click_cell() {  # click_cell R C: the middle of the cell's last logged rectangle
  read -r BX BY < <(awk -v w="cnn-cell-$1-$2" '$1 == "widget" && $2 == w {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2)}
                                               END {print x, y}' "$OUT/app.log")
  [ -n "$BX" ] || fail "no rectangle for the cell ($1, $2)"
  xdotool mousemove --window "$WID" "$BX" "$BY"
  sleep 0.4
  xdotool click 1
}
# check_cell R C N: the gallery shows the N images of the cell, and only them.
check_cell() {
  for _ in $(seq $((100 * SCALE))); do
    [ "$(last cnn-gallery-filter)" = "$1 $2" ] && [ "$(last cnn-gallery)" = "$3" ] && break
    sleep 0.1
  done
  [ "$(last cnn-gallery-filter)" = "$1 $2" ] || fail "the gallery's filter is '$(last cnn-gallery-filter)', not '$1 $2'"
  [ "$(last cnn-gallery)" = "$3" ] || fail "the gallery shows $(last cnn-gallery) images, the cell ($1, $2) has $3"
  [ "$(last cnn-gallery-cells)" = "$1>$2" ] ||
    fail "the gallery's images are of the cells '$(last cnn-gallery-cells)', not only '$1>$2'"
}

"$DESCENT" --cnn --model mlp --epochs 1 --optimizer adam,sgd --race --train --scale "$UI_SCALE" --size 1600x900 \
  --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
wait_for '^cnn-status finished' 1500
wait_for '^widget cnn-cell-' 100
sleep 0.5
[ "$(cells | wc -l)" -ge 2 ] || fail "fewer than two off-diagonal cells with images"
read -r R C N < <(cells | head -1)
click_cell "$R" "$C"
check_cell "$R" "$C" "$N"
sleep 0.8
import -window root "$OUT/gallery-$R-$C.png"

# Another cell: back to the Results tab (two-column layouts share the tab bar), then click.
read -r R2 C2 N2 < <(cells | sed -n 2p)
read -r TX TY < <(awk '$1 == "widget" && $2 == "cnn-tab-results" {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2)} END {print x, y}' "$OUT/app.log")
xdotool mousemove --window "$WID" "$TX" "$TY"
sleep 0.3
xdotool click 1
sleep 0.8
click_cell "$R2" "$C2"
check_cell "$R2" "$C2" "$N2"
sleep 0.8
import -window root "$OUT/gallery-$R2-$C2.png"
xdotool key --window "$WID" ctrl+q
wait "$APID"
APID=
echo "PASS: the cell ($R, $C) showed its $N images, the cell ($R2, $C2) its $N2; screenshots in $OUT"
