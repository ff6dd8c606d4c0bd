// lab/cli/predict.cpp — `descent predict MODEL.h5 IMAGE.png`: the class a
// saved model gives one image, with its probabilities.
#include <algorithm>
#include <cstdio>
#include <numeric>

#include "lab/cli/args.hpp"
#include "lab/cli/command.hpp"
#include "lab/cli/nn_common.hpp"
#include "nn/model_io.hpp"

namespace lab::cli {
namespace {

struct PredictOptions {
  std::vector<std::string> files;  // MODEL.h5 IMAGE
  long top = 3;
  bool invert = false;
  long input_scale = 255;
};

int run_predict(const PredictOptions& o) {
  if (o.files.size() != 2) throw UsageError("expected MODEL.h5 and IMAGE");
  const long top = o.top;
  const float divisor = input_divisor(o.input_scale);
  nn::LoadedModel loaded = load_model_file(o.files[0]);
  warn_about_loaded("predict", o.files[0], loaded);
  const nn::Shape in = image_shape_for(loaded.model->input_shape(), o.files[0]);
  if (in.c != 1 && in.c != 3) throw UsageError("the model does not take grayscale or RGB images");
  auto pixels = nn::load_image(o.files[1], in.h, in.w, in.c);
  std::vector<float> x(pixels.size());  // a flat input takes the same pixels, flattened
  const bool invert = o.invert;
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(invert ? 255 - pixels[i] : pixels[i]) / divisor;
  loaded.model->set_loss(loaded.model->loss(), loaded.model->from_logits());
  const float* p = loaded.model->predict(loaded.model->params().data(), x.data(), 1);
  const long k = loaded.model->output_shape().size();
  std::vector<long> order(static_cast<std::size_t>(k));
  std::iota(order.begin(), order.end(), 0L);
  std::stable_sort(order.begin(), order.end(), [&](long a, long b) { return p[a] > p[b]; });
  auto name = [&](long c) {
    return c < static_cast<long>(loaded.class_names.size()) ? loaded.class_names[static_cast<std::size_t>(c)]
                                                            : std::to_string(c);
  };
  std::printf("%s: class %ld (%s), probability %.4f\n", o.files[1].c_str(), order[0], name(order[0]).c_str(),
              p[order[0]]);
  for (long i = 0; i < std::min(top, k); ++i)
    std::printf("  %2ld %-14s %.4f\n", order[static_cast<std::size_t>(i)],
                name(order[static_cast<std::size_t>(i)]).c_str(), p[order[static_cast<std::size_t>(i)]]);
  return 0;
}

std::function<int()> declare_predict(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  app.add_option("files", o->files,
                 "a saved model (descent's or a Keras 2.x/3.x .h5), and an image (PNG, JPEG, BMP, GIF) resized "
                 "to the model's input")
      ->type_name("MODEL.h5 IMAGE");
  app.add_flag("--invert", o->invert, "for dark ink on a light background (MNIST digits are light on dark)");
  add_integer(app, "top", o->top, 1, 1000, "how many classes to list (default 3)");
  add_input_scale(app, o->input_scale);
  return [o] { return run_predict(*o); };
}

const Registration kPredict{{"predict", "classify one image with a saved model", declare_predict}};

}  // namespace
}  // namespace lab::cli
