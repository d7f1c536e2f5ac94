// Small inline SVG charts for the overview (no library, no script): a stacked bar of
// verdicts per module, and horizontal bars of catch rates. Colours come from CSS classes
// (page_assets.cpp); every label goes through escape_html.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace hawk::audit::report {

struct BarSegment {
  std::string label;      // the tooltip: "guarded: 4"
  unsigned value = 0;
  std::string css_class;  // its fill
};

// One bar of `width` px split into the segments in proportion to their values.
std::string stacked_bar_svg(const std::vector<BarSegment>& segments, unsigned width = 200, unsigned height = 14);

struct RateRow {
  std::string label;           // the module, or "all modules"
  std::optional<double> first;   // static catch rate, 0..1 (nullopt: nothing to rate)
  std::optional<double> second;  // stress catch rate
  std::string first_detail;    // tooltips: "21 of 27 mutants"
  std::string second_detail;
};

// Two bars per row (classes rate-static and rate-stress), with the percentages.
std::string rate_bars_svg(const std::vector<RateRow>& rows);

// "78%", or "—" for nullopt.
std::string percent(std::optional<double> rate);

}  // namespace hawk::audit::report
