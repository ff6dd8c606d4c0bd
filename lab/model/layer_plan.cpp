#include "lab/model/layer_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "nn/batch_norm.hpp"
#include "nn/dense.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"

namespace lab::model {

const char* kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Conv2D:
      return "Conv2D";
    case LayerKind::MaxPooling2D:
      return "MaxPooling2D";
    case LayerKind::AveragePooling2D:
      return "AveragePooling2D";
    case LayerKind::Flatten:
      return "Flatten";
    case LayerKind::Dense:
      return "Dense";
    case LayerKind::Dropout:
      return "Dropout";
    case LayerKind::BatchNormalization:
      return "BatchNormalization";
    case LayerKind::Activation:
      return "Activation";
  }
  return "?";
}

LayerSpec default_spec(LayerKind kind) {
  LayerSpec s;
  s.kind = kind;
  if (kind == LayerKind::Dense) s.units = 128;
  return s;
}

std::string describe(const LayerSpec& s) {
  const std::string act = nn::act_name(s.activation);
  const std::string same = s.padding == nn::Padding::Same ? ", same" : "";
  char buf[96];
  switch (s.kind) {
    case LayerKind::Conv2D:
      std::snprintf(buf, sizeof buf, "Conv2D(%ld, %ld\u00D7%ld%s%s, %s)", s.filters, s.kernel_size, s.kernel_size,
                    s.strides != 1 ? (", stride " + std::to_string(s.strides)).c_str() : "", same.c_str(), act.c_str());
      return buf;
    case LayerKind::MaxPooling2D:
    case LayerKind::AveragePooling2D:
      std::snprintf(buf, sizeof buf, "%s(%ld\u00D7%ld%s)", kind_name(s.kind), s.pool_size, s.pool_size, same.c_str());
      return buf;
    case LayerKind::Dense:
      std::snprintf(buf, sizeof buf, "Dense(%ld, %s)", s.units, act.c_str());
      return buf;
    case LayerKind::Dropout:
      std::snprintf(buf, sizeof buf, "Dropout(%g)", s.rate);
      return buf;
    case LayerKind::Activation:
      return "Activation(" + act + ")";
    case LayerKind::Flatten:
    case LayerKind::BatchNormalization:
      return std::string(kind_name(s.kind)) + "()";
  }
  return "?";
}

void LayerPlan::add(LayerSpec spec, std::size_t at) {
  layers.insert(layers.begin() + static_cast<long>(std::min(at, layers.size())), spec);
}

void LayerPlan::remove(std::size_t i) {
  if (i < layers.size()) layers.erase(layers.begin() + static_cast<long>(i));
}

void LayerPlan::move(std::size_t i, int by) {
  if (i >= layers.size()) return;
  const long j = static_cast<long>(i) + by;
  if (j < 0 || j >= static_cast<long>(layers.size())) return;
  std::swap(layers[i], layers[static_cast<std::size_t>(j)]);
}

LayerPlan preset_plan(const std::string& name, int classes) {
  auto spec = [](LayerKind kind, auto&& set) {
    LayerSpec s = default_spec(kind);
    set(s);
    return s;
  };
  auto none = [](LayerSpec&) {};
  LayerPlan p;
  if (name == "cnn") {  // as nn::reference_cnn
    p.layers = {spec(LayerKind::Conv2D, [](LayerSpec& s) { s.filters = 32; }),
                spec(LayerKind::MaxPooling2D, none),
                spec(LayerKind::Conv2D, [](LayerSpec& s) { s.filters = 64; }),
                spec(LayerKind::MaxPooling2D, none),
                spec(LayerKind::Flatten, none),
                spec(LayerKind::Dropout, [](LayerSpec& s) { s.rate = 0.5; }),
                spec(LayerKind::Dense, [&](LayerSpec& s) {
                  s.units = classes;
                  s.activation = nn::Act::Softmax;
                })};
  } else if (name == "mlp") {  // as nn::reference_mlp
    p.layers = {spec(LayerKind::Flatten, none), spec(LayerKind::Dense, [](LayerSpec& s) { s.units = 128; }),
                spec(LayerKind::Dense, [&](LayerSpec& s) {
                  s.units = classes;
                  s.activation = nn::Act::Softmax;
                })};
  } else {
    throw std::invalid_argument("no preset model named '" + name + "' (cnn or mlp)");
  }
  return p;
}

