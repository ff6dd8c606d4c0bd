#!/usr/bin/env bash
# tools/golden/regenerate.sh — rebuild every committed golden file from its
# independent reference (PyTorch, SciPy, AdaBelief's authors' code). Uses
# Debian's Python, which sees python3-torch and python3-scipy (a python3
# earlier on PATH may not). torch_first_order.py reads AdaBelief from a clone
# of github.com/juntang-zhuang/Adabelief-Optimizer: set ADABELIEF_GIT to its
# git directory. The small networks' goldens (network/make_golden.py) run
# `descent trace --network`: build it first, or set DESCENT to its path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
PY=/usr/bin/python3
for script in *.py; do
  [ "$script" = common.py ] && continue  # shared definitions, not a generator
  echo "== $script"
  "$PY" "$script"
done
echo "== network/make_golden.py"
"$PY" network/make_golden.py ${DESCENT:+"$DESCENT"}
