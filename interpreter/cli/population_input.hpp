#pragma once
// A population's JSON Lines as `eval`, `whatif` and `diff` stream them: from
// the file, or from standard input for '-', with a progress line on a terminal
// (ProgressBar) as the run goes.

#include <cstdio>
#include <string>

#include "interpreter/cli/progress.hpp"

namespace clause::cli {

class PopulationInput {
 public:
  PopulationInput() = default;
  ~PopulationInput();  // closes the file it opened (never standard input)
  PopulationInput(const PopulationInput&) = delete;
  PopulationInput& operator=(const PopulationInput&) = delete;

  // False, with an error naming the path, when the file cannot be opened.
  bool open(const std::string& path, std::string& error);
  std::FILE* stream() const { return stream_; }
  // What a PopulationRunner reports after each batch: the progress line's lines
  // and, from the file's position, how much of it is left.
  void report(long lines_done);
  // Clears the progress line, if one was shown, before anything else is printed.
  void finish() { progress_.finish(); }

 private:
  std::FILE* stream_ = nullptr;
  ProgressBar progress_{0};
};

}  // namespace clause::cli
