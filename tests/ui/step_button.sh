#!/bin/bash
# tests/ui/step_button.sh DESCENT — drives real controls with xdotool.
# Run under a virtual display (xvfb-run). Clicks the timeline's step-forward
# button and checks the cursor moved 0 → 1; then → (step), ← (step back),
# and Esc (quit). The app logs its cursor with --log-actions.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
trap 'kill "$APID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
"$DESCENT" --preset default --steps 0 --size 1280x800 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
for _ in $(seq 100); do grep -q '^widget step-forward' "$OUT/app.log" && break; sleep 0.1; done
read -r X Y < <(awk '/^widget step-forward/ {print $3, $4; exit}' "$OUT/app.log")
wait_for() {  # wait_for "cursor N"
  for _ in $(seq 100); do [ "$(grep '^cursor' "$OUT/app.log" | tail -1)" = "$1" ] && return 0; sleep 0.1; done
  echo "FAIL: expected '$1', log:"; cat "$OUT/app.log"; return 1
}
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
sleep 0.5
xdotool key --window "$WID" Escape
for _ in $(seq 50); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$APID" 2>/dev/null; then echo "FAIL: Esc did not quit"; exit 1; fi
wait "$APID"
echo "PASS: step-forward button and keys move the timeline cursor (0 → 1 → 2 → 1 → 3 → 0)"
