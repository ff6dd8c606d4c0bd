// Data: the IDX reader (plain and .gz) and its errors, image folders, subsets.
#include <stb_image_write.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "nn/dataset.hpp"
#include "nn/idx.hpp"

namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("descent_nn_data_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

void write_bytes(const fs::path& p, const std::vector<unsigned char>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<unsigned char> header(unsigned char ndim, std::vector<unsigned> dims) {
  std::vector<unsigned char> h = {0, 0, 8, ndim};
  for (unsigned d : dims)
    for (int s = 24; s >= 0; s -= 8) h.push_back(static_cast<unsigned char>((d >> s) & 0xff));
  return h;
}

}  // namespace

TEST_CASE("IDX files round-trip, plain and gzip-compressed") {
  std::vector<std::uint8_t> data(2 * 3 * 4);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
  for (const char* name : {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
    const fs::path p = temp_dir() / name;
    nn::write_idx(p.string(), {2, 3, 4}, data);
    const nn::IdxArray a = nn::read_idx(p.string(), 3);
    CHECK(a.dims == std::vector<long>{2, 3, 4});
    CHECK(a.data == data);
  }
}

TEST_CASE("Malformed IDX files get errors that name the file and the problem") {
  const fs::path d = temp_dir();
  struct Case {
    const char* name;
    std::vector<unsigned char> bytes;
    const char* problem;
  };
  auto body = [](std::vector<unsigned char> h, std::size_t n) {
    h.resize(h.size() + n, 1);
    return h;
  };
  const std::vector<Case> cases = {
      {"magic", {0x1f, 0x00, 0x08, 0x03, 0, 0, 0, 1}, "not an unsigned-byte IDX file"},
      {"short", {0, 0}, "shorter than an IDX header"},
      {"header", {0, 0, 8, 3, 0, 0, 0, 2, 0, 0}, "truncated header"},
      {"body", body(header(3, {2, 2, 2}), 5), "truncated: the header claims 8 bytes of data, the file holds 5"},
      {"trailing", body(header(1, {3}), 4), "trailing data"},
      // A header claiming ~4 GB fails on the limit, without allocating it.
      {"huge", body(header(3, {0xffffu, 0xffffu, 1}), 16),
       "the header claims more data than the limit, 536870912 bytes"},
      {"zero", header(1, {0}), "holds no data"},
  };
  for (const auto& c : cases) {
    const fs::path p = d / c.name;
    write_bytes(p, c.bytes);
    INFO(c.name);
    CHECK_THROWS_WITH(nn::read_idx(p.string()), Catch::StartsWith(p.string() + ": ") && Catch::Contains(c.problem));
  }
  CHECK_THROWS_WITH(nn::read_idx((d / "absent").string()), Catch::Contains("no such file"));
  write_bytes(d / "gzbad.gz", {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3});
  CHECK_THROWS_WITH(nn::read_idx((d / "gzbad.gz").string()), Catch::Contains("gzbad.gz"));
}

TEST_CASE("A compressed IDX file inflates no further than its header claims and the limit allow") {
  const fs::path d = temp_dir();
  // 1.3 GB claimed, a few bytes present: refused from the header.
  const fs::path bomb = d / "bomb-idx3-ubyte.gz";
  nn::write_idx(bomb.string(), {50000, 1000, 26}, std::vector<std::uint8_t>(100, 0));
  CHECK_THROWS_WITH(nn::read_idx(bomb.string()),
                    Catch::Contains("the header claims more data than the limit, 536870912 bytes"));
  // 40 bytes claimed, 50 MB of zeros inflated behind them: reading stops one byte past the claim.
  const fs::path trailing = d / "trailing-idx1-ubyte.gz";
  nn::write_idx(trailing.string(), {40}, std::vector<std::uint8_t>(50u << 20, 0));
  CHECK(fs::file_size(trailing) < (1u << 20));
  CHECK_THROWS_WITH(nn::read_idx(trailing.string()), Catch::Contains("trailing data after the 40 bytes"));
  // More claimed than deflate could hold in the file (it expands at most 1032 to 1).
  const fs::path dense = d / "dense-idx3-ubyte.gz";
  nn::write_idx(dense.string(), {2000, 1000, 100}, std::vector<std::uint8_t>(10, 7));
  CHECK_THROWS_WITH(nn::read_idx(dense.string()), Catch::Contains("bytes of data, the file can inflate to at most"));
}

TEST_CASE("An image whose header claims a huge size is refused before it is decoded") {
  // A PNG signature and an IHDR chunk claiming 30000×30000 gray pixels (stb_image reads no CRC).
  const std::vector<unsigned char> png = {0x89, 'P',  'N', 'G', '\r', '\n', 0x1a, '\n', 0,    0, 0,
                                          13,   'I',  'H', 'D', 'R',  0,    0,    0x75, 0x30, 0, 0,
                                          0x75, 0x30, 8,   0,   0,    0,    0,    0,    0,    0, 0};
  const fs::path p = temp_dir() / "huge.png";
  write_bytes(p, png);
  CHECK_THROWS_WITH(nn::load_image(p.string(), 28, 28, 1),
                    p.string() + ": the image is 30000x30000, more than the limit, 4096 a side and 4194304 pixels");
}

TEST_CASE("A PNG chunk longer than the file is refused before it is decoded") {
  // Found by fuzz/image: a 2565x3 RGB image whose IDAT chunk claims 855,638,075
  // bytes, which stb_image allocated before it found the file 116 bytes long.
  const std::vector<unsigned char> png = {0x89, 'P',  'N',  'G',  0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 'I',
                                          'H',  'D',  'R',  0x00, 0x00, 0x0a, 0x05, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02,
                                          0x00, 0x00, 0x00, 0xd4, 'T',  'R',  0xaf, 0x33, 0x00, 0x00, 0x3b, 'I',  'D',
                                          'A',  'T',  0x78, 0xda, 0xff, 0xff, 0xff, 0xff, 0x01, 0x30, 0x00, 0xcf};
  const fs::path p = temp_dir() / "long-chunk.png";
  write_bytes(p, png);
  CHECK_THROWS_WITH(nn::load_image(p.string(), 28, 28, 1),
                    p.string() + ": PNG chunk 'IDAT' claims 855638075 bytes, but 10 are left in the file");
}

TEST_CASE("An image with no pixels is refused, never resampled") {
  // A BMP whose header claims 1540×0 pixels (found by fuzz/image): stb_image
  // decodes it into a 1-byte buffer, which resampling read far past.
  const std::vector<unsigned char> bmp = {0x42, 0x4d, 0x86, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00, 0x00,
                                          0x00, 0x28, 0x00, 0x00, 0x00, 0x04, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                          0x01, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x00, 0x47, 0x0d, 0x00,
                                          0x28, 0x00, 0x00, 0x00, 0x00, 0x44, 0x13, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00,
                                          0x00, 0x00, 0x0d, 0x49, 0x48, 0x00, 0x00, 0x00, 0x00, 0x80, 0x44};
  const fs::path p = temp_dir() / "empty.bmp";
  write_bytes(p, bmp);
  CHECK_THROWS_WITH(nn::load_image(p.string(), 28, 28, 1), p.string() + ": the image is 1540x0, which has no pixels");
  const fs::path junk = temp_dir() / "junk.png";
  write_bytes(junk, {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'});
  CHECK_THROWS_WITH(nn::load_image(junk.string(), 28, 28, 1),
                    Catch::StartsWith(junk.string() + ": cannot read image ("));
}

TEST_CASE("An IDX folder needs four consistent files") {
  const fs::path d = temp_dir() / "idxfolder";
  fs::create_directories(d);
  std::vector<std::uint8_t> images(3 * 4 * 4, 9), labels = {0, 2, 1};
  nn::write_idx((d / "train-images-idx3-ubyte.gz").string(), {3, 4, 4}, images);
  nn::write_idx((d / "train-labels-idx1-ubyte.gz").string(), {3}, labels);
  nn::write_idx((d / "t10k-images-idx3-ubyte").string(), {3, 4, 4}, images);
  CHECK_THROWS_WITH(nn::load_idx_folder(d.string()), Catch::Contains("missing t10k-labels"));
  nn::write_idx((d / "t10k-labels-idx1-ubyte").string(), {2}, {1, 1});
  CHECK_THROWS_WITH(nn::load_idx_folder(d.string()),
                    Catch::Contains("holds 3 images but") && Catch::Contains("holds 2 labels"));
  nn::write_idx((d / "t10k-labels-idx1-ubyte").string(), {3}, labels);
  const nn::DataSplit s = nn::load_idx_folder(d.string());
  CHECK(s.train.size() == 3);
  CHECK(s.train.classes == 3);
  CHECK(s.test.shape == nn::Shape::image(4, 4, 1));
}

TEST_CASE("A folder of images with one sub-folder per class loads like flow_from_directory") {
  const fs::path d = temp_dir() / "images";
  for (const char* cls : {"cat", "dog"}) {
    fs::create_directories(d / cls);
    for (int i = 0; i < 5; ++i) {
      std::vector<unsigned char> rgb(10 * 12 * 3);
      for (std::size_t k = 0; k < rgb.size(); ++k)
        rgb[k] = static_cast<unsigned char>(std::string(cls) == "cat" ? 200 : 20 + i);
      const std::string file = (d / cls / ("img" + std::to_string(i) + ".png")).string();
      REQUIRE(stbi_write_png(file.c_str(), 12, 10, 3, rgb.data(), 12 * 3) != 0);
    }
  }
  std::ofstream(d / "dog" / "notes.txt") << "ignored";
  const nn::DataSplit s = nn::load_image_folder(d.string(), 6, 5, 1);
  CHECK(s.train.class_names == std::vector<std::string>{"cat", "dog"});
  CHECK(s.train.size() + s.test.size() == 10);
  CHECK(s.test.size() == 2);  // a fifth of each class
  CHECK(s.train.shape == nn::Shape::image(6, 5, 1));
  CHECK(static_cast<long>(s.train.pixels.size()) == s.train.size() * 30);
  CHECK(s.train.pixels[0] == 200);  // a uniform image stays uniform through resizing
  const nn::DataSplit rgb = nn::load_image_folder(d.string(), 4, 4, 3);
  CHECK(rgb.train.shape.c == 3);
  std::ofstream(d / "cat" / "broken.png") << "not a png";
  CHECK_THROWS_WITH(nn::load_image_folder(d.string()),
                    Catch::Contains("broken.png") && Catch::Contains("cannot read image"));
}
