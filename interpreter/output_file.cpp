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
  struct stat existing {};
  const bool exists = stat(path.c_str(), &existing) == 0;
  // A device, a pipe or a socket (/dev/null, /dev/stdout, a named pipe) is
  // written as it goes: renaming a file over it would put a plain file in its
  // place (as root, /dev/null itself), and what it receives cannot be taken back anyway.
  if (exists && !S_ISREG(existing.st_mode)) return open_directly(path, error);
  // Through a symbolic link, the file it points to is replaced, not the link.
  target_ = path;
  if (exists) {
    if (char* resolved = realpath(path.c_str(), nullptr)) {
      target_ = resolved;
      std::free(resolved);
    }
  }
  std::string pattern = target_ + ".partial-XXXXXX";
  int descriptor = mkstemp(pattern.data());
  if (descriptor < 0) {
    error = fmt::format("{}: cannot create the output: {}", path, std::strerror(errno));
    return false;
  }
  temporary_ = pattern;
  // mkstemp creates the file readable by its owner only; a file replaced keeps
  // the permissions it had (a policy saved by the workbench, a file reformatted).
  if (exists) fchmod(descriptor, existing.st_mode & 07777);
  file_ = fdopen(descriptor, "wb");
  return file_ != nullptr;
}

bool OutputFile::open_directly(const std::string& path, std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    error = fmt::format("{}: cannot open the output: {}", path, std::strerror(errno));
    return false;
  }
  target_ = path;
  file_ = file;
  return true;
}

void OutputFile::write(std::string_view text) {
  if (text.empty()) return;
  // A population run writes a batch of lines at a time, tens of kilobytes: through
  // stdio's 4 KB buffer that is a copy and two system calls a batch, so it goes
  // straight to the file, once what stdio still holds is out, in the same order.
  if (text.size() >= direct_write_size) {
    if (std::fflush(file_) != 0) failed_ = true;
    write_directly(text);
    return;
  }
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

void OutputFile::write_directly(std::string_view text) {
  const int descriptor = fileno(file_);
  while (!text.empty() && !failed_) {
    const ssize_t written = ::write(descriptor, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      failed_ = true;
      break;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

bool OutputFile::commit(std::string& error) {
  if (std::fflush(file_) != 0) failed_ = true;
  if (file_ == stdout) return !failed_;
  if (temporary_.empty()) {  // a device or a pipe, written as the run went
    if (std::fclose(file_) != 0) failed_ = true;
    file_ = stdout;
    if (failed_) error = fmt::format("{}: cannot write the output: {}", target_, std::strerror(errno));
    return !failed_;
  }
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
  if (file_ != stdout) std::fclose(file_);
  file_ = stdout;
  if (temporary_.empty()) return;
  std::remove(temporary_.c_str());
  temporary_.clear();
}

}  // namespace clause
