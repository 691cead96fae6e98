#pragma once
// `-o FILE`: the whole output or nothing. Output goes to a temporary file beside
// the target and is renamed over it only when the run completes; a run that
// fails or is interrupted leaves no partial file. A file replaced keeps its
// permissions; a symbolic link keeps pointing to the file, which is replaced.
// A target that is not a regular file (/dev/null, /dev/stdout, a named pipe) is
// written as it goes, since nothing can be renamed over it.

#include <cstdio>
#include <string>
#include <string_view>

namespace clause {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // An empty path means standard output, written as it goes. False (with
  // `error` set) when the temporary file cannot be created.
  bool open(const std::string& path, std::string& error);
  void write(std::string_view text);
  // Flushes, syncs and renames into place; false (with `error`) if any write failed.
  bool commit(std::string& error);
  // Removes the temporary file; the target is left as it was.
  void abandon();

  // The temporary file's path, for a signal handler that must remove it.
  const std::string& temporary_path() const { return temporary_; }

 private:
  bool open_directly(const std::string& path, std::string& error);
  // Texts at least this long bypass stdio's buffer (write()).
  static constexpr std::size_t direct_write_size = 16 << 10;
  void write_directly(std::string_view text);

  std::string target_;
  std::string temporary_;  // empty for standard output, a device or a pipe, written as the run goes
  std::FILE* file_ = stdout;
  bool failed_ = false;
};

}  // namespace clause
