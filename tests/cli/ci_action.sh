#!/usr/bin/env bash
# action.yml is a composite action whose steps, run as GitHub would run them (inputs through
# the environment, GITHUB_OUTPUT, GITHUB_PATH and GITHUB_STEP_SUMMARY files; sudo, apt-get,
# curl and cmake replaced by stubs, so it runs offline):
# - the install step uses zonelint from PATH, else the release's .deb for a v<version> tag,
#   else asks for a build with a cache key made of the OS, version and source hash;
# - the build step installs the build dependencies and builds without -Werror, or reuses the
#   cached binary;
# - the lint step reads multi-line `paths:` and `args:` whole, writes valid SARIF and
#   annotations and records zonelint's exit code; the verdict step turns it into the job result;
# - the SARIF upload cannot fail the job and is skipped for pull requests from forks.
# The example workflow is one job with the permissions the README lists, and the GitLab CI file
# mirrors the action; both parse as YAML and use the formats they promise.
set -uo pipefail
BIN=$(realpath "${1:?usage: ci_action.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S/bin"
ln -s "$BIN" "$S/bin/zonelint"

# Extract a step's `run` script and `env` from action.yml.
python3 - "$S" <<'PY' || fail "action.yml structure"
import sys, yaml, json
out = sys.argv[1]
a = yaml.safe_load(open("action.yml"))
assert a["runs"]["using"] == "composite", "not a composite action"
steps = a["runs"]["steps"]
for s in steps:
    if "run" in s:
        assert s.get("shell") == "bash", f"step {s.get('name')} has no shell: bash"
        assert "${{" not in s["run"], f"step {s.get('name')} pastes an expression into its script"
lint = next(s for s in steps if s.get("id") == "lint")
open(f"{out}/lint.sh", "w").write(lint["run"])
verdict = next(s for s in steps if s.get("name") == "Verdict")
open(f"{out}/verdict.sh", "w").write(verdict["run"])
install = next(s for s in steps if s.get("id") == "install")
open(f"{out}/install.sh", "w").write(install["run"])
build = next(s for s in steps if s.get("name") == "Build zonelint")
open(f"{out}/build.sh", "w").write(build["run"])
upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
assert upload.get("continue-on-error") is True, "a refused SARIF upload would fail the job"
assert "head.repo.full_name != github.repository" in upload["if"], "upload not skipped for forks"
restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save@"))
assert restore["with"]["key"] == save["with"]["key"] == "${{ steps.install.outputs.cache-key }}"
import re
version = re.search(r"project\(zonelint VERSION ([0-9.]+)", open("CMakeLists.txt").read()).group(1)
open(f"{out}/version", "w").write(version)
wf = yaml.safe_load(open("examples/.github/workflows/zonelint.yml"))
assert len(wf["jobs"]) == 1, "the example workflow must be one job to paste"
perms = wf["permissions"]
assert perms == {"contents": "read", "security-events": "write", "actions": "read"}, perms
job = next(iter(wf["jobs"].values()))
uses = [s["uses"] for s in job["steps"] if "uses" in s]
assert f"zonelint/zonelint@v{version}" in uses, uses
paths = next(s for s in job["steps"] if s.get("uses", "").startswith("zonelint/"))["with"]["paths"]
assert "\n" in paths.strip(), "the example should show a multi-line paths input"
readme = open("README.md").read()
for p in ("security-events: write", "actions: read", "contents: read"):
    assert p in readme, f"README does not list the permission {p}"
for f, needle in [("examples/.github/workflows/zonelint.yml", "upload-sarif"),
                  ("examples/.gitlab-ci.yml", "gitlab:gl-code-quality-report.json")]:
    text = open(f).read()
    yaml.safe_load(text)
    assert needle in text, f"{f} lacks {needle}"
gl = yaml.safe_load(open("examples/.gitlab-ci.yml"))
assert gl["zonelint"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
assert gl["zonelint"]["variables"]["ZONELINT_VERSION"] == version
assert "$ZONELINT_VERSION" in gl["zonelint"]["cache"]["key"]
gl_text = open("examples/.gitlab-ci.yml").read()
assert "releases/download" in gl_text and "ZONELINT_WERROR=OFF" in gl_text
PY
VERSION=$(cat "$S/version")

run_lint() {  # paths, fail-on -> sets RC and OUT
  : >"$S/output"
  : >"$S/summary"
  rm -f "$S/zonelint.sarif"
  OUT=$(PATH="$S/bin:$PATH" GITHUB_OUTPUT="$S/output" GITHUB_STEP_SUMMARY="$S/summary" \
    ZL_PATHS="$1" ZL_SARIF="$S/zonelint.sarif" ZL_FAIL_ON="$2" ZL_ARGS="" bash "$S/lint.sh" 2>&1)
  RC=$?
}

run_lint "examples/zones" warning
echo "$OUT"
[ $RC -eq 0 ] || fail "lint step itself failed ($RC)"
grep -q '^exit-code=1$' "$S/output" || fail "exit-code output is not 1: $(cat "$S/output")"
grep -q '^::error file=examples/zones/example.com.zone,line=15,' <<<"$OUT" || fail "no annotation for the MX finding"
grep -q 'mx-target-cname' "$S/summary" || fail "step summary lacks the finding"
jq -e '.runs[0].results | length > 0' "$S/zonelint.sarif" >/dev/null || fail "SARIF has no results"
( ZL_RC=1 bash "$S/verdict.sh" ) && fail "verdict passed exit code 1"
( ZL_RC=0 bash "$S/verdict.sh" ) || fail "verdict failed exit code 0"

run_lint "examples/zones/example.net.zone" warning
[ $RC -eq 0 ] && grep -q '^exit-code=0$' "$S/output" || fail "clean zone: $(cat "$S/output")"
jq -e '.runs[0].results == []' "$S/zonelint.sarif" >/dev/null || fail "clean SARIF results not []"

run_lint "does-not-exist.zone" warning
grep -q '^exit-code=2$' "$S/output" || fail "missing file: exit-code $(cat "$S/output")"
grep -q '^::error title=zonelint::' <<<"$OUT" || fail "no error annotation for exit code 2"
# Multi-line inputs are read whole.
: >"$S/output"
OUT=$(PATH="$S/bin:$PATH" GITHUB_OUTPUT="$S/output" GITHUB_STEP_SUMMARY="$S/summary" \
  ZL_PATHS=$'examples/zones/example.com.zone\nexamples/zones/example.net.zone\n' ZL_SARIF="" \
  ZL_FAIL_ON=warning ZL_ARGS=$'--select\nmx-target-cname' bash "$S/lint.sh" 2>&1)
echo "$OUT"
grep -q 'in 1 of 2 files' <<<"$OUT" || fail "multi-line paths: not both files linted"
grep -q 'missing-trailing-dot' <<<"$OUT" && fail "multi-line args: --select on the second line was lost"
grep -q '^exit-code=1$' "$S/output" || fail "multi-line: exit-code $(cat "$S/output")"

# The install and build steps, offline: stubs for sudo, apt-get, curl and cmake record their
# arguments; `apt-get install X.deb` "installs" zonelint into a directory on PATH.
mkdir -p "$S/stubs" "$S/usr/bin" "$S/home" "$S/temp"
printf '#!/bin/sh\nexec "$@"\n' >"$S/stubs/sudo"
cat >"$S/stubs/apt-get" <<SH
#!/bin/sh
echo "apt-get \$*" >>"$S/calls"
case "\$*" in *.deb*) [ -n "\${STUB_APT_FAIL:-}" ] && exit 100; ln -sf "$BIN" "$S/usr/bin/zonelint" ;; esac
exit 0
SH
cat >"$S/stubs/curl" <<SH
#!/bin/sh
echo "curl \$*" >>"$S/calls"
[ -n "\${STUB_CURL_FAIL:-}" ] && exit 22
while [ \$# -gt 0 ]; do [ "\$1" = -o ] && echo deb >"\$2"; shift; done
exit 0
SH
cat >"$S/stubs/cmake" <<SH
#!/bin/sh
echo "cmake \$*" >>"$S/calls"
if [ "\$1" = --build ]; then cp "$BIN" "\$2/zonelint"; else mkdir -p "\$4"; fi
SH
chmod +x "$S/stubs/"*
NOZL_PATH=$(tr ':' '\n' <<<"$PATH" | while read -r d; do [ -x "$d/zonelint" ] || echo "$d"; done | paste -sd:)
run_step() {  # script, VAR=value...
  local script=$1
  shift
  : >"$S/output"; : >"$S/path"; : >"$S/calls"
  OUT=$(env PATH="$S/stubs:$S/usr/bin:$NOZL_PATH" GITHUB_OUTPUT="$S/output" GITHUB_PATH="$S/path" \
    RUNNER_TEMP="$S/temp" HOME="$S/home" ZL_SOURCE="$PWD" ZL_REPOSITORY=zonelint/zonelint "$@" \
    bash "$S/$script" 2>&1)
  RC=$?
}
output() { sed -n "s/^$1=//p" "$S/output"; }
arch=$(dpkg --print-architecture)

run_step install.sh ZL_REF="v$VERSION"
echo "$OUT"
[ $RC -eq 0 ] && [ "$(output method)" = deb ] || fail "release .deb: method '$(output method)', rc $RC"
grep -q "curl .*releases/download/v$VERSION/zonelint_${VERSION}_$arch.deb" "$S/calls" || fail "no download of the release .deb: $(cat "$S/calls")"
grep -q "apt-get install .*zonelint_${VERSION}_$arch\.deb" "$S/calls" || fail ".deb not installed with apt-get"

rm -f "$S/usr/bin/zonelint"
run_step install.sh ZL_REF="v$VERSION" STUB_CURL_FAIL=1
echo "$OUT"
[ "$(output method)" = build ] || fail "no release: method '$(output method)'"
key=$(output cache-key)
[[ $key == zonelint-*-$VERSION-* ]] || fail "cache key '$key' lacks the version"
run_step install.sh ZL_REF="v$VERSION" STUB_APT_FAIL=1
[ "$(output method)" = build ] || fail ".deb not installable: method '$(output method)'"
grep -q '::notice' <<<"$OUT" || fail ".deb not installable: no notice"
rm -f "$S/usr/bin/zonelint"
run_step install.sh ZL_REF=main
[ "$(output method)" = build ] || fail "branch ref: method '$(output method)'"
grep -q curl "$S/calls" && fail "branch ref: tried to download a release"
[ "$(output cache-key)" = "$key" ] || fail "the cache key depends on more than the revision and the system"
bindir=$(output bin-dir)

run_step build.sh ZL_BIN_DIR="$bindir" ZL_CACHE_HIT=""
echo "$OUT"
[ $RC -eq 0 ] || fail "build step failed ($RC)"
grep -q 'apt-get install .*tao-pegtl-dev.*libcli11-dev.*nlohmann-json3-dev.*libyaml-cpp-dev.*libpsl-dev' "$S/calls" ||
  fail "build step: apt line $(grep apt-get "$S/calls")"
grep -q -- '-DZONELINT_WERROR=OFF' "$S/calls" || fail "build step builds with -Werror"
grep -q -- '--target zonelint' "$S/calls" || fail "build step builds more than zonelint"
[ -x "$bindir/zonelint" ] && grep -qxF "$bindir" "$S/path" || fail "build step: zonelint not in $bindir or not on GITHUB_PATH"
run_step build.sh ZL_BIN_DIR="$bindir" ZL_CACHE_HIT=true
[ $RC -eq 0 ] || fail "cache hit: build step failed ($RC)"
grep -qE 'cmake|apt-get' "$S/calls" && fail "cache hit: rebuilt or reinstalled: $(cat "$S/calls")"
grep -qxF "$bindir" "$S/path" || fail "cache hit: not on GITHUB_PATH"

# With zonelint on PATH nothing is downloaded or built.
NOZL_PATH="$S/bin:$NOZL_PATH" run_step install.sh ZL_REF="v$VERSION"
[ "$(output method)" = path ] && [ ! -s "$S/calls" ] || fail "zonelint on PATH: method '$(output method)', calls $(cat "$S/calls")"
echo "ci_action: all passed"
