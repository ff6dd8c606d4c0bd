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
echo "PASS"
