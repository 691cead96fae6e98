#include "interpreter/cli/progress.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <unistd.h>

namespace clause::cli {

ProgressBar::ProgressBar(long total_bytes)
    : enabled_(isatty(STDERR_FILENO) && std::getenv("CI") == nullptr),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressBar::update(long lines_done, long bytes_done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
  if (elapsed < 1000 || now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  shown_ = true;
  long per_second = lines_done * 1000 / std::max<long>(1, elapsed);
  std::string left = "?";
  if (total_bytes_ > 0 && bytes_done > 0) {
    long remaining_ms = static_cast<long>(elapsed) * (total_bytes_ - bytes_done) / bytes_done;
    left = fmt::format("{}s", remaining_ms / 1000);
  }
  int percent = total_bytes_ > 0 ? static_cast<int>(100 * bytes_done / total_bytes_) : 0;
  int filled = percent / 5;
  fmt::print(stderr, "\r[{}{}] {:3}%  {} lines  {}/s  left {}   ", std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(20 - filled), '.'), percent, lines_done, per_second, left);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (shown_) fmt::print(stderr, "\r{}\r", std::string(78, ' '));
}

}  // namespace clause::cli
