#include "lab/app/network_scene_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "lab/app/message_toasts.hpp"
#include "lab/app/panels.hpp"
#include "lab/app/surface_view.hpp"
#include "lab/model/legend.hpp"
#include "lab/model/network_measures.hpp"

namespace lab::app {

namespace {

// Points projected a frame, over all runners: 8 paths of 10,000 steps of a
// few hundred weights catch up with a new plane in about a second without a
// frame waiting for it.
constexpr long kProjectionsPerFrame = 12000;
// A PCA plane is rebuilt when the recorded steps have grown by this factor:
// the principal directions of a path barely move once it is long.
constexpr double kPcaRegrowth = 1.25;
// The PCA's points per runner, evenly spaced along its path (first and last
// always among them): what the worker gets a copy of.
constexpr long kPcaPointsPerRunner = 512;
constexpr int kRegionCells = 48;  // decision-region grid per side
constexpr int kNeuronCells = 16;  // a neuron's tiny heatmap per side

// The steps 0 … last of a path, thinned to at most `count` evenly spaced ones.
std::vector<optim::Vec<double>> thinned_path(const model::Runner& r, std::int64_t last, long count) {
  std::vector<optim::Vec<double>> out;
  if (last < 0) return out;
  const std::int64_t n = last + 1;
  const std::int64_t keep = std::min<std::int64_t>(n, std::max<long>(count, 2));
  out.reserve(static_cast<std::size_t>(keep));
  std::int64_t previous = -1;
  for (std::int64_t i = 0; i < keep; ++i) {
    const std::int64_t k = keep == 1 ? 0 : i * last / (keep - 1);
    if (k == previous) continue;
    out.push_back(r.at(k).theta);
    previous = k;
  }
  return out;
}

// What the graph calls weight `index`: an edge "w from x1 to h1.3", or a bias.
std::string weight_name(const scenes::NetworkGraph& g, long index) {
  const auto unit = [&](int layer, int u) {
    if (layer == 0 && static_cast<std::size_t>(u) < g.inputs.size()) return g.inputs[static_cast<std::size_t>(u)];
    const bool output = static_cast<std::size_t>(layer) + 1 == g.widths.size();
    std::string name = output ? "out" : "h";
    if (!output) name.append(std::to_string(layer));
    name.append(".").append(std::to_string(u + 1));
    return name;
  };
  for (const scenes::Edge& edge : g.edges)
    if (edge.index == index)
      return "weight from " + unit(edge.layer, edge.from) + " to " + unit(edge.layer + 1, edge.to);
  for (const scenes::BiasWeight& b : g.biases)
    if (b.index == index) return "bias of " + unit(b.layer, b.unit);
  return "θ[" + std::to_string(index) + "]";
}

// The last step of a runner worth showing at the cursor.
std::int64_t shown_step(const model::Experiment& e, const model::Runner& r) {
  return std::min(e.cursor(), r.head());
}

}  // namespace

// [SECTION] caches ------------------------------------------------------------

bool NetworkSceneView::sync_scene(const model::Experiment& e) {
  const scenes::MlpProblem* net = e.network();
  if (scene_ && *scene_ == e.scene() && start_.size() == e.start().size() && start_ == e.start()) return false;
  scene_ = e.scene();
  start_ = e.start();
  problem_ = std::make_unique<scenes::MlpProblem>(net->data(), net->spec());
  worker_ = std::make_unique<model::PlaneWorker>(*problem_);
  regions_.clear();
  projected_.clear();
  plane_view_.set_result(model::PlaneResult{});
  requested_key_.clear();
  shown_plane_.reset();
  plane_problem_.clear();
  extent_outgrown_ = false;
  pca_steps_ = -1;
  hover_.reset();
  maps_runner_ = -1;
  version_ = 0;
  return true;
}

const NetworkSceneView::Regions& NetworkSceneView::regions_of(const model::Runner& r, const optim::Vec<double>& theta) {
  Regions& cached = regions_[r.id()];
  if (cached.theta.size() == theta.size() && cached.theta == theta) return cached;
  cached.theta = theta;
  const scenes::NetworkDataset& data = problem_->data();
  if (data.regression()) {
    const scenes::InputWindow w = scenes::input_window(data);
    cached.curve = scenes::fitted_curve(*problem_, theta, w.x_min, w.x_max, 160);
    cached.mistakes = {};
  } else {
    const scenes::InputGrid grid{scenes::input_window(data), kRegionCells, kRegionCells};
    cached.regions = scenes::decision_regions(*problem_, theta, grid);
    upload_rgba_texture(cached.texture.id(), regions_rgba(cached.regions).data(), grid.nx, grid.ny, true);
    cached.mistakes = scenes::misclassified(*problem_, theta);
  }
  cached.dead_units = problem_->spec().activation == nn::Act::Relu ? model::dead_units(*problem_, theta) : -1;
  return cached;
}

// A key naming the plane the view should show now; a new key asks for a new grid.
void NetworkSceneView::update_plane(const model::Experiment& e) {
  if (auto result = worker_->poll()) {
    plane_problem_ = result->problem;
    if (result->plane != shown_plane_) projected_.clear();
    shown_plane_ = result->plane;
    extent_outgrown_ = false;
    plane_view_.set_result(std::move(*result));
  }
  std::int64_t recorded = 0;
  for (const model::Runner& r : e.runners())
    if (r.enabled) recorded = std::max(recorded, shown_step(e, r));
  std::string key = std::to_string(static_cast<int>(choice_.kind));
  switch (choice_.kind) {
    case scenes::PlaneKind::Pca:
      // Rebuilt as the paths grow, not every step: a plane that turned every
      // frame would show nothing steadily.
      if (pca_steps_ < 0 || static_cast<double>(recorded) > kPcaRegrowth * static_cast<double>(pca_steps_) + 1 ||
          recorded < pca_steps_)
        pca_steps_ = recorded;
      key.append(" ").append(std::to_string(pca_steps_));
      break;
    case scenes::PlaneKind::RandomFilterNormalized:
      key.append(" ").append(std::to_string(choice_.seed));
      break;
    case scenes::PlaneKind::ThroughStartAndTwo:
      for (const std::int64_t part : {std::int64_t{choice_.first}, std::int64_t{choice_.second}, e.cursor()})
        key.append(" ").append(std::to_string(part));
      break;
  }
  if (extent_outgrown_) key.append(" wider ").append(std::to_string(version_));
  if (key != requested_key_ && !worker_->busy()) {
    requested_key_ = key;
    request_plane(e);
  }
}

void NetworkSceneView::request_plane(const model::Experiment& e) {
  // A copy for the worker, which must never read the live experiment: made
  // once and shared by the plane and its extent (megabytes at thousands of steps).
  auto paths = std::make_shared<std::vector<std::vector<optim::Vec<double>>>>();
  std::vector<const model::Runner*> enabled;
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    enabled.push_back(&r);
    paths->push_back(thinned_path(r, shown_step(e, r), kPcaPointsPerRunner));
  }
  model::PlaneRequest request;
  request.version = ++version_;
  const optim::Vec<double> start = e.start();
  switch (choice_.kind) {
    case scenes::PlaneKind::Pca:
      request.make_plane = [paths] { return scenes::pca_plane(*paths); };
      break;
    case scenes::PlaneKind::RandomFilterNormalized: {
      const auto tensors = scenes::weight_tensors(*problem_);
      const std::uint64_t seed = choice_.seed;
      request.make_plane = [start, tensors, seed] { return scenes::random_plane(start, tensors, seed); };
      break;
    }
    case scenes::PlaneKind::ThroughStartAndTwo: {
      const auto point_of = [&](int i) -> optim::Vec<double> {
        if (i < 0 || static_cast<std::size_t>(i) >= enabled.size()) return start;
        return enabled[static_cast<std::size_t>(i)]->at(shown_step(e, *enabled[static_cast<std::size_t>(i)])).theta;
      };
      const optim::Vec<double> a = point_of(choice_.first), b = point_of(choice_.second);
      request.make_plane = [start, a, b] { return scenes::plane_through(start, a, b); };
      break;
    }
  }
  request.make_extent = [paths](const scenes::LossPlane& plane) {
    return scenes::extent_of(scenes::project_all(plane, *paths));
  };
  worker_->request(std::move(request));
}

