// The HTML report in a real browser (ctest label `integration`): a headless Chromium,
// driven over the DevTools protocol (devtools_pipe.h), loads the fixture report at
// #finding-<id> and must open that finding; a click in the findings index opens another;
// the inventory sorts on a header click and filters by verdict and text; nothing is logged
// as an error; a screenshot is saved under the build folder. The hostile report (HTML in
// every name and string) runs no script but its own and opens no dialog.
//
// Chromium comes from scripts/setup.sh (Debian's `chromium`). Without it the test is
// skipped — unless CI is set, where it fails.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/Base64.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>
#include <nlohmann/json.hpp>

#include "devtools_pipe.h"
#include "report_fixtures.h"
#include "tool_run.h"

namespace {

using hawk::audit::testing::DevToolsPipe;
using hawk::audit::testing::join_path;
using hawk::audit::testing::MadeReport;
using hawk::audit::testing::write_file;
using nlohmann::json;

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::strcmp(ci, "0") != 0 && std::strcmp(ci, "false") != 0;
}

std::string find_chromium() {
  if (const char* chosen = std::getenv("HAWK_CHROMIUM"); chosen != nullptr && *chosen != '\0') return chosen;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    if (auto found = llvm::sys::findProgramByName(name)) return *found;
  }
  return {};
}

// A file: URL for an absolute path, every byte but unreserved ones and `/` escaped.
std::string file_url(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string url = "file://";
  for (const char c : path) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (keep) {
      url += c;
    } else {
      url += '%';
      url += hex[static_cast<unsigned char>(c) >> 4];
      url += hex[static_cast<unsigned char>(c) & 15];
    }
  }
  return url;
}

class ReportBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) {
      if (running_in_ci()) FAIL() << "chromium is not installed (scripts/setup.sh installs it) and CI is set";
      GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
    }
    artifacts_ = std::string(HAWK_REPORT_ARTIFACTS) + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    llvm::sys::fs::remove_directories(artifacts_);
    ASSERT_FALSE(llvm::sys::fs::create_directories(artifacts_));
    llvm::SmallString<128> profile;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-report-chromium", profile));
    profile_ = std::string(profile);
  }

  void TearDown() override {
    browser_.stop();
    if (!profile_.empty()) llvm::sys::fs::remove_directories(profile_);
  }

  // Starts the browser with one page attached; returns its session id.
  std::string open_page() {
    std::string error;
    const std::vector<std::string> flags = {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                                            "--disable-background-networking", "--disable-sync",
                                            "--window-size=1400,1000", "--user-data-dir=" + profile_, "about:blank"};
    if (!browser_.start(chromium_, flags, join_path(artifacts_, "chromium.log"), error)) {
      ADD_FAILURE() << error;
      return {};
    }
    const json target = browser_.call("Target.createTarget", {{"url", "about:blank"}}, "", 60000);
    if (!target.contains("result")) {
      ADD_FAILURE() << "Target.createTarget: " << target.dump() << " (see " << join_path(artifacts_, "chromium.log") << ")";
      return {};
    }
    const json attached = browser_.call(
        "Target.attachToTarget", {{"targetId", target["result"]["targetId"]}, {"flatten", true}});
    if (!attached.contains("result")) {
      ADD_FAILURE() << "Target.attachToTarget: " << attached.dump();
      return {};
    }
    const std::string session = attached["result"]["sessionId"];
    for (const char* domain : {"Runtime.enable", "Log.enable", "Page.enable"}) {
      const json reply = browser_.call(domain, json::object(), session);
      EXPECT_TRUE(reply.contains("result")) << domain << ": " << reply.dump();
    }
    return session;
  }

  void navigate(const std::string& session, const std::string& url) {
    browser_.clear_events();
    const json reply = browser_.call("Page.navigate", {{"url", url}}, session);
    ASSERT_TRUE(reply.contains("result")) << reply.dump();
    ASSERT_FALSE(reply["result"].contains("errorText")) << reply.dump();
    ASSERT_TRUE(browser_.wait_event("Page.loadEventFired", 60000).has_value()) << "the page did not load: " << url;
  }

  // The value of a JavaScript expression (promises awaited).
  json evaluate(const std::string& session, const std::string& expression) {
    const json reply = browser_.call(
        "Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}}, session);
    EXPECT_TRUE(reply.contains("result")) << expression << ": " << reply.dump();
    if (!reply.contains("result")) return nullptr;
    const json& result = reply["result"];
    EXPECT_FALSE(result.contains("exceptionDetails")) << expression << ": " << result.dump();
    return result["result"].value("value", json());
  }

  // Console errors, uncaught exceptions, error log entries (a blocked resource, a CSP
  // violation) and dialogs, as text.
  std::vector<std::string> problems() const {
    std::vector<std::string> out;
    for (const json& event : browser_.events()) {
      const std::string method = event.value("method", "");
      const json params = event.value("params", json::object());
      if (method == "Runtime.exceptionThrown" || method == "Page.javascriptDialogOpening") {
        out.push_back(method + ": " + params.dump());
      } else if (method == "Runtime.consoleAPICalled") {
        const std::string type = params.value("type", "");
        if (type == "error" || type == "assert") out.push_back("console." + type + ": " + params.dump());
      } else if (method == "Log.entryAdded") {
        if (params.value("entry", json::object()).value("level", "") == "error")
          out.push_back("log error: " + params.dump());
      }
    }
    return out;
  }

  std::string screenshot(const std::string& session, const std::string& name) {
    const json reply = browser_.call("Page.captureScreenshot", {{"format", "png"}}, session, 60000);
    EXPECT_TRUE(reply.contains("result")) << reply.dump();
    if (!reply.contains("result")) return {};
    std::vector<char> png;
    EXPECT_FALSE(static_cast<bool>(llvm::decodeBase64(reply["result"].value("data", ""), png)));
    const std::string path = join_path(artifacts_, name);
    write_file(path, std::string(png.begin(), png.end()));
    return path;
  }

  std::string chromium_;
  std::string artifacts_;
  std::string profile_;
  DevToolsPipe browser_;
};

