#include "nn/reference_models.hpp"

#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/pooling.hpp"
#include "nn/simple_layers.hpp"

namespace nn {

std::unique_ptr<Sequential<float>> reference_cnn(const Shape& input, int classes) {
  auto m = std::make_unique<Sequential<float>>(input);
  m->add(std::make_unique<Conv2D<float>>(
      Conv2DConfig{.filters = 32, .kernel_h = 3, .kernel_w = 3, .activation = Act::Relu}));
  m->add(max_pooling<float>({.pool_h = 2, .pool_w = 2}));
  m->add(std::make_unique<Conv2D<float>>(
      Conv2DConfig{.filters = 64, .kernel_h = 3, .kernel_w = 3, .activation = Act::Relu}));
  m->add(max_pooling<float>({.pool_h = 2, .pool_w = 2}));
  m->add(std::make_unique<Flatten<float>>());
  m->add(std::make_unique<Dropout<float>>(DropoutConfig{.rate = 0.5}));
  m->add(std::make_unique<Dense<float>>(DenseConfig{.units = classes, .activation = Act::Softmax}));
  return m;
}

std::unique_ptr<Sequential<float>> reference_mlp(const Shape& input, int classes) {
  auto m = std::make_unique<Sequential<float>>(input);
  m->add(std::make_unique<Flatten<float>>());
  m->add(std::make_unique<Dense<float>>(DenseConfig{.units = 128, .activation = Act::Relu}));
  m->add(std::make_unique<Dense<float>>(DenseConfig{.units = classes, .activation = Act::Softmax}));
  return m;
}

std::unique_ptr<Sequential<float>> reference_model(const std::string& name, const Shape& input, int classes) {
  if (name == "cnn") return reference_cnn(input, classes);
  if (name == "mlp") return reference_mlp(input, classes);
  return nullptr;
}

}  // namespace nn