void NetworkSceneView::project_paths(const model::Experiment& e) {
  projecting_ = false;
  if (!shown_plane_) return;
  long budget = kProjectionsPerFrame;
  const auto& grid = plane_view_.result() ? plane_view_.result()->grid : scenes::PlaneGrid{};
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    auto& points = projected_[r.id()].points;
    const std::int64_t last = r.head();
    // A shorter or rewritten history (an edit, a step back then a new path):
    // drop what no longer matches, checked at the last point projected.
    if (static_cast<std::int64_t>(points.size()) > last + 1) points.resize(static_cast<std::size_t>(last + 1));
    if (!points.empty()) {
      const auto k = static_cast<std::int64_t>(points.size()) - 1;
      const scenes::PlaneCoordinates again = shown_plane_->project(r.at(k).theta);
      if (again.alpha != points.back().alpha || again.beta != points.back().beta) points.clear();
    }
    while (budget > 0 && static_cast<std::int64_t>(points.size()) <= last) {
      const auto k = static_cast<std::int64_t>(points.size());
      points.push_back(shown_plane_->project(r.at(k).theta));
      --budget;
      const auto& p = points.back();
      if (!grid.loss.empty() && k <= e.cursor() && std::isfinite(p.alpha) && std::isfinite(p.beta) &&
          (p.alpha < grid.extent.alpha_min || p.alpha > grid.extent.alpha_max || p.beta < grid.extent.beta_min ||
           p.beta > grid.extent.beta_max))
        extent_outgrown_ = true;
    }
    if (static_cast<std::int64_t>(points.size()) <= last) projecting_ = true;
  }
}