namespace {

std::unique_ptr<nn::Layer<float>> make_layer(const LayerSpec& s) {
  switch (s.kind) {
    case LayerKind::Conv2D:
      return std::make_unique<nn::Conv2D<float>>(nn::Conv2DConfig{.filters = s.filters,
                                                                  .kernel_h = s.kernel_size,
                                                                  .kernel_w = s.kernel_size,
                                                                  .stride_h = s.strides,
                                                                  .stride_w = s.strides,
                                                                  .padding = s.padding,
                                                                  .activation = s.activation});
    case LayerKind::MaxPooling2D:
      return nn::max_pooling<float>({.pool_h = s.pool_size, .pool_w = s.pool_size, .padding = s.padding});
    case LayerKind::AveragePooling2D:
      return nn::average_pooling<float>({.pool_h = s.pool_size, .pool_w = s.pool_size, .padding = s.padding});
    case LayerKind::Flatten:
      return std::make_unique<nn::Flatten<float>>();
    case LayerKind::Dense:
      return std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = s.units, .activation = s.activation});
    case LayerKind::Dropout:
      return std::make_unique<nn::Dropout<float>>(nn::DropoutConfig{.rate = s.rate});
    case LayerKind::BatchNormalization:
      return std::make_unique<nn::BatchNormalization<float>>();
    case LayerKind::Activation:
      return std::make_unique<nn::Activation<float>>(s.activation);
  }
  throw std::logic_error("unknown layer kind");
}

// "layer 3 (Conv2D): " before a message that does not name its layer yet.
std::string at_layer(std::size_t i, const LayerSpec& s, const std::string& message) {
  const std::string where = "layer " + std::to_string(i + 1) + " (" + kind_name(s.kind) + "): ";
  return message.rfind("layer ", 0) == 0 ? message : where + message;
}

// Builds what it can; returns the model and fills `out`.
std::unique_ptr<nn::Sequential<float>> build_checked(const LayerPlan& plan, const nn::Shape& input, int classes,
                                                     PlanCheck& out) {
  out.layers.assign(plan.layers.size(), {});
  std::unique_ptr<nn::Sequential<float>> model;
  try {
    model = std::make_unique<nn::Sequential<float>>(input);
  } catch (const std::invalid_argument& e) {
    out.problem = e.what();
    return nullptr;
  }
  if (plan.layers.empty()) {
    out.problem = "the model has no layers";
    return model;
  }
  for (std::size_t i = 0; i < plan.layers.size(); ++i) {
    LayerCheck& row = out.layers[i];
    try {
      const nn::Layer<float>& l = model->add(make_layer(plan.layers[i]));
      row.name = l.name();
      row.output_shape = l.output_shape().str();
      row.shape = l.output_shape();
      row.params = l.param_count();
      for (auto& [name, v] : const_cast<nn::Layer<float>&>(l).state()) row.params += static_cast<long>(v->size());
    } catch (const std::invalid_argument& e) {
      row.problem = e.what();
      out.problem = at_layer(i, plan.layers[i], row.problem);
      break;
    }
  }
  out.summary = model->summary();
  out.total_params = static_cast<long>(model->params().size()) + model->non_trainable_count();
  if (!out.problem.empty()) return model;

  // The loss reads one probability per class.
  const std::size_t last = plan.layers.size() - 1;
  const LayerSpec& tail = plan.layers[last];
  const bool softmax =
      (tail.kind == LayerKind::Dense || tail.kind == LayerKind::Activation) && tail.activation == nn::Act::Softmax;
  std::string problem;
  if (model->output_shape() != nn::Shape::vector(classes))
    problem = "the model gives " + model->output_shape().str() + " but the data has " + std::to_string(classes) +
              " classes: end with Dense(" + std::to_string(classes) + ", softmax)";
  else if (!softmax)
    problem = "the outputs must be probabilities: end with a softmax (Dense(" + std::to_string(classes) +
              ", softmax) or Activation(softmax))";
  if (!problem.empty()) {
    out.layers[last].problem = problem;
    out.problem = at_layer(last, tail, problem);
  }
  return model;
}

}  // namespace

PlanCheck check(const LayerPlan& plan, const nn::Shape& input, int classes) {
  PlanCheck out;
  build_checked(plan, input, classes, out);
  return out;
}

std::unique_ptr<nn::Sequential<float>> build(const LayerPlan& plan, const nn::Shape& input, int classes) {
  PlanCheck out;
  auto model = build_checked(plan, input, classes, out);
  if (!out.ok()) throw std::invalid_argument(out.problem);
  return model;
}

}  // namespace lab::model