TEST_F(ReportBrowserTest, OpensFindingsSortsFiltersAndLogsNoError) {
  const MadeReport made = hawk::audit::testing::make_fixture_report(artifacts_);
  ASSERT_TRUE(made.error.empty()) << made.error;
  // Two open findings with conflicting accesses: one reached by URL, one by a click.
  std::vector<std::string> ids;
  for (const json& f : made.static_results.at("findings")) {
    if (!f.at("suppressed") && !f.at("conflicts").empty()) ids.push_back(f.at("id"));
  }
  ASSERT_GE(ids.size(), 2u);
  const std::string session = open_page();
  ASSERT_FALSE(session.empty());
  navigate(session, file_url(made.html_path) + "#finding-" + ids[0]);

  const std::string first = "document.getElementById('finding-" + ids[0] + "')";
  EXPECT_EQ(evaluate(session, "document.scripts.length"), 1);
  EXPECT_EQ(evaluate(session, first + ".open"), true);
  EXPECT_EQ(evaluate(session, "document.querySelectorAll('details.finding[open]').length"), 1);
  EXPECT_GE(evaluate(session, first + ".querySelectorAll('table.src tr.hit').length").get<int>(), 2);
  EXPECT_GE(evaluate(session, first + ".querySelectorAll('.keyword').length").get<int>(), 1);
  // Scrolled to it, below the sticky navigation bar.
  const json top = evaluate(session, first + ".getBoundingClientRect().top");
  EXPECT_GE(top.get<double>(), 0.0);
  EXPECT_LT(top.get<double>(), 200.0);

  // Click through from the findings index to the second finding.
  const std::string second = "document.getElementById('finding-" + ids[1] + "')";
  EXPECT_EQ(evaluate(session, second + ".open"), false);
  EXPECT_EQ(evaluate(session, "new Promise(done => { document.querySelector('#finding-index a[href=\"#finding-" + ids[1] +
                                  "\"]').click(); setTimeout(() => done(location.hash), 200); })"),
            "#finding-" + ids[1]);
  EXPECT_EQ(evaluate(session, second + ".open"), true);
  EXPECT_EQ(evaluate(session, second + ".classList.contains('targeted')"), true);

  // Sort the inventory by location, both ways.
  const std::string names =
      "Array.from(document.querySelectorAll('#inventory tbody tr')).map(r => r.cells[1].textContent.toLowerCase())";
  const std::string click_location = "document.querySelectorAll('#inventory thead th')[1].click()";
  evaluate(session, click_location);
  const auto ascending = evaluate(session, names).get<std::vector<std::string>>();
  ASSERT_EQ(ascending.size(), made.static_results.at("inventory").size());
  EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));
  evaluate(session, click_location);
  const auto descending = evaluate(session, names).get<std::vector<std::string>>();
  EXPECT_TRUE(std::is_sorted(descending.rbegin(), descending.rend()));
  EXPECT_EQ(evaluate(session, "document.querySelectorAll('#inventory thead th')[1].getAttribute('aria-sort')"),
            "descending");

  // Filter by verdict, then by text.
  std::size_t guarded = 0;
  for (const json& entry : made.static_results.at("inventory")) guarded += entry.at("verdict") == "guarded";
  ASSERT_GT(guarded, 0u);
  const std::string visible = "Array.from(document.querySelectorAll('#inventory tbody tr')).filter(r => !r.hidden)";
  evaluate(session, "(() => { const s = document.getElementById('inventory-verdict'); s.value = 'guarded';"
                    " s.dispatchEvent(new Event('change')); })()");
  EXPECT_EQ(evaluate(session, visible + ".length"), guarded);
  EXPECT_EQ(evaluate(session, visible + ".every(r => r.dataset.verdict === 'guarded')"), true);
  evaluate(session, "(() => { const t = document.getElementById('inventory-filter'); t.value = 'history_';"
                    " t.dispatchEvent(new Event('input')); })()");
  EXPECT_GE(evaluate(session, visible + ".length").get<int>(), 1);
  EXPECT_EQ(evaluate(session, visible + ".every(r => r.textContent.includes('history_'))"), true);
  EXPECT_NE(evaluate(session, "document.getElementById('inventory-shown').textContent").get<std::string>().find(" of "),
            std::string::npos);

  // Back at the first finding, for the picture.
  evaluate(session, "new Promise(done => { location.hash = '#finding-" + ids[0] + "'; setTimeout(done, 200); })");
  const std::string png = screenshot(session, "report.png");
  ASSERT_FALSE(png.empty());
  const std::string data = hawk::audit::testing::read_file(png);
  EXPECT_GT(data.size(), 10000u);
  EXPECT_EQ(data.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::cout << "screenshot: " << png << "\n";

  const std::vector<std::string> errors = problems();
  EXPECT_TRUE(errors.empty()) << [&] {
    std::string all;
    for (const std::string& e : errors) all += e + "\n";
    return all;
  }();
}

