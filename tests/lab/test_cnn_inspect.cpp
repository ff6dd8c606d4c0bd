// Inside a trained network: the misclassified gallery and its confusion-cell
// filter, the first layer's filters, every conv layer's feature maps (against
// a convolution by hand), a drawing's guess, and the sample grid.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "lab/model/cnn_inspect.hpp"
#include "lab/model/cnn_session.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/metrics.hpp"
#include "nn/pooling.hpp"
#include "nn/reference_models.hpp"
#include "nn/simple_layers.hpp"

using namespace lab::model;

namespace {

// Images of 1×3 pixels, one of them lit; labels given. The model below
// guesses the lit pixel, so an image is wrong exactly when its label is not
// the lit pixel.
struct LitPixels {
  nn::Dataset data;
  std::vector<int> lit;
};
LitPixels lit_pixels(long n, unsigned seed) {
  LitPixels out;
  out.data.shape = nn::Shape::image(1, 3, 1);
  out.data.classes = 3;
  std::mt19937 rng(seed);
  for (long i = 0; i < n; ++i) {
    const int lit = static_cast<int>(rng() % 3), label = rng() % 3 == 0 ? static_cast<int>(rng() % 3) : lit;
    out.lit.push_back(lit);
    out.data.labels.push_back(label);
    for (int p = 0; p < 3; ++p)  // the lit pixel's brightness varies: confidences differ
      out.data.pixels.push_back(static_cast<std::uint8_t>(p == lit ? 100 + rng() % 156 : 0));
  }
  return out;
}

// Flatten → Dense(3, softmax) with W = 8·I, b = 0: scores 8·pixel.
std::unique_ptr<nn::Sequential<float>> lit_pixel_model() {
  auto m = std::make_unique<nn::Sequential<float>>(nn::Shape::image(1, 3, 1));
  m->add(std::make_unique<nn::Flatten<float>>());
  m->add(std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = 3, .activation = nn::Act::Softmax}));
  m->set_loss(nn::LossKind::CategoricalCrossentropy);
  auto& theta = m->params();
  theta.setZero();
  for (int k = 0; k < 3; ++k) theta[k * 3 + k] = 8.0f;  // W (F, C) output-major, then b
  return m;
}

}  // namespace

TEST_CASE("the gallery holds exactly the wrong images, and a cell filter exactly that cell's") {
  const LitPixels set = lit_pixels(300, 3);
  auto model = lit_pixel_model();
  const std::vector<float> probs = predict_all(*model, set.data, 64);  // batches of 64: a partial last one
  const std::vector<Misclassified> wrong = misclassified(set.data, probs);

  std::vector<long> expected;
  nn::ConfusionMatrix confusion(3);
  for (long i = 0; i < set.data.size(); ++i) {
    const int label = set.data.labels[static_cast<std::size_t>(i)], lit = set.lit[static_cast<std::size_t>(i)];
    confusion.add(label, lit);
    if (label != lit) expected.push_back(i);
  }
  REQUIRE(expected.size() > 20);
  std::vector<long> got;
  for (const Misclassified& m : wrong) {
    got.push_back(m.index);
    CHECK(m.predicted == set.lit[static_cast<std::size_t>(m.index)]);
    CHECK(m.label == set.data.labels[static_cast<std::size_t>(m.index)]);
    REQUIRE(m.top.size() == 3);
    CHECK(m.top[0].label == m.predicted);
    CHECK(m.top[0].probability == m.confidence);
    CHECK(m.top[0].probability >= m.top[1].probability);
    CHECK(m.top[1].probability >= m.top[2].probability);
    CHECK(m.top[0].probability + m.top[1].probability + m.top[2].probability == Approx(1.0f).epsilon(1e-5));
  }
  CHECK(got == expected);

  for (int t = 0; t < 3; ++t)
    for (int p = 0; p < 3; ++p) {
      const auto cell = gallery(wrong, {.label = t, .predicted = p}, GalleryOrder::TestOrder);
      CHECK(static_cast<long>(cell.size()) == (t == p ? 0 : confusion.at(t, p)));
      for (const Misclassified& m : cell) CHECK((m.label == t && m.predicted == p));
    }
  CHECK(gallery(wrong, {}, GalleryOrder::TestOrder).size() == wrong.size());
  CHECK(static_cast<long>(gallery(wrong, {.label = 1}, GalleryOrder::TestOrder).size()) == confusion.errors(1));
}

