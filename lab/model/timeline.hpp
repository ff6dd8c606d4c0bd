// lab/model/timeline.hpp — playback: how many steps each frame advances.
//
// Playing at r steps per second for a frame of dt seconds advances
// ⌊carry + r·dt⌋ steps and keeps the fraction for the next frame, so the
// speed is exact on average whatever the frame rate. Playback pauses by
// itself at the end (kMaxSteps, or every runner stopped).
#pragma once

#include <cstdint>

namespace lab::model {

class Timeline {
 public:
  static constexpr double kMinSpeed = 0.25;  // steps per second
  static constexpr double kMaxSpeed = 2000;

  bool playing() const { return playing_; }
  void play() { playing_ = true; }
  void pause() {
    playing_ = false;
    carry_ = 0;
  }
  void toggle() { playing_ ? pause() : play(); }

  double speed() const { return speed_; }
  void set_speed(double steps_per_second);  // clamped to [kMinSpeed, kMaxSpeed]

  // Steps to take for a frame of `dt` seconds (0 while paused).
  std::int64_t due(double dt);

 private:
  bool playing_ = false;
  double speed_ = 10;
  double carry_ = 0;
};

}  // namespace lab::model
