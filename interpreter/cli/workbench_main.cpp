// clause-workbench: what `clause serve` runs (serve_command.cpp), the workbench
// in a browser, on this machine. Serves until SIGINT or SIGTERM.
//
//   clause-workbench [--population FILE] [--port N] [--host H] [--] [POLICY...]

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <pthread.h>
#include <thread>

#include "interpreter/cli/cli_support.hpp"
#include "interpreter/cli/serve_options.hpp"
#include "interpreter/workbench/workbench_server.hpp"

namespace clause::cli {
namespace {

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

}  // namespace clause::cli

int main(int argc, char** argv) {
  CLI::App app{"The Clause workbench (run it as `clause serve`)", "clause serve"};
  clause::cli::ServeOptions options;
  clause::cli::add_serve_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : clause::cli::exit_usage;
  }
  return clause::cli::run_serve(options);
}
