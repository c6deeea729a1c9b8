#include "cli/app.hpp"

int main(int argc, char** argv) {
  return zl::run(argc, argv);
}
