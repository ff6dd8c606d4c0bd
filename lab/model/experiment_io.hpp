// lab/model/experiment_io.hpp — saving and sharing an experiment.
//
// JSON (format "descent-experiment", version 1) holds what reproduces the
// race: scene, view, start, each optimizer with every hyperparameter and its
// mid-run changes, the selection and the current step. Loading recomputes
// the trajectories, which come out bit-identical: the optimizers and the
// gradient noise are deterministic.
//
// CSV holds the trajectories up to the cursor, one row per runner and step:
//   runner,optimizer,label,step,x,y,f,evaluations
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

nlohmann::json to_json(const Experiment& experiment);
Experiment experiment_from_json(const nlohmann::json& json);

void save_experiment(const Experiment& experiment, const std::string& path);
Experiment load_experiment(const std::string& path);

std::string trajectories_csv(const Experiment& experiment);
void export_csv(const Experiment& experiment, const std::string& path);

// Writes `bytes` to `path` through a temporary file and a rename.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace lab::model
