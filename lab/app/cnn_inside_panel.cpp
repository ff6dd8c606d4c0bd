// lab/app/cnn_inside_panel.cpp — inside the trained network, one tab each:
//
//   Draw           a canvas for the mouse (MNIST digits), the 28×28 image the
//                  network sees and its live top-3; for other data sets a test
//                  image to paint on instead
//   Misclassified  every wrong test image with truth, guess and top-3,
//                  sortable by confidence, filtered by a confusion-matrix cell
//   Filters        the first conv layer's filters; every conv layer's feature
//                  maps for a chosen test image
//   Samples        the data set's first images of each class, with the names
//                  (before training too)
//   Layers         the layer editor (cnn_layer_editor.cpp)
// The logic is lab/model/cnn_inspect.hpp and digit_canvas.hpp. What the user
// chose (the gallery's filter and order, the chosen image, the strokes, the
// paint) is lab/model/cnn_pane.hpp, read here and changed only by commands;
// what is computed from it (copies of the last run's model, predictions,
// guesses, maps) is the view's cache, ui.cnn_inside (cnn_inside_view.hpp).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lab/app/cnn_colors.hpp"
#include "lab/app/cnn_inside_view.hpp"
#include "lab/app/panels.hpp"
#include "lab/model/cnn_inspect.hpp"
#include "lab/model/digit_canvas.hpp"

