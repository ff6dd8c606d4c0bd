#include "lab/model/experiment_io.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lab::model {

using nlohmann::json;

// [SECTION] JSON --------------------------------------------------------------

json to_json(const Experiment& e) {
  json j;
  j["format"] = "descent-experiment";
  j["version"] = kExperimentVersion;
  const SceneSpec& s = e.scene();
  j["scene"] = {{"surface", s.surface}, {"formula", s.formula}, {"noise", s.noise}, {"seed", s.seed}};
  const scenes::View& v = e.view();
  j["view"] = {{"x_min", v.x_min}, {"x_max", v.x_max}, {"y_min", v.y_min}, {"y_max", v.y_max}};
  j["start"] = {e.start().x(), e.start().y()};
  j["step"] = e.cursor();
  j["selected"] = e.selected();
  j["runners"] = json::array();
  for (const Runner& r : e.runners()) {
    json jr;
    jr["optimizer"] = r.optimizer_name();
    jr["label"] = r.label;
    jr["color"] = to_hex(r.color);
    jr["enabled"] = r.enabled;
    if (r.own_start) jr["start"] = {r.own_start->x(), r.own_start->y()};
    json hyper = json::object();
    for (const auto& spec : r.specs()) hyper[spec.name] = r.initial_hyper(spec.name);
    jr["hyper"] = hyper;
    jr["changes"] = json::array();
    for (const HyperChange& c : r.changes())
      jr["changes"].push_back({{"step", c.step}, {"key", c.key}, {"value", c.value}});
    j["runners"].push_back(jr);
  }
  return j;
}

namespace {

Eigen::Vector2d point(const json& j, const char* what) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number())
    throw std::invalid_argument(std::string(what) + " must be [x, y]");
  return {j[0].get<double>(), j[1].get<double>()};
}

}  // namespace

Experiment experiment_from_json(const json& j) {
  try {
    if (!j.is_object() || j.value("format", "") != "descent-experiment")
      throw std::invalid_argument("not a Descent experiment (no \"format\": \"descent-experiment\")");
    const int version = j.at("version").get<int>();
    if (version != kExperimentVersion)
      throw std::invalid_argument("experiment version " + std::to_string(version) + " is not supported (expected " +
                                  std::to_string(kExperimentVersion) + ")");
    Experiment e;
    const json& js = j.at("scene");
    SceneSpec scene;
    scene.surface = js.value("surface", "rosenbrock");
    scene.formula = js.value("formula", "");
    scene.noise = js.value("noise", 0.0);
    scene.seed = js.value("seed", std::uint64_t{1});
    e.set_scene(scene);
    const json& jv = j.at("view");
    e.set_view({jv.at("x_min").get<double>(), jv.at("x_max").get<double>(), jv.at("y_min").get<double>(),
                jv.at("y_max").get<double>()});
    e.set_start(point(j.at("start"), "start"));

    struct Pending {
      std::size_t runner;
      HyperChange change;
    };
    std::vector<Pending> pending;
    for (const json& jr : j.at("runners")) {
      Runner& r = e.add_runner(jr.at("optimizer").get<std::string>());
      const std::size_t index = e.runners().size() - 1;
      r.label = jr.value("label", r.label);
      if (jr.contains("color")) r.color = parse_hex(jr.at("color").get<std::string>());
      r.enabled = jr.value("enabled", true);
      if (jr.contains("hyper"))
        for (const auto& [name, value] : jr.at("hyper").items()) r.set_hyper(name, value.get<double>(), 0);
      if (jr.contains("start")) e.set_runner_start(index, point(jr.at("start"), "a runner's start"));
      for (const json& jc : jr.value("changes", json::array()))
        pending.push_back(
            {index,
             {jc.at("step").get<std::int64_t>(), jc.at("key").get<std::string>(), jc.at("value").get<double>(), 0}});
    }
    // Replay mid-run changes in step order: each truncates only what follows it.
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.change.step < b.change.step; });
    for (const Pending& p : pending) {
      if (p.change.step < 0 || p.change.step > kMaxSteps)
        throw std::invalid_argument("a change's step is out of range");
      e.seek(p.change.step);
      e.runner(p.runner).set_hyper(p.change.key, p.change.value, p.change.step);
    }
    const auto step = j.value("step", std::int64_t{0});
    if (step < 0 || step > kMaxSteps) throw std::invalid_argument("\"step\" is out of range");
    e.seek(step);
    const auto selected = j.value("selected", std::size_t{0});
    if (selected < e.runners().size()) e.select(selected);
    return e;
  } catch (const json::exception& error) {
    throw std::invalid_argument(std::string("malformed experiment: ") + error.what());
  }
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << bytes;
    out.flush();
    if (!out) {
      out.close();
      std::remove(temp.c_str());
      throw std::runtime_error("cannot write " + path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + ec.message());
  }
}

void save_experiment(const Experiment& e, const std::string& path) {
  write_file_atomically(path, to_json(e).dump(2) + "\n");
}

Experiment load_experiment(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  json j;
  try {
    in >> j;
  } catch (const json::exception& error) {
    throw std::invalid_argument(path + ": not valid JSON (" + error.what() + ")");
  }
  try {
    return experiment_from_json(j);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(path + ": " + error.what());
  }
}

// [SECTION] CSV ---------------------------------------------------------------

namespace {
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}
}  // namespace

std::string trajectories_csv(const Experiment& e) {
  std::ostringstream out;
  out.precision(17);
  out << "runner,optimizer,label,step,x,y,f,evaluations\n";
  for (const Runner& r : e.runners()) {
    const std::int64_t last = std::min(e.cursor(), r.head());
    for (std::int64_t k = 0; k <= last; ++k) {
      const StepRecord& s = r.history()[static_cast<std::size_t>(k)];
      out << r.id() << ',' << r.optimizer_name() << ',' << csv_field(r.label) << ',' << k << ',' << s.theta.x() << ','
          << s.theta.y() << ',' << s.f << ',' << s.evaluations << '\n';
    }
  }
  return out.str();
}

void export_csv(const Experiment& e, const std::string& path) {
  write_file_atomically(path, trajectories_csv(e));
}

}  // namespace lab::model
