#include "lab/model/cnn_inspect.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "nn/conv2d.hpp"
#include "nn/model_io.hpp"

namespace lab::model {

namespace {

// Pixel bytes to the floats a model reads, as nn::Trainer scales them.
constexpr float kPixelScale = 1.0f / 255.0f;

Map map_of(int h, int w, std::vector<float> values) {
  Map m{.h = h, .w = w, .values = std::move(values)};
  if (!m.values.empty()) {
    const auto [lo, hi] = std::minmax_element(m.values.begin(), m.values.end());
    m.lo = *lo;
    m.hi = *hi;
  }
  return m;
}

}  // namespace

std::unique_ptr<nn::Sequential<float>> copy_model(const nn::Sequential<float>& model) {
  auto copy = nn::model_from_json(nn::architecture_json(model));
  copy->set_loss(model.loss(), model.from_logits());
  copy->params() = model.params();
  for (std::size_t i = 0; i < model.size(); ++i) {
    // state() is not const (it hands out the vectors to fill); reading is all this does.
    auto from = const_cast<nn::Layer<float>&>(model.layer(i)).state();
    auto to = copy->layer(i).state();
    for (std::size_t k = 0; k < from.size() && k < to.size(); ++k) *to[k].second = *from[k].second;
  }
  copy->set_seed(model.seed());
  return copy;
}

std::vector<float> predict_all(nn::Sequential<float>& model, const nn::Dataset& data, long batch) {
  const long k = model.output_shape().size(), n = data.size(), size = data.shape.size();
  if (data.shape.size() != model.input_shape().size())
    throw std::invalid_argument("the images " + data.shape.str() + " do not fit the model's input " +
                                model.input_shape().str());
  std::vector<float> out(static_cast<std::size_t>(n * k)), x;
  for (long begin = 0; begin < n; begin += batch) {
    const long m = std::min(batch, n - begin);
    x.resize(static_cast<std::size_t>(m * size));
    for (std::size_t j = 0; j < x.size(); ++j)
      x[j] = static_cast<float>(data.pixels[static_cast<std::size_t>(begin * size) + j]) * kPixelScale;
    const float* p = model.predict(model.params().data(), x.data(), m);
    std::copy(p, p + m * k, out.begin() + begin * k);
  }
  return out;
}

std::vector<float> predict_image(nn::Sequential<float>& model, const std::vector<std::uint8_t>& pixels) {
  if (static_cast<long>(pixels.size()) != model.input_shape().size())
    throw std::invalid_argument("the image does not fit the model's input " + model.input_shape().str());
  std::vector<float> x(pixels.size());
  for (std::size_t j = 0; j < x.size(); ++j) x[j] = static_cast<float>(pixels[j]) * kPixelScale;
  const float* p = model.predict(model.params().data(), x.data(), 1);
  return {p, p + model.output_shape().size()};
}

std::vector<ClassGuess> top_classes(const std::vector<float>& probabilities, int k) {
  std::vector<ClassGuess> all;
  for (std::size_t i = 0; i < probabilities.size(); ++i) all.push_back({static_cast<int>(i), probabilities[i]});
  const auto n = std::min(all.size(), static_cast<std::size_t>(std::max(k, 0)));
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(n), all.end(), [](const auto& a, const auto& b) {
    return a.probability > b.probability || (a.probability == b.probability && a.label < b.label);
  });
  all.resize(n);
  return all;
}

std::optional<DrawingGuess> read_drawing(nn::Sequential<float>& model, const DigitCanvas& canvas) {
  std::optional<std::vector<std::uint8_t>> image = mnist_image(canvas.ink(), canvas.side(), canvas.side());
  if (!image) return std::nullopt;
  std::vector<ClassGuess> top = top_classes(predict_image(model, *image), 3);
  return DrawingGuess{.image = std::move(*image), .top = std::move(top)};
}

// [SECTION] the misclassified gallery -------------------------------------------

std::vector<Misclassified> misclassified(const nn::Dataset& test, const std::vector<float>& probs) {
  const long n = test.size();
  if (n == 0) return {};
  const long k = static_cast<long>(probs.size()) / n;
  if (k * n != static_cast<long>(probs.size()) || k < 1)
    throw std::invalid_argument("the predictions do not match the test set's size");
  std::vector<Misclassified> out;
  std::vector<float> row(static_cast<std::size_t>(k));
  for (long i = 0; i < n; ++i) {
    std::copy_n(probs.begin() + i * k, k, row.begin());
    std::vector<ClassGuess> top = top_classes(row, 3);
    const int label = test.labels[static_cast<std::size_t>(i)];
    if (top.front().label == label) continue;
    out.push_back({.index = i,
                   .label = label,
                   .predicted = top.front().label,
                   .confidence = top.front().probability,
                   .top = std::move(top)});
  }
  return out;
}

