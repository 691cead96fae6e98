#pragma once
// A progress line on stderr for long population runs: lines done, lines per
// second and time left. Shown only when stderr is a terminal, and only once the
// run has taken more than a second, so pipes, files and CI stay clean.

#include <chrono>
#include <cstdio>

namespace clause::cli {

class ProgressBar {
 public:
  // `total_bytes`: the input's size when known (0 when reading a pipe).
  explicit ProgressBar(long total_bytes);
  void update(long lines_done, long bytes_done);
  void finish();

 private:
  bool enabled_;
  bool shown_ = false;
  long total_bytes_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace clause::cli
