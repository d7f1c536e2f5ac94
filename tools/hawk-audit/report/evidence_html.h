// The dynamic evidence's own sections: every mutant with what caught it, and every
// stress test with its outcome (a failed one with the end of its output).
#pragma once

#include <string>

#include "report/mutation_results.h"
#include "report/stress_results.h"

namespace hawk::audit::report {

std::string mutation_html(const MutationResults& mutation);
std::string stress_html(const StressResults& stress);

}  // namespace hawk::audit::report
