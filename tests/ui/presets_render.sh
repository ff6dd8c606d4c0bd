#!/bin/bash
# tests/ui/presets_render.sh DESCENT IMAGE_CHECK OUTDIR
# Renders every preset (descent --list-presets) to PNG under a virtual display
# and checks each image: not blank, and exactly the expected trajectory colors
# (the app prints the surface canvas and every runner's color). A network
# preset (net-…) has no surface canvas yet: it must render, and name its runners.
set -uo pipefail
DESCENT=$1; CHECK=$2; OUT=$3
mkdir -p "$OUT"
PALETTE="#e69f00 #56b4e9 #009e73 #f0e442 #a08cff #cc79a7 #882255 #0072b2 #999933 #ddcc77 #aa4499 #117733"
failed=0; count=0
for preset in $("$DESCENT" --list-presets | awk '{print $1}'); do
  count=$((count + 1))
  log="$OUT/$preset.log"
  if ! "$DESCENT" --preset "$preset" --screenshot "$OUT/$preset.png" --size 1600x900 >"$log" 2>&1; then
    echo "FAIL $preset: descent exited non-zero"; cat "$log"; failed=1; continue
  fi
  if [[ $preset == net-* ]]; then
    if [ ! -s "$OUT/$preset.png" ] || ! grep -q '^runner .* on ' "$log"; then echo "FAIL $preset: no image or runners"; failed=1; fi
    continue
  fi
  read -r X0 Y0 X1 Y1 < <(awk '/^surface-canvas/ {print $2, $3, $4, $5}' "$log")
  read -r LX0 LY0 LX1 LY1 < <(awk '/^legend/ {print $2, $3, $4, $5}' "$log")
  used=$(awk '/^runner / && $3 == "on" {print $2}' "$log" | sort -u)
  unused=""
  for c in $PALETTE; do grep -qx "$c" <<<"$used" || unused="$unused $c"; done
  # shellcheck disable=SC2086
  if ! "$CHECK" "$OUT/$preset.png" "$X0" "$Y0" "$X1" "$Y1" "$LX0" "$LY0" "$LX1" "$LY1" $used -- $unused; then
    echo "FAIL $preset"; failed=1
  fi
done
[ "$count" -ge 9 ] || { echo "FAIL: only $count presets listed"; failed=1; }
exit $failed
