# Install layout, manual pages and the Debian package (`cpack -G DEB` in the build directory;
# scripts/build-deb does the release build). Included at the end of the top-level CMakeLists.txt.
include(GNUInstallDirs)

# The date of this version's CHANGELOG.md entry: the manual pages and changelog carry it, so
# the package is reproducible (no build-time date).
set(ZONELINT_RELEASE_DATE "2026-12-04")
set(ZONELINT_RELEASE_DATE_RFC2822 "Fri, 04 Dec 2026 12:00:00 +0000")
set(ZONELINT_MAINTAINER "zonelint developers <zonelint@users.noreply.github.com>")
set(ZONELINT_HOMEPAGE "https://github.com/zonelint/zonelint")

option(ZONELINT_MAN "Build the manual pages (zonelint.1, and zonelint-rules.7 from the rules)" ON)

# ---- manual pages ----------------------------------------------------------------------------
# zonelint(1) is written by hand (man/zonelint.1.in); zonelint-rules(7) is generated from the
# rule registry by a small program linked with zonelint_lib, so it is the text of `explain`.
if(ZONELINT_MAN)
  find_program(ZONELINT_GZIP gzip REQUIRED)
  set(zl_man ${CMAKE_CURRENT_BINARY_DIR}/man)
  file(MAKE_DIRECTORY ${zl_man})
  add_executable(zonelint_rules_man man/zonelint_rules_man.cpp)
  target_link_libraries(zonelint_rules_man PRIVATE zonelint_lib zonelint_warnings)
  configure_file(man/zonelint.1.in ${zl_man}/zonelint.1 @ONLY)
  add_custom_command(
    OUTPUT ${zl_man}/zonelint-rules.7
    COMMAND zonelint_rules_man ${PROJECT_VERSION} ${ZONELINT_RELEASE_DATE}
            ${zl_man}/zonelint-rules.7
    DEPENDS zonelint_rules_man
    COMMENT "Generating zonelint-rules(7) from the rule registry"
    VERBATIM)
  # gzip -n: no name or time stamp in the archive, so the package is reproducible.
  add_custom_command(
    OUTPUT ${zl_man}/zonelint.1.gz ${zl_man}/zonelint-rules.7.gz
    COMMAND ${ZONELINT_GZIP} -9nkf zonelint.1 zonelint-rules.7
    DEPENDS ${zl_man}/zonelint.1 ${zl_man}/zonelint-rules.7
    WORKING_DIRECTORY ${zl_man}
    VERBATIM)
  add_custom_target(zonelint_man ALL DEPENDS ${zl_man}/zonelint.1.gz ${zl_man}/zonelint-rules.7.gz)
  install(FILES ${zl_man}/zonelint.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${zl_man}/zonelint-rules.7.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
endif()

# ---- shell completions, schema, documentation ------------------------------------------------
install(FILES completions/zonelint.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME zonelint)
install(FILES completions/_zonelint DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/zonelint.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES schema/zonelint-report.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/zonelint/schema)
install(FILES README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY examples/zones DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# Debian's copyright file (the MIT licence in machine-readable form) and changelog.
set(zl_pkg ${CMAKE_CURRENT_BINARY_DIR}/packaging)
file(READ LICENSE ZONELINT_LICENSE_TEXT)
string(REGEX REPLACE "^MIT License\n\n[^\n]*\n\n" "" zl_license_body "${ZONELINT_LICENSE_TEXT}")
string(REGEX REPLACE "\n+$" "" zl_license_body "${zl_license_body}")
string(REGEX REPLACE "\n\n" "\n.\n" zl_license_body "${zl_license_body}")
string(REGEX REPLACE "\n" "\n " ZONELINT_LICENSE_DEB " ${zl_license_body}")
configure_file(packaging/copyright.in ${zl_pkg}/copyright @ONLY)
configure_file(packaging/changelog.in ${zl_pkg}/changelog @ONLY)
add_custom_command(
  OUTPUT ${zl_pkg}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E copy changelog changelog.tmp
  COMMAND gzip -9nf changelog.tmp
  COMMAND ${CMAKE_COMMAND} -E rename changelog.tmp.gz changelog.gz
  DEPENDS ${zl_pkg}/changelog
  WORKING_DIRECTORY ${zl_pkg}
  VERBATIM)
add_custom_target(zonelint_pkg_docs ALL DEPENDS ${zl_pkg}/changelog.gz)
install(FILES ${zl_pkg}/copyright ${zl_pkg}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- Debian package: cpack -G DEB -----------------------------------------------------------
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
    GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME zonelint)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "zonelint")
set(CPACK_PACKAGE_CONTACT "${ZONELINT_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # zonelint_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ZONELINT_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${ZONELINT_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libunbound is loaded by --resolve, not linked (CMakeLists.txt): dpkg-shlibdeps cannot see it.
# Its package is named after its soname (libunbound.so.8: libunbound8); CPack adds the
# dependencies dpkg-shlibdeps finds to this one.
string(REGEX REPLACE "^lib(.+)\\.so\\.([0-9]+)$" "lib\\1\\2" zl_unbound_package
                     "${ZONELINT_UNBOUND_SONAME_FOUND}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${zl_unbound_package}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "linter for DNS zone files and DNS-as-code definitions
zonelint reads BIND master files, octoDNS YAML, DNSControl IR, Route 53 record
sets and Terraform plan JSON, and reports the mistakes that break mail and
resolution before they are deployed: an MX pointing at a CNAME or an IP
address, an exchange without an address, a null MX mixed with real ones, a
name that got the origin appended twice, and more.
.
Findings carry exact file, line and column positions, and are written as
text, JSON, SARIF (GitHub code scanning), GitHub workflow annotations or a
GitLab Code Quality report. zonelint works offline and is deterministic.")
include(CPack)
