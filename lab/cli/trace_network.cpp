#include "lab/cli/trace_network.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "lab/cli/atomic_file.hpp"
#include "lab/cli/command.hpp"
#include "nn/model_io.hpp"
#include "optim/registry.hpp"
#include "scenes/mlp_problem.hpp"

namespace lab::cli {
namespace {

// Rows × batch size that --export writes to batches.csv at most (about 150 MB).
constexpr long kMaxExportedBatchRows = 10'000'000;

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, ',')) parts.push_back(part);
  if (!text.empty() && text.back() == ',') parts.emplace_back();
  return parts;
}

std::string format_row(long step, const scenes::MlpProblem::Measures& m) {
  char line[160];
  std::snprintf(line, sizeof line, "%ld,%.17g,%.17g,%.17g,%.17g\n", step, m.train_loss, m.train_accuracy,
                m.test_accuracy, m.test_loss);
  return line;
}

nlohmann::json hyperparameters(const optim::Optimizer<double>& opt) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& spec : opt.specs()) {
    const double v = opt.get(spec.name);
    if (spec.common && v == spec.default_value) continue;  // only the common options that are set
    if (spec.kind == optim::HyperSpec::Kind::Choice)
      out[spec.name] = optim::format_hyper_value(spec, v);
    else
      out[spec.name] = v;
  }
  return out;
}

void write_export(const std::string& dir, const NetworkTraceOptions& n, const SharedTraceOptions& s,
                  scenes::MlpProblem& problem, const optim::Optimizer<double>& opt) {
  std::error_code ec;
  std::filesystem::create_directory(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) throw std::runtime_error("cannot make the directory " + dir);
  const scenes::NetworkDataset& d = problem.data();
  const scenes::MlpSpec& spec = problem.spec();

  // data.csv: the points as the network sees them, before the extra features.
  std::string csv = "x1,x2,label,split\n";
  char line[128];
  for (int part = 0; part < 2; ++part) {
    const auto& x = part == 0 ? d.train_x : d.test_x;
    const auto& y = part == 0 ? d.train_y : d.test_y;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double x1 = x[i * static_cast<std::size_t>(d.inputs)];
      const double x2 = d.inputs == 2 ? x[2 * i + 1] : 0.0;
      std::snprintf(line, sizeof line, "%.17g,%.17g,%.17g,%s\n", x1, x2, y[i], part == 0 ? "train" : "test");
      csv += line;
    }
  }
  write_file_atomic(dir + "/data.csv", csv);

  std::string features;
  for (scenes::Feature f : spec.features) features += scenes::feature_name(f) + "\n";
  write_file_atomic(dir + "/features.txt", features);

  // init.h5: Keras' weights layout, Dense kernels (in, out), float32 — exact,
  // since the problem's initial weights are float32 values.
  auto model = scenes::build_mlp<float>(problem.inputs(), problem.outputs(), !d.regression(), spec);
  model->params() = problem.initial_weights().cast<float>();
  nn::save_weights(dir + "/init.h5", *model);

  if (spec.batch_size > 0) {
    std::string rows = "step,index\n";
    for (long k = 1; k <= s.steps; ++k)
      for (long i : problem.batch_indices(k)) rows += std::to_string(k) + "," + std::to_string(i) + "\n";
    write_file_atomic(dir + "/batches.csv", rows);
  }

  nlohmann::json config = {
      {"data", n.network},
      {"points", d.train_size() + d.test_size()},
      {"train_points", d.train_size()},
      {"test_points", d.test_size()},
      {"inputs", d.inputs},
      {"classes", d.classes},
      {"features", nlohmann::json::array()},
      {"hidden", spec.hidden},
      {"activation", nn::act_name(spec.activation)},
      {"leaky_relu_alpha", 0.3},
      {"output", d.regression()       ? "linear"
                 : spec.binary_output ? "sigmoid"
                                      : "softmax"},
      {"loss", d.regression()       ? "mean_squared_error"
               : spec.binary_output ? "binary_crossentropy_from_logits"
                                    : "categorical_crossentropy"},
      {"bias", spec.bias},
      {"l2", spec.l2},
      {"l2_term", "l2 * sum of squares of every Dense kernel, no bias"},
      {"initializer", "glorot_uniform kernels rounded to float32, zero biases"},
      {"batch_size", spec.batch_size == 0 ? nlohmann::json("full") : nlohmann::json(spec.batch_size)},
      {"seed", s.seed},
      {"steps", s.steps},
      {"optimizer", {{"name", opt.name()}, {"hyperparameters", hyperparameters(opt)}}},
  };
  for (scenes::Feature f : spec.features) config["features"].push_back(scenes::feature_name(f));
  write_file_atomic(dir + "/config.json", config.dump(2) + "\n");
}

scenes::NetworkDataset make_data(const NetworkTraceOptions& n, const SharedTraceOptions& s) {
  const bool file = n.network.find('/') != std::string::npos || n.network.ends_with(".csv");
  try {
    if (file) return scenes::load_dataset_csv(n.network, n.test_fraction, s.seed);
    return scenes::make_dataset({.name = n.network,
                                 .points = n.points,
                                 .noise = s.noise.value_or(-1),
                                 .test_fraction = n.test_fraction,
                                 .classes = n.classes,
                                 .seed = s.seed});
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--network: ") + e.what());
  }
}

}  // namespace

