#!/bin/bash
# tests/ui/caption.sh DESCENT — a click on the preset's caption dismisses it,
# driven with xdotool under a virtual display (xvfb-run); the app logs the
# caption's rectangle (a zero box once dismissed) and the start point with
# --log-actions. The click must not reach the surface: the start stays.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
trap 'kill "$APID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $1, log:"; cat "$OUT/app.log"; exit 1; }
caption() { awk '$1 == "widget" && $2 == "caption" {r = $3 " " $4 " " $5 " " $6} END {print r}' "$OUT/app.log"; }
start_point() { grep '^start ' "$OUT/app.log" | tail -1; }
"$DESCENT" --preset bias-correction --size 1280x800 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
for _ in $(seq 100); do [ -n "$(caption)" ] && break; sleep 0.1; done
sleep 0.5
S0=$(start_point)
[ -n "$S0" ] || fail "no start point in the log"
read -r X0 Y0 X1 Y1 <<<"$(caption)"
[ $((X1 - X0)) -gt 100 ] && [ $((Y1 - Y0)) -gt 10 ] || fail "no caption shown ($X0 $Y0 $X1 $Y1)"

xdotool mousemove --window "$WID" $(((X0 + X1) / 2)) $(((Y0 + Y1) / 2)); sleep 0.3; xdotool click 1
for _ in $(seq 50); do [ "$(caption)" = "0 0 0 0" ] && break; sleep 0.1; done
[ "$(caption)" = "0 0 0 0" ] || fail "a click did not dismiss the caption ($(caption))"
sleep 0.3
[ "$(start_point)" = "$S0" ] || fail "the click on the caption moved the start ($S0 -> $(start_point))"
xdotool key --window "$WID" ctrl+q
wait "$APID"
echo "PASS: a click dismisses the preset's caption and leaves the start alone"
