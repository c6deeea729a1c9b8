# fish completion for zonelint. Installed as
# /usr/share/fish/vendor_completions.d/zonelint.fish. Rule ids come from `zonelint rules`.
# tests/cli/completions.sh checks that every option of --help is here.

function __zonelint_rule_ids
    zonelint rules 2>/dev/null | string replace -r '^(\S+)\s+(\S+)\s+(.*)$' '$1\t$2: $3'
end

# For --select/--ignore: complete the last element of a comma-separated list.
function __zonelint_rule_list
    set -l token (commandline -ct | string replace -r '^--(select|ignore)=' '')
    set -l head (string match -r '^.*,' -- $token)
    for line in (__zonelint_rule_ids)
        printf '%s%s\n' "$head" $line
    end
end

set -l subcommands rules explain
complete -c zonelint -f
complete -c zonelint -n "not __fish_seen_subcommand_from $subcommands" -a rules -d 'List the rules'
complete -c zonelint -n "not __fish_seen_subcommand_from $subcommands" -a explain -d 'Print the documentation of a rule'
complete -c zonelint -n "__fish_seen_subcommand_from explain" -a '(__zonelint_rule_ids)'
complete -c zonelint -n "not __fish_seen_subcommand_from $subcommands" -F

complete -c zonelint -s h -l help -d 'Print the options and exit'
complete -c zonelint -l version -d 'Print the version and exit'
complete -c zonelint -l origin -x -d 'Origin of zones whose file has no $ORIGIN'
complete -c zonelint -s f -l format -x -a 'human json sarif github gitlab' -d 'Report format[:FILE]'
complete -c zonelint -s o -l output -r -F -d 'Write the report to FILE'
complete -c zonelint -s q -l quiet -d 'Human format: only the finding lines'
complete -c zonelint -l statistics -d 'Human format: count findings per rule instead'
complete -c zonelint -l stdin-filename -r -F -d 'Name of standard input (path -)'
complete -c zonelint -l color -x -a 'auto always never' -d 'Colour in the human format'
complete -c zonelint -l select -x -a '(__zonelint_rule_list)' -d 'Only these rules (comma separated)'
complete -c zonelint -l ignore -x -a '(__zonelint_rule_list)' -d 'Skip these rules (comma separated)'
complete -c zonelint -l fail-on -x -a 'error warning info' -d 'Lowest severity that fails the run'
complete -c zonelint -l config -r -F -d 'Use this config file'
complete -c zonelint -l exit-zero -d 'Exit 0 even with findings'
complete -c zonelint -l allow-empty -d 'Exit 0 when no input file was read'
complete -c zonelint -l baseline -r -F -d 'Report only findings not in this baseline file'
complete -c zonelint -l write-baseline -r -F -d 'Record the findings in this baseline file'
complete -c zonelint -l fix -d 'Apply the safe automatic fixes in place, then report what remains'
complete -c zonelint -l diff -d 'Print the unified diff of what --fix would change'
complete -c zonelint -l parse-only -d 'Load and parse only; run no rules'
complete -c zonelint -l jobs -x -d 'Threads that load and lint (default: the number of cores)'
complete -c zonelint -l shard -x -d 'Report only the K-th of N partitions of the zones (K/N)'
complete -c zonelint -l input-format -x -a 'auto zone octodns dnscontrol route53 terraform' -d 'Input format'
complete -c zonelint -l include-root -x -a '(__fish_complete_directories)' -d 'Directory that $INCLUDE may not leave'
complete -c zonelint -l time -x -d 'Check time for RRSIG validity (RFC 3339, YYYYMMDDHHMMSS or Unix seconds)'
complete -c zonelint -l max-file-bytes -x -d 'Largest input file read, in bytes'
complete -c zonelint -l max-line-bytes -x -d 'Longest zone-file line, in bytes'
complete -c zonelint -l max-records -x -d 'Most records per zone'
complete -c zonelint -l max-generate -x -d 'Most records one $GENERATE makes'
complete -c zonelint -l max-generate-per-zone -x -d 'Most records all $GENERATEs of a zone make'
complete -c zonelint -l max-include-depth -x -d 'Deepest $INCLUDE nesting'
complete -c zonelint -l resolve -d 'Live mode: check names outside the loaded zones (=strict: failures exit 2)'
complete -c zonelint -l resolver -x -d 'Live mode: send every query to ADDR[@PORT]'
complete -c zonelint -l resolve-timeout -x -d 'Live mode: seconds for one round of queries'
complete -c zonelint -l resolve-concurrency -x -d 'Live mode: queries in flight at once'