CLI::Option* declare_network_options(CLI::App& app, NetworkTraceOptions& o) {
  auto* network =
      add_text(app, "network", o.network,
               "train a small network on a data set: moons, circles, xor, spirals, spirals3, blobs, sine, scaled, or "
               "FILE.csv (x1,x2,label)")
          ->type_name("DATA");
  add_integer(app, "points", o.points, scenes::kMinPoints, scenes::kMaxPoints,
              "points in the data set, training and test together (default 200)")
      ->needs(network);
  add_number(app, "test-fraction", o.test_fraction, 0, 0.9, "the share of points held out for testing (default 0.2)")
      ->type_name("F")
      ->needs(network);
  add_integer(app, "classes", o.classes, 2, 8, "blobs: the number of classes (default 3)")->needs(network);
  add_parsed(
      app, "hidden", "N,N,…",
      [&o](const std::string& text) {
        o.hidden.clear();
        if (text == "none") return;
        for (const std::string& part : split_list(text))
          o.hidden.push_back(static_cast<int>(parse_integer("hidden", part, 1, scenes::kMaxHiddenUnits)));
        if (o.hidden.size() > static_cast<std::size_t>(scenes::kMaxHiddenLayers))
          throw UsageError("--hidden: at most " + std::to_string(scenes::kMaxHiddenLayers) + " hidden layers");
      },
      "units per hidden layer, ≤ 6 layers of ≤ 32 (default 8,8; 'none' for a linear model)")
      ->needs(network);
  add_parsed(
      app, "activation", "NAME",
      [&o](const std::string& text) {
        if (text != "tanh" && text != "relu" && text != "leaky_relu" && text != "sigmoid" && text != "linear")
          throw UsageError("--activation: expected tanh, relu, leaky_relu, sigmoid or linear, got '" + text + "'");
        o.activation = text;
      },
      "the hidden layers' activation: tanh (default), relu, leaky_relu (α = 0.3), sigmoid, linear")
      ->needs(network);
  add_parsed(
      app, "batch-size", "B|full",
      [&o](const std::string& text) {
        o.batch_size = text == "full" ? 0 : parse_integer("batch-size", text, 1, scenes::kMaxPoints);
      },
      "mini-batches of B in a seeded order, step k on batch k; or full (default)")
      ->needs(network);
  add_number(app, "l2", o.l2, 0, 1e6, "adds V·Σ‖W‖² over every Dense kernel (not the biases) to the loss")
      ->type_name("V")
      ->needs(network);
  add_parsed(
      app, "features", "LIST",
      [&o](const std::string& text) {
        o.features = split_list(text);
        for (const std::string& f : o.features) {
          try {
            scenes::feature_from_name(f);
          } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--features: ") + e.what());
          }
        }
      },
      "extra inputs after x1,x2, in order: x2, y2, xy, sinx, siny (x², y², x·y, sin x, sin y)")
      ->needs(network);
  add_text(app, "export", o.export_dir,
           "also write DIR/data.csv, features.txt, init.h5, batches.csv, config.json to replay the run elsewhere")
      ->type_name("DIR")
      ->needs(network);
  return network;
}

int run_trace_network(const NetworkTraceOptions& n, const SharedTraceOptions& s) {
  const scenes::NetworkDataset data = make_data(n, s);
  scenes::MlpSpec spec{.hidden = n.hidden,
                       .activation = nn::act_from_name(n.activation),
                       .l2 = n.l2,
                       .batch_size = n.batch_size,
                       .init_seed = s.seed,
                       .batch_seed = s.seed};
  for (const std::string& f : n.features) spec.features.push_back(scenes::feature_from_name(f));
  std::unique_ptr<scenes::MlpProblem> problem;
  try {
    problem = std::make_unique<scenes::MlpProblem>(data, spec);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }

  std::unique_ptr<optim::Optimizer<double>> opt;
  try {
    const optim::OptimizerInfo& info = optim::optimizer_info(s.optimizer);
    if (!info.for_networks()) throw UsageError("--optimizer: " + info.title + " " + info.not_for_networks);
    opt = optim::make_optimizer<double>(s.optimizer);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--optimizer: ") + e.what());
  }
  s.hyper->apply(*opt);
  opt->set_layout(problem->layout());
  if (!n.export_dir.empty()) {
    if (spec.batch_size > 0 && s.steps > kMaxExportedBatchRows / spec.batch_size)
      throw UsageError("--export: steps × batch size must be at most " + std::to_string(kMaxExportedBatchRows));
    write_export(n.export_dir, n, s, *problem, *opt);
  }

  optim::Vec<double> theta = problem->initial_weights();
  std::string csv = "step,loss,train_accuracy,test_accuracy,test_loss\n";
  csv += format_row(0, problem->measure(theta));
  std::string diverged;
  for (long k = 1; k <= s.steps; ++k) {
    problem->set_step(k);
    try {
      opt->step(*problem, theta);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    const auto m = problem->measure(theta);
    if (!std::isfinite(m.train_loss)) {
      std::ostringstream why;
      why << opt->name() << " diverged at step " << k << " (loss " << m.train_loss << "); the " << k
          << " rows before it are kept";
      diverged = why.str();
      break;
    }
    csv += format_row(k, m);
    opt->end_epoch(m.train_loss);
  }
  if (!s.out.empty())
    write_file_atomic(s.out, csv);
  else
    std::fwrite(csv.data(), 1, csv.size(), stdout);
  if (!diverged.empty()) throw DivergedError(diverged);
  return 0;
}

}  // namespace lab::cli
