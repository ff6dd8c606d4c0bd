#!/bin/bash
# tests/ui/surface_mouse.sh DESCENT — the surface view's mouse controls, driven
# with xdotool under a virtual display (xvfb-run). The app logs the canvas, the
# view window and the start point with --log-actions.
#  1. A click at the canvas centre moves the start there (the view's centre).
#  2. A drag of 120 pixels to the right pans the view left by 120 pixels' worth
#     of x, keeps its size, and leaves the start alone.
#  3. A wheel step up zooms in: the view shrinks to 0.85 of its width.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
trap 'kill "$APID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
"$DESCENT" --preset default --steps 0 --size 1280x800 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
for _ in $(seq 100); do grep -q '^widget surface-canvas' "$OUT/app.log" && break; sleep 0.1; done
last() { grep "^$1 " "$OUT/app.log" | tail -1 | cut -d' ' -f2-; }
read -r X0 Y0 X1 Y1 < <(grep '^widget surface-canvas ' "$OUT/app.log" | tail -1 | cut -d' ' -f3-)
CX=$(( (X0 + X1) / 2 )); CY=$(( (Y0 + Y1) / 2 ))
fail() { echo "FAIL: $1"; cat "$OUT/app.log"; exit 1; }
# check "expression in awk" "message": reads the view (a b c d) and start (s t)
check() {
  read -r A B C D <<<"$(last view)"; read -r S T <<<"$(last start)"
  awk -v a="$A" -v b="$B" -v c="$C" -v d="$D" -v s="$S" -v t="$T" "BEGIN { exit !($1) }"
}
wait_until() {  # wait_until "awk condition" "what"
  for _ in $(seq 50); do check "$1" && return 0; sleep 0.1; done
  fail "$2"
}
sleep 0.5
read -r VA VB VC VD <<<"$(last view)"
read -r S0 T0 <<<"$(last start)"

# 1. Click at the centre.
xdotool mousemove --window "$WID" "$CX" "$CY"; sleep 0.3; xdotool click 1
wait_until "(s - (a + b) / 2)^2 + (t - (c + d) / 2)^2 < 0.02^2 && (s != $S0 || t != $T0)" \
  "a click at the canvas centre did not move the start to the view's centre"
read -r S1 T1 <<<"$(last start)"

# 2. Drag 120 pixels right: x pans left by 120 pixels' worth; the start stays.
PPU=$(awk -v w=$((X1 - X0)) -v h=$((Y1 - Y0)) -v a="$VA" -v b="$VB" -v c="$VC" -v d="$VD" \
  'BEGIN { p = w / (b - a); q = h / (d - c); print (p < q ? p : q) }')
xdotool mousemove --window "$WID" "$CX" "$CY"; sleep 0.2
xdotool mousedown 1; sleep 0.2
for dx in 20 40 60 80 100 120; do xdotool mousemove --window "$WID" $((CX + dx)) "$CY"; sleep 0.1; done
sleep 0.2; xdotool mouseup 1
wait_until "a < $VA - 0.9 * 120 / $PPU && a > $VA - 1.1 * 120 / $PPU && (b - a) - ($VB - $VA) < 1e-9 && (b - a) - ($VB - $VA) > -1e-9 && s == $S1 && t == $T1" \
  "a drag of 120 px did not pan the view by 120 px (and only that)"
read -r VA VB VC VD <<<"$(last view)"

# 3. One wheel step up zooms in by 0.85.
xdotool mousemove --window "$WID" "$CX" "$CY"; sleep 0.2; xdotool click 4
wait_until "(b - a) / ($VB - $VA) > 0.849 && (b - a) / ($VB - $VA) < 0.851" "a wheel step did not zoom in to 0.85"
xdotool key --window "$WID" ctrl+q
wait "$APID" || true
echo "PASS: click sets the start, drag pans by the dragged pixels, the wheel zooms by 0.85"
