#include "interpreter/output_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace clause {

OutputFile::~OutputFile() { abandon(); }

bool OutputFile::open(const std::string& path, std::string& error) {
  if (path.empty() || path == "-") return true;
  target_ = path;
  std::string pattern = path + ".partial-XXXXXX";
  int descriptor = mkstemp(pattern.data());
  if (descriptor < 0) {
    error = fmt::format("{}: cannot create the output: {}", path, std::strerror(errno));
    return false;
  }
  temporary_ = pattern;
  // mkstemp creates the file readable by its owner only; a file replaced keeps
  // the permissions it had (a policy saved by the workbench, a file reformatted).
  struct stat existing {};
  if (stat(path.c_str(), &existing) == 0) fchmod(descriptor, existing.st_mode & 07777);
  file_ = fdopen(descriptor, "wb");
  return file_ != nullptr;
}

void OutputFile::write(std::string_view text) {
  if (text.empty()) return;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

bool OutputFile::commit(std::string& error) {
  if (std::fflush(file_) != 0) failed_ = true;
  if (temporary_.empty()) return !failed_;
  if (fsync(fileno(file_)) != 0) failed_ = true;
  std::fclose(file_);
  file_ = stdout;
  if (failed_ || std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    error = fmt::format("{}: cannot write the output: {}", target_, std::strerror(errno));
    abandon();
    return false;
  }
  temporary_.clear();
  return true;
}

void OutputFile::abandon() {
  if (temporary_.empty()) return;
  if (file_ != stdout) std::fclose(file_);
  file_ = stdout;
  std::remove(temporary_.c_str());
  temporary_.clear();
}

}  // namespace clause
