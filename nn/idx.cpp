#include "nn/idx.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "nn/atomic_file.hpp"
#include "nn/dataset.hpp"
#include "nn/limits.hpp"

namespace nn {

namespace {

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};
using GzPtr = std::unique_ptr<gzFile_s, GzCloser>;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw DataError(path + ": " + problem);
}

// Reads up to n bytes; returns how many were read.
std::size_t read_some(gzFile f, const std::string& path, void* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - got, 1u << 20));
    const int r = gzread(f, static_cast<char*>(out) + got, chunk);
    if (r < 0) {
      int code = 0;
      const char* msg = gzerror(f, &code);
      fail(path, std::string("corrupt compressed data (") + (msg ? msg : "zlib error") + ")");
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

}  // namespace

IdxArray read_idx(const std::string& path, int ndim) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) fail(path, "no such file");
  GzPtr f(gzopen(path.c_str(), "rb"));
  if (!f) fail(path, std::string("cannot open (") + std::strerror(errno) + ")");
  unsigned char magic[4];
  if (read_some(f.get(), path, magic, 4) < 4) fail(path, "truncated: the file is shorter than an IDX header");
  if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] == 0 || magic[3] > 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "0x%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3]);
    fail(path, std::string("not an unsigned-byte IDX file (magic ") + buf + ", expected 0x000008NN)");
  }
  const int n = magic[3];
  if (ndim && n != ndim) fail(path, "has " + std::to_string(n) + " dimensions, expected " + std::to_string(ndim));
  IdxArray a;
  unsigned long long total = 1;
  for (int i = 0; i < n; ++i) {
    unsigned char b[4];
    if (read_some(f.get(), path, b, 4) < 4) fail(path, "truncated header (the sizes are cut short)");
    const unsigned long long d = (static_cast<unsigned long long>(b[0]) << 24) |
                                 (static_cast<unsigned long long>(b[1]) << 16) |
                                 (static_cast<unsigned long long>(b[2]) << 8) | b[3];
    if (d == 0) fail(path, "dimension " + std::to_string(i) + " is 0: the file holds no data");
    total *= d;  // each factor < 2³², the running product ≤ the limit: no overflow
    if (total > static_cast<unsigned long long>(limits::kMaxDataBytes))
      fail(path, "the header claims more data than the limit, " + std::to_string(limits::kMaxDataBytes) + " bytes");
    a.dims.push_back(static_cast<long>(d));
  }
  // Against the file's real size too, before reading: a plain file holds its
  // data byte for byte; deflate expands at most 1032 to 1.
  const auto file_bytes = static_cast<unsigned long long>(std::filesystem::file_size(path, ec));
  const bool plain = gzdirect(f.get()) == 1;
  const unsigned long long header = 4ULL + 4ULL * static_cast<unsigned long long>(n);
  const unsigned long long most = plain ? (file_bytes > header ? file_bytes - header : 0) : file_bytes * 1032ULL;
  if (!ec && total > most)
    fail(path, "truncated: the header claims " + std::to_string(total) + " bytes of data, the file " +
                   (plain ? "holds " : "can inflate to at most ") + std::to_string(most));
  // Read in chunks: memory grows with the data really present, not with the claim.
  std::vector<std::vector<std::uint8_t>> chunks;
  std::size_t have = 0;
  const std::size_t want = static_cast<std::size_t>(total);
  while (have < want) {
    const std::size_t n_chunk = std::min<std::size_t>(want - have, 4u << 20);
    std::vector<std::uint8_t> chunk(n_chunk);
    const std::size_t got = read_some(f.get(), path, chunk.data(), n_chunk);
    chunk.resize(got);
    have += got;
    if (got) chunks.push_back(std::move(chunk));
    if (got < n_chunk) break;
  }
  if (have < want)
    fail(path, "truncated: the header claims " + std::to_string(want) + " bytes of data, the file holds " +
                   std::to_string(have));
  unsigned char extra;
  if (read_some(f.get(), path, &extra, 1) == 1)
    fail(path, "trailing data after the " + std::to_string(want) + " bytes the header claims");
  if (chunks.size() == 1) {
    a.data = std::move(chunks[0]);
  } else {
    a.data.reserve(want);
    for (auto& c : chunks) a.data.insert(a.data.end(), c.begin(), c.end());
  }
  return a;
}

void write_idx(const std::string& path, const std::vector<long>& dims, const std::vector<std::uint8_t>& data) {
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  std::vector<std::uint8_t> bytes = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (long d : dims)
    for (int s = 24; s >= 0; s -= 8)
      bytes.push_back(static_cast<std::uint8_t>((static_cast<unsigned long>(d) >> s) & 0xff));
  bytes.insert(bytes.end(), data.begin(), data.end());
  if (!gz) {
    try {
      write_file_atomic(path, std::string(bytes.begin(), bytes.end()));
    } catch (const std::runtime_error& e) {
      throw DataError(e.what());
    }
    return;
  }
  // gzip needs zlib's file writer, so the temporary file is written here and
  // committed the same way write_file_atomic commits its own.
  try {
    check_replaceable(path);
  } catch (const std::runtime_error& e) {
    throw DataError(e.what());
  }
  const std::string temp = temp_path_for(path);
  bool ok = false;
  if (gzFile f = gzopen(temp.c_str(), "wb")) {
    ok = gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size());
    ok = (gzclose(f) == Z_OK) && ok;
  }
  if (!ok) {
    std::remove(temp.c_str());
    throw DataError(path + ": cannot write");
  }
  try {
    commit_temp_file(temp, path);
  } catch (const std::runtime_error& e) {
    throw DataError(e.what());
  }
}

}  // namespace nn
