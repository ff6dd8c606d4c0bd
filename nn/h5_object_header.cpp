// nn/h5_object_header.cpp — the layout read here is the HDF5 file format
// specification's (version 1 object headers, their continuation chunks, and
// the attribute, dataspace and datatype messages).
#include "nn/h5_object_header.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "nn/limits.hpp"

namespace nn::h5 {

namespace {

constexpr unsigned kDataspaceMessage = 0x01, kDatatypeMessage = 0x03, kAttributeMessage = 0x0C,
                   kContinuationMessage = 0x10;
constexpr unsigned kSharedMessageFlag = 0x02;  // the body is a reference to a message stored elsewhere
constexpr int kMaxChunks = 4096;               // continuation chunks in one header
constexpr int kMaxTypeNesting = 8;             // variable-length of variable-length of …

[[noreturn]] void corrupt(const File& f, const std::string& what) {
  throw std::runtime_error(f.path() + ": corrupt HDF5 object header: " + what);
}

// Bytes [begin, begin + size) of a message, each read checked against its end.
struct Span {
  const std::uint8_t* p;
  std::uint64_t size;
  bool has(std::uint64_t n) const { return n <= size; }
  std::uint64_t le(std::uint64_t at, unsigned n) const {  // little-endian, n ≤ 8; the caller checked has(at + n)
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[at + i]) << (8 * i);
    return v;
  }
  Span sub(std::uint64_t at, std::uint64_t n) const { return {p + at, n}; }
};

// What the superblock says: the size of addresses and lengths, the base
// that addresses count from, and where the root group's header is.
struct Sizes {
  unsigned offsets = 8, lengths = 8;  // bytes of a file address and of a length
  std::uint64_t base = 0, root = 0;
};

std::uint64_t align8(std::uint64_t n) {
  return (n + 7) / 8 * 8;
}

// The bytes one element of this datatype takes in an attribute's data.
std::uint64_t check_datatype(const File& f, Span t, const Sizes& s, int depth) {
  if (!t.has(8)) corrupt(f, "a datatype message is shorter than its header");
  const unsigned cls = t.p[0] & 0x0f;
  const std::uint64_t size = t.le(4, 4);
  // The properties that follow the 8-byte header, by class.
  switch (cls) {
    case 0:  // fixed-point: bit offset, precision
    case 4:  // bitfield: the same
      if (!t.has(12)) corrupt(f, "an integer datatype is cut short");
      return size;
    case 1:  // floating-point: offsets, sizes and bias of its fields
      if (!t.has(20)) corrupt(f, "a floating-point datatype is cut short");
      return size;
    case 2:  // time: bit precision
      if (!t.has(10)) corrupt(f, "a time datatype is cut short");
      return size;
    case 3:  // string, 7 reference: no properties
    case 7:
      return size;
    case 9:  // variable-length: its base type follows; an element is a length and a global heap id
      if (depth >= kMaxTypeNesting) corrupt(f, "variable-length datatypes nested too deep");
      check_datatype(f, t.sub(8, t.size - 8), s, depth + 1);
      return 4 + s.offsets + 4;
    default:  // compound, opaque, enum, array: their declared element size
      return size;
  }
}

// The number of elements this dataspace holds.
std::uint64_t check_dataspace(const File& f, Span d, const Sizes& s) {
  if (!d.has(4)) corrupt(f, "a dataspace message is shorter than its header");
  const unsigned version = d.p[0], rank = d.p[1], flags = d.p[2];
  if (version != 1 && version != 2) corrupt(f, "a dataspace message has version " + std::to_string(version));
  if (rank > 32) corrupt(f, "a dataspace has rank " + std::to_string(rank) + ", more than 32");
  const std::uint64_t header = version == 1 ? 8 : 4;
  const bool null_space = version == 2 && d.p[3] == 2;
  const std::uint64_t dims = rank * static_cast<std::uint64_t>(s.lengths) * ((flags & 1) ? 2 : 1);
  if (!d.has(header + dims)) corrupt(f, "a dataspace's dimensions run past its message");
  if (null_space) return 0;
  std::uint64_t points = 1;
  for (unsigned i = 0; i < rank; ++i) {
    const std::uint64_t n = d.le(header + i * s.lengths, s.lengths);
    if (n != 0 && points > UINT64_MAX / n) corrupt(f, "a dataspace holds more elements than a 64-bit count");
    points *= n;
  }
  return points;
}

void check_attribute(const File& f, Span a, const Sizes& s) {
  if (!a.has(8)) corrupt(f, "an attribute message is shorter than its header");
  const unsigned version = a.p[0];
  if (version < 1 || version > 3) corrupt(f, "an attribute message has version " + std::to_string(version));
  const unsigned flags = version == 1 ? 0 : a.p[1];
  const std::uint64_t name = a.le(2, 2), type = a.le(4, 2), space = a.le(6, 2);
  // Version 1 pads each part to 8 bytes; version 3 adds the name's encoding.
  const auto part = [&](std::uint64_t n) { return version == 1 ? align8(n) : n; };
  const std::uint64_t type_at = (version == 3 ? 9 : 8) + part(name);
  const std::uint64_t space_at = type_at + part(type), data_at = space_at + part(space);
  if (!a.has(data_at)) corrupt(f, "an attribute's name, datatype and dataspace run past its message");
  if (flags & 0x03) return;  // a shared datatype or dataspace: stored, and checked, elsewhere
  const std::uint64_t element = check_datatype(f, a.sub(type_at, type), s, 0);
  const std::uint64_t points = check_dataspace(f, a.sub(space_at, space), s);
  const auto bytes = limits::product(static_cast<long>(std::min<std::uint64_t>(element, LONG_MAX)),
                                     static_cast<long>(std::min<std::uint64_t>(points, LONG_MAX)));
  if (!bytes || !a.has(data_at + static_cast<std::uint64_t>(*bytes)))
    corrupt(f, "an attribute's data runs past its message");
}

struct Chunk {
  std::uint64_t at, size;  // absolute position in the file
};

std::vector<std::uint8_t> read_bytes(const File& f, std::ifstream& in, std::uint64_t at, std::uint64_t n) {
  if (at > static_cast<std::uint64_t>(f.bytes()) || n > static_cast<std::uint64_t>(f.bytes()) - at)
    corrupt(f, "it reaches past the end of the file");
  std::vector<std::uint8_t> bytes(n);
  in.seekg(static_cast<std::streamoff>(at));
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(n)))
    throw std::runtime_error(f.path() + ": cannot read the file");
  return bytes;
}

