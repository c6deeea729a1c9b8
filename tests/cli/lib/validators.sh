# Shared by the CLI tests: locate the npm validators that scripts/setup installs and wrap them.
# A missing validator is a test failure, never a skip: run scripts/setup.

npm_prefix() {
  local p
  for p in "${ZONELINT_NPM_PREFIX:-}" /opt/zonelint-npm "${HOME:-/nonexistent}/.cache/zonelint-npm"; do
    if [ -n "$p" ] && [ -d "$p/node_modules" ]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# Sets MULTITOOL, AJV, SARIF_SCHEMA, or fails the test.
require_validators() {
  local prefix
  if ! prefix=$(npm_prefix); then
    echo "FAIL: npm validators not installed (run scripts/setup)" >&2
    exit 1
  fi
  MULTITOOL="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  AJV="$prefix/node_modules/.bin/ajv"
  SARIF_SCHEMA="$prefix/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"
  for f in "$MULTITOOL" "$AJV"; do
    [ -x "$f" ] || { echo "FAIL: $f missing or not executable (run scripts/setup)" >&2; exit 1; }
  done
  [ -f "$SARIF_SCHEMA" ] || { echo "FAIL: $SARIF_SCHEMA missing (run scripts/setup)" >&2; exit 1; }
  [ -d "$prefix/node_modules/ajv-formats" ] || { echo "FAIL: ajv-formats missing (run scripts/setup)" >&2; exit 1; }
  command -v jq >/dev/null || { echo "FAIL: jq missing (run scripts/setup)" >&2; exit 1; }
  AJV_DIR="$prefix"
}

# ajv against a JSON Schema (draft 2020-12). ajv-cli picks its parser from the extension, so
# the data is copied to a .json name first. Prints ajv's verdict; returns non-zero if invalid.
ajv_validate() {
  local schema=$1 data=$2 tmp
  tmp=$(mktemp -d)
  cp "$data" "$tmp/data.json"
  # ajv-cli resolves -c modules from the working directory.
  (cd "$AJV_DIR" && "$AJV" validate --spec=draft2020 -s "$schema" -d "$tmp/data.json" \
    --strict=false -c ajv-formats --all-errors --errors=text)
  local rc=$?
  rm -rf "$tmp"
  return $rc
}

# SARIF Multitool with the SARIF and GitHub rule sets. Its exit code is always 0, so count the
# errors in its own SARIF log. Prints them; returns non-zero if there are any.
multitool_validate() {
  local data=$1 tmp errors
  tmp=$(mktemp -d)
  cp "$data" "$tmp/in.sarif.json"
  "$MULTITOOL" validate "$tmp/in.sarif.json" -o "$tmp/report.sarif" --log ForceOverwrite \
    --rule-kind "Sarif;Gh" >"$tmp/console.txt" 2>&1
  if [ ! -s "$tmp/report.sarif" ]; then
    echo "multitool produced no log:" >&2
    cat "$tmp/console.txt" >&2
    rm -rf "$tmp"
    return 2
  fi
  errors=$(jq '[.runs[].results[]? | select((.level // "warning") == "error")] | length' "$tmp/report.sarif")
  jq -r '.runs[].results[]? | "multitool: \(.level // "warning") \(.ruleId) \(.message.arguments // [] | join(" | "))"' \
    "$tmp/report.sarif"
  rm -rf "$tmp"
  [ "$errors" = 0 ]
}

# Both validators on one SARIF file.
validate_sarif() {
  local f=$1 ok=0
  ajv_validate "$SARIF_SCHEMA" "$f" || ok=1
  multitool_validate "$f" || ok=1
  return $ok
}

# Both validators on every *.sarif.json in a directory, in one call each (the Multitool takes
# a second or two to start). Returns non-zero if any file has an error.
validate_sarif_dir() {
  local dir=$1 ok=0 f errors
  local files=("$dir"/*.sarif.json)
  local args=()
  for f in "${files[@]}"; do args+=(-d "$f"); done
  (cd "$AJV_DIR" && "$AJV" validate --spec=draft2020 -s "$SARIF_SCHEMA" "${args[@]}" \
    --strict=false -c ajv-formats --all-errors --errors=text) || ok=1
  "$MULTITOOL" validate "${files[@]}" -o "$dir/report.sarif.log" --log ForceOverwrite \
    --rule-kind "Sarif;Gh" >"$dir/multitool.txt" 2>&1
  [ -s "$dir/report.sarif.log" ] || { echo "multitool produced no log:"; cat "$dir/multitool.txt"; return 2; }
  errors=$(jq '[.runs[].results[]? | select((.level // "warning") == "error")] | length' "$dir/report.sarif.log")
  jq -r '.runs[].results[]? | "multitool: \(.level // "warning") \(.ruleId) \(.locations[0].physicalLocation.artifactLocation.uri // "") \(.message.arguments // [] | join(" | "))"' \
    "$dir/report.sarif.log"
  [ "$errors" = 0 ] || ok=1
  return $ok
}
