// Placeholder until the CLI lands (cli/): prints usage.
#include <cstdio>

int main() {
  std::fputs("usage: hawk-audit check -p BUILD_DIR [FILES...]\n", stderr);
  return 2;
}
