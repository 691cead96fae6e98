#include "interpreter/workbench/workbench_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <cstdint>

#include "interpreter/result_writer.hpp"

namespace clause::workbench {
namespace {

Request from_http(const httplib::Request& http) {
  Request request{http.method, http.path, {}, http.body};
  for (const auto& [name, value] : http.params) request.query.emplace(name, value);  // the first of a repeated name
  return request;
}

void set_json_error(httplib::Response& response, const std::string& message) {
  response.set_content(fmt::format("{{\"error\":{}}}", json_string(message)), "application/json; charset=utf-8");
}

std::string too_large_message() {
  return fmt::format("the request is too large: at most {} bytes are accepted", max_request_bytes);
}

void to_http(const Response& response, httplib::Response& http) {
  http.status = response.status;
  http.set_content(response.body, response.content_type.c_str());
  // The pages are the executable's own; a browser must not keep an old one after an upgrade.
  http.set_header("Cache-Control", "no-store");
}

}  // namespace

WorkbenchServer::WorkbenchServer(const Workbench& workbench) : server_(std::make_unique<httplib::Server>()) {
  auto handler = [&workbench](const httplib::Request& http, httplib::Response& response) {
    to_http(workbench.handle(from_http(http)), response);
  };
  // Every method goes to the one router, which answers 405 for a wrong one.
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
  server_->Options(".*", handler);
  server_->set_payload_max_length(max_request_bytes);
  // A body announced over the limit is refused before it is read: httplib reads
  // and discards such a body before it answers, so a client that announced
  // gigabytes (or a length beyond 64 bits) waited for the read timeout and then
  // lost the connection without a word. The connection closes after the answer,
  // since the unread body would otherwise be taken for the next request.
  server_->set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!request.has_header("Content-Length") || request.get_header_value<std::uint64_t>("Content-Length") <= max_request_bytes) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    response.status = 413;
    response.set_header("Connection", "close");
    set_json_error(response, too_large_message());
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's default is SO_REUSEPORT, with which a second `clause serve` on the
  // same port would share it silently; SO_REUSEADDR only lets a restarted server
  // take its port back at once.
  server_->set_socket_options([](socket_t socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // What httplib answers itself (a body over the limit, a request it cannot
  // read) gets a JSON body like every other error.
  server_->set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    // httplib parses a form-encoded body itself and refuses one over 8 KiB;
    // curl -d sends that content type unless told otherwise.
    bool form = request.get_header_value("Content-Type") == "application/x-www-form-urlencoded";
    std::string message =
        response.status != 413 ? fmt::format("the request cannot be served (HTTP {})", response.status)
        : form ? std::string("send the JSON as Content-Type: application/json: a form-encoded body over 8 KiB is refused")
               : too_large_message();
    set_json_error(response, message);
  });
}

WorkbenchServer::~WorkbenchServer() = default;

int WorkbenchServer::bind(const std::string& host, int port) {
  if (port == 0) return server_->bind_to_any_port(host);
  return server_->bind_to_port(host, port) ? port : -1;
}

bool WorkbenchServer::run() { return server_->listen_after_bind(); }

void WorkbenchServer::stop() { server_->stop(); }

}  // namespace clause::workbench