// [SECTION] drawing -----------------------------------------------------------

void NetworkSceneView::draw(const model::Experiment& e, UiState& ui, model::CommandQueue& queue, bool curves_tab) {
  if (e.network() == nullptr) {
    worker_.reset();  // a surface now: nothing to compute, nothing to wait for
    scene_.reset();
    return;
  }
  if (sync_scene(e)) {
    ui.selected_weight.reset();
    ui.selected_weight_name.clear();
  }
  // Runners removed since: their caches go too.
  std::erase_if(regions_, [&](const auto& entry) {
    return std::none_of(e.runners().begin(), e.runners().end(),
                        [&](const model::Runner& r) { return r.id() == entry.first; });
  });
  std::erase_if(projected_, [&](const auto& entry) {
    return std::none_of(e.runners().begin(), e.runners().end(),
                        [&](const model::Runner& r) { return r.id() == entry.first; });
  });
  update_plane(e);
  project_paths(e);
  // Messages over the whole area, above the child panels (their own draw lists).
  const ImVec2 area_min = ImGui::GetWindowPos(), area_size = ImGui::GetWindowSize();
  ImDrawList* toasts = ImGui::GetForegroundDrawList();
  toasts->PushClipRect(area_min, ImVec2(area_min.x + area_size.x, area_min.y + area_size.y));
  draw_message_toasts(toasts, area_min, area_size, ui);
  toasts->PopClipRect();
  const float s = ui.scale;
  ImGui::SetCursorPos(ImVec2(12 * s, 8 * s));
  ImGui::BeginGroup();
  draw_network_header(e, ui, queue);
  ImGui::EndGroup();
  ImGui::SetCursorPosX(12 * s);
  const ImVec2 avail(ImGui::GetContentRegionAvail().x - 12 * s, ImGui::GetContentRegionAvail().y - 6 * s);
  if (!ImGui::BeginTabBar("network-tabs")) return;
  const float tab_h = ImGui::GetFrameHeightWithSpacing();
  const ImVec2 body(avail.x, std::max(avail.y - tab_h, 60 * s));
  // Side by side where the plane and the panels both get a readable height;
  // else (a large UI scale) each in a tab of its own, with the whole area.
  const bool side_by_side = body.y >= 330 * s;
  if (side_by_side) {
    if (ImGui::BeginTabItem("Boundaries and plane")) {
      place_last_item(ui, "network-tab-boundaries");
      // The plane gets the left half (its square and the numbers under it,
      // which need the width); the panels share the rest.
      const float side = body.x * 0.5f;
      ImGui::SetCursorPosX(12 * s);
      draw_plane(e, ui, ImVec2(side, body.y));
      ImGui::SameLine();
      draw_boundaries(e, ui, queue, ImVec2(body.x - side - ImGui::GetStyle().ItemSpacing.x, body.y));
      ImGui::EndTabItem();
    } else {
      place_last_item(ui, "network-tab-boundaries");
    }
  } else {
    if (ImGui::BeginTabItem("Boundaries")) {
      place_last_item(ui, "network-tab-boundaries");
      ImGui::SetCursorPosX(12 * s);
      draw_boundaries(e, ui, queue, body);
      ImGui::EndTabItem();
    } else {
      place_last_item(ui, "network-tab-boundaries");
    }
    if (ImGui::BeginTabItem("Plane")) {
      place_last_item(ui, "network-tab-plane");
      ImGui::SetCursorPosX(12 * s);
      draw_plane(e, ui, body);
      ImGui::EndTabItem();
    } else {
      place_last_item(ui, "network-tab-plane");
    }
  }
  if (ImGui::BeginTabItem("Network")) {
    place_last_item(ui, "network-tab-graph");
    ImGui::SetCursorPosX(12 * s);
    draw_network(e, ui, body);
    ImGui::EndTabItem();
  } else {
    place_last_item(ui, "network-tab-graph");
  }
  if (ImGui::BeginTabItem("Numbers")) {
    place_last_item(ui, "network-tab-numbers");
    ImGui::SetCursorPosX(12 * s);
    ImGui::BeginGroup();
    draw_network_table(e);
    ImGui::EndGroup();
    ImGui::EndTabItem();
  } else {
    place_last_item(ui, "network-tab-numbers");
  }
  if (curves_tab) {
    if (ImGui::BeginTabItem("Curves")) {
      place_last_item(ui, "network-tab-curves");
      ImGui::SetCursorPosX(12 * s);
      ImGui::BeginChild("curves", body, false, ImGuiWindowFlags_NoScrollbar);
      draw_plots_panel(e, ui);
      ImGui::EndChild();
      ImGui::EndTabItem();
    } else {
      place_last_item(ui, "network-tab-curves");
    }
  }
  ImGui::EndTabBar();
}

