// hawk-audit's entry point: dispatches to the subcommands. See usage.cpp for the commands.
#pragma once

namespace hawk::audit {

int run_cli(int argc, const char** argv);

}  // namespace hawk::audit
