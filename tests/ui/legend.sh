#!/bin/bash
# tests/ui/legend.sh DESCENT — the surface's legend can be folded and moved,
# driven with xdotool under a virtual display (xvfb-run); the app logs the
# legend's rectangle and the start point with --log-actions.
#  1. A click on the legend folds it to one line (much smaller) and leaves the start alone.
#  2. A drag moves it by the dragged pixels, again without moving the start.
#  3. Another click unfolds it.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
source "$(dirname "${BASH_SOURCE[0]}")/driving.sh"
trap '{ [ -n "$APID" ] && kill "$APID" 2>/dev/null; } || true; rm -rf "$OUT"' EXIT
legend() { awk '$1 == "widget" && $2 == "legend" {r = $3 " " $4 " " $5 " " $6} END {print r}' "$OUT/app.log"; }
start_point() { grep '^start ' "$OUT/app.log" | tail -1; }
wait_change() {  # wait_change OLD: until the legend's rectangle differs from OLD
  for _ in $(seq $((50 * SCALE))); do [ "$(legend)" != "$1" ] && return 0; sleep 0.1; done
  fail "the legend did not change from $1"
}
"$DESCENT" --preset default --steps 30 --size 1280x800 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
for _ in $(seq $((100 * SCALE))); do [ -n "$(legend)" ] && break; sleep 0.1; done
pause 0.5
S0=$(start_point)
read -r X0 Y0 X1 Y1 <<<"$(legend)"
H0=$((Y1 - Y0))

# 1. Click: folded.
xdotool mousemove --window "$WID" $(((X0 + X1) / 2)) $(((Y0 + Y1) / 2)); pause 0.3; xdotool click 1
wait_change "$X0 $Y0 $X1 $Y1"
read -r A0 B0 A1 B1 <<<"$(legend)"
[ $((B1 - B0)) -lt $((H0 / 2)) ] || fail "a click did not fold the legend ($X0 $Y0 $X1 $Y1 -> $A0 $B0 $A1 $B1)"
[ "$(start_point)" = "$S0" ] || fail "a click on the legend moved the start"

# 2. Drag by (+200, +150): moved by that much.
CX=$(((A0 + A1) / 2)); CY=$(((B0 + B1) / 2))
xdotool mousemove --window "$WID" "$CX" "$CY"; pause 0.2
xdotool mousedown 1; pause 0.2
for k in 1 2 3 4 5; do xdotool mousemove --window "$WID" $((CX + 40 * k)) $((CY + 30 * k)); pause 0.1; done
pause 0.2; xdotool mouseup 1
wait_change "$A0 $B0 $A1 $B1"
pause 0.3
read -r C0 D0 C1 D1 <<<"$(legend)"
awk -v dx=$((C0 - A0)) -v dy=$((D0 - B0)) 'BEGIN { exit !(dx > 180 && dx < 220 && dy > 130 && dy < 170) }' ||
  fail "a drag of (200, 150) moved the legend by ($((C0 - A0)), $((D0 - B0)))"
[ "$(start_point)" = "$S0" ] || fail "a drag of the legend moved the start or the view"

# 3. Click again: unfolded, where it was moved to.
xdotool mousemove --window "$WID" $(((C0 + C1) / 2)) $(((D0 + D1) / 2)); pause 0.3; xdotool click 1
wait_change "$C0 $D0 $C1 $D1"
read -r E0 F0 E1 F1 <<<"$(legend)"
[ $((F1 - F0)) -eq "$H0" ] || fail "a second click did not unfold the legend"
xdotool key --window "$WID" ctrl+q
wait "$APID"
echo "PASS: the legend folds on a click, moves by a drag, unfolds, and the start stays"