void NetworkSceneView::draw_point_picker(UiState& ui) {
  const scenes::NetworkDataset& data = problem_->data();
  ImGui::AlignTextToFramePadding();
  if (data.regression()) {
    ImGui::TextDisabled("A click adds a point there");
  } else {
    ImGui::TextDisabled("A click adds a point of class");
    draw_class_choice(data.classes, ui.point_class);
  }
  ImGui::SameLine();
  ImGui::TextDisabled("·  %ld points", data.train_size());
  place_last_item(ui, "point-count");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("training points, yours included");
}

void NetworkSceneView::draw_boundaries(const model::Experiment& e, UiState& ui, model::CommandQueue& queue,
                                       ImVec2 size) {
  ImGui::BeginChild("boundaries", size, false, ImGuiWindowFlags_NoScrollbar);
  ui.fact("network-train-points", std::to_string(problem_->data().train_size()));
  // The class picker where the panels can spare its line; else it is in the
  // Scene menu's network part only.
  if (size.y >= 240 * ui.scale) {
    draw_point_picker(ui);
    size.y -= ImGui::GetFrameHeightWithSpacing();
  }
  std::vector<const model::Runner*> shown;
  for (const model::Runner& r : e.runners())
    if (r.enabled) shown.push_back(&r);
  if (shown.empty()) {
    ImGui::TextDisabled("Add an optimizer to see what it learns.");
    ImGui::EndChild();
    return;
  }
  // The most panels per row that keep each panel as large as possible.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const auto n = static_cast<int>(shown.size());
  int best_columns = 1;
  float best_side = 0;
  for (int columns = 1; columns <= n; ++columns) {
    const int rows = (n + columns - 1) / columns;
    const float side = std::min((size.x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
                                (size.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    if (side > best_side) {
      best_side = side;
      best_columns = columns;
    }
  }
  sprites_.prepare(ui.scale);
  std::vector<std::string> titles;
  for (const model::Runner* r : shown) {
    titles.push_back(model::runner_name(*r, shown_step(e, *r)));
    // The count a dead-ReLU lesson is about, where every panel shows it.
    const Regions& reg = regions_of(*r, r->at(shown_step(e, *r)).theta);
    if (reg.dead_units >= 0) titles.back().append("  ·  ").append(std::to_string(reg.dead_units)).append(" dead");
  }
  // Titles that do not fit on one line get two, in every panel alike, so the squares stay the same size.
  int title_lines = 1;
  for (const std::string& title : titles)
    if (panel_title_lines(title, ImGui::GetFontSize(), best_side, 2).size() > 1) title_lines = 2;
  for (int i = 0; i < n; ++i) {
    const model::Runner& r = *shown[static_cast<std::size_t>(i)];
    const Regions& reg = regions_of(r, r.at(shown_step(e, r)).theta);
    DecisionPanelData d;
    d.data = &problem_->data();
    if (problem_->data().regression()) {
      d.curve = &reg.curve;
    } else {
      d.regions = &reg.regions;
      d.regions_texture = reg.texture.id();
    }
    d.mistakes = &reg.mistakes;
    d.title = titles[static_cast<std::size_t>(i)];
    d.color = r.color;
    d.sprites = &sprites_;
    d.title_lines = title_lines;
    if (i % best_columns != 0) ImGui::SameLine();
    const std::string id = "##regions" + std::to_string(r.id());
    const PanelPointer pointer = draw_decision_panel(id.c_str(), d, ImVec2(best_side, best_side), ui.scale);
    place_last_item(ui, "regions-" + std::to_string(r.id()));
    if (pointer.clicked) queue.push(model::cmd::AddPoint{pointer.x, pointer.y, static_cast<double>(ui.point_class)});
  }
  ImGui::EndChild();
}

void NetworkSceneView::draw_plane(const model::Experiment& e, UiState& ui, ImVec2 size) {
  PlaneViewData d;
  d.choice = choice_;
  d.computing = worker_->busy();
  d.problem = plane_problem_;
  std::vector<const model::Runner*> enabled;
  for (const model::Runner& r : e.runners()) {
    if (!r.enabled) continue;
    enabled.push_back(&r);
    d.optimizers.push_back(model::runner_name(r, shown_step(e, r)));
    PlaneTrajectory t;
    t.name = d.optimizers.back();
    t.color = r.color;
    const auto it = projected_.find(r.id());
    const std::int64_t last = shown_step(e, r);
    if (it != projected_.end()) {
      const auto& pts = it->second.points;
      t.points.assign(pts.begin(), pts.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(pts.size()),
                                                                          static_cast<std::ptrdiff_t>(last + 1)));
    }
    t.cursor = static_cast<long>(last);
    if (shown_plane_ && !t.points.empty() && static_cast<std::int64_t>(t.points.size()) > last) {
      const optim::Vec<double>& theta = r.at(last).theta;
      t.cursor_report = scenes::report_point(
          *shown_plane_, theta, [this](const optim::Vec<double>& x) { return problem_->training_loss(x); });
    }
    d.trajectories.push_back(std::move(t));
  }
  d.hover = hover_;
  const PlaneViewEvents ev = plane_view_.draw("##plane", d, size, ui.scale);
  place_last_item(ui, "loss-plane");
  if (ev.choice_changed) {
    choice_ = ev.choice;
    pca_steps_ = -1;
  }
  hover_.reset();
  if (ev.hovered && shown_plane_) {
    const auto [trajectory, step] = *ev.hovered;
    if (trajectory >= 0 && static_cast<std::size_t>(trajectory) < enabled.size()) {
      const model::Runner& r = *enabled[static_cast<std::size_t>(trajectory)];
      hover_ = HoverReport{trajectory, step,
                           scenes::report_point(*shown_plane_, r.at(step).theta, [this](const optim::Vec<double>& x) {
                             return problem_->training_loss(x);
                           })};
    }
  }
}

void NetworkSceneView::draw_network(const model::Experiment& e, UiState& ui, ImVec2 size) {
  if (e.runners().empty()) {
    ImGui::TextDisabled("Add an optimizer to see its network.");
    return;
  }
  const model::Runner& r = e.runners()[e.selected()];
  const std::int64_t at = shown_step(e, r);
  const optim::Vec<double>& theta = r.at(at).theta;
  if (maps_runner_ != r.id() || maps_theta_.size() != theta.size() || maps_theta_ != theta) {
    const scenes::InputGrid grid{scenes::input_window(problem_->data()), kNeuronCells, kNeuronCells};
    maps_ = scenes::neuron_maps(*problem_, theta, grid);
    graph_ = scenes::network_graph(*problem_, theta);
    maps_runner_ = r.id();
    maps_theta_ = theta;
  }
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(runner_color(r.color)), "%s at step %lld",
                     model::runner_name(r, at).c_str(), static_cast<long long>(at));
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("(the selected optimizer: click one in the list to switch)");
  ImGui::SetCursorPosX(12 * ui.scale);
  const float used = ImGui::GetFrameHeightWithSpacing();
  const GraphPointer p = draw_network_graph(
      "##graph", graph_, maps_, ImVec2(size.x, std::max(size.y - used, 40 * ui.scale)), ui.scale, ui.selected_weight);
  place_last_item(ui, "network-graph");
  if (p.clicked_index) {
    ui.selected_weight = *p.clicked_index;
    ui.selected_weight_name = weight_name(graph_, *p.clicked_index);
  }
}

}  // namespace lab::app
