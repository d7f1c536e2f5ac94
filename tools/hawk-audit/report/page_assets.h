// The report page's own CSS and script: inline, so the page needs nothing else. The
// script reads the page and nothing more (no data is embedded in it): it opens the
// finding a `#finding-<id>` fragment names, sorts tables by a clicked header, and filters
// the inventory by text and verdict.
#pragma once

#include <string_view>

namespace hawk::audit::report {

std::string_view page_style();
std::string_view page_script();

// The Content-Security-Policy of the page: nothing from anywhere, inline styles, and only
// the one script whose hash it names (an injected script would not run).
std::string content_security_policy(std::string_view script);

}  // namespace hawk::audit::report
