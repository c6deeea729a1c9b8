#!/usr/bin/env bash
# action.yml is a composite action whose lint step, run as GitHub would run it (inputs through
# the environment, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), writes valid SARIF and
# annotations and records zonelint's exit code; the verdict step turns it into the job result.
# The example workflows and GitLab CI file parse as YAML and use the formats they promise.
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
assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
for f, needle in [("examples/.github/workflows/zonelint.yml", "upload-sarif"),
                  ("examples/.gitlab-ci.yml", "gitlab:gl-code-quality-report.json")]:
    text = open(f).read()
    yaml.safe_load(text)
    assert needle in text, f"{f} lacks {needle}"
gl = yaml.safe_load(open("examples/.gitlab-ci.yml"))
assert gl["zonelint"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
PY

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
echo "ci_action: all passed"
