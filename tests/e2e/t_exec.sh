#!/bin/bash
# Scenario 3: an exec that fails with ENOENT (relative name), then a successful exec.
. "$(dirname "$0")/lib.sh"
need execmissing
true_real=$(realpath /bin/true)
jqarg TRUE "$true_real"

record missing -- "$S/execmissing"
expect_status "$REC_STATUS" 0 "trail exits with /bin/true's status (0)"
expect_eq 'kind("exec") | proj({pid, syscall, ret, error, filename, abs, path, real, argv, argc})' \
	'[{pid: $root, syscall: "execve", ret: 0, filename: ($S + "/execmissing"), abs: ($S + "/execmissing"),
	   path: ($S + "/execmissing"), real: ($S + "/execmissing"), argv: [$S + "/execmissing"], argc: 1},
	  {pid: $root, syscall: "execve", ret: -2, error: "ENOENT", filename: "missing-bin", abs: ($W + "/missing-bin"),
	   path: ($W + "/missing-bin"), argv: ["missing-bin", "a1"], argc: 2},
	  {pid: $root, syscall: "execve", ret: 0, filename: "/bin/true", abs: "/bin/true", path: $TRUE, real: $TRUE,
	   argv: ["true", "ok"], argc: 2}]' \
	"execs: the root, the failed one (ENOENT, abs, no real), /bin/true (real through the /bin symlink)"
expect 'kind("exec") | map(select(.ret < 0)) | all(.[]; (has("env") or has("envc") or has("real") or has("interp")) | not)' \
	"failed exec has no env, envc, real" 'kind("exec") | map(select(.ret < 0))'
expect 'kind("exec") | map(select(.ret == 0)) | all(.[]; .cwd == $W and (.env | type) == "array" and .envc == (.env | length) and .envc > 0)' \
	"successful execs have cwd and env with envc = its length" 'kind("exec") | map(select(.ret == 0)) | map({cwd, envc, n: (.env | length)})'
expect_eq 'kind("exec") | map(.comm)' '["execmissing", "execmissing", "true"]' "comm: the caller's on the failed exec, the new one after"
expect_eq 'kind("exit") | proj({pid, comm, code, signal})' '[{pid: $root, comm: "true", code: 0}]' "one exit, of true, code 0"
expect_none '.event == "fork"' "no fork"
expect_none '.pid != $root' "no event from another process"
