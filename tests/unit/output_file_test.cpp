#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "interpreter/output_file.hpp"

using clause::OutputFile;
namespace fs = std::filesystem;

namespace {

// A directory of its own under the system's temporary directory, removed with everything in it.
struct ScratchDirectory {
  fs::path path;
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "clause-output-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDirectory() { fs::remove_all(path); }
};

std::string contents_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t entries_in(const fs::path& directory) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(directory)) ++count;
  return count;
}

}  // namespace

TEST_CASE("-o FILE replaces the file only when the output is committed, and an abandoned run leaves it as it was") {
  ScratchDirectory scratch;
  const fs::path target = scratch.path / "out.csv";
  std::ofstream(target) << "old\n";
  std::string error;
  {
    OutputFile output;
    REQUIRE(output.open(target.string(), error));
    output.write("new\n");
    CHECK(contents_of(target) == "old\n");
    output.abandon();
  }
  CHECK(contents_of(target) == "old\n");
  CHECK(entries_in(scratch.path) == 1);  // no temporary file left behind
  OutputFile output;
  REQUIRE(output.open(target.string(), error));
  output.write("new\n");
  REQUIRE(output.commit(error));
  CHECK(contents_of(target) == "new\n");
  CHECK(entries_in(scratch.path) == 1);
}

TEST_CASE("-o through a symbolic link replaces the file it points to and keeps the link") {
  ScratchDirectory scratch;
  const fs::path file = scratch.path / "real.csv";
  const fs::path link = scratch.path / "link.csv";
  std::ofstream(file) << "old\n";
  fs::create_symlink(file, link);
  std::string error;
  OutputFile output;
  REQUIRE(output.open(link.string(), error));
  output.write("new\n");
  REQUIRE(output.commit(error));
  CHECK(fs::is_symlink(link));
  CHECK(contents_of(file) == "new\n");
  CHECK(entries_in(scratch.path) == 2);
}

TEST_CASE("-o /dev/null writes into the device and leaves it a device") {
  // Renamed over, /dev/null would become a plain file for every program on the
  // machine (it did, under a benchmark run as root).
  struct stat before {};
  REQUIRE(stat("/dev/null", &before) == 0);
  REQUIRE(S_ISCHR(before.st_mode));
  std::string error;
  OutputFile output;
  REQUIRE(output.open("/dev/null", error));
  output.write("anything\n");
  REQUIRE(output.commit(error));
  struct stat after {};
  REQUIRE(stat("/dev/null", &after) == 0);
  CHECK(S_ISCHR(after.st_mode));
  CHECK(after.st_rdev == before.st_rdev);
}

TEST_CASE("-o to a named pipe writes into the pipe as it goes") {
  ScratchDirectory scratch;
  const fs::path pipe = scratch.path / "pipe";
  REQUIRE(mkfifo(pipe.c_str(), 0600) == 0);
  // The reading end is opened first, and without waiting, so the test reads what
  // came through once the output is done, and never waits for a writer that went elsewhere.
  const int reader = ::open(pipe.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  std::string error;
  OutputFile output;
  REQUIRE(output.open(pipe.string(), error));
  output.write("first\n");
  output.write("second\n");
  REQUIRE(output.commit(error));
  std::string received(64, '\0');
  const ssize_t got = ::read(reader, received.data(), received.size());
  ::close(reader);
  received.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  CHECK(received == "first\nsecond\n");
  CHECK(fs::is_fifo(pipe));
  CHECK(entries_in(scratch.path) == 1);
}

TEST_CASE("-o FILE: short texts and batch-sized ones reach the file in the order written") {
  // Batches of tens of kilobytes go straight to the file, short texts (a CSV
  // header) through stdio's buffer: whatever the buffer holds must go out first.
  ScratchDirectory scratch;
  const fs::path target = scratch.path / "out.csv";
  std::string error;
  OutputFile output;
  REQUIRE(output.open(target.string(), error));
  const std::string header = "line,id\n";
  const std::string batch(40 << 10, 'a');
  const std::string short_batch = "1,P-1\n";
  const std::string another_batch(20 << 10, 'b');
  std::string expected;
  for (const std::string* text : {&header, &batch, &short_batch, &another_batch, &short_batch}) {
    output.write(*text);
    expected += *text;
  }
  REQUIRE(output.commit(error));
  CHECK(contents_of(target) == expected);
}

TEST_CASE("-o /dev/full: a batch that cannot be written fails the commit") {
  if (!fs::exists("/dev/full")) return;  // not every system has the device
  std::string error;
  OutputFile output;
  REQUIRE(output.open("/dev/full", error));
  output.write(std::string(40 << 10, 'a'));
  CHECK_FALSE(output.commit(error));
  CHECK(error.find("/dev/full") != std::string::npos);
}
