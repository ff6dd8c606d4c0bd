#include "nn/h5.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "nn/h5_object_header.hpp"
#include "nn/limits.hpp"

namespace nn::h5 {

namespace {

void quiet() {
  static const bool once = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)once;
}

[[noreturn]] void fail(const File& f, const std::string& what) {
  throw std::runtime_error(f.path() + ": " + what);
}

hid_t lcpl() {
  static hid_t plist = [] {
    hid_t p = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(p, 1);
    return p;
  }();
  return plist;
}

// A string attribute this long or longer is stored variable-length: an
// object header holds 64 KiB in all.
constexpr std::size_t kFixedStringBytes = 16384;

Handle dataspace(const std::vector<long>& shape) {
  if (shape.empty()) return Handle(H5Screate(H5S_SCALAR), H5Sclose);
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0 && close_) close_(id_);
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = -1;
  }
  return *this;
}

Handle::~Handle() {
  if (id_ >= 0 && close_) close_(id_);
}

File File::create_in_memory(const std::string& path) {
  quiet();
  File f;
  f.path_ = path;
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Grows by 1 MiB at a time; backing_store 0: nothing is ever written to `path`.
  if (!fapl.valid() || H5Pset_fapl_core(fapl.id(), std::size_t{1} << 20, 0) < 0)
    throw std::runtime_error(path + ": cannot set up an HDF5 file in memory");
  f.h_ = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()), H5Fclose);
  if (!f.h_.valid()) throw std::runtime_error(path + ": cannot create the HDF5 file");
  return f;
}

std::string File::image() const {
  if (H5Fflush(id(), H5F_SCOPE_LOCAL) < 0) fail(*this, "cannot flush the HDF5 file");
  const ssize_t size = H5Fget_file_image(id(), nullptr, 0);
  if (size < 0) fail(*this, "cannot read back the HDF5 file's bytes");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (size > 0 && H5Fget_file_image(id(), bytes.data(), bytes.size()) != size)
    fail(*this, "cannot read back the HDF5 file's bytes");
  return bytes;
}

File File::open(const std::string& path) {
  quiet();
  File f;
  f.path_ = path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw std::runtime_error(path + ": not a regular file");
  const auto bytes = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error(path + ": cannot read its size");
  f.bytes_ = static_cast<long>(bytes);
  if (H5Fis_hdf5(path.c_str()) <= 0) throw std::runtime_error(path + ": not an HDF5 file (or cannot be read)");
  check_root_header(f);
  f.h_ = Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f.h_.valid()) throw std::runtime_error(path + ": cannot open the HDF5 file");
  return f;
}