TEST_F(ReportBrowserTest, HostileReportRunsOnlyItsOwnScript) {
  const MadeReport made = hawk::audit::testing::make_hostile_report(artifacts_);
  ASSERT_TRUE(made.error.empty()) << made.error;
  const std::string session = open_page();
  ASSERT_FALSE(session.empty());
  navigate(session, file_url(made.html_path));
  // Open every finding, so anything hidden in them would be live.
  evaluate(session, "document.querySelectorAll('details').forEach(d => d.open = true)");
  evaluate(session, "new Promise(done => setTimeout(done, 300))");
  EXPECT_EQ(evaluate(session, "document.scripts.length"), 1);
  EXPECT_EQ(evaluate(session, "document.querySelectorAll('img, iframe, object, embed, b, i').length"), 0);
  EXPECT_EQ(evaluate(session, "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
                              ".some(a => a.name.startsWith('on'))).length"),
            0);
  EXPECT_NE(evaluate(session, "document.body.textContent").get<std::string>().find("<img src=y onerror=alert(3)>"),
            std::string::npos);
  screenshot(session, "hostile.png");
  const std::vector<std::string> errors = problems();
  EXPECT_TRUE(errors.empty()) << [&] {
    std::string all;
    for (const std::string& e : errors) all += e + "\n";
    return all;
  }();
}

}  // namespace
