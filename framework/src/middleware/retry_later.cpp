#include "retry_later.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace hawk {

Response retry_later(int status, std::string_view detail, std::chrono::duration<double> wait) {
  const long long seconds = std::max(1LL, static_cast<long long>(std::ceil(wait.count())));
  Response response = Response::problem(status, detail, {{"retry_after", seconds}});
  response.headers.set("retry-after", std::to_string(seconds));
  return response;
}

}  // namespace hawk
