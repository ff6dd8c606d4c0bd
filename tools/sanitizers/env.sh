# tools/sanitizers/env.sh — source it before running a sanitizer build's tests
# (tools/test-all.sh does):  . tools/sanitizers/env.sh
# Sets the run-time options of ASan, LSan, UBSan and TSan, with this folder's
# suppression files, and DESCENT_TIME_SCALE, by which the tests that wait for
# the app (tests/ui/*.sh) stretch their waits under a sanitizer's slowdown.
_descent_sanitizers=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Leaks are checked (detect_leaks=1); the only leaks suppressed are the system
# libraries' named in lsan.supp. fast_unwind_on_malloc stays at its default:
# the slow unwinder deadlocks in the libgcc unwinder's lock while Mesa's
# llvmpipe JIT registers its frames.
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_odr_violation=2
export LSAN_OPTIONS=suppressions=$_descent_sanitizers/lsan.supp:print_suppressions=0
# -fno-sanitize-recover already makes every UBSan finding fatal; halt_on_error
# says so again for binaries built without it.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$_descent_sanitizers/tsan.supp
export DESCENT_TIME_SCALE=${DESCENT_TIME_SCALE:-4}
unset _descent_sanitizers
