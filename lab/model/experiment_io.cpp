#include "lab/model/experiment_io.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "nn/activation.hpp"

namespace lab::model {

using nlohmann::json;

// [SECTION] JSON --------------------------------------------------------------

namespace {

// A network scene: the data set's recipe (or the user's own points, in full)
// and the model's. θ₀ follows from the init seed, so it is not written.
json network_json(const NetworkSpec& n) {
  const scenes::DatasetSpec& d = n.data;
  const scenes::MlpSpec& m = n.model;
  json features = json::array();
  for (scenes::Feature f : m.features) features.push_back(scenes::feature_name(f));
  json j = {{"data",
             {{"name", d.name},
              {"points", d.points},
              {"noise", d.noise},
              {"test_fraction", d.test_fraction},
              {"classes", d.classes},
              {"seed", d.seed}}},
            {"model",
             {{"hidden", m.hidden},
              {"activation", nn::act_name(m.activation)},
              {"features", features},
              {"l2", m.l2},
              {"batch_size", m.batch_size},
              {"init_seed", m.init_seed},
              {"batch_seed", m.batch_seed},
              {"init_scale", n.init_scale}}}};
  if (n.points) {
    const scenes::NetworkDataset& p = *n.points;
    j["own_points"] = {{"name", p.name},       {"inputs", p.inputs}, {"classes", p.classes}, {"train_x", p.train_x},
                       {"train_y", p.train_y}, {"test_x", p.test_x}, {"test_y", p.test_y}};
  }
  return j;
}

}  // namespace

json to_json(const Experiment& e) {
  json j;
  j["format"] = "descent-experiment";
  j["version"] = kExperimentVersion;
  const SceneSpec& s = e.scene();
  j["scene"] = {{"surface", s.surface}, {"formula", s.formula}, {"noise", s.noise}, {"seed", s.seed}};
  if (s.network) j["scene"]["network"] = network_json(*s.network);
  const scenes::View& v = e.view();
  j["view"] = {{"x_min", v.x_min}, {"x_max", v.x_max}, {"y_min", v.y_min}, {"y_max", v.y_max}};
  if (!s.network) j["start"] = {e.start().x(), e.start().y()};
  j["step"] = e.cursor();
  j["selected"] = e.selected();
  j["runners"] = json::array();
  for (const Runner& r : e.runners()) {
    json jr;
    jr["optimizer"] = r.optimizer_name();
    jr["label"] = r.label;
    jr["color"] = to_hex(r.color);
    jr["enabled"] = r.enabled;
    if (r.own_start && !s.network) jr["start"] = {r.own_start->x(), r.own_start->y()};
    if (r.batch_size()) jr["batch_size"] = *r.batch_size();  // its own, 0 for the full batch
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

// [SECTION] reading fields within bounds
// Every value is checked for its type and range as it is read, and every
// count before anything is built from it, so a hostile file costs at most
// kMaxRunners × kMaxSteps history records. Messages name the field.

[[noreturn]] void bad(const std::string& field, const std::string& what) {
  throw std::invalid_argument("malformed experiment: " + field + " " + what);
}

const json& member(const json& object, const std::string& field, const std::string& key) {
  if (!object.is_object()) bad(field, "must be an object");
  const auto it = object.find(key);
  if (it == object.end()) bad(field.empty() ? key : field + "." + key, "is missing");
  return *it;
}

double finite(const json& j, const std::string& field, double lo, double hi) {
  if (!j.is_number()) bad(field, "must be a number");
  const double v = j.get<double>();
  if (!std::isfinite(v) || v < lo || v > hi) {
    std::ostringstream range;
    range << "must be a finite number in [" << lo << ", " << hi << "]";
    bad(field, range.str());
  }
  return v;
}

double coordinate(const json& j, const std::string& field) {
  return finite(j, field, -kMaxExperimentCoordinate, kMaxExperimentCoordinate);
}

// An integer in [lo, hi]: JSON integers only (1e300 is no step count).
std::int64_t integer(const json& j, const std::string& field, std::int64_t lo, std::int64_t hi) {
  const std::string range = "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(hi)) bad(field, range);
    return static_cast<std::int64_t>(v);
  }
  if (!j.is_number_integer()) bad(field, range);
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi) bad(field, range);
  return v;
}

// Names and formulas are one line each, and so is any message that quotes them.
const std::string& one_line(const std::string& s, const std::string& field, std::size_t max_length) {
  if (s.size() > max_length) bad(field, "is longer than " + std::to_string(max_length) + " characters");
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) bad(field, "contains a control character");
  return s;
}

