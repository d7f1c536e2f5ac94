#include "hawk/middleware/metrics.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <utility>

namespace hawk {

namespace {

using Clock = std::chrono::steady_clock;

// Shortest text that reads back as the same double: "0.005", not "0.005000".
std::string format_double(double value) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

void append_sample(std::string& out, std::string_view name, std::string_view labels, std::string_view value) {
  out.append(name).append(labels).append(" ").append(value).append("\n");
}

void append_family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

}  // namespace

void Metrics::record_response(int status, std::chrono::nanoseconds latency) {
  if (status >= 100 && status <= 599) status_classes_[static_cast<std::size_t>(status / 100 - 1)].add();
  if (status >= 500) errors_.add();
  record_finish(latency);
}

void Metrics::record_exception(std::chrono::nanoseconds latency) {
  errors_.add();
  record_finish(latency);
}

void Metrics::record_finish(std::chrono::nanoseconds latency) {
  const double seconds = std::chrono::duration<double>(latency).count();
  const auto bucket = std::lower_bound(kLatencyBucketBounds.begin(), kLatencyBucketBounds.end(), seconds) -
                      kLatencyBucketBounds.begin();
  latency_buckets_[static_cast<std::size_t>(bucket)].add();
  latency_sum_ns_.add(latency.count());
  requests_.add();
  in_flight_.add(-1);
}

MetricsSnapshot Metrics::snapshot() const {
  MetricsSnapshot s;
  s.in_flight = in_flight_.value();
  s.requests = requests_.value();
  s.errors = errors_.value();
  for (std::size_t i = 0; i < status_classes_.size(); ++i) s.status_classes[i] = status_classes_[i].value();
  for (std::size_t i = 0; i < latency_buckets_.size(); ++i) {
    s.latency_buckets[i] = latency_buckets_[i].value();
    s.latency_count += s.latency_buckets[i];
  }
  s.latency_sum_seconds = std::chrono::duration<double>(std::chrono::nanoseconds(latency_sum_ns_.value())).count();
  return s;
}

std::string Metrics::render_prometheus() const {
  const MetricsSnapshot s = snapshot();  // one snapshot, so _count matches the +Inf bucket
  std::string out;

  append_family(out, "hawk_http_requests_in_flight", "gauge", "Requests being handled right now.");
  append_sample(out, "hawk_http_requests_in_flight", "", std::to_string(s.in_flight));

  append_family(out, "hawk_http_requests_total", "counter", "Requests finished, including those that threw.");
  append_sample(out, "hawk_http_requests_total", "", std::to_string(s.requests));

  append_family(out, "hawk_http_request_errors_total", "counter",
                "Requests answered with a 5xx status or ended by an exception.");
  append_sample(out, "hawk_http_request_errors_total", "", std::to_string(s.errors));

  append_family(out, "hawk_http_responses_total", "counter", "Responses by status class.");
  for (std::size_t i = 0; i < s.status_classes.size(); ++i) {
    const std::string labels = "{class=\"" + std::to_string(i + 1) + "xx\"}";
    append_sample(out, "hawk_http_responses_total", labels, std::to_string(s.status_classes[i]));
  }

  const std::string_view latency = "hawk_http_request_duration_seconds";
  append_family(out, latency, "histogram", "Time spent in the rest of the pipeline, in seconds.");
  std::int64_t cumulative = 0;
  for (std::size_t i = 0; i < s.latency_buckets.size(); ++i) {
    cumulative += s.latency_buckets[i];
    const std::string bound = i < kLatencyBucketBounds.size() ? format_double(kLatencyBucketBounds[i]) : "+Inf";
    const std::string labels = "{le=\"" + bound + "\"}";
    append_sample(out, std::string(latency) + "_bucket", labels, std::to_string(cumulative));
  }
  append_sample(out, std::string(latency) + "_sum", "", format_double(s.latency_sum_seconds));
  append_sample(out, std::string(latency) + "_count", "", std::to_string(s.latency_count));
  return out;
}

MetricsMiddleware::MetricsMiddleware(std::shared_ptr<Metrics> metrics) : metrics_(std::move(metrics)) {
  if (metrics_ == nullptr) throw std::invalid_argument("MetricsMiddleware needs a Metrics");
}

Response MetricsMiddleware::handle(Request& req, const Next& next) {
  metrics_->record_start();
  const Clock::time_point start = Clock::now();
  Response response;
  try {
    response = next(req);
  } catch (...) {
    metrics_->record_exception(Clock::now() - start);
    throw;
  }
  metrics_->record_response(response.status, Clock::now() - start);
  return response;
}

}  // namespace hawk
