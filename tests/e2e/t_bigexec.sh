#!/bin/bash
# Scenario 6: an exec with 10,000 arguments and 2,000 environment variables is
# recorded complete and in order; --no-env drops env; past 256 KiB: truncated flags.
. "$(dirname "$0")/lib.sh"
need bigexec

ARGV='["true"] + [range(1; 10000) | "arg-\(.)"]'
ENV='[range(2000) | "TRAIL_VAR_\(.)=value-\(.)"]'
BIG='map(select(.event == "exec" and .filename == "/bin/true"))'

record big -- "$S/bigexec" big
expect_status "$REC_STATUS" 0 "the exec happened (exit 0)"
expect_eq "$BIG | length" 1 "one exec of /bin/true"
expect_eq "$BIG[0] | [.ret, .argc, (.argv | length), .envc, (.env | length)]" '[0, 10000, 10000, 2000, 2000]' \
	"argc 10000 and envc 2000, arrays as long"
expect_eq "$BIG[0].argv | [.[0], .[1], .[5000], .[9998], .[9999]]" '["true", "arg-1", "arg-5000", "arg-9998", "arg-9999"]' \
	"argv first, middle and last"
expect_eq "$BIG[0].argv" "$ARGV" "argv complete and in order"
expect_eq "$BIG[0].env" "$ENV" "env complete and in order (exactly the 2,000 vars)"
expect_none 'has("argv_truncated") or has("env_truncated") or has("truncated")' "nothing marked truncated"

record big-noenv --no-env -- "$S/bigexec" big
expect_status "$REC_STATUS" 0 "the exec happened (exit 0)"
expect_eq "$BIG[0].argv" "$ARGV" "argv still complete and in order"
expect_none 'has("env") or has("envc")' "--no-env: no env or envc key on any event"
expect_eq 'kind("exec") | length' 2 "both execs recorded"

record huge -- "$S/bigexec" huge
expect_status "$REC_STATUS" 0 "the exec happened (exit 0)"
expect_eq "$BIG[0] | [.argc, .envc, .argv_truncated, .env_truncated]" '[301, 300, true, true]' \
	"300 KB of argv and env: real counts kept, both marked truncated"
expect "$BIG[0] | (.argv | length) < 301 and (.argv | length) > 200 and (.env | length) < 300 and (.env | length) > 200" \
	"the kept part is most of 256 KiB" "$BIG[0] | [(.argv | length), (.env | length)]"
expect "$BIG[0] | .argv[0] == \"true\" and (.argv[1] | startswith(\"arg-1-bbbb\") and length == 1000) and (.argv[200] | startswith(\"arg-200-ssss\") and length == 1000)" \
	"the kept arguments are whole and in order" "$BIG[0].argv[0:2] | map(.[0:20])"
