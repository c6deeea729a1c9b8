# COST of the long Catch test cases (tests/CMakeLists.txt says why COST). ctest reads this file
# (a TEST_INCLUDE_FILES entry of tests/CMakeLists.txt) after the test cases that
# catch_discover_tests found at build time, which do not exist when CMake configures.
# Seconds in the plain -O2 build; a name that matches no test is ignored: keep them in step.
set_tests_properties(
  "differential: NS, SRV, glue and DNAME checks agree with named-checkzone and kzonecheck"
  PROPERTIES COST 30)
set_tests_properties(
  "differential: MX checks agree with named-checkzone on fixtures and real-world"
  PROPERTIES COST 17)