namespace lab::app {

namespace {

// [SECTION] the last run's model ------------------------------------------------

// A new run's model: fresh copies, and its test set classified in the background.
void adopt(CnnInsideView& v, const model::CnnSnapshot& snap) {
  if (snap.trained_model.get() == v.source) return;
  if (v.classifying.valid()) v.classifying.wait();
  const bool open_inside = v.open_inside, open_gallery = v.open_gallery;
  v = CnnInsideView{};
  v.open_inside = open_inside;
  v.open_gallery = open_gallery;
  v.source = snap.trained_model.get();
  if (!snap.trained_model || !snap.test_set) return;
  v.model = model::copy_model(*snap.trained_model);
  v.test = snap.test_set;
  v.classifying = std::async(std::launch::async, [model = model::copy_model(*snap.trained_model), test = v.test] {
    model->set_threads(2);
    return model::predict_all(*model, *test);
  });
}

std::string class_name(const model::CnnSnapshot& snap, int k) {
  return k >= 0 && static_cast<std::size_t>(k) < snap.class_names.size() ? snap.class_names[static_cast<std::size_t>(k)]
                                                                         : std::to_string(k);
}

// [SECTION] drawing images -------------------------------------------------------

// An image of bytes (h×w×c, channels averaged) at `at`, px screen pixels per pixel.
void draw_bytes(ImDrawList* list, ImVec2 at, const std::uint8_t* p, long h, long w, long c, float px) {
  list->AddRectFilled(at, ImVec2(at.x + static_cast<float>(w) * px, at.y + static_cast<float>(h) * px),
                      IM_COL32(0, 0, 0, 255));
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x) {
      int v = 0;
      for (long k = 0; k < c; ++k) v += p[(y * w + x) * c + k];
      v /= static_cast<int>(c);
      if (v < 8) continue;  // the black background is one rectangle
      const ImVec2 q(at.x + static_cast<float>(x) * px, at.y + static_cast<float>(y) * px);
      list->AddRectFilled(q, ImVec2(q.x + px, q.y + px), IM_COL32(v, v, v, 255));
    }
}

// A map scaled to its own [lo, hi]: lo black, hi white.
void draw_map(ImDrawList* list, ImVec2 at, const model::Map& m, float px) {
  const float span = m.hi > m.lo ? m.hi - m.lo : 1.0f;
  for (int y = 0; y < m.h; ++y)
    for (int x = 0; x < m.w; ++x) {
      const float t = (m.values[static_cast<std::size_t>(y * m.w + x)] - m.lo) / span;
      const int v = static_cast<int>(std::lround(std::clamp(t, 0.0f, 1.0f) * 255));
      const ImVec2 q(at.x + static_cast<float>(x) * px, at.y + static_cast<float>(y) * px);
      list->AddRectFilled(q, ImVec2(q.x + px, q.y + px), IM_COL32(v, v, v, 255));
    }
}

std::string top3_text(const model::CnnSnapshot& snap, const std::vector<model::ClassGuess>& top) {
  std::string out;
  char buf[64];
  for (const model::ClassGuess& g : top) {
    std::snprintf(buf, sizeof buf, "%s%s %.0f%%", out.empty() ? "" : "  ", class_name(snap, g.label).c_str(),
                  100.0 * g.probability);
    out += buf;
  }
  return out;
}

// The top-3 as bars: name, bar, percentage.
void top3_bars(const model::CnnSnapshot& snap, const std::vector<model::ClassGuess>& top, const UiState& ui) {
  float name_w = 0;
  for (const auto& g : top) name_w = std::max(name_w, ImGui::CalcTextSize(class_name(snap, g.label).c_str()).x);
  name_w += 8 * ui.scale;
  const float width =
      std::clamp(ImGui::GetContentRegionAvail().x - name_w - ImGui::CalcTextSize(" 100.0%").x - 8 * ui.scale,
                 20 * ui.scale, 160 * ui.scale);
  const float x0 = ImGui::GetCursorPosX();
  for (std::size_t i = 0; i < top.size(); ++i) {
    const auto& g = top[i];
    ImGui::TextUnformatted(class_name(snap, g.label).c_str());
    ImGui::SameLine();
    ImGui::SetCursorPosX(x0 + name_w);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(p, ImVec2(p.x + width, p.y + h), IM_COL32(60, 60, 70, 255));
    list->AddRectFilled(p, ImVec2(p.x + width * g.probability, p.y + h), i == 0 ? kRight : kMuted);
    ImGui::Dummy(ImVec2(width, h));
    ImGui::SameLine();
    ImGui::Text("%.1f%%", 100.0 * g.probability);
  }
}

// [SECTION] the tabs -----------------------------------------------------------------

void draw_tab(const model::CnnSnapshot& snap, const model::CnnPane& pane, CnnInsideView& v, UiState& ui,
              model::CommandQueue& queue) {
  const float s = ui.scale;
  if (!v.model) {
    ImGui::TextWrapped("Train a model (or let a run stop): the canvas then shows what it reads.");
    return;
  }
  const bool digits = snap.class_names == nn::digit_class_names() && v.model->input_shape().size() == 784;
  ImDrawList* list = ImGui::GetWindowDrawList();
  if (digits) {
    ImGui::TextWrapped(
        "Draw a digit with the mouse. The network sees it as MNIST was made: scaled to fit 20\u00D720, "
        "centred by its centre of mass in 28\u00D728.");
    const float side = std::round(std::min(ImGui::GetContentRegionAvail().x * 0.5f, 280 * s));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("canvas", ImVec2(side, side));
    place_last_item(ui, "cnn-canvas");
    const float cell = side / static_cast<float>(pane.canvas.side());
    if (ImGui::IsItemActive()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const model::CanvasPoint p{(m.x - at.x) / cell, (m.y - at.y) / cell};
      if (ImGui::IsItemActivated())
        queue.push(model::cmd::BeginStroke{p});
      else if (ImGui::GetIO().MouseDelta.x != 0 || ImGui::GetIO().MouseDelta.y != 0)
        queue.push(model::cmd::ExtendStroke{p});
    }
    list->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(0, 0, 0, 255));
    list->PushClipRect(at, ImVec2(at.x + side, at.y + side), true);
    const float r = pane.canvas.pen_radius() * cell;
    for (const model::Stroke& stroke : pane.canvas.strokes())
      for (std::size_t i = 0; i < stroke.size(); ++i) {
        const ImVec2 a(at.x + stroke[i].x * cell, at.y + stroke[i].y * cell);
        list->AddCircleFilled(a, r, IM_COL32(255, 255, 255, 255));
        if (i > 0)
          list->AddLine(ImVec2(at.x + stroke[i - 1].x * cell, at.y + stroke[i - 1].y * cell), a,
                        IM_COL32(255, 255, 255, 255), 2 * r);
      }
    list->PopClipRect();
    list->AddRect(at, ImVec2(at.x + side, at.y + side), kMuted);
    if (v.guess_for != pane.canvas_version) {
      v.guess = model::read_drawing(*v.model, pane.canvas);
      v.guess_for = pane.canvas_version;
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Seen: 28\u00D728");
    const ImVec2 img = ImGui::GetCursorScreenPos();
    const float px = std::floor(std::min(side * 0.6f, 168 * s) / 28);
    std::vector<std::uint8_t> blank(784, 0);
    draw_bytes(list, img, v.guess ? v.guess->image.data() : blank.data(), 28, 28, 1, px);
    ImGui::Dummy(ImVec2(28 * px, 28 * px));
    if (v.guess) {
      top3_bars(snap, v.guess->top, ui);
      ui.fact("cnn-drawing-guess", class_name(snap, v.guess->top.front().label));
    } else {
      ImGui::TextDisabled("no ink, no guess");
      ui.fact("cnn-drawing-guess", "-");
    }
    if (ImGui::Button("Clear")) queue.push(model::cmd::ClearCanvas{});
    place_last_item(ui, "cnn-canvas-clear");
    ImGui::EndGroup();
    return;
  }
  // Another data set: a test image to paint on, read as it is.
  const long n = v.test->size(), size = v.test->shape.size();
  ImGui::TextWrapped("Paint on a test image (left button: light, right button: dark) and watch the guess change.");
  const long index = std::clamp(pane.edit_index, 0L, n - 1);
  if (ImGui::ArrowButton("prev", ImGuiDir_Left)) queue.push(model::cmd::ChoosePaintImage{(index + n - 1) % n});
  ImGui::SameLine();
  if (ImGui::ArrowButton("next", ImGuiDir_Right)) queue.push(model::cmd::ChoosePaintImage{(index + 1) % n});
  ImGui::SameLine();
  if (ImGui::Button("Restore")) queue.push(model::cmd::RestorePaintImage{});
  const long h = v.test->shape.h, w = v.test->shape.w, c = v.test->shape.c;
  // The image as painted: redone from the test image when it or the paint went back, else the new strokes added.
  const bool same_start =
      std::equal(v.edited_paint.begin(), v.edited_paint.end(), pane.paint.begin(),
                 pane.paint.begin() + static_cast<long>(std::min(v.edited_paint.size(), pane.paint.size())));
  if (v.edited_index != index || v.edited_paint.size() > pane.paint.size() || !same_start) {
    v.edited = model::image_bytes(*v.test, index);
    v.edited_index = index;
    v.edited_paint.clear();
    v.edited_top.clear();
  }
  if (c == 1 && static_cast<long>(v.edited.size()) == size)
    for (std::size_t k = v.edited_paint.size(); k < pane.paint.size(); ++k) {
      const model::PaintStroke& p = pane.paint[k];
      model::paint_segment(v.edited, static_cast<int>(w), static_cast<int>(h), p.from, p.to, 1.2f, p.value);
      v.edited_top.clear();
    }
  v.edited_paint = pane.paint;
  ImGui::Text("test image %ld: %s", index, class_name(snap, v.test->labels[static_cast<std::size_t>(index)]).c_str());
  const float px = std::floor(std::min(ImGui::GetContentRegionAvail().x * 0.5f, 280 * s) / static_cast<float>(w));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("paint", ImVec2(static_cast<float>(w) * px, static_cast<float>(h) * px),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  place_last_item(ui, "cnn-paint");
  // A dab where the button went down, then a stroke each time the mouse moves while it is held.
  const ImVec2 d = ImGui::GetIO().MouseDelta;
  const bool moved = ImGui::IsItemActivated() || d.x != 0 || d.y != 0;
  if (ImGui::IsItemActive() && moved && c == 1 && static_cast<long>(v.edited.size()) == size) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const model::CanvasPoint b{(m.x - at.x) / px, (m.y - at.y) / px}, a{b.x - d.x / px, b.y - d.y / px};
    queue.push(
        model::cmd::Paint{{a, b, static_cast<std::uint8_t>(ImGui::IsMouseDown(ImGuiMouseButton_Right) ? 0 : 255)}});
  }
  draw_bytes(list, at, v.edited.data(), h, w, c, px);
  if (v.edited_top.empty()) v.edited_top = model::top_classes(model::predict_image(*v.model, v.edited), 3);
  ImGui::SameLine();
  ImGui::BeginGroup();
  top3_bars(snap, v.edited_top, ui);
  ImGui::EndGroup();
}

void gallery_tab(const model::CnnSnapshot& snap, const model::CnnPane& pane, CnnInsideView& v, UiState& ui,
                 model::CommandQueue& queue) {
  const float s = ui.scale;
  if (!v.model) {
    ImGui::TextWrapped("The test images the network gets wrong appear here once a run has finished or stopped.");
    return;
  }
  if (!v.classified) {
    ImGui::TextDisabled("classifying the %ld test images\u2026", v.test->size());
    return;
  }
  if (v.shown_for != std::pair{pane.filter, pane.order}) {
    v.shown = model::gallery(v.wrong, pane.filter, pane.order);
    v.shown_for = std::pair{pane.filter, pane.order};
    std::set<std::pair<int, int>> cells;
    for (const model::Misclassified& m : v.shown) cells.emplace(m.label, m.predicted);
    v.shown_cells.clear();
    for (const auto& [label, predicted] : cells)
      v.shown_cells += (v.shown_cells.empty() ? "" : " ") + std::to_string(label) + ">" + std::to_string(predicted);
  }
  const std::vector<model::Misclassified>& shown = v.shown;
  ImGui::Text("%zu of %ld test images are wrong", v.wrong.size(), v.test->size());
  ImGui::TextUnformatted("order");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(200 * s);
  if (ImGui::BeginCombo("##order", model::order_name(pane.order))) {
    for (auto o :
         {model::GalleryOrder::MostConfident, model::GalleryOrder::LeastConfident, model::GalleryOrder::TestOrder})
      if (ImGui::Selectable(model::order_name(o), o == pane.order)) queue.push(model::cmd::SetGalleryOrder{o});
    ImGui::EndCombo();
  }
  // A class each way; the choice goes to the model as the filter it changes.
  auto class_combo = [&](const char* label, const char* id, int model::CellFilter::*field) {
    const int value = pane.filter.*field;
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110 * s);
    if (ImGui::BeginCombo(id, value < 0 ? "any" : class_name(snap, value).c_str())) {
      for (int k = -1; k < static_cast<int>(snap.class_names.size()); ++k)
        if (ImGui::Selectable(k < 0 ? "any" : class_name(snap, k).c_str(), value == k)) {
          model::CellFilter filter = pane.filter;
          filter.*field = k;
          queue.push(model::cmd::ShowMisclassified{filter});
        }
      ImGui::EndCombo();
    }
  };
  class_combo("true class", "##true", &model::CellFilter::label);
  ImGui::SameLine();
  class_combo("guessed", "##guessed", &model::CellFilter::predicted);
  ui.fact("cnn-gallery", std::to_string(shown.size()));
  ui.fact("cnn-gallery-filter", std::to_string(pane.filter.label) + " " + std::to_string(pane.filter.predicted));
  ui.fact("cnn-gallery-cells", v.shown_cells.empty() ? "-" : v.shown_cells);
  if (!pane.filter.any()) {
    ImGui::SameLine();
    ImGui::Text("%zu shown", shown.size());
  }

