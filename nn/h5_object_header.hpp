// nn/h5_object_header.hpp — an object's header checked before HDF5 decodes it
// (internal to nn's HDF5 layer).
//
// HDF5 1.10 decodes the messages of an object header (attributes, dataspaces,
// datatypes) trusting the sizes written inside them: an attribute whose
// datatype length is a few bytes off sends it reading past the header it
// loaded, which ends in a segfault inside the library (found with flipped
// bytes in a model file). Version-1 headers, which h5py, Keras and Descent
// write, carry no checksum, so nothing in HDF5 notices.
//
// check_object_header reads the header's raw bytes itself and refuses, with
// std::runtime_error naming the file, any message whose parts do not fit in
// it:
//   attribute  name, datatype, dataspace and the data (elements × element
//              size) inside the message
//   dataspace  rank ≤ 32, its dimensions inside the message
//   datatype   its properties inside the message (numbers, strings,
//              references, variable-length sequences of those)
// and continuation chunks that leave the file (HDF5 would first allocate
// the length they claim, up to petabytes). Version-2 headers ("OHDR") are
// checksummed, and HDF5 verifies the checksum before it decodes a message:
// they are left to HDF5.
#pragma once

#include <hdf5.h>

#include <string>

#include "nn/h5.hpp"

namespace nn::h5 {

// Checks the header of the object `name` under `parent` ("." for parent itself).
void check_object_header(const File& f, hid_t parent, const std::string& name);
// Checks the root group's header, found through the superblock, before
// H5Fopen loads it: `f` names the file and its size but is not open yet.
void check_root_header(const File& f);

}  // namespace nn::h5
