// Raw HTTP over a loopback socket: for requests no well-behaved client would send.
#pragma once

#include <string>
#include <string_view>

namespace hawk_test {

struct RawResponse {
  int status = 0;             // 0: no response (connection closed or timed out)
  std::string head;           // status line and headers
  std::string body;
};

// Sends `bytes` to 127.0.0.1:port and reads one response (up to `timeout_ms` per read).
RawResponse raw_exchange(int port, std::string_view bytes, int timeout_ms = 5000);

}  // namespace hawk_test