  const long ih = v.test->shape.h, iw = v.test->shape.w, ic = v.test->shape.c;
  const float px = std::max(1.0f, std::floor(2 * s)), line = ImGui::GetTextLineHeightWithSpacing();
  const float cell_w = std::max(static_cast<float>(iw) * px, ImGui::CalcTextSize("read Sandal 100%").x) + 10 * s;
  const float cell_h = static_cast<float>(ih) * px + 2 * line + 8 * s;
  const int columns = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / cell_w));
  const int rows =
      static_cast<int>((shown.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns));
  ImGui::BeginChild("gallery");
  ImGuiListClipper clipper;
  clipper.Begin(rows, cell_h);
  ImDrawList* list = ImGui::GetWindowDrawList();
  while (clipper.Step())
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const ImVec2 row = ImGui::GetCursorScreenPos();
      for (int c = 0; c < columns; ++c) {
        const std::size_t i = static_cast<std::size_t>(r * columns + c);
        if (i >= shown.size()) break;
        const model::Misclassified& m = shown[i];
        const ImVec2 at(row.x + static_cast<float>(c) * cell_w, row.y);
        draw_bytes(list, at, v.test->pixels.data() + m.index * ih * iw * ic, ih, iw, ic, px);
        const float y = at.y + static_cast<float>(ih) * px + 2 * s;
        list->AddText(ImVec2(at.x, y), kMuted, ("is " + class_name(snap, m.label)).c_str());
        char buf[64];
        std::snprintf(buf, sizeof buf, "read %s %.0f%%", class_name(snap, m.predicted).c_str(), 100.0 * m.confidence);
        list->AddText(ImVec2(at.x, y + line), kWrong, buf);
        ImGui::SetCursorScreenPos(at);
        ImGui::PushID(static_cast<int>(m.index));
        ImGui::InvisibleButton("img", ImVec2(cell_w - 4 * s, cell_h - 4 * s));
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("test image %ld: a %s, guessed %s\n%s", m.index, class_name(snap, m.label).c_str(),
                            class_name(snap, m.predicted).c_str(), top3_text(snap, m.top).c_str());
        if (ImGui::IsItemClicked()) queue.push(model::cmd::ChooseTestImage{m.index});  // its feature maps
        ImGui::PopID();
      }
      ImGui::SetCursorScreenPos(row);
      ImGui::Dummy(ImVec2(static_cast<float>(columns) * cell_w, cell_h));
    }
  ImGui::EndChild();
}

