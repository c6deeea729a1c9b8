#include <iostream>

int main() {
  std::cout << "zonelint " << ZONELINT_VERSION << "\n";
  return 0;
}
