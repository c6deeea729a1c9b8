# bash completion for zonelint                                     -*- shell-script -*-
# Installed as /usr/share/bash-completion/completions/zonelint. Rule ids come from
# `zonelint rules`. tests/cli/completions.sh checks that every option of --help is here.

_zonelint_rule_ids() {
    "${COMP_WORDS[0]}" rules 2>/dev/null | while read -r id _; do printf '%s\n' "$id"; done
}

_zonelint() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n =: || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local i sub=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            rules | explain) sub=${words[i]}; break ;;
            --origin | -f | --format | -o | --output | --color | --select | --ignore | --fail-on | \
                --config | --baseline | --write-baseline | --input-format | --include-root | --time | --max-file-bytes | --max-line-bytes | \
                --max-records | --max-generate | --max-generate-per-zone | --max-include-depth | \
                --resolver | --resolve-timeout | --resolve-concurrency | --jobs | --shard)
                ((i++)) ;;
            -*) ;;
            *) break ;;
        esac
    done
    if [[ $sub == explain ]]; then
        COMPREPLY=($(compgen -W "$(_zonelint_rule_ids)" -- "$cur"))
        return
    fi
    [[ $sub == rules ]] && return

    case $prev in
        -f | --format)
            if [[ $cur == *:* ]]; then
                local fmt=${cur%%:*}
                COMPREPLY=($(compgen -f -- "${cur#*:}"))
                COMPREPLY=("${COMPREPLY[@]/#/$fmt:}")
                declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
            else
                COMPREPLY=($(compgen -W "human json sarif github gitlab" -- "$cur"))
            fi
            return ;;
        -o | --output | --config | --baseline | --write-baseline)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
        --include-root)
            COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
        --input-format)
            COMPREPLY=($(compgen -W "auto zone octodns dnscontrol route53 terraform" -- "$cur"))
            return ;;
        --select | --ignore)
            # A comma-separated list: complete its last element.
            local head="" last=$cur
            if [[ $cur == *,* ]]; then head=${cur%,*},; last=${cur##*,}; fi
            COMPREPLY=($(compgen -P "$head" -W "$(_zonelint_rule_ids)" -- "$last"))
            return ;;
        --stdin-filename)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
        --origin | --time | --max-file-bytes | --max-line-bytes | --max-records | --max-generate | \
            --max-generate-per-zone | --max-include-depth | --resolver | --resolve-timeout | \
            --resolve-concurrency | --jobs | --shard)
            return ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-h --help --version --origin -f --format -o --output -q --quiet
            --statistics --stdin-filename --color --select --ignore --fail-on --config --baseline --write-baseline --exit-zero
            --allow-empty --fix --diff --parse-only --input-format
            --include-root --time --max-file-bytes --max-line-bytes --max-records --max-generate
            --max-generate-per-zone --max-include-depth --resolve --resolve=strict --resolver
            --resolve-timeout --resolve-concurrency --jobs --shard" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
    if ((cword == 1)); then
        COMPREPLY+=($(compgen -W "rules explain" -- "$cur"))
    fi
}
complete -F _zonelint zonelint
