#!/bin/bash
# Scenario 9: exit codes and deaths by signal, in the trace and in trail's own status.
. "$(dirname "$0")/lib.sh"
need exitcode

record exit3 -- "$S/exitcode" exit 3
expect_status "$REC_STATUS" 3 "trail exits 3"
expect_eq 'kind("exit") | proj({pid, code, signal, thread: (.thread // false)})' '[{pid: $root, code: 3, thread: false}]' "one exit: code 3, no signal"
expect 'kind("exit")[0] | (.core_dumped // false) == false' "exit 3: core_dumped absent or false" 'kind("exit")'
WHY="stdout: $(head -c 100 "$REC_OUT")"
check "trail record prints nothing on stdout" test ! -s "$REC_OUT"

record exit0 -- "$S/exitcode" exit 0
expect_status "$REC_STATUS" 0 "trail exits 0"
expect_eq 'kind("exit") | proj({code, signal})' '[{code: 0}]' "one exit: code 0"

record kill9 -- "$S/exitcode" kill 9
expect_status "$REC_STATUS" 137 "trail exits 128+9"
expect_eq 'kind("exit") | proj({pid, code, signal, thread: (.thread // false)})' '[{pid: $root, signal: "SIGKILL", thread: false}]' "one exit: signal SIGKILL, no code"
expect 'kind("exit")[0] | (.core_dumped // false) == false' "SIGKILL: no core dumped" 'kind("exit")'

record term -- "$S/exitcode" kill 15
expect_status "$REC_STATUS" 143 "trail exits 128+15"
expect_eq 'kind("exit") | proj({pid, code, signal, thread: (.thread // false)})' '[{pid: $root, signal: "SIGTERM", thread: false}]' "one exit: signal SIGTERM, no code"
