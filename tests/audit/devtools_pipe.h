// A tiny Chrome DevTools Protocol client for the report's browser test: starts a headless
// Chromium with --remote-debugging-pipe (it reads commands from fd 3 and writes replies and
// events to fd 4, each a JSON text ended by NUL — no WebSocket, no port, no network) and
// exchanges messages with it. Linux only, as the test is.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace hawk::audit::testing {

class DevToolsPipe {
 public:
  DevToolsPipe() = default;
  DevToolsPipe(const DevToolsPipe&) = delete;
  DevToolsPipe& operator=(const DevToolsPipe&) = delete;
  ~DevToolsPipe() { stop(); }

  // Starts `browser` with `args` plus the pipe flag; its stdout and stderr go to `log_path`.
  bool start(const std::string& browser, std::vector<std::string> args, const std::string& log_path,
             std::string& error) {
    int to_browser[2], from_browser[2];
    if (pipe(to_browser) != 0 || pipe(from_browser) != 0) {
      error = "pipe failed";
      return false;
    }
    // Keep our ends and the child's sources away from 3 and 4, so the dup2s below cannot clash.
    for (int* fd : {&to_browser[0], &to_browser[1], &from_browser[0], &from_browser[1]}) {
      const int moved = fcntl(*fd, F_DUPFD_CLOEXEC, 10);
      close(*fd);
      *fd = moved;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_browser[0], 3);
    posix_spawn_file_actions_adddup2(&actions, from_browser[1], 4);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    args.insert(args.begin(), browser);
    args.push_back("--remote-debugging-pipe");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawn(&pid_, browser.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_browser[0]);
    close(from_browser[1]);
    to_browser_ = to_browser[1];
    from_browser_ = from_browser[0];
    if (spawned != 0) {
      pid_ = -1;
      error = "cannot start " + browser + ": " + std::strerror(spawned);
      return false;
    }
    return true;
  }

  // Sends a command and waits for its reply; events that arrive meanwhile are kept. An
  // error reply, a closed pipe or a timeout comes back as {"error": ...}.
  nlohmann::json call(const std::string& method, nlohmann::json params = nlohmann::json::object(),
                      const std::string& session = "", int timeout_ms = 30000) {
    const int id = ++next_id_;
    nlohmann::json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (!session.empty()) message["sessionId"] = session;
    std::string text = message.dump();
    text.push_back('\0');
    for (std::size_t sent = 0; sent < text.size();) {
      const ssize_t n = write(to_browser_, text.data() + sent, text.size() - sent);
      if (n <= 0) return {{"error", {{"message", "cannot write to the browser"}}}};
      sent += static_cast<std::size_t>(n);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      std::optional<nlohmann::json> reply = read_message(deadline);
      if (!reply) return {{"error", {{"message", method + ": no reply (timeout or the browser exited)"}}}};
      if (reply->contains("id") && (*reply)["id"] == id) return *reply;
      events_.push_back(std::move(*reply));
    }
  }

  // Waits for the first event named `method` (already received or not).
  std::optional<nlohmann::json> wait_event(const std::string& method, int timeout_ms = 30000) {
    for (const nlohmann::json& event : events_) {
      if (event.value("method", "") == method) return event;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      std::optional<nlohmann::json> message = read_message(deadline);
      if (!message) return std::nullopt;
      events_.push_back(*message);
      if (message->value("method", "") == method) return message;
    }
  }

  const std::vector<nlohmann::json>& events() const { return events_; }
  void clear_events() { events_.clear(); }

  void stop() {
    if (pid_ > 0) {
      call("Browser.close", nlohmann::json::object(), "", 5000);
      for (int i = 0; i < 50; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
          pid_ = -1;
          break;
        }
        usleep(100 * 1000);
      }
      if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
      }
    }
    if (to_browser_ >= 0) close(to_browser_);
    if (from_browser_ >= 0) close(from_browser_);
    to_browser_ = from_browser_ = -1;
  }

 private:
  std::optional<nlohmann::json> read_message(std::chrono::steady_clock::time_point deadline) {
    while (true) {
      const std::size_t end = buffer_.find('\0');
      if (end != std::string::npos) {
        const std::string text = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || from_browser_ < 0) return std::nullopt;
      pollfd fd = {from_browser_, POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[1 << 16];
      const ssize_t n = read(from_browser_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  pid_t pid_ = -1;
  int to_browser_ = -1;
  int from_browser_ = -1;
  int next_id_ = 0;
  std::string buffer_;
  std::vector<nlohmann::json> events_;
};

}  // namespace hawk::audit::testing