TEST_CASE("the gallery sorts by confidence either way") {
  const LitPixels set = lit_pixels(200, 5);
  auto model = lit_pixel_model();
  const auto wrong = misclassified(set.data, predict_all(*model, set.data));
  const auto most = gallery(wrong, {}, GalleryOrder::MostConfident);
  const auto least = gallery(wrong, {}, GalleryOrder::LeastConfident);
  REQUIRE(most.size() == wrong.size());
  for (std::size_t i = 1; i < most.size(); ++i) {
    CHECK(most[i - 1].confidence >= most[i].confidence);
    CHECK(least[i - 1].confidence <= least[i].confidence);
  }
  CHECK(most.front().confidence > most.back().confidence);
}

TEST_CASE("top_classes ranks by probability, the lower label first on a tie") {
  const auto top = top_classes({0.1f, 0.3f, 0.3f, 0.05f, 0.25f}, 3);
  REQUIRE(top.size() == 3);
  CHECK(top[0].label == 1);
  CHECK(top[1].label == 2);
  CHECK(top[2].label == 4);
  CHECK(top_classes({0.5f, 0.5f}, 3).size() == 2);
}

TEST_CASE("a feature map equals the convolution worked by hand, and every conv layer is read") {
  // Conv2D(3 filters, 3×3, linear) → Conv2D(2, 2×2, relu) → MaxPool → Flatten → Dense(2).
  nn::Sequential<float> model(nn::Shape::image(6, 7, 1));
  model.add(std::make_unique<nn::Conv2D<float>>(nn::Conv2DConfig{.filters = 3, .kernel_h = 3, .kernel_w = 3}));
  model.add(std::make_unique<nn::Conv2D<float>>(
      nn::Conv2DConfig{.filters = 2, .kernel_h = 2, .kernel_w = 2, .activation = nn::Act::Relu}));
  model.add(nn::max_pooling<float>({.pool_h = 2, .pool_w = 2}));
  model.add(std::make_unique<nn::Flatten<float>>());
  model.add(std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = 2, .activation = nn::Act::Softmax}));
  model.initialize(11);
  model.set_loss(nn::LossKind::CategoricalCrossentropy);
  std::mt19937 rng(4);
  for (long j = 27; j < 30; ++j) model.params()[j] = static_cast<float>(rng() % 100) / 100.0f - 0.5f;  // biases
  std::vector<std::uint8_t> image(42);
  for (auto& v : image) v = static_cast<std::uint8_t>(rng() % 256);

  const std::vector<LayerMaps> layers = feature_maps(model, image);
  REQUIRE(layers.size() == 2);
  CHECK(layers[0].name == "conv2d");
  CHECK(layers[1].name == "conv2d_1");
  REQUIRE(layers[0].maps.size() == 3);
  REQUIRE(layers[1].maps.size() == 2);
  CHECK(layers[1].maps[0].h == 3);
  CHECK(layers[1].maps[0].w == 4);

  const float* W = model.params().data();  // (3, 3, 3, 1), then b (3)
  const int f = 2;
  const Map& map = layers[0].maps[f];
  REQUIRE(map.h == 4);
  REQUIRE(map.w == 5);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 5; ++x) {
      double z = W[27 + f];
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          z += W[f * 9 + i * 3 + j] * image[static_cast<std::size_t>((y + i) * 7 + x + j)] / 255.0;
      CHECK(map.values[static_cast<std::size_t>(y * 5 + x)] == Approx(z).epsilon(1e-5).margin(1e-6));
    }
  CHECK(map.lo == *std::min_element(map.values.begin(), map.values.end()));
  CHECK(map.hi == *std::max_element(map.values.begin(), map.values.end()));
  for (const Map& m : layers[1].maps)  // relu
    for (float v : m.values) CHECK(v >= 0);

  const std::vector<Map> filters = first_conv_filters(model);
  REQUIRE(filters.size() == 3);
  CHECK(filters[1].h == 3);
  for (int p = 0; p < 9; ++p) CHECK(filters[1].values[static_cast<std::size_t>(p)] == W[9 + p]);
}

