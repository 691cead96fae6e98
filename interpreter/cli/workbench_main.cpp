// clause serve [POLICY...] [--population FILE] [--port N] [--host H]: the
// workbench, in a browser, on this machine. Serves until SIGINT or SIGTERM.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <pthread.h>
#include <thread>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/commands.hpp"
#include "interpreter/workbench/workbench_server.hpp"

namespace clause::cli {
namespace {

struct ServeOptions {
  std::vector<std::string> policies;
  std::string population;
  std::string host = "127.0.0.1";
  int port = 8080;
};

// Waits for SIGINT or SIGTERM (blocked in every thread, so only this one sees
// them) and stops the server; keeps stopping it until it has stopped, in case
// the signal came before it started listening.
void stop_on_signal(const sigset_t& signals, workbench::WorkbenchServer& server, const std::atomic<bool>& finished) {
  bool stop_requested = false;
  while (!finished.load()) {
    timespec wait{0, 200'000'000};
    if (!stop_requested && sigtimedwait(&signals, nullptr, &wait) > 0) stop_requested = true;
    if (!stop_requested) continue;
    server.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int run_serve(const ServeOptions& options) {
  std::string error;
  auto workbench = workbench::Workbench::open(options.policies, options.population, error);
  if (!workbench) {
    fmt::print(stderr, "error: {}\n", error);
    return exit_usage;
  }
  // Blocked before any thread starts, so the server's threads inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a browser that goes away mid-response is not fatal

  workbench::WorkbenchServer server(*workbench);
  int port = server.bind(options.host, options.port);
  if (port < 0) {
    fmt::print(stderr, "error: cannot listen on {}:{} (in use, or not an address of this machine)\n", options.host,
               options.port);
    return exit_usage;
  }
  bool ipv6 = options.host.find(':') != std::string::npos;
  fmt::print("Clause workbench: http://{}:{}/\n", ipv6 ? "[" + options.host + "]" : options.host, port);
  std::fflush(stdout);

  std::atomic<bool> finished{false};
  std::thread waiter([&] { stop_on_signal(signals, server, finished); });
  bool served = server.run();
  finished.store(true);
  waiter.join();
  if (!served) {
    fmt::print(stderr, "error: the server stopped unexpectedly\n");
    return exit_failed;
  }
  fmt::print(stderr, "Clause workbench stopped\n");
  return exit_ok;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_status) {
  auto* command = app.add_subcommand(
      "serve", "The workbench in a browser: edit, check, try an enterprise, what-if and diff (serves until Ctrl-C)");
  auto options = std::make_shared<ServeOptions>();
  command->add_option("POLICY", options->policies, "policy files (.clause): the versions to edit and compare");
  command->add_option("--population", options->population, "facts of a population (JSON Lines), read once: what-if and diff budgets");
  command->add_option("--port", options->port, "port to listen on (default 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  command->add_option("--host", options->host,
                      "address to listen on (default 127.0.0.1: this machine only; the workbench can write policy files)");
  command->callback([options, &exit_status] { exit_status = run_serve(*options); });
}

}  // namespace clause::cli
