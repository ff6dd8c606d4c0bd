// scenes/network_datasets.hpp — the labelled points a small network learns.
//
// Every set is drawn from a seed, so a run can be replayed anywhere:
//   moons      two interleaved half circles (0.5 apart), centred on 0
//   circles    a circle of radius 1 around one of radius 0.5
//   xor        the four quadrants of [−1, 1]², label 1 where x1·x2 < 0
//   spirals    2 arms, each 1.25 turns from the centre out to radius 1
//   spirals3   the same with 3 arms
//   blobs      k Gaussian blobs, centres on a circle of radius 1.5
//   sine       y = sin x + noise on x ∈ [−π, π]: 1-D regression
//   scaled     moons with x2 multiplied by 100: the course's ill-conditioning
// Noise is Gaussian with standard deviation `noise`, added to both
// coordinates (sine: to the target). Classes are balanced: class c of k gets
// ⌊n/k⌋ points, plus one for c < n mod k.
//
// The split: all points are shuffled with the seed, the first
// round(test_fraction·n) become the test set, the rest the training set.
//
// A user's CSV (x1,x2,label) is read by parse_dataset_csv(): one header line
// "x1,x2,label" optional, labels whole numbers 0…9, at most kMaxCsvRows rows
// and kMaxCsvBytes bytes. Every error is one line naming the line number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scenes {

struct NetworkDataset {
  std::string name;  // "moons", or the CSV's path
  int inputs = 2;    // 2, or 1 for sine
  int classes = 2;   // 0 for regression
  // Points (n, inputs), row-major, and their labels (class index) or targets.
  std::vector<double> train_x = {}, train_y = {};
  std::vector<double> test_x = {}, test_y = {};
  long train_size() const { return static_cast<long>(train_y.size()); }
  long test_size() const { return static_cast<long>(test_y.size()); }
  bool regression() const { return classes == 0; }
};

struct DatasetSpec {
  std::string name = "moons";  // one of dataset_names()
  long points = 200;           // training and test together
  double noise = -1;           // < 0: the set's default_noise()
  double test_fraction = 0.2;  // in [0, 0.9]
  int classes = 3;             // blobs only: 2…8
  std::uint64_t seed = 1;
};

inline constexpr long kMinPoints = 4;
inline constexpr long kMaxPoints = 100'000;
inline constexpr long kMaxCsvRows = kMaxPoints;
inline constexpr long kMaxCsvBytes = 8L << 20;
inline constexpr int kMaxCsvClasses = 10;

const std::vector<std::string>& dataset_names();
double default_noise(std::string_view name);  // throws std::invalid_argument for an unknown name

// Throws std::invalid_argument naming the bad field (an unknown name lists the known ones).
NetworkDataset make_dataset(const DatasetSpec& spec);

// Points and labels from CSV text, split as the generated sets are (seed,
// test_fraction). `where` names the source in messages ("points.csv").
// Throws std::invalid_argument "points.csv:7: …".
NetworkDataset parse_dataset_csv(std::string_view text, const std::string& where, double test_fraction,
                                 std::uint64_t seed);
// The same from a file, refusing one over kMaxCsvBytes before reading it.
NetworkDataset load_dataset_csv(const std::string& path, double test_fraction, std::uint64_t seed);

}  // namespace scenes
