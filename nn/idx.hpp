// nn/idx.hpp — the IDX format of MNIST, plain or gzip-compressed.
//
//   magic: 0x00 0x00 type ndim   (type 0x08 = unsigned byte)
//   ndim big-endian uint32 sizes, then the data, row-major.
//
// A malformed file — wrong magic, a truncated header or body, trailing bytes,
// sizes that overflow — throws DataError naming the file and the problem. The
// reader never trusts the header with memory: it allocates only as much as
// the file really holds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nn {

struct IdxArray {
  std::vector<long> dims;
  std::vector<std::uint8_t> data;
};

// Reads an unsigned-byte IDX file with `ndim` dimensions (0: any).
IdxArray read_idx(const std::string& path, int ndim = 0);

// Writes one (gzip-compressed when the name ends in .gz), atomically.
void write_idx(const std::string& path, const std::vector<long>& dims, const std::vector<std::uint8_t>& data);

}  // namespace nn
