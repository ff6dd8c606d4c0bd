#!/bin/bash
# tests/ui/own_points.sh DESCENT — clicks on a network scene's boundaries
# panel add training points, driven with xdotool under a virtual display
# (xvfb-run); the app logs the panels' rectangles and the training points'
# count with --log-actions. Two clicks inside the first panel: two more points.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
source "$(dirname "${BASH_SOURCE[0]}")/driving.sh"
trap '{ [ -n "$APID" ] && kill "$APID" 2>/dev/null; } || true; rm -rf "$OUT"' EXIT
panel() { awk '$1 == "widget" && $2 == "regions-1" {r = $3 " " $4 " " $5 " " $6} END {print r}' "$OUT/app.log"; }
points() { awk '$1 == "network-train-points" {n = $2} END {print n}' "$OUT/app.log"; }
wait_points() {  # wait_points N: until the log shows N training points
  for _ in $(seq $((100 * SCALE))); do [ "$(points)" = "$1" ] && return 0; sleep 0.1; done
  fail "the point count stayed at $(points), expected $1"
}
"$DESCENT" --preset net-mini-batch --steps 50 --size 1280x800 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
for _ in $(seq $((100 * SCALE))); do [ -n "$(panel)" ] && [ -n "$(points)" ] && break; sleep 0.1; done
pause 0.5
N0=$(points)
[ -n "$N0" ] || fail "no point count in the log"
read -r X0 Y0 X1 Y1 <<<"$(panel)"
[ $((X1 - X0)) -gt 60 ] && [ $((Y1 - Y0)) -gt 60 ] || fail "no boundaries panel shown ($X0 $Y0 $X1 $Y1)"

xdotool mousemove --window "$WID" $((X0 + (X1 - X0) / 3)) $((Y0 + (Y1 - Y0) / 3)); pause 0.3; xdotool click 1
wait_points $((N0 + 1))
pause 0.3
xdotool mousemove --window "$WID" $((X0 + 2 * (X1 - X0) / 3)) $((Y0 + 2 * (Y1 - Y0) / 3)); pause 0.3; xdotool click 1
wait_points $((N0 + 2))
[ "$(grep '^cursor ' "$OUT/app.log" | tail -1)" = "cursor 50" ] || fail "the cursor left step 50"
xdotool key --window "$WID" ctrl+q
wait "$APID"
echo "PASS: two clicks on the boundaries panel add two training points ($N0 -> $(points))"
