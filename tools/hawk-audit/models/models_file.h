// Reading models from YAML text: the built-in models and the `models:` section of a
// project's config file (config_file.h). The schema, with every key:
//
//   models:
//     thread_types: [std::thread]          # constructing one starts its first argument
//     thread_safe_types: [asio::io_context]  # its methods synchronise by themselves
//     serialising_types: [asio::strand]    # an executor running one handler at a time
//     system_callbacks: [sigaction::sa_handler]  # a field whose function the system runs
//     thread_starts:
//       - function: mylib::spawn           # model name (decl_names.h)
//         callable: 0                      # argument index of the routine, or `last`
//         arguments:                       # optional: call argument -> routine parameter
//           - {argument: 1, parameter: 0}
//         handle: 0                        # where the join's handle goes: an argument
//                                          # index, `returned`, or `none` (default:
//                                          # never joined, it runs on)
//         executor: 0                      # optional: the argument that is the executor
//                                          # (a serialising one orders what it runs)
//         how: start                       # start | executor | model (default model)
//         multiplicity: many               # once | many (default once): many when the
//                                          # library runs it on several threads at once
//                                          # even if handed over once (a route handler)
//     thread_joins:
//       - function: mylib::join            # waits for the thread `handle` names
//         handle: 0
//         detach: false                    # true: lets it go instead (pthread_detach)
//     not_thread_safe:
//       - function: strtok
//         state: strtok's saved position   # functions naming one state race together
//         access: write                    # read | write (default write)
//         instead: strtok_r                # optional
//
// Unknown keys and values, and entries without a function, are errors.
#pragma once

#include <string>
#include <string_view>

#include <llvm/Support/Error.h>

#include "models/library_models.h"

namespace hawk::audit {

// `name` is the file the text came from; an error reads "name:line:column: problem".
llvm::Expected<LibraryModels> parse_models(std::string_view text, const std::string& name);

}  // namespace hawk::audit