Handle create_group(const File& f, hid_t parent, const std::string& name) {
  Handle g(H5Gcreate2(parent, name.c_str(), lcpl(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail(f, "cannot create group " + name);
  return g;
}

Handle open_group(const File& f, hid_t parent, const std::string& name) {
  if (!exists(parent, name)) fail(f, "has no group '" + name + "'");
  check_object_header(f, parent, name);
  Handle g(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail(f, "cannot open group " + name);
  return g;
}

bool exists(hid_t parent, const std::string& name) {
  quiet();
  // Check each path component, as H5Lexists requires.
  std::size_t pos = 0;
  while (true) {
    const std::size_t slash = name.find('/', pos);
    const std::string prefix = name.substr(0, slash);
    if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    pos = slash + 1;
  }
}

bool has_attr(const File& f, hid_t obj, const std::string& name) {
  check_object_header(f, obj, ".");  // H5Aexists decodes every attribute before the one it finds
  return H5Aexists(obj, name.c_str()) > 0;
}

void write_string_attr(const File& f, hid_t obj, const std::string& name, const std::string& value) {
  // Fixed-length bytes, as Keras writes model_config: kept inside the
  // attribute itself, not in HDF5's global heap, which a corrupt file can make
  // the library read out of bounds. Past what an object header holds, the
  // variable-length form is the only one HDF5 can store.
  const bool fixed = value.size() < kFixedStringBytes;
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), fixed ? std::max<std::size_t>(value.size(), 1) : H5T_VARIABLE);
  H5Tset_strpad(type.id(), H5T_STR_NULLPAD);
  H5Tset_cset(type.id(), H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  const char* p = value.c_str();
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  const void* data = fixed ? static_cast<const void*>(padded.data()) : static_cast<const void*>(&p);
  if (!attr.valid() || H5Awrite(attr.id(), type.id(), data) < 0) fail(f, "cannot write attribute " + name);
}

void write_string_list_attr(const File& f, hid_t obj, const std::string& name, const std::vector<std::string>& values) {
  // Keras writes these as fixed-length byte strings (numpy 'S').
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  std::vector<char> buf(width * std::max<std::size_t>(values.size(), 1), '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::memcpy(buf.data() + i * width, values[i].data(), values[i].size());
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), width);
  H5Tset_strpad(type.id(), H5T_STR_NULLPAD);
  Handle space = dataspace({static_cast<long>(values.size())});
  Handle attr(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.valid() || H5Awrite(attr.id(), type.id(), buf.data()) < 0) fail(f, "cannot write attribute " + name);
}

namespace {

std::vector<std::string> read_strings(const File& f, hid_t obj, const std::string& name) {
  if (!has_attr(f, obj, name)) fail(f, "has no attribute '" + name + "'");
  Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!attr.valid()) fail(f, "cannot open attribute " + name);
  Handle type(H5Aget_type(attr.id()), H5Tclose);
  if (!type.valid() || H5Tget_class(type.id()) != H5T_STRING) fail(f, "attribute " + name + " is not a string");
  Handle space(H5Aget_space(attr.id()), H5Sclose);
  if (!space.valid()) fail(f, "cannot read the shape of attribute " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  std::vector<std::string> out;
  if (n < 0) fail(f, "cannot read the shape of attribute " + name);
  if (n == 0) return out;
  // No attribute Descent reads is larger than the limit, nor than the file.
  const long most = std::min(limits::kMaxAttributeBytes, f.bytes());
  const auto too_large = [&] {
    fail(f, "attribute " + name + " is larger than the limit, " + std::to_string(most) + " bytes");
  };
  if (n > most) too_large();
  const htri_t variable = H5Tis_variable_str(type.id());
  if (variable < 0) fail(f, "attribute " + name + " has an unreadable string type");
  if (variable > 0) {
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.id(), H5T_VARIABLE);
    H5Tset_cset(mem.id(), H5Tget_cset(type.id()));
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    if (H5Aread(attr.id(), mem.id(), ptrs.data()) < 0) fail(f, "cannot read attribute " + name);
    long total = 0;
    for (char* p : ptrs) {
      const std::size_t len = p ? strnlen(p, static_cast<std::size_t>(most) + 1) : 0;
      total += static_cast<long>(len);
      if (total > most) break;
      out.emplace_back(p ? p : "", len);
    }
    H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, ptrs.data());
    if (total > most) too_large();
  } else {
    const std::size_t width = H5Tget_size(type.id());
    const auto bytes =
        limits::product(static_cast<long>(std::min<std::size_t>(width, static_cast<std::size_t>(most) + 1)), n);
    if (width == 0 || !bytes || *bytes > most) too_large();
    // Read as the file stores it: a fixed-length string of `width` bytes.
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.id(), width);
    H5Tset_strpad(mem.id(), H5T_STR_NULLPAD);
    H5Tset_cset(mem.id(), H5Tget_cset(type.id()));
    std::vector<char> buf(static_cast<std::size_t>(*bytes));
    if (H5Aread(attr.id(), mem.id(), buf.data()) < 0) fail(f, "cannot read attribute " + name);
    for (hssize_t i = 0; i < n; ++i) {
      const char* s = buf.data() + static_cast<std::size_t>(i) * width;
      out.emplace_back(s, strnlen(s, width));
    }
  }
  return out;
}

