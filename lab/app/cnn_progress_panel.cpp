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

#include "lab/app/line_plot.hpp"
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

PlotSeries curve(ImU32 color, float thickness, bool dots, const char* label) {
  PlotSeries se;
  se.color = color;
  se.thickness = thickness;
  se.dots = dots;
  se.label = label ? label : "";
  return se;
}

// One of the pane's plots: x in epochs, with room right of the last one so
// that its dots are not cut in half.
void epoch_plot(const char* id, const char* title, const std::vector<PlotSeries>& series, double x_max, bool unit_y,
                ImVec2 size, float s) {
  LinePlot p;
  p.id = id;
  p.title = title;
  p.size = size;
  p.scale = s;
  p.unit_y = unit_y;
  p.x_max = x_max * 1.03;
  p.x_name = "epoch";
  p.whole_x = false;
  p.legend = true;
  p.empty_text = "appears after the first batch";
  draw_line_plot(p, series);
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
                  PlotSeries& raw, PlotSeries& smooth) {
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

void draw_cnn_progress_panel(const model::CnnSnapshot& snap, UiState& ui, model::CommandQueue& queue) {
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
  const double done = snap.batches > 0 ? static_cast<double>(snap.epoch * batches + snap.batch) /
                                             static_cast<double>(c.epochs * batches)
                                       : 0.0;
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
  std::vector<PlotSeries> loss_series, acc_series;
  for (std::size_t r = 0; r < snap.earlier.size(); ++r) {
    const model::CnnRunSummary& run = snap.earlier[r];
    const ImU32 color = earlier_color(r);
    PlotSeries raw = curve(0, 0, false, nullptr), loss = curve(color, 1.5f, false, nullptr),
               acc = curve(color, 1.5f, true, nullptr);
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
  PlotSeries batch = curve(kTrainFaint, 1.0f, false, nullptr), smooth = curve(kTrain, 2.5f, false, "training");
  PlotSeries val_loss = curve(kValidation, 2.5f, true, "validation");
  batch_curves(snap.batch_loss, snap.epoch_starts, batches, batch, smooth);
  PlotSeries train_acc = curve(kTrain, 2.5f, true, "training"), val_acc = curve(kValidation, 2.5f, true, "validation");
  for (std::size_t e = 0; e < snap.history.size(); ++e) {
    const float x = static_cast<float>(e + 1);
    val_loss.points.emplace_back(x, static_cast<float>(logged(snap.history[e], "val_loss")));
    train_acc.points.emplace_back(x, static_cast<float>(logged(snap.history[e], "accuracy")));
    val_acc.points.emplace_back(x, static_cast<float>(logged(snap.history[e], "val_accuracy")));
  }
  for (PlotSeries* se : {&batch, &smooth, &val_loss}) loss_series.push_back(std::move(*se));
  for (PlotSeries* se : {&train_acc, &val_acc}) acc_series.push_back(std::move(*se));
  if (snap.test) {
    // The test result as a marker at the last epoch.
    const auto x = static_cast<float>(snap.history.size());
    acc_series.push_back(curve(kTest, 0.0f, true, "test"));
    acc_series.back().points.emplace_back(x, static_cast<float>(snap.test->accuracy()));
    loss_series.push_back(curve(kTest, 0.0f, true, "test"));
    loss_series.back().points.emplace_back(x, static_cast<float>(snap.test->loss));
  }
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float table_h =
      static_cast<float>(std::min<std::size_t>(snap.history.size(), 6) + 2) * ImGui::GetFrameHeightWithSpacing() +
      (snap.test ? 3 * ImGui::GetTextLineHeightWithSpacing() : 0) +
      (snap.earlier.empty() ? 0 : static_cast<float>(snap.earlier.size() + 3) * ImGui::GetFrameHeightWithSpacing());
  const float plot_h = std::max(120 * s, (avail_h - table_h - 12 * s) / 2);
  const float w = ImGui::GetContentRegionAvail().x;
  epoch_plot("##loss", "loss by epoch", loss_series, x_max, false, ImVec2(w, plot_h), s);
  epoch_plot("##accuracy", "accuracy by epoch", acc_series, x_max, true, ImVec2(w, plot_h), s);

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
    if (ImGui::SmallButton("forget the earlier runs")) queue.push(model::cmd::ClearEarlierRuns{});
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
