#!/bin/bash
# tests/ui/no_display.sh DESCENT — without a display, descent must exit
# non-zero with a message that points to xvfb-run and the headless
# subcommands, never a bare GLFW error.
set -uo pipefail
DESCENT=$1
err=$(env -u DISPLAY -u WAYLAND_DISPLAY "$DESCENT" --preset default 2>&1 >/dev/null)
rc=$?
echo "$err"
[ "$rc" -ne 0 ] || { echo "FAIL: exit code 0 without a display"; exit 1; }
grep -q "xvfb-run" <<<"$err" || { echo "FAIL: no pointer to xvfb-run"; exit 1; }
grep -q "descent trace" <<<"$err" || { echo "FAIL: no pointer to the headless subcommands"; exit 1; }
if grep -q "^GLFW error" <<<"$err"; then echo "FAIL: a bare GLFW error"; exit 1; fi
# A bad option is a usage error (2), checked before any window.
env -u DISPLAY "$DESCENT" --preset no-such-preset >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: an unknown preset should exit 2"; exit 1; }
# So is an experiment file that cannot be loaded: one line, exit 2.
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
for text in '{"format": "descent-experiment", "version": 1, "start": [NaN' \
            '{"format": "descent-experiment", "version": 1, "scene": {"surface": "rosenbrock"}, "view": {"x_min": 1, "x_max": 1, "y_min": 0, "y_max": 0}, "start": [0, 0], "runners": []}'; do
  printf '%s' "$text" >"$bad"
  err=$(env -u DISPLAY "$DESCENT" --load "$bad" 2>&1 >/dev/null)
  rc=$?
  [ $rc -eq 2 ] || { echo "FAIL: a malformed experiment file should exit 2, got $rc: $err"; exit 1; }
  [ "$(wc -l <<<"$err")" = 1 ] || { echo "FAIL: not one line: $err"; exit 1; }
done
env -u DISPLAY "$DESCENT" --load /nonexistent/experiment.json >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: a missing experiment file should exit 2"; exit 1; }
echo "PASS"