std::string text(const json& j, const std::string& field, std::size_t max_length) {
  if (!j.is_string()) bad(field, "must be a string");
  return one_line(j.get_ref<const std::string&>(), field, max_length);
}

bool boolean(const json& j, const std::string& field) {
  if (!j.is_boolean()) bad(field, "must be true or false");
  return j.get<bool>();
}

Eigen::Vector2d point(const json& j, const std::string& field) {
  if (!j.is_array() || j.size() != 2) bad(field, "must be [x, y]");
  return {coordinate(j[0], field + "[0]"), coordinate(j[1], field + "[1]")};
}

// An array of at most `max` elements.
const json& array(const json& j, const std::string& field, std::size_t max) {
  if (!j.is_array()) bad(field, "must be an array");
  if (j.size() > max) bad(field, "has " + std::to_string(j.size()) + " entries (at most " + std::to_string(max) + ")");
  return j;
}

std::uint64_t seed(const json& j, const std::string& field) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  return static_cast<std::uint64_t>(integer(j, field, 0, INT64_MAX));
}

// Coordinates or targets: finite, |v| ≤ kMaxExperimentCoordinate.
std::vector<double> numbers(const json& j, const std::string& field, std::size_t max) {
  const json& a = array(j, field, max);
  std::vector<double> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(coordinate(a[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

// The user's own points, checked as the CSV reader checks them.
std::shared_ptr<const scenes::NetworkDataset> own_points(const json& jp) {
  const std::string f = "scene.network.own_points";
  scenes::NetworkDataset p;
  p.name = text(member(jp, f, "name"), f + ".name", 4096);
  p.inputs = static_cast<int>(integer(member(jp, f, "inputs"), f + ".inputs", 1, 2));
  p.classes = static_cast<int>(integer(member(jp, f, "classes"), f + ".classes", 0, scenes::kMaxCsvClasses));
  const auto rows = static_cast<std::size_t>(scenes::kMaxCsvRows);
  p.train_y = numbers(member(jp, f, "train_y"), f + ".train_y", rows);
  p.test_y = numbers(member(jp, f, "test_y"), f + ".test_y", rows - p.train_y.size());
  p.train_x = numbers(member(jp, f, "train_x"), f + ".train_x", rows * 2);
  p.test_x = numbers(member(jp, f, "test_x"), f + ".test_x", rows * 2);
  const auto d = static_cast<std::size_t>(p.inputs);
  if (p.train_x.size() != p.train_y.size() * d) bad(f + ".train_x", "must hold inputs × train_y's count numbers");
  if (p.test_x.size() != p.test_y.size() * d) bad(f + ".test_x", "must hold inputs × test_y's count numbers");
  if (p.classes == 1) bad(f + ".classes", "must be 0 (regression) or 2…" + std::to_string(scenes::kMaxCsvClasses));
  if (p.classes > 0)
    for (const auto* labels : {&p.train_y, &p.test_y})
      for (double y : *labels)
        if (y != std::floor(y) || y < 0 || y >= p.classes)
          bad(f, "has a label that is not a class 0…" + std::to_string(p.classes - 1));
  return std::make_shared<const scenes::NetworkDataset>(std::move(p));
}

NetworkSpec network_spec(const json& jn) {
  const std::string f = "scene.network";
  NetworkSpec n;
  const json& jd = member(jn, f, "data");
  scenes::DatasetSpec& d = n.data;
  d.name = text(member(jd, f + ".data", "name"), f + ".data.name", 100);
  d.points = integer(member(jd, f + ".data", "points"), f + ".data.points", scenes::kMinPoints, scenes::kMaxPoints);
  d.noise = finite(member(jd, f + ".data", "noise"), f + ".data.noise", -1, kMaxExperimentNoise);
  d.test_fraction = finite(member(jd, f + ".data", "test_fraction"), f + ".data.test_fraction", 0, 0.9);
  d.classes = static_cast<int>(integer(member(jd, f + ".data", "classes"), f + ".data.classes", 2, 8));
  d.seed = seed(member(jd, f + ".data", "seed"), f + ".data.seed");
  const json& jm = member(jn, f, "model");
  scenes::MlpSpec& m = n.model;
  const json& hidden = array(member(jm, f + ".model", "hidden"), f + ".model.hidden", scenes::kMaxHiddenLayers);
  m.hidden.clear();
  for (std::size_t i = 0; i < hidden.size(); ++i)
    m.hidden.push_back(static_cast<int>(
        integer(hidden[i], f + ".model.hidden[" + std::to_string(i) + "]", 1, scenes::kMaxHiddenUnits)));
  const std::string activation = text(member(jm, f + ".model", "activation"), f + ".model.activation", 20);
  try {
    m.activation = nn::act_from_name(activation);
  } catch (const std::invalid_argument&) {
    bad(f + ".model.activation", "must be tanh, relu, leaky_relu, sigmoid or linear");
  }
  const json& features = array(member(jm, f + ".model", "features"), f + ".model.features", 5);
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string at = f + ".model.features[" + std::to_string(i) + "]";
    try {
      m.features.push_back(scenes::feature_from_name(text(features[i], at, 10)));
    } catch (const std::invalid_argument&) {
      bad(at, "must be x2, y2, xy, sinx or siny");
    }
  }
  m.l2 = finite(member(jm, f + ".model", "l2"), f + ".model.l2", 0, kMaxExperimentNoise);
  m.batch_size = integer(member(jm, f + ".model", "batch_size"), f + ".model.batch_size", 0, scenes::kMaxPoints);
  m.init_seed = seed(member(jm, f + ".model", "init_seed"), f + ".model.init_seed");
  m.batch_seed = seed(member(jm, f + ".model", "batch_seed"), f + ".model.batch_seed");
  if (jm.contains("init_scale")) n.init_scale = finite(jm.at("init_scale"), f + ".model.init_scale", 0, kMaxInitScale);
  if (jn.contains("own_points")) n.points = own_points(jn.at("own_points"));
  return n;
}

scenes::View view(const json& jv) {
  const scenes::View v{
      coordinate(member(jv, "view", "x_min"), "view.x_min"), coordinate(member(jv, "view", "x_max"), "view.x_max"),
      coordinate(member(jv, "view", "y_min"), "view.y_min"), coordinate(member(jv, "view", "y_max"), "view.y_max")};
  if (!(v.x_max - v.x_min >= kMinExperimentViewSize) || !(v.y_max - v.y_min >= kMinExperimentViewSize))
    bad("view", "must be at least 1e-9 wide and high (x_min < x_max, y_min < y_max)");
  return v;
}

}  // namespace

Experiment experiment_from_json(const json& j) {
  if (!j.is_object() || !j.contains("format") || j.at("format") != "descent-experiment")
    throw std::invalid_argument("not a Descent experiment (no \"format\": \"descent-experiment\")");
  const std::int64_t version = integer(member(j, "", "version"), "version", 0, INT32_MAX);
  if (version != kExperimentVersion)
    throw std::invalid_argument("experiment version " + std::to_string(version) + " is not supported (expected " +
                                std::to_string(kExperimentVersion) + ")");

  // Counts first: nothing is built before they are known to be within bounds.
  const json& jrunners = array(member(j, "", "runners"), "runners", kMaxExperimentRunners);
  std::size_t n_changes = 0;
  for (std::size_t i = 0; i < jrunners.size(); ++i) {
    const std::string field = "runners[" + std::to_string(i) + "]";
    if (!jrunners[i].is_object()) bad(field, "must be an object");
    if (jrunners[i].contains("changes"))
      n_changes += array(jrunners[i].at("changes"), field + ".changes", kMaxExperimentChanges).size();
    if (jrunners[i].contains("hyper") && !jrunners[i].at("hyper").is_object())
      bad(field + ".hyper", "must be an object");
  }
  if (n_changes > kMaxExperimentChanges)
    bad("runners", "have " + std::to_string(n_changes) + " changes in all (at most " +
                       std::to_string(kMaxExperimentChanges) + ")");

  Experiment e;
  const json& js = member(j, "", "scene");
  if (!js.is_object()) bad("scene", "must be an object");
  SceneSpec scene;
  if (js.contains("surface")) scene.surface = text(js.at("surface"), "scene.surface", 100);
  if (js.contains("formula")) scene.formula = text(js.at("formula"), "scene.formula", 10000);
  if (js.contains("noise")) scene.noise = finite(js.at("noise"), "scene.noise", 0, kMaxExperimentNoise);
  if (js.contains("seed")) scene.seed = seed(js.at("seed"), "scene.seed");
  if (js.contains("network")) scene.network = network_spec(js.at("network"));
  try {
    e.set_scene(scene);
  } catch (const std::invalid_argument& error) {  // a network the model refuses (a feature needing x2 on sine, …)
    bad("scene", std::string("is not one the lab can build: ") + error.what());
  }
  e.set_view(view(member(j, "", "view")));
  if (!scene.network) e.set_start(point(member(j, "", "start"), "start"));

  struct Pending {
    std::size_t runner;
    HyperChange change;
  };
  std::vector<Pending> pending;
  for (std::size_t index = 0; index < jrunners.size(); ++index) {
    const json& jr = jrunners[index];
    const std::string field = "runners[" + std::to_string(index) + "]";
    Runner& r = e.add_runner(text(member(jr, field, "optimizer"), field + ".optimizer", 100));
    if (jr.contains("label")) r.label = text(jr.at("label"), field + ".label", kMaxExperimentLabel);
    if (jr.contains("color")) r.color = parse_hex(text(jr.at("color"), field + ".color", 16));
    if (jr.contains("enabled")) r.enabled = boolean(jr.at("enabled"), field + ".enabled");
    if (jr.contains("hyper"))
      for (const auto& [name, value] : jr.at("hyper").items()) {
        one_line(name, field + ".hyper's name", 100);  // before a message quotes it
        r.set_hyper(name, finite(value, field + ".hyper." + name, -DBL_MAX, DBL_MAX), 0);
      }
    if (jr.contains("start") && !scene.network) e.set_runner_start(index, point(jr.at("start"), field + ".start"));
    if (jr.contains("batch_size")) {
      if (!scene.network) bad(field + ".batch_size", "is a network's: this scene is a surface");
      e.set_runner_batch_size(index, integer(jr.at("batch_size"), field + ".batch_size", 0, scenes::kMaxPoints));
    }
    if (!jr.contains("changes")) continue;
    const json& jchanges = jr.at("changes");
    for (std::size_t c = 0; c < jchanges.size(); ++c) {
      const std::string at = field + ".changes[" + std::to_string(c) + "]";
      const json& jc = jchanges[c];
      pending.push_back(
          {index,
           {integer(member(jc, at, "step"), at + ".step", 0, kMaxSteps), text(member(jc, at, "key"), at + ".key", 100),
            finite(member(jc, at, "value"), at + ".value", -DBL_MAX, DBL_MAX), 0}});
    }
  }
  const std::int64_t step = j.contains("step") ? integer(j.at("step"), "step", 0, kMaxSteps) : 0;
  const std::int64_t selected =
      j.contains("selected") ? integer(j.at("selected"), "selected", 0, kMaxExperimentRunners) : 0;

  // Replay mid-run changes in step order: each truncates only what follows it.
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending& a, const Pending& b) { return a.change.step < b.change.step; });
  for (const Pending& p : pending) {
    e.seek(p.change.step);
    e.runner(p.runner).set_hyper(p.change.key, p.change.value, p.change.step);
  }
  e.seek(step);
  if (static_cast<std::size_t>(selected) < e.runners().size()) e.select(static_cast<std::size_t>(selected));
  return e;
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
  // A size bound before parsing: nlohmann would build any array it is given.
  std::string bytes(kMaxExperimentFileBytes + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > kMaxExperimentFileBytes)
    throw std::invalid_argument(path + ": larger than " + std::to_string(kMaxExperimentFileBytes) +
                                " bytes; not a Descent experiment");
  return experiment_from_bytes(bytes, path);
}

