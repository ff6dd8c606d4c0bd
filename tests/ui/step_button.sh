#!/bin/bash
# tests/ui/step_button.sh DESCENT — the timeline's controls, driven with
# xdotool under a virtual display (xvfb-run). The app logs its cursor, the
# scrub bar's range and the widgets' rectangles with --log-actions.
#  1. The "+1 ▶" button moves the cursor 0 → 1 → 2; ← and → step; Home goes to 0.
#  2. The scrub bar spans exactly the recorded steps: at "--steps 8" its range
#     is 0 … 8, and a click at its middle lands on step 4.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
trap 'kill "$APID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $1, log:"; cat "$OUT/app.log"; exit 1; }
centre() {  # centre WIDGET: the middle of its last logged rectangle
  awk -v w="$1" '$1 == "widget" && $2 == w {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2)} END {print x, y}' \
    "$OUT/app.log"
}
wait_for() {  # wait_for "cursor N"
  for _ in $(seq 100); do [ "$(grep '^cursor' "$OUT/app.log" | tail -1)" = "$1" ] && return 0; sleep 0.1; done
  fail "expected '$1'"
}
start() {
  "$DESCENT" --preset default --size 1280x800 --log-actions "$@" >"$OUT/app.log" 2>&1 &
  APID=$!
  WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
  for _ in $(seq 100); do grep -q '^widget step-forward' "$OUT/app.log" && break; sleep 0.1; done
}
quit() {
  xdotool key --window "$WID" ctrl+q
  for _ in $(seq 50); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$APID" 2>/dev/null; then fail "Ctrl+Q did not quit"; fi
  wait "$APID"
}

# 1. Buttons and keys.
start --steps 0
read -r X Y < <(centre step-forward)
wait_for "cursor 0"
sleep 0.5
# Move first, then click: ImGui 1.86 (no input queue) needs a frame between.
xdotool mousemove --window "$WID" "$X" "$Y"
sleep 0.3
xdotool click 1
wait_for "cursor 1"
sleep 0.3
xdotool click 1
wait_for "cursor 2"
xdotool key --window "$WID" Left
wait_for "cursor 1"
xdotool key --window "$WID" Right
xdotool key --window "$WID" Right
wait_for "cursor 3"
xdotool key --window "$WID" Home
wait_for "cursor 0"
sleep 0.3
quit

# 2. The scrub bar's range is the recorded steps.
start --steps 8
wait_for "cursor 8"
sleep 0.3
[ "$(grep '^scrub-range' "$OUT/app.log" | tail -1)" = "scrub-range 0 8" ] || fail "the scrub bar does not span 0 … 8"
read -r X Y < <(centre scrub)
xdotool mousemove --window "$WID" "$X" "$Y"
sleep 0.3
xdotool click 1
wait_for "cursor 4"
sleep 0.3
quit
echo "PASS: +1 ▶ and the keys move the cursor (0 → 1 → 2 → 1 → 3 → 0); the scrub bar spans 0 … 8"