const char* order_name(GalleryOrder order) {
  switch (order) {
    case GalleryOrder::MostConfident:
      return "most confident first";
    case GalleryOrder::LeastConfident:
      return "least confident first";
    case GalleryOrder::TestOrder:
      return "test-set order";
  }
  return "?";
}

std::vector<Misclassified> gallery(const std::vector<Misclassified>& wrong, CellFilter filter, GalleryOrder order) {
  std::vector<Misclassified> out;
  for (const Misclassified& m : wrong)
    if ((filter.label < 0 || m.label == filter.label) && (filter.predicted < 0 || m.predicted == filter.predicted))
      out.push_back(m);
  if (order == GalleryOrder::MostConfident)
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
  else if (order == GalleryOrder::LeastConfident)
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.confidence < b.confidence; });
  return out;
}

// [SECTION] filters and feature maps ---------------------------------------------

std::vector<Map> first_conv_filters(const nn::Sequential<float>& model) {
  for (std::size_t i = 0; i < model.size(); ++i) {
    const auto* conv = dynamic_cast<const nn::Conv2D<float>*>(&model.layer(i));
    if (!conv) continue;
    const nn::Conv2DConfig& c = conv->config();
    const long channels = conv->input_shape().c, kh = c.kernel_h, kw = c.kernel_w;
    const float* W = model.params().data() + model.offset(i);  // (F, kh, kw, C), the kernel first
    std::vector<Map> out;
    for (long f = 0; f < c.filters; ++f) {
      std::vector<float> v(static_cast<std::size_t>(kh * kw), 0.0f);
      for (long p = 0; p < kh * kw; ++p) {
        double sum = 0;
        for (long ch = 0; ch < channels; ++ch) sum += W[(f * kh * kw + p) * channels + ch];
        v[static_cast<std::size_t>(p)] = static_cast<float>(sum / static_cast<double>(channels));
      }
      out.push_back(map_of(static_cast<int>(kh), static_cast<int>(kw), std::move(v)));
    }
    return out;
  }
  return {};
}

std::vector<LayerMaps> feature_maps(nn::Sequential<float>& model, const std::vector<std::uint8_t>& pixels) {
  predict_image(model, pixels);  // one forward pass; each layer's output stays until the next
  std::vector<LayerMaps> out;
  for (std::size_t i = 0; i < model.size(); ++i) {
    if (!dynamic_cast<const nn::Conv2D<float>*>(&model.layer(i))) continue;
    const nn::Shape& s = model.layer(i).output_shape();  // (Ho, Wo, F)
    const float* y = model.layer_output(i);
    LayerMaps layer{.layer = i, .name = model.layer(i).name(), .maps = {}};
    for (long f = 0; f < s.c; ++f) {
      std::vector<float> v(static_cast<std::size_t>(s.h * s.w));
      for (long p = 0; p < s.h * s.w; ++p) v[static_cast<std::size_t>(p)] = y[p * s.c + f];
      layer.maps.push_back(map_of(static_cast<int>(s.h), static_cast<int>(s.w), std::move(v)));
    }
    out.push_back(std::move(layer));
  }
  return out;
}

// [SECTION] the data set before training -----------------------------------------

std::vector<std::vector<long>> sample_grid(const nn::Dataset& data, int per_class) {
  std::vector<std::vector<long>> rows(static_cast<std::size_t>(std::max(data.classes, 0)));
  for (long i = 0; i < data.size(); ++i) {
    const int label = data.labels[static_cast<std::size_t>(i)];
    if (label < 0 || label >= data.classes) continue;
    auto& row = rows[static_cast<std::size_t>(label)];
    if (static_cast<int>(row.size()) < per_class) row.push_back(i);
  }
  return rows;
}

std::vector<std::uint8_t> image_bytes(const nn::Dataset& data, long i) {
  const long size = data.shape.size();
  const auto begin = data.pixels.begin() + i * size;
  return {begin, begin + size};
}

}  // namespace lab::model
