// nn/h5.hpp — the few HDF5 operations Keras' .h5 layout needs (internal).
//
// Thin RAII wrappers over the C API. Every failure throws std::runtime_error
// naming the file and the object; HDF5's own error printing is switched off.
// Reading trusts nothing in the file: every call's result is checked, and
// every attribute and dataset is checked for its type and size (against
// nn/limits.hpp and the file's size) before anything is allocated for it.
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace nn::h5 {

class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void release() { id_ = -1; }  // the caller closes the id

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

class File {
 public:
  // A new file held in memory only (HDF5's core driver, no backing store):
  // HDF5 never writes to disk, so a full disk cannot fail inside HDF5, whose
  // close after a failed flush leaks. `path` names it in messages.
  static File create_in_memory(const std::string& path);
  static File open(const std::string& path);  // read-only
  // The bytes of a file made by create_in_memory, as a file on disk would hold them.
  std::string image() const;
  hid_t id() const { return h_.id(); }
  const std::string& path() const { return path_; }
  long bytes() const { return bytes_; }  // the file's size when opened (0 for a created file)

 private:
  Handle h_;
  std::string path_;
  long bytes_ = 0;
};

Handle create_group(const File& f, hid_t parent, const std::string& name);
Handle open_group(const File& f, hid_t parent, const std::string& name);  // throws if absent
bool exists(hid_t parent, const std::string& name);
bool has_attr(const File& f, hid_t obj, const std::string& name);

void write_string_attr(const File& f, hid_t obj, const std::string& name, const std::string& value);
void write_string_list_attr(const File& f, hid_t obj, const std::string& name, const std::vector<std::string>& values);
std::string read_string_attr(const File& f, hid_t obj, const std::string& name);
std::vector<std::string> read_string_list_attr(const File& f, hid_t obj, const std::string& name);

// Datasets at `name` (slashes make intermediate groups).
void write_floats(const File& f, hid_t parent, const std::string& name, const std::vector<long>& shape,
                  const float* data);
void write_doubles(const File& f, hid_t parent, const std::string& name, const std::vector<long>& shape,
                   const double* data);
// A floating-point dataset's shape (a dimension past a long's range reads as -1).
std::vector<long> dataset_shape(const File& f, hid_t parent, const std::string& name);
void read_floats(const File& f, hid_t parent, const std::string& name, float* out, long count);
void read_doubles(const File& f, hid_t parent, const std::string& name, double* out, long count);
// A dataset of one number, integer or floating-point (Keras' step counters are int64).
double read_number(const File& f, hid_t parent, const std::string& name);

}  // namespace nn::h5
