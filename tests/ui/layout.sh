#!/bin/bash
# tests/ui/layout.sh DESCENT OUTDIR — projector-safe layout: every preset at UI
# scales 1, 1.5, 2 and 2.5 (1600×900), checked on the widget rectangles the
# app writes to its layout log with --screenshot (no pixels). Fails when a
# known overlap comes back:
#   - the legend over the start marker, the color bar or the preset's caption;
#   - the scene's title in the menu bar over the menus;
#   - an inspector value wider than its column (clipped);
#   - a surface view below its minimum size (55% of the width, 45% of the height).
# Run under a virtual display (xvfb-run).
set -uo pipefail
DESCENT=$1; OUT=$2
mkdir -p "$OUT"
failed=0; count=0
rect() { awk -v w="$2" '$1 == "widget" && $2 == w {print $3, $4, $5, $6; exit}' "$1"; }
overlap() {  # overlap "x0 y0 x1 y1" "x0 y0 x1 y1": true when both exist and intersect
  [ -n "$1" ] && [ -n "$2" ] || return 1
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, p); split(b, q); exit !(p[1] < q[3] && q[1] < p[3] && p[2] < q[4] && q[2] < p[4]) }'
}
for preset in $("$DESCENT" --list-presets | awk '{print $1}'); do
  for scale in 1 1.5 2 2.5; do
    count=$((count + 1))
    name="$preset@$scale"; log="$OUT/$name.log"
    if ! "$DESCENT" --preset "$preset" --scale "$scale" --size 1600x900 --screenshot "$OUT/$name.png" >"$log" 2>&1; then
      echo "FAIL $name: descent exited non-zero"; cat "$log"; failed=1; continue
    fi
    legend=$(rect "$log" legend); start=$(rect "$log" start-marker); bar=$(rect "$log" colorbar)
    menus=$(rect "$log" menus); title=$(rect "$log" scene-title); canvas=$(awk '$1 == "surface-canvas" {print $2, $3, $4, $5; exit}' "$log")
    surface=1; [[ $preset == net-* ]] && surface=0  # a network preset has no surface view (nor its legend) yet
    [ -n "$legend" ] || [ $surface = 0 ] || { echo "FAIL $name: no legend in the layout log"; failed=1; }
    if overlap "$legend" "$start"; then echo "FAIL $name: the legend ($legend) covers the start ($start)"; failed=1; fi
    if overlap "$legend" "$bar"; then echo "FAIL $name: the legend ($legend) covers the color bar ($bar)"; failed=1; fi
    caption=$(rect "$log" caption)
    if overlap "$legend" "$caption"; then echo "FAIL $name: the legend ($legend) covers the caption ($caption)"; failed=1; fi
    if overlap "$title" "$menus"; then echo "FAIL $name: the title ($title) covers the menus ($menus)"; failed=1; fi
    clipped=$(awk '$1 == "inspector-clipped" {print $2}' "$log")
    [ "$clipped" = 0 ] || { echo "FAIL $name: $clipped inspector value(s) clipped"; failed=1; }
    [ $surface = 0 ] || awk -v c="$canvas" 'BEGIN { split(c, p); exit !(p[3] - p[1] >= 0.55 * 1600 - 1 && p[4] - p[2] >= 0.45 * 900) }' ||
      { echo "FAIL $name: the surface view ($canvas) is below its minimum size"; failed=1; }
  done
done
[ "$count" -ge 36 ] || { echo "FAIL: only $count renders"; failed=1; }
[ $failed = 0 ] && echo "PASS: $count renders (every preset at 1, 1.5, 2, 2.5) free of the known overlaps"
exit $failed