void maps_tab(const model::CnnSnapshot& snap, const model::CnnPane& pane, CnnInsideView& v, UiState& ui,
              model::CommandQueue& queue) {
  const float s = ui.scale;
  if (!v.model) {
    ImGui::TextWrapped("The filters and feature maps appear once a run has finished or stopped.");
    return;
  }
  const std::vector<model::Map> filters = model::first_conv_filters(*v.model);
  if (filters.empty()) {
    ImGui::TextWrapped("This model has no convolution layer (choose the CNN).");
    return;
  }
  ImDrawList* list = ImGui::GetWindowDrawList();
  auto grid = [&](const std::vector<model::Map>& maps, float px) {
    const float gap = 3 * s, w = static_cast<float>(maps.front().w) * px + gap,
                h = static_cast<float>(maps.front().h) * px + gap;
    const int columns = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / w));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    for (std::size_t i = 0; i < maps.size(); ++i)
      draw_map(list,
               ImVec2(at.x + static_cast<float>(static_cast<int>(i) % columns) * w,
                      at.y + static_cast<float>(static_cast<int>(i) / columns) * h),
               maps[i], px);
    const int rows = (static_cast<int>(maps.size()) + columns - 1) / columns;
    ImGui::Dummy(ImVec2(static_cast<float>(columns) * w, static_cast<float>(rows) * h));
  };
  ImGui::PushFont(ui.fonts.title);
  ImGui::Text("First layer: %zu filters %d\u00D7%d", filters.size(), filters.front().h, filters.front().w);
  ImGui::PopFont();
  grid(filters, std::max(2.0f, std::floor(36 * s / static_cast<float>(filters.front().w))));
  place_last_item(ui, "cnn-filters");

  const long n = v.test->size();
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Feature maps of one test image");
  ImGui::PopFont();
  const long chosen = std::clamp(pane.chosen, 0L, n - 1);
  int typed = static_cast<int>(chosen);
  ImGui::SetNextItemWidth(160 * s);
  if (ImGui::InputInt("test image", &typed))
    queue.push(model::cmd::ChooseTestImage{std::clamp(static_cast<long>(typed), 0L, n - 1)});
  ImGui::TextDisabled("(or click one in Misclassified)");
  if (v.maps_for != chosen) {
    v.maps = model::feature_maps(*v.model, model::image_bytes(*v.test, chosen));
    v.maps_for = chosen;
  }
  const long ih = v.test->shape.h, iw = v.test->shape.w, ic = v.test->shape.c;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_bytes(list, at, v.test->pixels.data() + chosen * ih * iw * ic, ih, iw, ic, std::floor(3 * s));
  ImGui::Dummy(ImVec2(static_cast<float>(iw) * std::floor(3 * s), static_cast<float>(ih) * std::floor(3 * s)));
  ImGui::SameLine();
  ImGui::Text("test image %ld: %s", chosen, class_name(snap, v.test->labels[static_cast<std::size_t>(chosen)]).c_str());
  for (const model::LayerMaps& layer : v.maps) {
    ImGui::Text("%s: %zu maps %d\u00D7%d", layer.name.c_str(), layer.maps.size(), layer.maps.front().h,
                layer.maps.front().w);
    grid(layer.maps, std::max(1.0f, std::floor(72 * s / static_cast<float>(layer.maps.front().w))));
  }
  ui.fact("cnn-feature-layers", std::to_string(v.maps.size()));
}

