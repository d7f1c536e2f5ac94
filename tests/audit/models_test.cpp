// The models layer: the built-in YAML parses and names what capture relies on; a
// project's file adds to it and may replace an entry; bad files are errors naming the
// file, line and column; the nearest .hawk-audit.yaml is found upwards.
#include <gtest/gtest.h>

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include "models/builtin_models.h"
#include "models/config_file.h"
#include "models/models_file.h"

namespace hawk::audit {
namespace {

std::string error_of(std::string_view text) {
  llvm::Expected<LibraryModels> parsed = parse_models(text, "m.yaml");
  if (parsed) return "";
  return llvm::toString(parsed.takeError());
}

TEST(Models, BuiltinModelsParseAndCoverTheLibraries) {
  const LibraryModels& models = builtin_models();
  for (const char* start : {"pthread_create", "thrd_create", "std::async", "uv_queue_work", "asio::post",
                            "httplib::Server::Get", "hawk::App::get", "hawk::Container::add_singleton", "signal"})
    EXPECT_NE(models.thread_start(start), nullptr) << start;
  ASSERT_NE(models.thread_start("pthread_create"), nullptr);
  EXPECT_EQ(models.thread_start("pthread_create")->handle.kind, HandleSpec::Kind::Argument);
  EXPECT_EQ(models.thread_start("asio::post")->callable.index, ArgumentIndex::kLast);
  EXPECT_TRUE(models.thread_start("hawk::App::get")->many);
  EXPECT_FALSE(models.thread_start("asio::post")->many);  // once per post
  EXPECT_TRUE(models.is_thread_type("std::thread"));
  EXPECT_TRUE(models.is_thread_safe_type("asio::io_context"));
  EXPECT_TRUE(models.is_serialising_type("asio::strand"));
  EXPECT_TRUE(models.is_system_callback("sigaction::sa_handler"));
  EXPECT_TRUE(models.is_system_callback("sigaction::sa_sigaction"));
  ASSERT_NE(models.thread_join("pthread_join"), nullptr);
  EXPECT_TRUE(models.thread_join("pthread_detach")->detach);
  ASSERT_NE(models.unsafe_function("getenv"), nullptr);
  EXPECT_FALSE(models.unsafe_function("getenv")->writes);
  EXPECT_EQ(models.unsafe_function("setenv")->state, models.unsafe_function("getenv")->state);
  EXPECT_EQ(models.unsafe_function("strtok")->instead, "strtok_r");
}

TEST(Models, ProjectFileAddsAndReplaces) {
  llvm::Expected<LibraryModels> own = parse_models(
      "models:\n"
      "  thread_starts:\n"
      "    - {function: pool_submit, callable: 0, arguments: [{argument: 1, parameter: 0}],\n"
      "       how: executor, multiplicity: many}\n"
      "    - {function: signal, callable: 1, how: model, multiplicity: many}\n"
      "  thread_joins: [{function: pool_wait, handle: 0}]\n"
      "  not_thread_safe: [{function: fmt_legacy, state: fmt's buffer, access: read}]\n",
      "m.yaml");
  ASSERT_TRUE(static_cast<bool>(own)) << llvm::toString(own.takeError());
  LibraryModels models = builtin_models();
  models.add(*own);
  const ThreadStartModel* pool = models.thread_start("pool_submit");
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->how, "executor");
  EXPECT_TRUE(pool->many);
  ASSERT_EQ(pool->arguments.size(), 1u);
  EXPECT_EQ(pool->arguments[0].argument.index, 1);
  EXPECT_TRUE(models.thread_start("signal")->many);  // replaced
  EXPECT_NE(models.thread_join("pool_wait"), nullptr);
  EXPECT_FALSE(models.unsafe_function("fmt_legacy")->writes);
  EXPECT_NE(models.thread_start("pthread_create"), nullptr);  // the rest stays
  EXPECT_NE(models.digest(), builtin_models().digest());
}

TEST(Models, BadFilesNameLineAndProblem) {
  EXPECT_NE(error_of("models:\n  thread_starts:\n    - {function: f, callable: first}\n").find("m.yaml:3:"),
            std::string::npos);
  EXPECT_NE(error_of("models:\n  thread_startz: []\n").find("m.yaml:2:3: unknown key 'thread_startz'"),
            std::string::npos)
      << error_of("models:\n  thread_startz: []\n");
  EXPECT_NE(error_of("models:\n  thread_starts:\n    - {callable: 0}\n").find("function"), std::string::npos);
  EXPECT_NE(error_of("models:\n  thread_starts:\n    - {function: f, callable: 0, how: sometimes}\n").find("'how'"),
            std::string::npos);
  EXPECT_NE(error_of("models:\n  thread_starts:\n    - {function: f, callable: 0, multiplicity: lots}\n")
                .find("m.yaml:3:"),
            std::string::npos);
  EXPECT_NE(error_of("models: [unclosed\n").find("m.yaml:"), std::string::npos);
  EXPECT_EQ(error_of(""), "");  // an empty file is a config without models
  EXPECT_EQ(error_of("models:\n  not_thread_safe: []\n"), "");
}

TEST(Models, NearestConfigFileIsFoundUpwards) {
  llvm::SmallString<128> root;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hawk-models-test", root));
  auto path = [&](llvm::StringRef relative) {
    llvm::SmallString<128> p(root);
    llvm::sys::path::append(p, relative);
    return std::string(p);
  };
  ASSERT_FALSE(llvm::sys::fs::create_directories(path("a/b/c")));
  auto write = [](const std::string& file, llvm::StringRef text) {
    std::error_code error;
    llvm::raw_fd_ostream out(file, error);
    out << text;
  };
  write(path(".hawk-audit.yaml"), "models:\n  thread_starts: [{function: outer_spawn, callable: 0}]\n");
  write(path("a/b/.hawk-audit.yaml"), "models:\n  thread_starts: [{function: inner_spawn, callable: 0}]\n");
  EXPECT_EQ(find_config_file(path("a/b/c/x.c")), path("a/b/.hawk-audit.yaml"));
  EXPECT_EQ(find_config_file(path("a/x.c")), path(".hawk-audit.yaml"));

  UnitModels units;
  auto inner = units.for_unit(path("a/b/c/x.c"));
  ASSERT_TRUE(static_cast<bool>(inner)) << llvm::toString(inner.takeError());
  EXPECT_NE((*inner)->thread_start("inner_spawn"), nullptr);
  EXPECT_EQ((*inner)->thread_start("outer_spawn"), nullptr);  // the nearest file only, as clang-tidy
  EXPECT_NE((*inner)->thread_start("pthread_create"), nullptr);

  UnitModels named(path(".hawk-audit.yaml"));  // --config: for every unit
  auto forced = named.for_unit(path("a/b/c/x.c"));
  ASSERT_TRUE(static_cast<bool>(forced));
  EXPECT_NE((*forced)->thread_start("outer_spawn"), nullptr);

  write(path("a/b/.hawk-audit.yaml"), "models:\n  thread_starts: [{function: 12}]\n");
  UnitModels broken;
  auto failed = broken.for_unit(path("a/b/c/x.c"));
  ASSERT_FALSE(static_cast<bool>(failed));
  EXPECT_NE(llvm::toString(failed.takeError()).find(path("a/b/.hawk-audit.yaml") + ":2:"), std::string::npos);
  llvm::sys::fs::remove_directories(std::string(root));
}

}  // namespace
}  // namespace hawk::audit
