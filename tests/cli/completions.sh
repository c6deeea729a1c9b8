#!/usr/bin/env bash
# The hand-written manual page and shell completions cover every option of `zonelint --help`
# (so an option added to the CLI without them fails here: add it to man/zonelint.1.in and to
# the three files in completions/), they parse in bash, zsh and fish, and the bash completion
# completes options, values, subcommands and rule ids from `zonelint rules`.
# A missing zsh or fish is a failure (scripts/setup installs them), not a skip.
set -uo pipefail
BIN=$(realpath "${1:?usage: completions.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
command -v zsh >/dev/null || fail "zsh is not installed (run scripts/setup)"
command -v fish >/dev/null || fail "fish is not installed (run scripts/setup)"

opts=$("$BIN" --help | grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' | sed 's/^[ ,]//' | sort -u)
[ -n "$opts" ] || fail "no options in --help"
grep -qx -- '--max-include-depth' <<<"$opts" || fail "--help parsing: $opts"
for o in $opts; do
  roff=${o//-/\\-}
  grep -qF -- "$roff" man/zonelint.1.in || fail "man/zonelint.1.in does not document $o"
  grep -qE -- "(^|[ \"|(])$o( |\"|\)|$)" completions/zonelint.bash || fail "completions/zonelint.bash lacks $o"
  grep -qE -- "(^|['{,*)])$o([]=+,}'[]|$)" completions/_zonelint || fail "completions/_zonelint lacks $o"
  if [[ $o == --* ]]; then
    grep -qE -- "-l ${o#--}( |$)" completions/zonelint.fish || fail "completions/zonelint.fish lacks $o"
  else
    grep -qE -- "-s ${o#-}( |$)" completions/zonelint.fish || fail "completions/zonelint.fish lacks $o"
  fi
done
for sub in rules explain; do
  for f in man/zonelint.1.in completions/zonelint.bash completions/_zonelint completions/zonelint.fish; do
    grep -q "$sub" "$f" || fail "$f lacks the $sub subcommand"
  done
done
echo "every option and subcommand of --help is in the man page and the completions"

bash -n completions/zonelint.bash || fail "bash syntax"
zsh -n completions/_zonelint || fail "zsh syntax"
fish -n completions/zonelint.fish || fail "fish syntax"

# Run the bash completion as bash would, with zonelint on PATH.
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S/bin"
ln -s "$BIN" "$S/bin/zonelint"
complete_bash() {  # words... (the last one is the word being completed)
  PATH="$S/bin:$PATH" bash -c '
    source completions/zonelint.bash
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _zonelint
    printf "%s\n" "${COMPREPLY[@]}"' complete "$@"
}
expect() {  # description, expected line, words...
  local what=$1 want=$2
  shift 2
  local got
  got=$(complete_bash "$@")
  grep -qxF -- "$want" <<<"$got" || fail "$what: '$want' not in: $(tr '\n' ' ' <<<"$got")"
}
expect "subcommand" explain zonelint ex
expect "rule id after explain" mx-target-cname zonelint explain mx-target-c
expect "option" --fail-on zonelint --fail
expect "option value" warning zonelint --fail-on w
expect "format" sarif zonelint --format sa
expect "rule id after --select" mx-null-mixed zonelint --select mx-null-m
expect "second id of a list" cname-and-other-data,mx-null-mixed zonelint --ignore cname-and-other-data,mx-null-m
expect "path" examples zonelint exam
ids=$(complete_bash zonelint explain "" | sort)
[ "$ids" = "$("$BIN" rules | awk '{print $1}' | sort)" ] || fail "explain completes other ids than zonelint rules: $ids"

# zsh and fish: the completion functions load; fish lists rule ids for `explain`.
zsh -fc 'autoload -Uz compinit; compinit -u -D; fpath=(completions $fpath); autoload -Uz _zonelint; whence -w _zonelint' >/dev/null ||
  fail "zsh cannot load _zonelint"
got=$(PATH="$S/bin:$PATH" HOME="$S" fish --no-config -c 'source completions/zonelint.fish; complete -C "zonelint explain mx-target-c"')
grep -q '^mx-target-cname' <<<"$got" || fail "fish: explain does not complete rule ids: $got"
got=$(PATH="$S/bin:$PATH" HOME="$S" fish --no-config -c 'source completions/zonelint.fish; complete -C "zonelint --fail-on="')
grep -q 'warning' <<<"$got" || fail "fish: --fail-on values: $got"
echo "completions: all passed"