TEST_CASE("a copied model predicts as the original and does not follow it") {
  auto original = nn::reference_cnn(nn::Shape::image(28, 28, 1), 10);
  original->initialize(7);
  original->set_loss(nn::LossKind::CategoricalCrossentropy);
  auto copy = copy_model(*original);
  std::vector<std::uint8_t> image(784);
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<std::uint8_t>((i * 37) % 256);
  const auto p = predict_image(*original, image);
  CHECK(predict_image(*copy, image) == p);
  original->params() *= 0.5f;
  CHECK(predict_image(*copy, image) == p);
  CHECK(predict_image(*original, image) != p);
  CHECK(first_conv_filters(*original).size() == 32);
}

TEST_CASE("an empty drawing is not guessed; a drawn one is, as its 28×28 image") {
  auto model = nn::reference_mlp(nn::Shape::image(28, 28, 1), 10);
  model->initialize(3);
  model->set_loss(nn::LossKind::CategoricalCrossentropy);
  DigitCanvas canvas;
  CHECK_FALSE(read_drawing(*model, canvas));
  canvas.begin_stroke({50, 10});
  canvas.extend({52, 90});
  const auto guess = read_drawing(*model, canvas);
  REQUIRE(guess);
  CHECK(guess->image == *mnist_image(canvas.ink(), canvas.side(), canvas.side()));
  REQUIRE(guess->top.size() == 3);
  CHECK(guess->top == top_classes(predict_image(*model, guess->image), 3));
}

TEST_CASE("the sample grid takes the first images of each class") {
  nn::Dataset d;
  d.shape = nn::Shape::image(1, 1, 1);
  d.classes = 3;
  for (int label : {2, 0, 2, 2, 1, 0, 2, 0, 0}) {
    d.labels.push_back(label);
    d.pixels.push_back(static_cast<std::uint8_t>(label));
  }
  const auto grid = sample_grid(d, 2);
  REQUIRE(grid.size() == 3);
  CHECK(grid[0] == std::vector<long>{1, 5});
  CHECK(grid[1] == std::vector<long>{4});
  CHECK(grid[2] == std::vector<long>{0, 2});
  CHECK(image_bytes(d, 4) == std::vector<std::uint8_t>{1});
}

TEST_CASE("a finished run hands over its model and test set: the gallery agrees with nn's evaluation") {
  // Three classes of 6×6 images, a bright row band each; an MLP trained two epochs.
  auto bands = [](long n, unsigned seed) {
    nn::Dataset d;
    d.shape = nn::Shape::image(6, 6, 1);
    d.classes = 3;
    d.class_names = {"top", "middle", "bottom"};
    std::mt19937 rng(seed);
    for (long i = 0; i < n; ++i) {
      const int label = static_cast<int>(i % 3);
      d.labels.push_back(label);
      for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 6; ++c)
          d.pixels.push_back(static_cast<std::uint8_t>((r / 2 == label ? 90 : 0) + rng() % 160));
    }
    return d;
  };
  CnnConfig config;
  config.model = "mlp";
  config.epochs = 2;
  config.batch_size = 16;
  config.threads = 1;
  config.hyper = {{"lr", 0.003}};
  CnnSession session;
  session.start(config, nn::DataSplit{"bands", bands(120, 1), bands(90, 2)});
  session.wait();
  const CnnSnapshot snap = session.snapshot();
  REQUIRE(snap.status == CnnStatus::Finished);
  REQUIRE(snap.trained_model);
  REQUIRE(snap.test_set);
  REQUIRE(snap.test);
  CHECK(snap.test_set->size() == 90);
  auto model = copy_model(*snap.trained_model);
  const auto wrong = misclassified(*snap.test_set, predict_all(*model, *snap.test_set));
  CHECK(1.0 - static_cast<double>(wrong.size()) / 90 == Approx(snap.test->accuracy()));
  for (int t = 0; t < 3; ++t)
    for (int p = 0; p < 3; ++p)
      if (t != p)
        CHECK(static_cast<long>(gallery(wrong, {.label = t, .predicted = p}, GalleryOrder::TestOrder).size()) ==
              snap.test->confusion.at(t, p));
}
