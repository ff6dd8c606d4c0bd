#!/usr/bin/env bash
# tools/check-format.sh [CLANG_FORMAT] — fails, naming the files, when any C++
# source differs from what .clang-format asks for. `clang-format -i FILE` fixes one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool=${1:-clang-format}
bad=()
while IFS= read -r -d '' f; do
  "$tool" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(find optim scenes nn lab tests -name '*.cpp' -print0 -o -name '*.hpp' -print0)
if ((${#bad[@]})); then
  echo "not clang-formatted (run clang-format -i on them):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "all sources clang-formatted"
