#!/usr/bin/env bash
# tools/lab-rate.sh EXPERIMENT.json [STEPS_PER_SECOND] [SECONDS] — the lab's
# frame rate while it plays a saved experiment, as a person would see it.
#
# Starts the lab on the experiment (`descent --load`), presses Space, types
# the speed into the timeline's steps/s field (Ctrl-click, as a person does)
# and lets it play for SECONDS (default 20) at STEPS_PER_SECOND (default
# 200). Prints the frames drawn in each second, their median, and the steps
# each runner recorded per second. Needs a display: run it under
#   xvfb-run -a -s "-screen 0 1600x900x24" tools/lab-rate.sh race.json
# where race.json comes from `descent bench lab-network --save race.json --steps 1`.
# DESCENT (default build/lab/descent) is the binary.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
descent=${DESCENT:-$here/build/lab/descent}
[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
experiment=$1 speed=${2:-200} seconds=${3:-20}
[ -r "$experiment" ] || { echo "lab-rate: cannot read $experiment" >&2; exit 2; }
[ -n "${DISPLAY:-}" ] || { echo "lab-rate: no DISPLAY; run it under xvfb-run" >&2; exit 2; }

OUT=$(mktemp -d)
SCALE=1
source "$here/tests/ui/driving.sh"
"$descent" --load "$experiment" --size 1600x900 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 30 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
wait_for "^widget speed " 200
pause 2
center() {  # the middle of the widget named $1, from the log
  grep "^widget $1 " "$OUT/app.log" | tail -1 | awk '{ printf "%d %d\n", ($3 + $5) / 2, ($4 + $6) / 2 }'
}
# Slow frames lose quick clicks: every press and release is held a moment.
xdotool mousemove --window "$WID" 700 500
pause 0.3; xdotool keydown space; pause 0.3; xdotool keyup space
wait_for "^playing 1" 100
read -r sx sy < <(center speed)
xdotool mousemove --window "$WID" "$sx" "$sy" keydown ctrl
pause 0.3; xdotool mousedown 1; pause 0.3; xdotool mouseup 1; pause 0.3; xdotool keyup ctrl
pause 0.5
xdotool key --window "$WID" ctrl+a
xdotool type --window "$WID" "$speed"
xdotool key --window "$WID" Return
xdotool mousemove --window "$WID" 5 300
pause 2  # the new speed settles
from=$(wc -l <"$OUT/app.log")
t0=$(date +%s.%N)
sleep "$seconds"
t1=$(date +%s.%N)
tail -n +"$from" "$OUT/app.log" >"$OUT/window.log"
xdotool key --window "$WID" ctrl+q
wait "$APID" || true
APID=

grep '^frame-ms ' "$OUT/window.log" | awk '{ print $2 }' >"$OUT/fps"
[ -s "$OUT/fps" ] || { echo "lab-rate: the app logged no frames" >&2; exit 1; }
echo "frames in each second: $(tr '\n' ' ' <"$OUT/fps")"
echo "median: $(sort -n "$OUT/fps" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }') frames per second"
awk -v t0="$t0" -v t1="$t1" '/^recorded / { if (first == "") first = $2; last = $2 }
  END { printf "steps recorded per runner: %.0f per second\n", (last - first) / (t1 - t0) }' "$OUT/window.log"
rm -rf "$OUT"