Experiment experiment_from_bytes(const std::string& bytes, const std::string& path) {
  json j;
  try {
    j = json::parse(bytes);
  } catch (const json::exception& error) {
    throw std::invalid_argument(path + ": not valid JSON (" + error.what() + ")");
  }
  try {
    return experiment_from_json(j);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(path + ": " + error.what());
  } catch (const json::exception& error) {  // none expected: every field is checked before it is read
    throw std::invalid_argument(path + ": malformed experiment: " + error.what());
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
  if (e.network() != nullptr) {
    // θ has hundreds of numbers: the curves' values, not the point.
    out << "runner,optimizer,label,step,loss,train_accuracy,test_accuracy,test_loss,evaluations\n";
    for (const Runner& r : e.runners()) {
      const std::int64_t last = std::min(e.cursor(), r.head());
      for (std::int64_t k = 0; k <= last; ++k) {
        const StepRecord& s = r.history()[static_cast<std::size_t>(k)];
        out << r.id() << ',' << r.optimizer_name() << ',' << csv_field(r.label) << ',' << k << ',' << s.f << ','
            << s.measures.at(NetworkProblem::kTrainAccuracy) << ',' << s.measures.at(NetworkProblem::kTestAccuracy)
            << ',' << s.measures.at(NetworkProblem::kTestLoss) << ',' << s.evaluations << '\n';
      }
    }
    return out.str();
  }
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
