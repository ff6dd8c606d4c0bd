# tests/ui/driving.sh — sourced by the UI scripts that drive the app under a
# virtual display with xdotool and read what it logs with --log-actions.
#
# The script sets OUT, the folder the app's log goes to ($OUT/app.log), and
# APID once it starts the app, which is killed when the script ends.
# Sanitizer builds draw a frame in hundreds of milliseconds: every wait
# stretches by DESCENT_TIME_SCALE (1 otherwise), so that a press and the first
# move of a drag never fall into one frame.
SCALE=${DESCENT_TIME_SCALE:-1}
APID=
trap '[ -n "$APID" ] && kill "$APID" 2>/dev/null || true' EXIT
pause() { sleep "$(awk -v t="$1" -v s="$SCALE" 'BEGIN { print t * s }')"; }
log() { cat "$OUT/app.log"; }
fail() { echo "FAIL: $1, log:"; log; exit 1; }
wait_for() {  # wait_for PATTERN TENTHS: until a line of the log matches PATTERN
  for _ in $(seq $(($2 * SCALE))); do grep -q "$1" "$OUT/app.log" && return 0; sleep 0.1; done
  fail "no '$1' in the log"
}
