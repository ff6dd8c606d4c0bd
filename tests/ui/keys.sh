#!/bin/bash
# tests/ui/keys.sh DESCENT — nothing a teacher presses ends the show. Driven
# with xdotool under a virtual display (xvfb-run); the app logs its state
# (popup-open, view-3d, cursor, playing, recorded) with --log-actions.
#  1. Esc closes the "+ Add optimizer…" list and the File menu, and the window stays.
#  2. "3", the View menu's shortcut, toggles the 3-D view.
#  3. With every runner diverged, playback stops at the last recorded step.
#  4. Ctrl+Q quits.
set -euo pipefail
DESCENT=$1
OUT=$(mktemp -d)
trap 'kill "$APID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $1, log:"; cat "$OUT/app.log"; exit 1; }
centre() {
  awk -v w="$1" '$1 == "widget" && $2 == w {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2)} END {print x, y}' \
    "$OUT/app.log"
}
last() { grep "^$1 " "$OUT/app.log" | tail -1 | cut -d' ' -f2-; }
wait_until() {  # wait_until NAME VALUE
  for _ in $(seq 100); do [ "$(last "$1")" = "$2" ] && return 0; sleep 0.1; done
  fail "expected '$1 $2'"
}
alive() { kill -0 "$APID" 2>/dev/null || fail "the window closed"; }
click() {
  read -r X Y < <(centre "$1")
  xdotool mousemove --window "$WID" "$X" "$Y"
  sleep 0.3
  xdotool click 1
}
start() {
  "$DESCENT" --size 1280x800 --log-actions "$@" >"$OUT/app.log" 2>&1 &
  APID=$!
  WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
  for _ in $(seq 100); do grep -q '^widget add-optimizer' "$OUT/app.log" && break; sleep 0.1; done
  sleep 0.5
}
quit() {
  xdotool key --window "$WID" ctrl+q
  for _ in $(seq 50); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$APID" 2>/dev/null; then fail "Ctrl+Q did not quit"; fi
  wait "$APID"
}

start --preset default --steps 20
# 1. Esc closes popups, and only them.
click add-optimizer
wait_until popup-open 1
xdotool key --window "$WID" Escape
wait_until popup-open 0
sleep 0.5
alive
click menu-file
wait_until popup-open 1
xdotool key --window "$WID" Escape
wait_until popup-open 0
xdotool key --window "$WID" Escape
sleep 0.5
alive
# 2. "3" toggles the 3-D view, as the View menu says.
xdotool mousemove --window "$WID" 5 5
sleep 0.2
xdotool key --window "$WID" 3
wait_until view-3d 1
xdotool key --window "$WID" 3
wait_until view-3d 0
quit

# 3. Every runner diverges (SGD with ε = 0.05 on Rosenbrock): playback ends at the last recorded step.
cat >"$OUT/diverge.json" <<'JSON'
{"format": "descent-experiment", "version": 1, "scene": {"surface": "rosenbrock"},
 "view": {"x_min": -2, "x_max": 2, "y_min": -1, "y_max": 3}, "start": [-1.5, 2], "step": 0, "selected": 0,
 "runners": [{"optimizer": "sgd", "hyper": {"lr": 0.05}}]}
JSON
start --load "$OUT/diverge.json"
xdotool key --window "$WID" space
# (A slow frame may play every step at once: "playing 1" need not show.)
for _ in $(seq 100); do [ "$(last cursor)" != 0 ] && break; sleep 0.1; done
[ "$(last cursor)" != 0 ] || fail "space did not play"
sleep 1
wait_until playing 0
REC=$(last recorded)
CUR=$(last cursor)
[ "$REC" -gt 0 ] && [ "$REC" -lt 1000 ] || fail "the runner did not diverge early (recorded $REC)"
[ "$CUR" = "$REC" ] || fail "playback stopped at step $CUR of $REC"
quit
echo "PASS: Esc closes popups only, 3 toggles the 3-D view, playback stops at step $REC of $REC, Ctrl+Q quits"
