#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace hawk_test {

namespace {

int connect_loopback(int port, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

std::size_t content_length(const std::string& head) {
  // Header names are case-insensitive; httplib writes "Content-Length".
  for (std::string_view name : {"Content-Length: ", "content-length: "}) {
    if (std::size_t at = head.find(name); at != std::string::npos) {
      return std::strtoul(head.c_str() + at + name.size(), nullptr, 10);
    }
  }
  return 0;
}

}  // namespace

RawResponse raw_exchange(int port, std::string_view bytes, int timeout_ms) {
  int fd = connect_loopback(port, timeout_ms);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse early and close: read what it said
    sent += static_cast<std::size_t>(n);
  }
  RawResponse out;
  std::string data;
  char buf[4096];
  std::size_t want = std::string::npos;
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (want == std::string::npos) {
      std::size_t end = data.find("\r\n\r\n");
      // Skip interim 100 Continue responses.
      while (end != std::string::npos && data.compare(0, 12, "HTTP/1.1 100") == 0) {
        data.erase(0, end + 4);
        end = data.find("\r\n\r\n");
      }
      if (end != std::string::npos) want = end + 4 + content_length(data.substr(0, end + 4));
    }
    if (want != std::string::npos && data.size() >= want) break;  // the whole response
  }
  ::close(fd);
  std::size_t end = data.find("\r\n\r\n");
  if (data.size() < 12 || end == std::string::npos) return out;
  out.status = std::atoi(data.c_str() + 9);
  out.head = data.substr(0, end + 4);
  out.body = data.substr(end + 4);
  return out;
}

}  // namespace hawk_test
