#pragma once
// The options of `clause serve`, declared once: `clause` checks them and shows
// them in its help, and hands them to `clause-workbench`, which serves with them
// (interpreter/cli/serve_command.cpp says why the server is an executable of its own).

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace clause::cli {

struct ServeOptions {
  std::vector<std::string> policies;
  std::string population;
  std::string host = "127.0.0.1";
  int port = 8080;
};

// Adds the options and the POLICY arguments to `command`, which fills `options`.
void add_serve_options(CLI::App& command, ServeOptions& options);

// The arguments that give `options` back when parsed by add_serve_options: every
// option as `--name=value`, then `--` and the policies, so that no file whose
// name starts with a dash is taken for an option.
std::vector<std::string> serve_arguments(const ServeOptions& options);

}  // namespace clause::cli
