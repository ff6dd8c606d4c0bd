#!/bin/bash
# tests/ui/exports.sh DESCENT — exports from the File menu show the scene, not
# the menu they were started from. Driven with xdotool under a virtual display
# (xvfb-run); with --log-actions the app names the windows an export's frame
# drew ("capture-windows …") and the widgets' rectangles.
#  1. File > Export PNG writes a PNG at the window's size, drawn without menus or popups.
#  2. File > GIF writes animation.gif at the window's full size, also without them.
set -euo pipefail
DESCENT=$(realpath "$1")
OUT=$(mktemp -d)
trap 'kill "$APID" 2>/dev/null || true; rm -rf "$OUT"' EXIT
cd "$OUT"
fail() { echo "FAIL: $1, log:"; cat "$OUT/app.log"; exit 1; }
centre() {
  awk -v w="$1" '$1 == "widget" && $2 == w {x = int(($3 + $5) / 2); y = int(($4 + $6) / 2)} END {print x, y}' \
    "$OUT/app.log"
}
click() {
  for _ in $(seq 50); do grep -q "^widget $1 " "$OUT/app.log" && break; sleep 0.1; done
  read -r X Y < <(centre "$1")
  xdotool mousemove --window "$WID" "$X" "$Y"
  sleep 0.3
  xdotool click 1
  sleep 0.3
}
no_menus() {  # the last capture drew only the panes
  local line
  line=$(grep '^capture-windows' "$OUT/app.log" | tail -1)
  [ -n "$line" ] || fail "no export frame was drawn"
  grep -q 'Surface' <<<"$line" || fail "the export frame has no surface: $line"
  if grep -q '##MainMenuBar\|##Menu_\|##Combo_\|##Popup_\|##Tooltip_' <<<"$line"; then fail "the export drew a menu or popup: $line"; fi
}
# The width and height of a PNG (IHDR) or GIF (logical screen), from the header bytes.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $3 * 256 + $4, $7 * 256 + $8}'; }
gif_size() { od -An -tu1 -j6 -N4 "$1" | awk '{print $1 + 256 * $2, $3 + 256 * $4}'; }

"$DESCENT" --preset default --steps 12 --size 1280x800 --log-actions >"$OUT/app.log" 2>&1 &
APID=$!
WID=$(timeout 20 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
sleep 0.5
click menu-file
click export-png
for _ in $(seq 50); do [ -s descent.png ] && break; sleep 0.1; done
[ -s descent.png ] || fail "File > Export PNG wrote no descent.png"
[ "$(png_size descent.png)" = "1280 800" ] || fail "descent.png is $(png_size descent.png), not 1280 800"
no_menus
xdotool key --window "$WID" Escape
sleep 0.3
click menu-file
click export-gif
for _ in $(seq 300); do [ -s descent-frames/animation.gif ] && break; sleep 0.1; done
[ -s descent-frames/animation.gif ] || fail "File > GIF wrote no animation.gif"
[ "$(gif_size descent-frames/animation.gif)" = "1280 800" ] || fail "the GIF is $(gif_size descent-frames/animation.gif)"
no_menus
xdotool key --window "$WID" ctrl+q
wait "$APID"
echo "PASS: Export PNG and GIF (1280×800) draw the panes without menus or popups"