void samples_tab(const model::CnnSnapshot& snap, CnnInsideView& v, UiState& ui) {
  const float s = ui.scale;
  std::shared_ptr<const nn::Dataset> data = v.test;
  if (!data) {  // no run yet: load the chosen data set in the background
    const std::string name = ui.cnn_draft.data;
    if (v.samples_name != name && !v.loading.valid()) {
      v.samples_name = name;
      v.samples.reset();
      v.samples_error.clear();
      v.loading = std::async(std::launch::async, [name] { return nn::load_dataset(name).test; });
    }
    if (v.loading.valid() && v.loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      try {
        v.samples = std::make_shared<const nn::Dataset>(v.loading.get());
      } catch (const std::exception& e) {
        v.samples_error = e.what();
      }
    }
    if (!v.samples_error.empty()) return ImGui::TextWrapped("%s", v.samples_error.c_str());
    if (!v.samples) return ImGui::TextDisabled("loading %s\u2026", name.c_str());
    data = v.samples;
  }
  const std::vector<std::string>& names = !data->class_names.empty() ? data->class_names : snap.class_names;
  const long ih = data->shape.h, iw = data->shape.w, ic = data->shape.c;
  const float px = std::max(1.0f, std::floor(2 * s)), gap = 4 * s;
  float name_w = 0;
  for (int k = 0; k < data->classes; ++k) name_w = std::max(name_w, ImGui::CalcTextSize(class_name(snap, k).c_str()).x);
  if (!data->class_names.empty())
    for (const auto& n : data->class_names) name_w = std::max(name_w, ImGui::CalcTextSize(n.c_str()).x);
  name_w += 10 * s;
  const float image_w = static_cast<float>(iw) * px + gap;
  const int per_class = std::clamp(static_cast<int>((ImGui::GetContentRegionAvail().x - name_w) / image_w), 1, 12);
  const auto grid = model::sample_grid(*data, per_class);
  ImDrawList* list = ImGui::GetWindowDrawList();
  for (std::size_t k = 0; k < grid.size(); ++k) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const std::string name = k < names.size() ? names[k] : std::to_string(k);
    list->AddText(ImVec2(at.x, at.y + (static_cast<float>(ih) * px - ImGui::GetTextLineHeight()) / 2), kText,
                  name.c_str());
    for (std::size_t j = 0; j < grid[k].size(); ++j)
      draw_bytes(list, ImVec2(at.x + name_w + static_cast<float>(j) * image_w, at.y),
                 data->pixels.data() + grid[k][j] * ih * iw * ic, ih, iw, ic, px);
    ImGui::Dummy(ImVec2(name_w + static_cast<float>(per_class) * image_w, static_cast<float>(ih) * px + gap));
  }
  ui.fact("cnn-sample-classes", std::to_string(grid.size()));
}

}  // namespace