void write_data(const File& f, hid_t parent, const std::string& name, const std::vector<long>& shape, hid_t type,
                const void* data) {
  Handle space = dataspace(shape);
  Handle ds(H5Dcreate2(parent, name.c_str(), type, space.id(), lcpl(), H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail(f, "cannot create dataset " + name);
  long count = 1;
  for (long d : shape) count *= d;
  if (count > 0 && H5Dwrite(ds.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    fail(f, "cannot write dataset " + name);
}

// Opens dataset `name`, checking that it holds floating-point values.
Handle open_float_dataset(const File& f, hid_t parent, const std::string& name) {
  if (!exists(parent, name)) fail(f, "has no dataset '" + name + "'");
  check_object_header(f, parent, name);
  Handle ds(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail(f, "cannot open dataset " + name);
  Handle type(H5Dget_type(ds.id()), H5Tclose);
  if (!type.valid() || H5Tget_class(type.id()) != H5T_FLOAT) fail(f, "dataset " + name + " is not floating-point");
  return ds;
}

void read_data(const File& f, hid_t parent, const std::string& name, hid_t type, void* out, long count) {
  Handle ds = open_float_dataset(f, parent, name);
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  if (!space.valid()) fail(f, "cannot read the shape of " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  if (n != count)
    fail(f, "dataset " + name + " holds " + std::to_string(n) + " values, expected " + std::to_string(count));
  if (count > 0 && H5Dread(ds.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
    fail(f, "cannot read dataset " + name);
}

}  // namespace

std::string read_string_attr(const File& f, hid_t obj, const std::string& name) {
  auto v = read_strings(f, obj, name);
  if (v.size() != 1) fail(f, "attribute " + name + " is not a single string");
  return v[0];
}

std::vector<std::string> read_string_list_attr(const File& f, hid_t obj, const std::string& name) {
  return read_strings(f, obj, name);
}

void write_floats(const File& f, hid_t parent, const std::string& name, const std::vector<long>& shape,
                  const float* data) {
  write_data(f, parent, name, shape, H5T_NATIVE_FLOAT, data);
}

void write_doubles(const File& f, hid_t parent, const std::string& name, const std::vector<long>& shape,
                   const double* data) {
  write_data(f, parent, name, shape, H5T_NATIVE_DOUBLE, data);
}

std::vector<long> dataset_shape(const File& f, hid_t parent, const std::string& name) {
  Handle ds = open_float_dataset(f, parent, name);
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.id()) : -1;
  if (rank < 0 || rank > H5S_MAX_RANK) fail(f, "cannot read the shape of " + name);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr) < 0) fail(f, "cannot read the shape of " + name);
  std::vector<long> shape;
  for (hsize_t d : dims) shape.push_back(d > static_cast<hsize_t>(LONG_MAX) ? -1 : static_cast<long>(d));
  return shape;
}

void read_floats(const File& f, hid_t parent, const std::string& name, float* out, long count) {
  read_data(f, parent, name, H5T_NATIVE_FLOAT, out, count);
}

void read_doubles(const File& f, hid_t parent, const std::string& name, double* out, long count) {
  read_data(f, parent, name, H5T_NATIVE_DOUBLE, out, count);
}

double read_number(const File& f, hid_t parent, const std::string& name) {
  if (!exists(parent, name)) fail(f, "has no dataset '" + name + "'");
  check_object_header(f, parent, name);
  Handle ds(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail(f, "cannot open dataset " + name);
  Handle type(H5Dget_type(ds.id()), H5Tclose);
  const H5T_class_t cls = type.valid() ? H5Tget_class(type.id()) : H5T_NO_CLASS;
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) fail(f, "dataset " + name + " is not a number");
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  if (!space.valid() || H5Sget_simple_extent_npoints(space.id()) != 1)
    fail(f, "dataset " + name + " is not one number");
  double v = 0;
  if (H5Dread(ds.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) < 0)
    fail(f, "cannot read dataset " + name);
  return v;
}

}  // namespace nn::h5
