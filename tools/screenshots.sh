#!/usr/bin/env bash
# tools/screenshots.sh — remake every screenshot README.md shows, headless.
#
#   tools/screenshots.sh [BUILD_DIR]      (default: build)
#
# Each preset at its own step count, at UI scale 1 and 2 (a projector), the
# quasi-newton inspector at step 8, and the CNN trainer after a short run at
# both scales. Runs under a virtual 1600×900 display; the CNN shots train for
# real, so the whole script takes a few minutes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}
descent=$build/lab/descent
out=$here/docs/screenshots
mkdir -p "$out/presets"
shot() {  # shot OUT.png ARGS...
  local png=$1
  shift
  xvfb-run -a -s "-screen 0 1600x900x24" "$descent" "$@" --screenshot "$png" >/dev/null
  echo "wrote ${png#$here/}"
}
for preset in $("$descent" --list-presets | awk '{print $1}'); do
  shot "$out/presets/$preset.png" --preset "$preset"
  shot "$out/presets/$preset@2.png" --preset "$preset" --scale 2
done
shot "$out/default.png" --preset default
shot "$out/default@2.png" --preset default --scale 2
shot "$out/quasi-newton-step8.png" --preset quasi-newton --steps 8 --select 0
shot "$out/cnn-trainer.png" --cnn --data fashion --epochs 3 --train
shot "$out/cnn-trainer@2.png" --cnn --data fashion --epochs 1 --train --scale 2
shot "$out/cnn-compare.png" --cnn --model mlp --epochs 3 --optimizer sgd,momentum,rmsprop,adam --lr 0.01 --train