// The superblock, where HDF5 looks for it: at 0, 512, 1024, 2048, …
Sizes read_superblock(const File& f, std::ifstream& in) {
  static const std::uint8_t kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  const auto size = static_cast<std::uint64_t>(f.bytes());
  for (std::uint64_t at = 0; at + 48 <= size; at = at == 0 ? 512 : 2 * at) {
    const std::vector<std::uint8_t> b = read_bytes(f, in, at, std::min<std::uint64_t>(size - at, 128));
    if (!std::equal(kSignature, kSignature + 8, b.begin())) continue;
    const Span sb{b.data(), b.size()};
    const unsigned version = b[8];
    Sizes s;
    // Versions 0 and 1: fixed fields, then base, free space, end of file and
    // driver addresses, then the root group's entry (name offset, header).
    // Versions 2 and 3: the sizes, flags, then base, extension, end of file
    // and root header addresses.
    std::uint64_t first_address = 0, root_index = 0;
    if (version <= 1) {
      s.offsets = b[13];
      s.lengths = b[14];
      first_address = version == 0 ? 24 : 28;
      root_index = 5;
    } else if (version <= 3) {
      s.offsets = b[9];
      s.lengths = b[10];
      first_address = 12;
      root_index = 3;
    } else {
      corrupt(f, "its superblock has version " + std::to_string(version));
    }
    if (s.offsets < 2 || s.offsets > 8 || s.lengths < 2 || s.lengths > 8)
      corrupt(f, "addresses of " + std::to_string(s.offsets) + " bytes and lengths of " + std::to_string(s.lengths));
    if (!sb.has(first_address + (root_index + 1) * s.offsets)) corrupt(f, "its superblock is cut short");
    s.base = sb.le(first_address, s.offsets);
    s.root = sb.le(first_address + root_index * s.offsets, s.offsets);
    return s;
  }
  corrupt(f, "no superblock");
}

