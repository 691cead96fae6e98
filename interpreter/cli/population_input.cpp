#include "interpreter/cli/population_input.hpp"

#include <sys/stat.h>

#include "interpreter/cli/cli_support.hpp"

namespace clause::cli {

PopulationInput::~PopulationInput() {
  if (stream_ && stream_ != stdin) std::fclose(stream_);
}

bool PopulationInput::open(const std::string& path, std::string& error) {
  long size = 0;
  if (path == "-") {
    stream_ = stdin;  // a pipe: its size is not known, so no time left is shown
  } else {
    stream_ = open_for_reading(path, error);
    struct stat status {};
    if (stream_ && fstat(fileno(stream_), &status) == 0) size = static_cast<long>(status.st_size);
  }
  progress_ = ProgressBar(size);
  return stream_ != nullptr;
}

void PopulationInput::report(long lines_done) {
  progress_.update(lines_done, stream_ == stdin ? 0 : std::ftell(stream_));
}

}  // namespace clause::cli
