// How a unit's compile command becomes the command hawk-audit parses with.
#pragma once

#include <clang/Tooling/ArgumentsAdjusters.h>

namespace hawk::audit {

// Parse only (-fsyntax-only), no warnings (-w: they are the build's business, and
// -Werror=... would turn them into failures), clang's own resource dir (the database may
// name gcc or another clang, whose builtin headers clang cannot use), and the options of
// other compilers (gcc's -fno-tree-vrp, ...) dropped instead of failing the unit.
clang::tooling::ArgumentsAdjuster analysis_arguments_adjuster();

// Drops the arguments clang's driver does not know; the clang-cl driver mode is left alone.
clang::tooling::CommandLineArguments strip_unknown_arguments(const clang::tooling::CommandLineArguments& args);

}  // namespace hawk::audit
