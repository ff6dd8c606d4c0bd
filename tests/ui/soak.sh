#!/bin/bash
# tests/ui/soak.sh DESCENT [SECONDS] [SEED] — the lab under abuse. Drives the
# window with xdotool for SECONDS (default 60; env SOAK_SECONDS, SOAK_SEED):
# random clicks, drags, scrolls and keys; preset and scene switches; absurd
# hyperparameters typed into the fields (lr 1e6, β = 1, ε = 0, negative,
# huge); formulas with poles and undefined regions; hostile experiment files
# loaded with --load and from the File menu. Run under a virtual display:
#   xvfb-run -a -s "-screen 0 1280x800x24" tests/ui/soak.sh build/lab/descent 60
# Long mode (10 minutes, the figures for a report):
#   SOAK_SECONDS=600 SOAK_FRAME_MS=50 xvfb-run -a -s "-screen 0 1280x800x24" tests/ui/soak.sh build/lab/descent
# The seed is printed first; the same seed replays the same actions (the
# app's timing may still differ). Keep the run's files with SOAK_KEEP=DIR.
#
# Checked:
#  - no crash: the window is alive at the end, Ctrl+Q exits 0, and stderr has
#    nothing that says abort, terminate, segfault or sanitizer;
#  - memory: VmRSS sampled every second; after the warm-up (the first 15 s,
#    which start at the history cap: 100,000 steps) it stays within 10% of
#    the warm-up's end;
#  - frame time: the app's "frame-ms FRAMES MEAN MAX" (--log-actions, one a
#    second) is always reported. With SOAK_FRAME_MS=50 (the long mode's
#    figure; not in CTest, where tests are never timed) it is also checked:
#    the mean of every second under the limit, and the max of every second
#    under it except for the seconds that carry out a heavy command (a
#    preset, scene or file that computes up to 100,000 steps);
#  - every diverged run flagged: the app logs "unflagged-diverged IDS" when a
#    runner shows NaN/Inf without the optimizers panel marking it; it must
#    stay "-".
set -uo pipefail
DESCENT=$(realpath "$1")
SECONDS_TOTAL=${2:-${SOAK_SECONDS:-60}}
SEED=${3:-${SOAK_SEED:-$(($(date +%s) % 100000))}}
WARMUP=15
echo "soak: seed $SEED, $SECONDS_TOTAL s (replay: SOAK_SEED=$SEED SOAK_SECONDS=$SECONDS_TOTAL $0 $1)"
RANDOM=$SEED

