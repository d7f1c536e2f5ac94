#include "report/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/html_escape.h"

namespace hawk::audit::report {
namespace {

std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// At most `limit` characters of `label` (cut on a UTF-8 boundary), with an ellipsis.
std::string shortened(const std::string& label, std::size_t limit) {
  if (label.size() <= limit) return label;
  std::size_t cut = limit - 1;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0u) == 0x80u) --cut;
  return label.substr(0, cut) + "\xE2\x80\xA6";
}

}  // namespace

std::string percent(std::optional<double> rate) {
  if (!rate) return "\xE2\x80\x94";  // an em dash
  return std::to_string(static_cast<int>(std::lround(*rate * 100))) + "%";
}

std::string stacked_bar_svg(const std::vector<BarSegment>& segments, unsigned width, unsigned height) {
  unsigned total = 0;
  for (const BarSegment& segment : segments) total += segment.value;
  std::string svg = "<svg class=\"stack\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                    "\" role=\"img\" aria-label=\"verdicts\">";
  if (total == 0) {
    svg += "<rect class=\"empty\" x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" +
           std::to_string(height) + "\"><title>no shared locations</title></rect>";
  }
  double x = 0;
  for (const BarSegment& segment : segments) {
    if (segment.value == 0) continue;
    const double w = static_cast<double>(width) * segment.value / total;
    svg += "<rect class=\"" + escape_html(segment.css_class) + "\" x=\"" + num(x) + "\" y=\"0\" width=\"" + num(w) +
           "\" height=\"" + std::to_string(height) + "\"><title>" + escape_html(segment.label) + "</title></rect>";
    x += w;
  }
  return svg + "</svg>";
}

std::string rate_bars_svg(const std::vector<RateRow>& rows) {
  constexpr unsigned kLabel = 150, kBar = 260, kRow = 30, kBarHeight = 11, kWidth = kLabel + kBar + 60;
  const unsigned height = static_cast<unsigned>(rows.size()) * kRow + 4;
  std::string svg = "<svg class=\"rates\" width=\"" + std::to_string(kWidth) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) +
                    "\" role=\"img\" aria-label=\"mutation catch rates\">";
  unsigned y = 2;
  for (const RateRow& row : rows) {
    svg += "<text class=\"label\" x=\"0\" y=\"" + std::to_string(y + kBarHeight + 3) + "\"><title>" +
           escape_html(row.label) + "</title>" + escape_html(shortened(row.label, 22)) + "</text>";
    const auto bar = [&](std::optional<double> rate, const std::string& detail, const char* css, unsigned top) {
      svg += "<rect class=\"track\" x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(top) + "\" width=\"" +
             std::to_string(kBar) + "\" height=\"" + std::to_string(kBarHeight) + "\"/>";
      if (rate) {
        svg += "<rect class=\"" + std::string(css) + "\" x=\"" + std::to_string(kLabel) + "\" y=\"" +
               std::to_string(top) + "\" width=\"" + num(kBar * std::clamp(*rate, 0.0, 1.0)) + "\" height=\"" +
               std::to_string(kBarHeight) + "\"><title>" + escape_html(detail) + "</title></rect>";
      }
      svg += "<text class=\"value\" x=\"" + std::to_string(kLabel + kBar + 6) + "\" y=\"" +
             std::to_string(top + kBarHeight - 1) + "\">" + escape_html(percent(rate)) + "</text>";
    };
    bar(row.first, row.first_detail, "rate-static", y);
    bar(row.second, row.second_detail, "rate-stress", y + kBarHeight + 2);
    y += kRow;
  }
  return svg + "</svg>";
}

}  // namespace hawk::audit::report
