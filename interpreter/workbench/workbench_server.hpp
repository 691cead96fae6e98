#pragma once
// The workbench on the network: an HTTP server (cpp-httplib, from Debian) that
// hands every request to Workbench::handle and writes back its response.
// httplib stays inside workbench_server.cpp.

#include <memory>
#include <string>

#include "interpreter/workbench/workbench_api.hpp"

namespace httplib {
class Server;
}

namespace clause::workbench {

class WorkbenchServer {
 public:
  explicit WorkbenchServer(const Workbench& workbench);
  ~WorkbenchServer();
  WorkbenchServer(const WorkbenchServer&) = delete;
  WorkbenchServer& operator=(const WorkbenchServer&) = delete;

  // Binds to host:port (port 0: a free port); the port bound, or -1.
  int bind(const std::string& host, int port);
  // Serves on the bound port until stop() is called (from another thread).
  bool run();
  void stop();

 private:
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace clause::workbench
