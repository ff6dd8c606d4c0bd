// A user's points for the network scenes (x1,x2,label): scenes::load_dataset_csv,
// as `descent trace --network FILE.csv` reads it. Whatever it accepts must be
// a usable data set: at least two classes, labels in range, the split whole.
#include <cmath>

#include "fuzz_input.hpp"
#include "scenes/network_datasets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fuzz::write_input(data, size, ".csv");
  try {
    const scenes::NetworkDataset d = scenes::load_dataset_csv(path, 0.25, 1);
    if (d.classes < 2 || d.classes > scenes::kMaxCsvClasses || d.inputs != 2) std::abort();
    if (d.train_size() < 2 || d.train_size() + d.test_size() > scenes::kMaxCsvRows) std::abort();
    if (d.train_x.size() != 2 * d.train_y.size() || d.test_x.size() != 2 * d.test_y.size()) std::abort();
    for (double y : d.train_y)
      if (!(y >= 0 && y < d.classes && y == std::floor(y))) std::abort();
    for (double x : d.train_x)
      if (!std::isfinite(x)) std::abort();
  } catch (const std::exception& e) {
    fuzz::check_refusal(e);
  }
  return 0;
}
