// lab/model/experiment_io.hpp — saving and sharing an experiment.
//
// JSON (format "descent-experiment", version 1) holds what reproduces the
// race: scene, view, start, each optimizer with every hyperparameter and its
// mid-run changes, the selection and the current step. Loading recomputes
// the trajectories, which come out bit-identical on a surface: the
// optimizers and the gradient noise are deterministic. A network's come out
// equal up to the last bits: the rebuilt network holds its data in other
// buffers, and nn's vectorized sums depend on their alignment.
//
// CSV holds the trajectories up to the cursor, one row per runner and step:
//   runner,optimizer,label,step,x,y,f,evaluations
// or, for a network scene, the curves' values in place of the point:
//   runner,optimizer,label,step,loss,train_accuracy,test_accuracy,test_loss,evaluations
//
// Reading checks every field before it is used, and every count before
// anything is built from it; the bounds below are far beyond what the lab
// makes and keep a hostile file to at most kMaxExperimentRunners ×
// (kMaxSteps + 1) history records (about 16 × 100,001 points):
//   file size ≤ 1 MiB; runners ≤ 16; hyperparameter changes ≤ 10,000 in all;
//   view and start coordinates finite, |v| ≤ 1e6 (a start at 1e10 is refused),
//   the view at least 1e-9 wide and high; steps in [0, kMaxSteps]; labels ≤ 200
//   characters; noise σ in [0, 1e6]; hyperparameters finite (each optimizer
//   checks its own ranges). A network scene: its data set's recipe within
//   make_dataset's bounds, ≤ 6 hidden layers of 1…32 units, ≤ 5 features by
//   name, L2 in [0, 1e6], the user's own points as the CSV reader bounds them
//   (≤ kMaxCsvRows rows, classes 0…9, coordinates within 1e6); its θ₀ comes
//   from the init seed and is not written. A refusal is one line naming the file and the field:
//   "exp.json: malformed experiment: start[0] must be a finite number in [-1e+06, 1e+06]".
//
// Files are written to a temporary name and renamed, so a failed write never
// leaves half a file. Errors throw std::runtime_error (I/O) or
// std::invalid_argument (a malformed or incompatible file), with the path.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "lab/model/experiment.hpp"

namespace lab::model {

inline constexpr int kExperimentVersion = 1;
inline constexpr std::size_t kMaxExperimentFileBytes = 1 << 20;
inline constexpr std::size_t kMaxExperimentRunners = 16;
inline constexpr std::size_t kMaxExperimentChanges = 10000;
inline constexpr std::size_t kMaxExperimentLabel = 200;
inline constexpr double kMaxExperimentCoordinate = 1e6;
inline constexpr double kMinExperimentViewSize = 1e-9;
inline constexpr double kMaxExperimentNoise = 1e6;

nlohmann::json to_json(const Experiment& experiment);
Experiment experiment_from_json(const nlohmann::json& json);

void save_experiment(const Experiment& experiment, const std::string& path);
Experiment load_experiment(const std::string& path);
// What load_experiment does with a file's bytes; `path` only names it in messages.
Experiment experiment_from_bytes(const std::string& bytes, const std::string& path);

std::string trajectories_csv(const Experiment& experiment);
void export_csv(const Experiment& experiment, const std::string& path);

// Writes `bytes` to `path` through a temporary file and a rename.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace lab::model