OUT=${SOAK_KEEP:-$(mktemp -d)}
mkdir -p "$OUT/hostile"
[ -n "${SOAK_KEEP:-}" ] || trap 'kill "$APID" 2>/dev/null; rm -rf "$OUT"' EXIT
cd "$OUT" || exit 1  # the File menu's saves and exports land here
LOG=$OUT/app.log ERR=$OUT/app.err
failed=0
fail() { echo "FAIL: $*"; failed=1; }
rnd() { echo $((RANDOM % $1)); }  # 0 … N−1
pick() { [ $# -gt 0 ] || return 1; shift $((RANDOM % $#)); echo "$1"; }

# ---- the hostile experiment files ------------------------------------------
exp() {  # exp NAME START VIEW STEP RUNNERS
  printf '{"format": "descent-experiment", "version": 1, "scene": {"surface": "rosenbrock"},\n' >"$OUT/hostile/$1.json"
  printf ' "view": %s, "start": %s, "step": %s, "selected": 0,\n "runners": %s}\n' "$3" "$2" "$4" "$5" \
    >>"$OUT/hostile/$1.json"
}
VIEW='{"x_min": -2, "x_max": 2, "y_min": -1, "y_max": 3}'
SGD='[{"optimizer": "sgd", "hyper": {"lr": 0.001}}]'
exp far-start '[1e10, 1e10]' "$VIEW" 100000 "$SGD"
exp far-view '[1e10, 1e10]' '{"x_min": -1e10, "x_max": 1e10, "y_min": -1e300, "y_max": 1e300}' 100000 "$SGD"
exp nan-start '[NaN, 0]' "$VIEW" 10 "$SGD"
exp inf-start '[1e999, -1e999]' "$VIEW" 10 "$SGD"
exp string-nan '["nan", "inf"]' "$VIEW" 10 "$SGD"
exp huge-step '[0, 0]' "$VIEW" 1e300 "$SGD"
exp negative-step '[0, 0]' "$VIEW" -5 "$SGD"
exp flat-view '[0, 0]' '{"x_min": 1, "x_max": 1, "y_min": 0, "y_max": 0}' 10 "$SGD"
exp lr-huge '[-1.5, 2]' "$VIEW" 100000 '[{"optimizer": "sgd", "hyper": {"lr": 1e308}}]'
exp diverge '[-1.5, 2]' "$VIEW" 200 '[{"optimizer": "sgd", "hyper": {"lr": 0.05}}, {"optimizer": "adam"}]'
exp long-start "[$(printf '0,%.0s' $(seq 100000))0]" "$VIEW" 10 "$SGD"
RUNNERS=$(printf '{"optimizer": "adam"},%.0s' $(seq 5000))
exp many-runners '[-1.5, 2]' "$VIEW" 100000 "[${RUNNERS%,}]"
python_like_big=$(head -c 3000000 /dev/zero | tr '\0' '1')
exp huge-number '[0, 0]' "$VIEW" "$python_like_big" "$SGD"
printf '{"format": "descent-experiment", "version": 1, "scene": {"formula": "1/x"}' >"$OUT/hostile/truncated.json"
printf '%s' "$(printf '[%.0s' $(seq 100000))" >"$OUT/hostile/deep.json"
HOSTILE=$(cd "$OUT/hostile" && ls)
# Files known to hang or exhaust memory: reported by the --load pass, left out
# of the window's loads (SOAK_KNOWN="NAME …"). None since experiment files are
# bounded (lab/model/experiment_io.hpp).
KNOWN=${SOAK_KNOWN-}

# ---- 1. each file with --load: a clean message or a window, never a signal --
# A sanitizer build reserves terabytes of address space for its shadow
# memory: there the limit is on the resident memory /usr/bin/time reports.
LIMIT_KB=4000000
if grep -qa __asan_init "$DESCENT" || grep -qa __tsan_init "$DESCENT"; then AS_LIMIT=unlimited; else AS_LIMIT=$LIMIT_KB; fi
echo "--load, each hostile file (30 s and 4 GB of memory at most):"
for f in $HOSTILE; do
  start=$(date +%s.%N)
  (ulimit -v "$AS_LIMIT"; exec /usr/bin/time -f '%M' -o "$OUT/load.rss" timeout 30 \
    "$DESCENT" --load "$OUT/hostile/$f" --size 1280x800 --screenshot "$OUT/load.png") >"$OUT/load.out" 2>"$OUT/load.err"
  rc=$?
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
  kb=$(tail -1 "$OUT/load.rss" 2>/dev/null)
  [[ "$kb" =~ ^[0-9]+$ ]] || kb=0
  msg=$(grep -v '^Command\|^[0-9]*$' "$OUT/load.err" | head -1 | cut -c1-150)
  printf '  %-18s exit %-3s %5s s %7s MB  %s\n' "$f" "$rc" "$secs" "$((${kb:-0} / 1024))" "$msg"
  [ "${kb:-0}" -le "$LIMIT_KB" ] || fail "--load $f: $((kb / 1024)) MB resident, over the 4 GB limit"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
    if [[ " $KNOWN " == *" $f "* ]]; then
      echo "  KNOWN: --load $f: exit $rc (listed in SOAK_KNOWN)"
    else
      fail "--load $f: exit $rc (a signal, a timeout or an error that is not bad input)"
    fi
  fi
  if grep -qiE 'sanitizer|abort|terminate called|segmentation|runtime error' "$OUT/load.err"; then
    fail "--load $f: $(head -3 "$OUT/load.err")"
  fi
done

# ---- 2. the window under random input -----------------------------------------
# Started at the history cap, so that the warm-up holds the largest histories.
"$DESCENT" --preset default --steps 100000 --size 1280x800 --log-actions >"$LOG" 2>"$ERR" &
APID=$!
WID=$(timeout 30 xdotool search --sync --onlyvisible --name '^Descent$' | head -1)
[ -n "$WID" ] || { echo "FAIL: no window"; cat "$ERR"; exit 1; }
for _ in $(seq 300); do grep -q '^widget add-optimizer' "$LOG" && break; sleep 0.1; done
T0=$(date +%s)

rect() { awk -v w="$1" '$1 == "widget" && $2 == w {r = $3 " " $4 " " $5 " " $6} END {print r}' "$LOG"; }
last() { awk -v k="$1" '$1 == k {v = $2} END {print v}' "$LOG"; }
names() { awk -v p="$1" '$1 == "widget" && index($2, p) == 1 {print $2}' "$LOG" | sort -u; }
alive() { kill -0 "$APID" 2>/dev/null; }
click_at() { xdotool mousemove --window "$WID" "$1" "$2" click "${3:-1}"; }
click() {  # click WIDGET: its centre (returns 1 when the log has had no such widget for 5 s)
  local r
  for _ in $(seq 50); do r=$(rect "$1"); [ -n "$r" ] && break; sleep 0.1; done
  [ -n "$r" ] || return 1
  read -r x0 y0 x1 y1 <<<"$r"
  click_at $(((${x0%.*} + ${x1%.*}) / 2)) $(((${y0%.*} + ${y1%.*}) / 2))
  sleep 0.15
}
close_popups() {  # a random click must not land on File > Quit
  [ "$(last popup-open)" = 1 ] && xdotool key --window "$WID" Escape && sleep 0.1
  return 0
}
open_menu() {  # open_menu WIDGET: click it, wait for the popup (a frame can take seconds here)
  click "$1" || return 1
  for _ in $(seq 50); do [ "$(last popup-open)" = 1 ] && return 0; sleep 0.1; done
  return 1
}
press() {  # press KEYS: held across a frame or two (ImGui 1.86 loses a press and release within one frame)
  xdotool keydown --window "$WID" "$1"
  sleep 0.4
  xdotool keyup --window "$WID" "$1"
}
type_into() {  # type_into WIDGET TEXT [ENTER]: select all, type, Enter
  click "$1" || return 1
  press ctrl+a
  xdotool type --window "$WID" --delay 5 -- "$2"
  [ "${3:-}" = enter ] && press Return
  sleep 0.1
}
W=1280 H=800
RSS_FILE=$OUT/rss.tsv; : >"$RSS_FILE"
ACTION_LOG=$OUT/actions.log; : >"$ACTION_LOG"  # "UNIX_S ACTION", one line per action
ACTIONS=0; HEAVY=0
declare -A DID
sample_rss() {
  local kb; kb=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$APID/status" 2>/dev/null)
  [ -n "$kb" ] && echo "$(($(date +%s) - T0)) $kb" >>"$RSS_FILE"
}
FORMULAS=('1/x' 'log(x)' 'sqrt(-x^2-1)' 'x^1000' '1/(x^2+y^2)' 'log(-x^2)' 'tan(x)*y' 'exp(exp(x))' '0/0'
  'x^(-1000)' '1/0' 'asin(2+x)' 'x^2+y^2' '(x' '' 'sin(x)*cos(y) + 0.1*(x^2+y^2)')
VALUES=(1e6 1 0 -1 -1e6 1e308 1e-308 nan inf -inf 1e999 0.999999 abc '' 1e6 1)

# First a run that diverges for sure (SGD, ε = 0.05 on Rosenbrock), from the File menu.
# (Tried again while a loaded machine drops the clicks.)
for _ in 1 2 3; do
  close_popups
  open_menu menu-file && type_into exp-field "$OUT/hostile/diverge.json" && click exp-load && HEAVY=$((HEAVY + 1))
  for _ in $(seq 100); do grep -q '^flagged-runners [1-9]' "$LOG" && break 2; sleep 0.1; done
done
next_sample=0
while [ $(($(date +%s) - T0)) -lt "$SECONDS_TOTAL" ]; do
  alive || break
  now=$(($(date +%s) - T0))
  if [ "$now" -ge "$next_sample" ]; then sample_rss; next_sample=$((now + 1)); fi
  action=$(pick click click click drag drag scroll key key key play preset scene formula hyper hyper load)
  echo "$(date +%s.%N) $action" >>"$ACTION_LOG"
  case $action in
    click)
      close_popups
      click_at $((RANDOM % W)) $((30 + RANDOM % (H - 30))) "$(pick 1 1 1 3)"
      ;;
    drag)
      close_popups
      xdotool mousemove --window "$WID" $((RANDOM % W)) $((30 + RANDOM % (H - 30))) mousedown 1
      for _ in 1 2 3; do xdotool mousemove --window "$WID" $((RANDOM % W)) $((30 + RANDOM % (H - 30))); sleep 0.03; done
      xdotool mouseup 1
      ;;
    scroll)
      close_popups
      xdotool mousemove --window "$WID" $((RANDOM % W)) $((30 + RANDOM % (H - 30))) click --repeat $((1 + RANDOM % 5)) "$(pick 4 5)"
      ;;
    key)
      close_popups
      xdotool key --window "$WID" "$(pick space Right Left Home r 3 Escape Tab Return Up Down BackSpace Delete 1 0 e minus ctrl+z F11)"
      ;;
    play)  # long playback at top speed: histories grow to the cap
      xdotool key --window "$WID" space
      ;;
    preset)
      close_popups
      open_menu menu-presets && p=$(pick $(names preset-)) && [ -n "$p" ] && click "$p" && HEAVY=$((HEAVY + 1))
      DID[preset]=$((${DID[preset]:-0} + 1))
      ;;
    scene)
      close_popups
      open_menu menu-scene && s=$(pick $(names scene-)) && [ -n "$s" ] && click "$s" && HEAVY=$((HEAVY + 1))
      DID[scene]=$((${DID[scene]:-0} + 1))
      ;;
    formula)
      close_popups
      f=${FORMULAS[$((RANDOM % ${#FORMULAS[@]}))]}
      open_menu menu-scene && type_into formula-field "$f" && click formula-button && HEAVY=$((HEAVY + 1))
      DID[formula]=$((${DID[formula]:-0} + 1))
      ;;
    hyper)  # the selected runner's typed fields
      close_popups
      h=$(pick $(names hyper-))
      [ -n "$h" ] && type_into "$h" "${VALUES[$((RANDOM % ${#VALUES[@]}))]}" enter
      DID[hyper]=$((${DID[hyper]:-0} + 1))
      ;;
    load)
      close_popups
      f=$(pick $HOSTILE far-start.json far-start.json far-view.json lr-huge.json)
      [[ " $KNOWN " == *" $f "* ]] && f=far-start.json
      f=hostile/$f
      open_menu menu-file && type_into exp-field "$OUT/$f" && click exp-load && HEAVY=$((HEAVY + 1))
      DID[load]=$((${DID[load]:-0} + 1))
      ;;
  esac
  ACTIONS=$((ACTIONS + 1))
  sleep 0.0$((RANDOM % 10))
done
sample_rss

# ---- 3. quit, then the checks ---------------------------------------------------
if alive; then
  xdotool key --window "$WID" Escape
  sleep 0.2
  xdotool key --window "$WID" ctrl+q
  for _ in $(seq 100); do alive || break; sleep 0.1; done
  if alive; then
    fail "Ctrl+Q did not quit within 10 s"
    kill -9 "$APID"
  fi
  wait "$APID"; rc=$?
  [ "$rc" = 0 ] || fail "the clean quit exited $rc"
else
  wait "$APID"; rc=$?
  fail "the window died during the soak (exit $rc) after $ACTIONS actions"
fi
if grep -qiE 'sanitizer|abort|terminate called|segmentation|runtime error|stack-overflow' "$ERR"; then
  fail "stderr: $(grep -iE 'sanitizer|abort|terminate|segmentation|runtime error|overflow' "$ERR" | head -3)"
fi

elapsed=$(tail -1 "$RSS_FILE" | cut -d' ' -f1)
echo "actions: $ACTIONS in ${elapsed:-?} s (presets ${DID[preset]:-0}, scenes ${DID[scene]:-0}," \
  "formulas ${DID[formula]:-0}, hyperparameters typed ${DID[hyper]:-0}, files loaded ${DID[load]:-0})"
# Memory: the warm-up's end against everything after it.
read -r rss_start rss_end rss_max rss_base < <(awk -v w="$WARMUP" '
  NR == 1 {first = $2} {last = $2}
  $1 <= w {base = $2}
  $1 > w && $2 > max {max = $2}
  END {print first, last, max, base}' "$RSS_FILE")
echo "RSS: start $((rss_start / 1024)) MB, after warm-up $((${rss_base:-0} / 1024)) MB, end $((rss_end / 1024)) MB," \
  "max after warm-up $((${rss_max:-0} / 1024)) MB"
if [ -n "$rss_base" ] && [ "${rss_max:-0}" -gt 0 ]; then
  awk -v b="$rss_base" -v e="$rss_end" 'BEGIN {exit !(e <= 1.1 * b)}' ||
    fail "RSS grew more than 10% after the warm-up: $((rss_base / 1024)) MB → $((rss_end / 1024)) MB (samples in $RSS_FILE)"
fi
# Frame time.
awk -v heavy="$HEAVY" -v limit="${SOAK_FRAME_MS:-}" '
  $1 == "frame-ms" {n += $2; sum += $2 * $3; if ($4 > max) max = $4; if ($3 > mean_max) mean_max = $3; if ($4 >= (limit == "" ? 50 : limit)) slow++; secs++}
  END {
    printf "frame time: %d frames, mean %.2f ms, max %.1f ms, worst second mean %.2f ms; %d of %d seconds had a frame over %d ms (%d heavy commands)\n",
      n, n ? sum / n : 0, max, mean_max, slow, secs, limit == "" ? 50 : limit, heavy
    exit !(n > 0 && (limit == "" || (mean_max < limit && slow <= heavy)))
  }' "$LOG" || fail "frame time: no frames logged, or a second with a mean over ${SOAK_FRAME_MS} ms, or more slow seconds than heavy commands"
# The slow frames ("slow-frame UNIX_S MS update U build B render R swap S
# commands C") against the action that started last before each: where the
# time goes, and after which kind of action.
awk 'FNR == NR {t[++n] = $1; a[n] = $2; next}
  $1 == "slow-frame" {
    k = "start"; for (i = n; i >= 1; --i) if (t[i] <= $2) {k = a[i]; break}
    c[k]++; ms[k] += $3; tot++
    # the phase that took most of the frame
    p = "update"; v = $5; if ($7 > v) {p = "build"; v = $7} if ($9 > v) {p = "render"; v = $9}
    if ($11 > v) {p = "swap"; v = $11} if ($13 > v) {p = "commands"; v = $13}
    ph[k " " p]++
  }
  END {
    if (!tot) {print "slow frames (50 ms or more): none"; exit}
    printf "slow frames (50 ms or more): %d; by the action before them (frames, mean ms, longest phase):\n", tot
    for (k in c) {
      s = ""; for (q in ph) {split(q, w, " "); if (w[1] == k) s = s " " w[2] "=" ph[q]}
      printf "  %-8s %5d %7.1f %s\n", k, c[k], ms[k] / c[k], s
    }
  }' "$ACTION_LOG" "$LOG"
# Divergence flags.
bad=$(awk '$1 == "unflagged-diverged" && $2 != "-" {print $2}' "$LOG" | sort -u | tr '\n' ' ')
[ -z "$bad" ] || fail "runners showing NaN/Inf without a diverged mark (ids): $bad"
grep -q '^flagged-runners [1-9]' "$LOG" || fail "no run was ever marked diverged: the check had nothing to check"
echo "diverged runs: at most $(awk '$1 == "flagged-runners" && $2 > m {m = $2} END {print m + 0}' "$LOG") marked at once," \
  "$(awk '$1 == "flagged-runners" && $2 > p {n++} $1 == "flagged-runners" {p = $2} END {print n + 0}' "$LOG") times a new mark; unmarked: ${bad:-none}"
[ $failed = 0 ] && echo "PASS: soak of $SECONDS_TOTAL s, seed $SEED"
[ $failed = 0 ] || echo "seed $SEED; the run's files: ${SOAK_KEEP:-rerun with SOAK_KEEP=DIR}"
exit $failed
