// Hostile and corrupt .h5 models, made here from a valid one: sizes past the
// limits are refused before anything is allocated, optimizer state that does
// not fit the weights is reported (not silently loaded), and flipped bytes
// give an error, never a crash.
#include <hdf5.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "nn/dense.hpp"
#include "nn/model_io.hpp"
#include "nn/simple_layers.hpp"
#include "optim/registry.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_nn_hostile_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// A small MLP after one epoch of Adam, saved with its optimizer state.
fs::path valid_model() {
  const fs::path p = temp_dir() / "valid.h5";
  if (fs::exists(p)) return p;
  nn::Sequential<float> m(nn::Shape::image(4, 4, 1));
  m.add(std::make_unique<nn::Flatten<float>>());
  m.add(std::make_unique<nn::Dense<float>>(nn::DenseConfig{.units = 3, .activation = nn::Act::Softmax}));
  m.initialize(1);
  nn::Dataset d;
  d.shape = nn::Shape::image(4, 4, 1);
  d.classes = 3;
  for (int i = 0; i < 12; ++i) {
    d.labels.push_back(i % 3);
    for (int k = 0; k < 16; ++k) d.pixels.push_back(static_cast<std::uint8_t>(k % 3 == i % 3 ? 200 : 10));
  }
  auto opt = optim::make_optimizer<float>("adam");
  nn::Trainer t(m, *opt);
  t.fit(d, nullptr, {.epochs = 1, .batch_size = 4});
  nn::save_model(p.string(), t);
  return p;
}

// A copy of the valid model named `name`, changed by `edit` through HDF5's C API.
template <class Edit>
std::string edited(const std::string& name, Edit&& edit) {
  const fs::path p = temp_dir() / name;
  fs::copy_file(valid_model(), p, fs::copy_options::overwrite_existing);
  const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(f >= 0);
  edit(f);
  H5Fclose(f);
  return p.string();
}

std::string read_attr(hid_t obj, const char* name) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  const hid_t t = H5Aget_type(a);
  std::string s(H5Tget_size(t), '\0');
  H5Aread(a, t, s.data());
  H5Tclose(t);
  H5Aclose(a);
  return s.substr(0, s.find('\0'));
}

// As h5py writes a str: variable-length, in HDF5's global heap.
void replace_attr(hid_t obj, const char* name, const std::string& value) {
  H5Adelete(obj, name);
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  const char* p = value.c_str();
  const hid_t s = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, t, &p);
  H5Aclose(a);
  H5Sclose(s);
  H5Tclose(t);
}

// The valid model with its model_config changed by `change`.
std::string with_config(const std::string& name, void (*change)(json&)) {
  return edited(name, [&](hid_t f) {
    json c = json::parse(read_attr(f, "model_config"));
    change(c);
    replace_attr(f, "model_config", c.dump());
  });
}

// Replaces the optimizer's buffer "m" by a dataset of `n` floats (never
// written: HDF5 allocates nothing for it on disk).
std::string with_adam_m(const std::string& name, hsize_t n) {
  return edited(name, [&](hid_t f) {
    const hid_t g = H5Gopen2(f, "optimizer_weights", H5P_DEFAULT);
    REQUIRE(H5Ldelete(g, "adam/m:0", H5P_DEFAULT) >= 0);
    const hid_t s = H5Screate_simple(1, &n, nullptr);
    const hid_t d = H5Dcreate2(g, "adam/m:0", H5T_NATIVE_FLOAT, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    REQUIRE(d >= 0);
    H5Dclose(d);
    H5Sclose(s);
    H5Gclose(g);
  });
}

std::string load_error(const std::string& path) {
  try {
    nn::load_model(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(loaded)";
}

}  // namespace

TEST_CASE("An .h5 whose model_config is past the limits is refused naming the field and the limit") {
  CHECK_THAT(load_error(with_config(
                 "shape.h5",
                 [](json& c) {
                   c["config"]["layers"][0]["config"]["batch_input_shape"] = json{nullptr, 9223372036854775807L, 4, 1};
                 })),
             Catch::Contains("shape.h5: model_config: batch_input_shape: the input shape (None, "
                             "9223372036854775807, 4, 1) is taller or wider than the limit, 4096"));
  CHECK_THAT(
      load_error(with_config("units.h5", [](json& c) { c["config"]["layers"][2]["config"]["units"] = 3000000; })),
      Catch::Contains("units.h5: model_config: layer 2 (Dense): field 'units' must be a whole number from 1 to 65536"));
  CHECK_THAT(load_error(with_config("layers.h5",
                                    [](json& c) {
                                      json& layers = c["config"]["layers"];
                                      const json dense = layers[2];
                                      for (int i = 0; i < 1000; ++i) layers.push_back(dense);
                                    })),
             Catch::Contains("layers.h5: model_config: the model has 1002 layers, more than the limit, 256"));
}

TEST_CASE("Optimizer state that does not fit the weights is reported, not restored") {
  REQUIRE(nn::load_model(valid_model().string()).optimizer_state_problem.empty());
  // 2³¹ values declared: refused from the dataset's shape, never allocated.
  const nn::LoadedModel huge = nn::load_model(with_adam_m("huge_state.h5", hsize_t{1} << 31));
  CHECK(huge.optimizer_state_problem == "buffer m has 2147483648 values but the model has 51 parameters");
  const nn::LoadedModel shorter = nn::load_model(with_adam_m("short_state.h5", 50));
  CHECK(shorter.optimizer_state_problem == "buffer m has 50 values but the model has 51 parameters");
  REQUIRE(shorter.model);  // the weights are whole: it still predicts
  CHECK(shorter.model->params().size() == 51);
}

TEST_CASE("A model file with flipped bytes is refused or loaded, never a crash") {
  std::ifstream in(valid_model(), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const fs::path p = temp_dir() / "flipped.h5";
  int refused = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::mt19937 rng(static_cast<unsigned>(trial));
    std::string b = bytes;
    // HDF5's metadata (superblock, object headers, attributes) is mostly in
    // the first few KiB of a small file: flip there most of the time.
    for (int k = 0; k < 1 + trial % 8; ++k) {
      const std::size_t at = rng() % (rng() % 4 ? std::min<std::size_t>(b.size(), 6000) : b.size());
      b[at] = static_cast<char>(rng());
    }
    std::ofstream(p, std::ios::binary | std::ios::trunc) << b;
    INFO("trial " << trial);
    if (load_error(p.string()) != "(loaded)") ++refused;
  }
  CHECK(refused > 0);  // the flips reached what the loader checks
}
