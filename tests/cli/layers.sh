#!/usr/bin/env bash
# The layer order of scripts/check-layers holds for the tree, and a back-arrow fails it.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/check-layers .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/core" "$tmp/src/lint" "$tmp/grammar" "$tmp/rules"
printf '#include "core/a.hpp"\n' >"$tmp/src/lint/ok.hpp"
printf '#pragma once\n' >"$tmp/src/core/a.hpp"
scripts/check-layers "$tmp" >/dev/null
printf '#include "lint/ok.hpp"\n' >"$tmp/src/core/bad.hpp"
if out=$(scripts/check-layers "$tmp" 2>&1); then
  echo "FAIL: core including lint was accepted"; exit 1
fi
grep -q "src/core/bad.hpp:1: layer 'core' includes \"lint/ok.hpp\" from layer 'lint' above it" <<<"$out" ||
  { echo "FAIL: unexpected message: $out"; exit 1; }
echo "layers: ok"
