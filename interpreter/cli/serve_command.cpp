// clause serve [POLICY...] [--population FILE] [--port N] [--host H]: the
// workbench, in a browser, on this machine.
//
// Served by `clause-workbench`, built beside `clause`, which this command
// becomes (exec, so the process, its id and its signals stay the same). The
// server needs cpp-httplib, and Debian's cpp-httplib brings OpenSSL, zlib and
// Brotli: loading them took 7.7 ms of every start, more than everything else
// `clause check` does, in a command that never serves. docs/performance.md,
// "Starting up".

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/cli/serve_options.hpp"

namespace clause::cli {
namespace {

// clause-workbench, in the folder this executable was started from (in the
// current folder should /proc not say where that is).
std::filesystem::path workbench_executable() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return (error ? std::filesystem::path() : self.parent_path()) / "clause-workbench";
}

// Returns only when the workbench could not be started.
int run_serve(const ServeOptions& options) {
  const std::filesystem::path workbench = workbench_executable();
  std::vector<std::string> arguments = serve_arguments(options);
  arguments.insert(arguments.begin(), "clause serve");  // the name its messages go by
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  execv(workbench.c_str(), argv.data());
  fmt::print(stderr, "error: cannot start the workbench, {}: {} (it is built beside clause by scripts/build.sh)\n",
             workbench.string(), std::strerror(errno));
  return exit_failed;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand(
      "serve", "The workbench in a browser: edit, check, try an enterprise, what-if and diff (serves until Ctrl-C)");
  auto options = std::make_shared<ServeOptions>();
  add_serve_options(*command, *options);
  command->callback([options, &exit_status] { exit_status = run_serve(*options); });
}

}  // namespace clause::cli
