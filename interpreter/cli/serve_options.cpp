#include "interpreter/cli/serve_options.hpp"

namespace clause::cli {

void add_serve_options(CLI::App& command, ServeOptions& options) {
  command.add_option("POLICY", options.policies, "policy files (.clause): the versions to edit and compare");
  command.add_option("--population", options.population,
                     "facts of a population (JSON Lines), read once: what-if and diff budgets");
  command.add_option("--port", options.port, "port to listen on (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  command.add_option("--host", options.host,
                     "address to listen on (default 127.0.0.1: this machine only; the workbench can write policy files)");
}

std::vector<std::string> serve_arguments(const ServeOptions& options) {
  // `--name=value`, one argument each: a value spelled like an option stays a value.
  std::vector<std::string> arguments{"--port=" + std::to_string(options.port), "--host=" + options.host};
  if (!options.population.empty()) arguments.push_back("--population=" + options.population);
  arguments.push_back("--");
  arguments.insert(arguments.end(), options.policies.begin(), options.policies.end());
  return arguments;
}

}  // namespace clause::cli