void draw_cnn_inside_panel(const model::CnnSnapshot& snap, const model::CnnPane& pane, UiState& ui,
                           model::CommandQueue& queue) {
  CnnInsideView& v = ui.cnn_inside;
  adopt(v, snap);
  if (v.classifying.valid() && v.classifying.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    v.wrong = model::misclassified(*v.test, v.classifying.get());
    v.classified = true;
  }
  if (!ImGui::BeginTabBar("inside-tabs")) return;
  auto tab = [&](const char* title, const char* widget, bool select, auto&& draw) {
    const bool open = ImGui::BeginTabItem(title, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
    place_last_item(ui, widget);
    if (!open) return;
    ImGui::BeginChild(widget);
    draw();
    ImGui::EndChild();
    ImGui::EndTabItem();
  };
  const bool open_gallery = std::exchange(v.open_gallery, false);
  tab("Draw", "cnn-inside-draw", false, [&] { draw_tab(snap, pane, v, ui, queue); });
  tab("Misclassified", "cnn-inside-gallery", open_gallery, [&] { gallery_tab(snap, pane, v, ui, queue); });
  tab("Filters", "cnn-inside-maps", false, [&] { maps_tab(snap, pane, v, ui, queue); });
  tab("Samples", "cnn-inside-samples", false, [&] { samples_tab(snap, v, ui); });
  tab("Layers", "cnn-inside-layers", false, [&] { draw_cnn_layer_editor(snap, pane, ui, queue); });
  ImGui::EndTabBar();
}

}  // namespace lab::app
