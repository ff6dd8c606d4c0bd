// lab/app/cnn_progress_panel.cpp — where the run is and how it goes.
//
//   status line and progress bar (epoch, batch, images/s, time left)
//   loss: every batch's loss (thin), its moving average (bold), and each
//         epoch's validation loss (dots); the test loss at the end
//   accuracy: each epoch's training and validation accuracy
//   Keras' per-epoch lines as a table, and the test result at the end
//   earlier runs of the session in the same plots (thin lines), with a key
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "lab/app/panels.hpp"
#include "nn/sequential.hpp"
#include "optim/registry.hpp"

namespace lab::app {

namespace {

// Okabe–Ito colours, readable on the dark background and for colour-blind eyes.
constexpr ImU32 kTrain = IM_COL32(86, 180, 233, 255);      // sky blue
constexpr ImU32 kTrainFaint = IM_COL32(86, 180, 233, 90);  //
constexpr ImU32 kValidation = IM_COL32(230, 159, 0, 255);  // orange
constexpr ImU32 kTest = IM_COL32(0, 158, 115, 255);        // bluish green
constexpr ImU32 kAxis = IM_COL32(150, 150, 160, 255);
constexpr ImU32 kGrid = IM_COL32(60, 60, 70, 255);
constexpr ImU32 kText = IM_COL32(230, 230, 230, 255);

struct Series {
  std::vector<ImVec2> points;  // (x in epochs, y)
  ImU32 color;
  float thickness;
  bool dots;
  const char* label;  // nullptr: not in the legend
};

// A tick step of 1, 2 or 5 × 10^k giving about `count` ticks over `span`.
double nice_step(double span, int count) {
  const double raw = span / std::max(count, 1);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

void line_plot(const char* id, const char* title, const std::vector<Series>& series, double x_max, bool y_unit,
               ImVec2 size, float s) {
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  const float line_h = ImGui::GetTextLineHeight();
  // The legend goes beside the title when there is room, else on a line of its own below it.
  float legend_w = 0;
  for (const Series& se : series)
    if (se.label) legend_w += ImGui::CalcTextSize(se.label).x + 36 * s;
  const float left = p0.x + ImGui::CalcTextSize("0.000").x + 10 * s;
  const bool own_line = left + ImGui::CalcTextSize(title).x + 16 * s + legend_w > p1.x - 10 * s;
  const float ly = own_line ? p0.y + line_h + 6 * s : p0.y + 2 * s;
  const ImVec2 a(left, p0.y + (own_line ? 2 : 1) * line_h + (own_line ? 12 : 8) * s);
  const ImVec2 b(p1.x - 10 * s, p1.y - line_h - 8 * s);
  list->AddRectFilled(p0, p1, IM_COL32(14, 14, 18, 255));
  list->AddText(ImVec2(a.x, p0.y + 2 * s), kText, title);
  if (b.x - a.x < 40 || b.y - a.y < 40) return;
  list->AddRectFilled(a, b, IM_COL32(24, 24, 30, 255));

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Series& se : series)
    for (const ImVec2& q : se.points)
      if (std::isfinite(q.y)) lo = std::min(lo, static_cast<double>(q.y)), hi = std::max(hi, static_cast<double>(q.y));
  if (!std::isfinite(lo)) {
    list->AddText(ImVec2(a.x + 10 * s, a.y + 10 * s), kAxis, "appears after the first batch");
    return;
  }
  if (y_unit) lo = std::max(0.0, std::floor(lo * 10) / 10), hi = std::min(1.0, std::max(hi + 0.01, lo + 0.05));
  if (hi - lo < 1e-9) hi = lo + 1;
  const double pad = y_unit ? 0.0 : 0.05 * (hi - lo);
  lo = std::max(0.0, lo - pad), hi += pad;
  x_max = std::max(x_max, 1.0);
  // A little room right of the last epoch, so its dots are not cut in half.
  auto X = [&](double x) { return a.x + static_cast<float>(x / (x_max * 1.03)) * (b.x - a.x); };
  auto Y = [&](double y) { return b.y - static_cast<float>((y - lo) / (hi - lo)) * (b.y - a.y); };

  // Grid and labels: epochs along x, values along y.
  const double ys = nice_step(hi - lo, 4);
  for (double y = std::ceil(lo / ys) * ys; y <= hi + 1e-12; y += ys) {
    list->AddLine(ImVec2(a.x, Y(y)), ImVec2(b.x, Y(y)), kGrid);
    char buf[32];
    std::snprintf(buf, sizeof buf, ys < 0.01 ? "%.3f" : ys < 0.1 ? "%.2f" : "%.1f", y);
    list->AddText(ImVec2(a.x - ImGui::CalcTextSize(buf).x - 5 * s, Y(y) - line_h / 2), kAxis, buf);
  }
  const double xs = std::max(1.0, nice_step(x_max, 6));
  for (double x = 0; x <= x_max + 1e-9; x += xs) {
    list->AddLine(ImVec2(X(x), a.y), ImVec2(X(x), b.y), kGrid);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    list->AddText(ImVec2(X(x) - ImGui::CalcTextSize(buf).x / 2, b.y + 3 * s), kAxis, buf);
  }

  list->PushClipRect(a, b, true);
  for (const Series& se : series) {
    std::vector<ImVec2> pts;
    pts.reserve(se.points.size());
    for (const ImVec2& q : se.points)
      if (std::isfinite(q.y)) pts.emplace_back(X(q.x), Y(q.y));
    if (pts.size() >= 2 && se.thickness > 0)
      list->AddPolyline(pts.data(), static_cast<int>(pts.size()), se.color, 0,
                        std::max(1.0f, std::round(se.thickness * s)));  // whole pixels: ImGui's cheap textured lines
    if (se.dots)
      for (const ImVec2& q : pts) list->AddCircleFilled(q, 4.5f * s, se.color);
  }
  list->PopClipRect();

  // Legend, right-aligned.
  float lx = b.x - 8 * s;
  for (auto it = series.rbegin(); it != series.rend(); ++it) {
    if (!it->label) continue;
    const float w = ImGui::CalcTextSize(it->label).x;
    lx -= w;
    list->AddText(ImVec2(lx, ly), it->color, it->label);
    lx -= 22 * s;
    list->AddLine(ImVec2(lx, ly + line_h / 2), ImVec2(lx + 16 * s, ly + line_h / 2), it->color, 3 * s);
    lx -= 14 * s;
  }
}

// Earlier runs, compared in the same plots: colours apart from this run's blue, orange and green.
ImU32 earlier_color(std::size_t i) {
  static constexpr ImU32 kColors[] = {IM_COL32(240, 228, 66, 255), IM_COL32(204, 121, 167, 255),
                                      IM_COL32(213, 94, 0, 255), IM_COL32(200, 200, 200, 255)};
  return kColors[i % (sizeof kColors / sizeof kColors[0])];
}

// Every batch's loss, and its exponential moving average over about 20 batches;
// batch k of epoch e sits at x = e + (k + 1)/batches.
void batch_curves(const std::vector<float>& loss, const std::vector<std::int64_t>& epoch_starts, long batches,
                  Series& raw, Series& smooth) {
  batches = std::max(batches, 1L);
  double avg = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0, e = 0; i < loss.size(); ++i) {
    while (e + 1 < epoch_starts.size() && static_cast<std::int64_t>(i) >= epoch_starts[e + 1]) ++e;
    const double k =
        static_cast<double>(static_cast<std::int64_t>(i) - (e < epoch_starts.size() ? epoch_starts[e] : 0));
    const float x = static_cast<float>(static_cast<double>(e) + (k + 1) / static_cast<double>(batches));
    const double v = loss[i];
    avg = std::isnan(avg) ? v : 0.95 * avg + 0.05 * v;
    raw.points.emplace_back(x, static_cast<float>(v));
    smooth.points.emplace_back(x, static_cast<float>(avg));
  }
}

std::string clock_text(double seconds) {
  const long t = std::lround(std::max(0.0, seconds));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

double logged(const nn::Logs& logs, const char* key) {
  const auto it = logs.find(key);
  return it == logs.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

}  // namespace

void draw_cnn_progress_panel(const model::CnnSnapshot& snap, UiState& ui) {
  const float s = ui.scale;
  const model::CnnConfig& c = snap.config;
  const bool started = snap.status != model::CnnStatus::Idle;

  // ---- status
  ImGui::PushFont(ui.fonts.title);
  if (!started) {
    ImGui::TextWrapped("Choose the data, the model and the optimizer, then press \u25B6 Train");
    ImGui::PopFont();
  } else {
    ImGui::TextWrapped("%s on %s with %s: %s", c.model == "cnn" ? "CNN" : "MLP",
                       c.data == "mnist"     ? "MNIST digits"
                       : c.data == "fashion" ? "Fashion-MNIST"
                                             : c.data.c_str(),
                       optim::optimizer_info(c.optimizer).title.c_str(), model::status_name(snap.status));
    ImGui::PopFont();
  }
  if (snap.status == model::CnnStatus::Failed) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextWrapped("%s", snap.message.c_str());
    ImGui::PopStyleColor();
  }
  if (started && snap.train_images > 0) {
    ImGui::TextWrapped("%s training, %s validation, %s test images; batch %ld, %d epoch%s, seed %llu",
                       nn::with_commas(snap.train_images).c_str(), nn::with_commas(snap.validation_images).c_str(),
                       nn::with_commas(snap.test_images).c_str(), c.batch_size, c.epochs, c.epochs == 1 ? "" : "s",
                       static_cast<unsigned long long>(c.seed));
  }
  const long batches = std::max(snap.batches, 1L);
  const double done =
      snap.batches > 0 ? (snap.epoch * batches + snap.batch) / static_cast<double>(c.epochs * batches) : 0.0;
  const bool over = snap.status == model::CnnStatus::Finished || snap.status == model::CnnStatus::Stopped;
  char overlay[128];
  if (snap.batches > 0)
    std::snprintf(overlay, sizeof overlay, "epoch %d/%d   batch %ld/%ld", snap.epoch + 1, c.epochs, snap.batch,
                  snap.batches);
  else
    std::snprintf(overlay, sizeof overlay, "%s", started ? model::status_name(snap.status) : "");
  ImGui::ProgressBar(over && snap.status == model::CnnStatus::Finished ? 1.0f : static_cast<float>(done), ImVec2(-1, 0),
                     overlay);
  if (snap.batches > 0) {
    const double left = done > 0 && snap.images_per_second > 0 ? snap.seconds * (1 - done) / done : 0;
    ImGui::Text("loss %.4f   accuracy %.4f   (epoch %d so far)", snap.running_loss, snap.running_accuracy,
                snap.epoch + 1);
    char speed[96];
    std::snprintf(speed, sizeof speed, "%.0f images/s   %s %s", snap.images_per_second, over ? "took" : "left",
                  clock_text(over ? snap.seconds : left).c_str());
    ImGui::SameLine();
    const float right = ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(speed).x;
    if (right >= ImGui::GetCursorPosX())
      ImGui::SetCursorPosX(right);
    else
      ImGui::NewLine();  // no room beside the loss: a line of its own
    ImGui::TextDisabled("%s", speed);
  }

  // ---- curves: the earlier runs first (beneath), then this one
  double x_max = std::max(1, c.epochs);
  std::vector<Series> loss_series, acc_series;
  for (std::size_t r = 0; r < snap.earlier.size(); ++r) {
    const model::CnnRunSummary& run = snap.earlier[r];
    const ImU32 color = earlier_color(r);
    Series raw{{}, 0, 0, false, nullptr}, loss{{}, color, 1.5f, false, nullptr}, acc{{}, color, 1.5f, true, nullptr};
    batch_curves(run.batch_loss, run.epoch_starts, run.batches, raw, loss);
    for (std::size_t e = 0; e < run.history.size(); ++e) {
      const double v = logged(run.history[e], "val_accuracy");
      acc.points.emplace_back(static_cast<float>(e + 1),
                              static_cast<float>(std::isnan(v) ? logged(run.history[e], "accuracy") : v));
    }
    x_max = std::max(x_max, static_cast<double>(run.history.size()));
    loss_series.push_back(std::move(loss));
    acc_series.push_back(std::move(acc));
  }
  Series batch{{}, kTrainFaint, 1.0f, false, nullptr}, smooth{{}, kTrain, 2.5f, false, "training"};
  Series val_loss{{}, kValidation, 2.5f, true, "validation"};
  batch_curves(snap.batch_loss, snap.epoch_starts, batches, batch, smooth);
  Series train_acc{{}, kTrain, 2.5f, true, "training"}, val_acc{{}, kValidation, 2.5f, true, "validation"};
  for (std::size_t e = 0; e < snap.history.size(); ++e) {
    const float x = static_cast<float>(e + 1);
    val_loss.points.emplace_back(x, static_cast<float>(logged(snap.history[e], "val_loss")));
    train_acc.points.emplace_back(x, static_cast<float>(logged(snap.history[e], "accuracy")));
    val_acc.points.emplace_back(x, static_cast<float>(logged(snap.history[e], "val_accuracy")));
  }
  for (Series* se : {&batch, &smooth, &val_loss}) loss_series.push_back(std::move(*se));
  for (Series* se : {&train_acc, &val_acc}) acc_series.push_back(std::move(*se));
  if (snap.test) {
    // The test result as a marker at the last epoch.
    acc_series.push_back({{ImVec2(static_cast<float>(snap.history.size()), static_cast<float>(snap.test->accuracy()))},
                          kTest,
                          0.0f,
                          true,
                          "test"});
    loss_series.push_back({{ImVec2(static_cast<float>(snap.history.size()), static_cast<float>(snap.test->loss))},
                           kTest,
                           0.0f,
                           true,
                           "test"});
  }
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float table_h = (std::min<std::size_t>(snap.history.size(), 6) + 2) * ImGui::GetFrameHeightWithSpacing() +
                        (snap.test ? 3 * ImGui::GetTextLineHeightWithSpacing() : 0) +
                        (snap.earlier.empty() ? 0 : (snap.earlier.size() + 3) * ImGui::GetFrameHeightWithSpacing());
  const float plot_h = std::max(120 * s, (avail_h - table_h - 12 * s) / 2);
  const float w = ImGui::GetContentRegionAvail().x;
  line_plot("##loss", "loss by epoch", loss_series, x_max, false, ImVec2(w, plot_h), s);
  line_plot("##accuracy", "accuracy by epoch", acc_series, x_max, true, ImVec2(w, plot_h), s);

  // ---- the runs compared: a key with each one's last validation accuracy and test accuracy
  if (!snap.earlier.empty() &&
      ImGui::BeginTable("compare", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("run (thin lines: earlier runs)", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("val_accuracy", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("test", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableHeadersRow();
    auto row = [&](ImU32 color, const std::string& label, const std::vector<nn::Logs>& history, double test) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.4f), ImVec2(p.x + 18 * s, p.y + h * 0.6f + 1),
                                                color);
      ImGui::Dummy(ImVec2(24 * s, h));
      ImGui::SameLine();
      ImGui::TextUnformatted(label.c_str());
      ImGui::TableSetColumnIndex(1);
      const double v = history.empty() ? NAN : logged(history.back(), "val_accuracy");
      if (std::isnan(v))
        ImGui::TextDisabled("—");
      else
        ImGui::Text("%.4f", v);
      ImGui::TableSetColumnIndex(2);
      if (std::isnan(test))
        ImGui::TextDisabled("—");
      else
        ImGui::Text("%.4f", test);
    };
    for (std::size_t r = 0; r < snap.earlier.size(); ++r)
      row(earlier_color(r), snap.earlier[r].label, snap.earlier[r].history, snap.earlier[r].test_accuracy);
    row(kTrain, "this run", snap.history, snap.test ? snap.test->accuracy() : NAN);
    ImGui::EndTable();
    if (ImGui::SmallButton("forget the earlier runs")) ui.cnn_clear_earlier = true;
  }

  // ---- Keras' epoch lines, and the test result
  if (snap.test) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, kTest);
    long wrong = 0;
    for (int k = 0; k < snap.test->confusion.classes(); ++k) wrong += snap.test->confusion.errors(k);
    ImGui::TextWrapped("Test accuracy %.4f   loss %.4f", snap.test->accuracy(), snap.test->loss);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::Text("%s of %s test images wrong", nn::with_commas(wrong).c_str(),
                nn::with_commas(snap.test->confusion.total()).c_str());
  }
  if (!snap.history.empty() &&
      ImGui::BeginTable("epochs", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                        ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("epoch", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("epoch ").x);
    for (const char* h : {"loss", "accuracy", "val_loss", "val_accuracy", "lr"})
      ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, h[0] == 'l' && h[1] == 'r' ? 0.6f : 1.0f);
    ImGui::TableHeadersRow();
    for (std::size_t e = 0; e < snap.history.size(); ++e) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::Text("%zu", e + 1);
      int col = 1;
      for (const char* key : {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}) {
        ImGui::TableSetColumnIndex(col++);
        const double v = logged(snap.history[e], key);
        if (std::isnan(v))
          ImGui::TextDisabled("—");
        else
          ImGui::Text(std::string(key) == "lr" ? "%.3g" : "%.4f", v);
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace lab::app
