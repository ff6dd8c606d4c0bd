#include "lab/app/fonts.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <filesystem>

namespace lab::app {

namespace {

constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";

const ImWchar* glyph_ranges() {
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder b;
    static const ImWchar extra[] = {
        0x0020, 0x017F,  // Basic Latin, Latin-1, Latin Extended-A (ŝ)
        0x02B0, 0x02FF,  // modifier letters
        0x0370, 0x03FF,  // Greek
        0x1D00, 0x1D7F,  // phonetic extensions (ᵗ)
        0x2000, 0x206F,  // punctuation: ‖ – — ′ …
        0x2070, 0x209F,  // superscripts and subscripts
        0x2100, 0x214F,  // letterlike
        0x2190, 0x21FF,  // arrows ← →
        0x2200, 0x22FF,  // operators ∇ √ ∑ ≈ ≤ ⊙
        0x2300, 0x23FF,  // technical ⏵
        0x25A0, 0x25FF,  // geometric shapes ▶ ◀ ■
        0x2700, 0x27BF,  // dingbats ✕
        0,
    };
    b.AddRanges(extra);
    b.BuildRanges(&ranges);
  }
  return ranges.Data;
}

}  // namespace

Fonts load_fonts(float scale, bool renderer_ready) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  const std::string dir = kFontDir;
  const float px = kBaseFontPx * scale;
  if (std::filesystem::exists(dir + "DejaVuSans.ttf")) {
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    fonts.text = io.Fonts->AddFontFromFileTTF((dir + "DejaVuSans.ttf").c_str(), px, &config, glyph_ranges());
    if (std::filesystem::exists(dir + "DejaVuSansMono.ttf"))
      fonts.mono = io.Fonts->AddFontFromFileTTF((dir + "DejaVuSansMono.ttf").c_str(), px, &config, glyph_ranges());
    if (std::filesystem::exists(dir + "DejaVuSans-Bold.ttf"))
      fonts.title =
          io.Fonts->AddFontFromFileTTF((dir + "DejaVuSans-Bold.ttf").c_str(), px * 1.1f, &config, glyph_ranges());
    fonts.from_ttf = fonts.text != nullptr;
  }
  if (!fonts.text) {
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    fonts.text = io.Fonts->AddFontDefault(&config);
  }
  if (!fonts.mono) fonts.mono = fonts.text;
  if (!fonts.title) fonts.title = fonts.text;
  io.Fonts->Build();
  if (renderer_ready) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  // Style: dark, with rounded frames, every size scaled.
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.WindowBorderSize = 1;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 5);
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.09f, 0.11f, 1.0f);
  style.Colors[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.13f, 0.17f, 1.0f);
  style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.18f, 0.26f, 1.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  return fonts;
}

}  // namespace lab::app
