#!/bin/bash
# tests/ui/hatching.sh DESCENT HATCH_CHECK OUTDIR — where f is undefined the
# surface is hatched, not painted a color of the colormap. Renders
# f = √x + y² (undefined for x < 0) in the view [−2, 2]² under a virtual
# display (xvfb-run) and checks, in pixels, that a patch of the left half is
# stripes and a patch of the right half is not.
set -uo pipefail
DESCENT=$1; CHECK=$2; OUT=$3
mkdir -p "$OUT"
cat >"$OUT/sqrt.json" <<'JSON'
{"format": "descent-experiment", "version": 1,
 "scene": {"formula": "sqrt(x)+y^2"},
 "view": {"x_min": -2, "x_max": 2, "y_min": -2, "y_max": 2},
 "start": [1.5, 1.5], "step": 10, "selected": 0,
 "runners": [{"optimizer": "sgd", "hyper": {"lr": 0.1}}]}
JSON
if ! "$DESCENT" --load "$OUT/sqrt.json" --size 1280x800 --log-actions --screenshot "$OUT/sqrt.png" >"$OUT/sqrt.log" 2>&1; then
  echo "FAIL: descent exited non-zero"; cat "$OUT/sqrt.log"; exit 1
fi
read -r X0 Y0 X1 Y1 < <(awk '/^surface-canvas/ {print $2, $3, $4, $5; exit}' "$OUT/sqrt.log")
[ -n "${Y1:-}" ] || { echo "FAIL: no surface-canvas in the log"; cat "$OUT/sqrt.log"; exit 1; }
# x = 0 is the canvas's middle column; the patches keep clear of it, of the
# legend (top left) and of the note under the stripes (bottom left).
W=$((X1 - X0)); H=$((Y1 - Y0))
TOP=$((Y0 + H / 4)); BOTTOM=$((Y0 + 3 * H / 4))
failed=0
"$CHECK" "$OUT/sqrt.png" $((X0 + W / 20)) "$TOP" $((X0 + 2 * W / 5)) "$BOTTOM" ||
  { echo "FAIL: the undefined half-plane x < 0 is not hatched"; failed=1; }
if "$CHECK" "$OUT/sqrt.png" $((X0 + 3 * W / 5)) "$TOP" $((X1 - W / 4)) "$BOTTOM"; then
  echo "FAIL: the defined half-plane x > 0 passes for hatched: the check proves nothing"; failed=1
fi
[ $failed = 0 ] && echo "PASS: undefined f is hatched, defined f is not"
exit $failed
