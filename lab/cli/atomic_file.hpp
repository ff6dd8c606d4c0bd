// lab/cli/atomic_file.hpp — the subcommands' reports and CSVs appear whole or
// not at all: nn's atomic write (temp file beside the target, fsync, rename),
// the one the models and checkpoints use.
#pragma once

#include "nn/atomic_file.hpp"

namespace lab::cli {

// Throws std::runtime_error naming the path and the system's reason.
using nn::write_file_atomic;

}  // namespace lab::cli
