// lab/cli/trace_network.hpp — `descent trace --network`: one optimizer training
// a small network (scenes/mlp_problem.hpp), headless.
//
// trace.cpp owns the options every trace shares (--optimizer and its
// hyperparameters, --steps, --seed, --noise, --out) and hands the run here
// when --network is given. The CSV has the header
//   step,loss,train_accuracy,test_accuracy,test_loss
// with step 0 the initial weights; `loss` is the training objective at θ_k
// over the whole training set, the L2 term included. --export DIR writes what
// anyone needs to replay the run elsewhere (tools/golden/network/replay_torch.py).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/cli/args.hpp"
#include "lab/cli/optimizer_flags.hpp"

namespace lab::cli {

struct NetworkTraceOptions {
  std::string network;  // a data set's name or FILE.csv
  long points = 200;
  double test_fraction = 0.2;
  int classes = 3;
  std::vector<int> hidden = {8, 8};
  std::string activation = "tanh";
  long batch_size = 0;  // 0: full
  double l2 = 0;
  std::vector<std::string> features;
  std::string export_dir;
};

// Declares --network and the options only it takes (each needs --network).
// Returns the --network option, for trace.cpp's exclusions.
CLI::Option* declare_network_options(CLI::App& app, NetworkTraceOptions& o);

// What trace.cpp passes on from the options every trace shares.
struct SharedTraceOptions {
  std::string optimizer;
  const OptimizerFlags* hyper = nullptr;
  long steps = 0;
  std::uint64_t seed = 1;
  std::optional<double> noise;  // given: the data's noise; else the data set's default
  std::string out;
};

// Throws UsageError for bad arguments, DivergedError when the loss stops being finite.
int run_trace_network(const NetworkTraceOptions& n, const SharedTraceOptions& s);

}  // namespace lab::cli