// The header at `address` (relative to the base), and its continuation chunks.
void check_header_at(const File& f, std::ifstream& in, const Sizes& s, std::uint64_t address) {
  const std::uint64_t start = s.base + address;
  const std::vector<std::uint8_t> prefix = read_bytes(f, in, start, 16);
  if (prefix[0] != 1) return;  // "OHDR": version 2, checksummed; anything else HDF5 refuses itself
  std::vector<Chunk> chunks = {{start + 16, Span{prefix.data(), 16}.le(8, 4)}};
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    if (c >= kMaxChunks) corrupt(f, "more than " + std::to_string(kMaxChunks) + " continuation chunks");
    const std::vector<std::uint8_t> bytes = read_bytes(f, in, chunks[c].at, chunks[c].size);
    const Span chunk{bytes.data(), bytes.size()};
    for (std::uint64_t p = 0; chunk.has(p + 8);) {
      const unsigned type = static_cast<unsigned>(chunk.le(p, 2)), flags = chunk.p[p + 4];
      const std::uint64_t size = chunk.le(p + 2, 2), body = p + 8;
      if (!chunk.has(body + size)) corrupt(f, "a message runs past its chunk");
      const Span m = chunk.sub(body, size);
      if (type == kContinuationMessage) {
        if (!m.has(s.offsets + s.lengths)) corrupt(f, "a continuation message is cut short");
        chunks.push_back({s.base + m.le(0, s.offsets), m.le(s.offsets, s.lengths)});
      } else if (flags & kSharedMessageFlag) {
        // a reference to a message kept elsewhere
      } else if (type == kAttributeMessage) {
        check_attribute(f, m, s);
      } else if (type == kDataspaceMessage) {
        check_dataspace(f, m, s);
      } else if (type == kDatatypeMessage) {
        check_datatype(f, m, s, 0);
      }
      p = body + size;
    }
  }
}

}  // namespace

void check_object_header(const File& f, hid_t parent, const std::string& name) {
  // A child's address comes from its link, before HDF5 loads its header (a
  // corrupt chunk length there is a petabyte malloc); an object already open
  // has had its header loaded, and only its messages are left to decode.
  haddr_t address = HADDR_UNDEF;
  if (name == ".") {
    H5O_info_t info;
    if (H5Oget_info2(parent, &info, H5O_INFO_BASIC) < 0)
      throw std::runtime_error(f.path() + ": cannot read an object header");
    address = info.addr;
  } else {
    H5L_info_t link;
    if (H5Lget_info(parent, name.c_str(), &link, H5P_DEFAULT) < 0)
      throw std::runtime_error(f.path() + ": cannot read the link to " + name);
    if (link.type != H5L_TYPE_HARD) throw std::runtime_error(f.path() + ": " + name + " is not an object in the file");
    address = link.u.address;
  }
  std::ifstream in(f.path(), std::ios::binary);
  if (!in) throw std::runtime_error(f.path() + ": cannot read the file");
  check_header_at(f, in, read_superblock(f, in), address);
}

void check_root_header(const File& f) {
  std::ifstream in(f.path(), std::ios::binary);
  if (!in) throw std::runtime_error(f.path() + ": cannot read the file");
  const Sizes s = read_superblock(f, in);
  check_header_at(f, in, s, s.root);
}

}  // namespace nn::h5
