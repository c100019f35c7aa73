#!/bin/bash
# stat-like calls: stat, lstat, fstat (real; EBADF), newfstatat with
# AT_SYMLINK_NOFOLLOW, via a dirfd, and with AT_EMPTY_PATH on an fd (real =
# the file), statx (mask), access/faccessat/faccessat2 (mode names,
# AT_EACCESS), getdents64/getdents (readdir: fd, real = the directory),
# name_to_handle_at and open_by_handle_at.
. "$(dirname "$0")/lib.sh"
need stat
mkdir -p "$W/d"
echo hello >"$W/f.txt"
ln -s f.txt "$W/lnk"
: >"$W/d/one"
: >"$W/d/two"

P='{event, syscall, dirfd, fd, path, abs, real, flags, mode, at_flags, mask, ret, error, truncated}'

record stat -- "$S/stat"
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
expect_eq 'by($root) | from_to(.syscall == "stat"; .event == "access" and .path == "f.txt") | proj('"$P"')' \
	'[{event: "stat", syscall: "stat", path: "f.txt", abs: ($W + "/f.txt"), ret: 0},
	  {event: "stat", syscall: "lstat", path: "lnk", abs: ($W + "/lnk"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "f.txt", abs: ($W + "/f.txt"), real: ($W + "/f.txt"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "stat", syscall: "fstat", fd: 3, real: ($W + "/f.txt"), ret: 0},
	  {event: "stat", syscall: "fstat", fd: 99, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "newfstatat", dirfd: "AT_FDCWD", path: "lnk", abs: ($W + "/lnk"),
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], ret: 0},
	  {event: "stat", syscall: "newfstatat", dirfd: 3, path: "", abs: ($W + "/f.txt"), real: ($W + "/f.txt"),
	   at_flags: ["AT_EMPTY_PATH"], ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "d", abs: ($W + "/d"), real: ($W + "/d"),
	   flags: ["O_RDONLY", "O_DIRECTORY"], ret: 4, fd: 4},
	  {event: "stat", syscall: "newfstatat", dirfd: 4, path: "../f.txt", abs: ($W + "/f.txt"), at_flags: [], ret: 0},
	  {event: "stat", syscall: "statx", dirfd: "AT_FDCWD", path: "lnk", abs: ($W + "/lnk"),
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], mask: 2047, ret: 0},
	  {event: "stat", syscall: "statx", dirfd: 3, path: "", abs: ($W + "/f.txt"), real: ($W + "/f.txt"),
	   at_flags: ["AT_EMPTY_PATH"], mask: 512, ret: 0}]' \
	"stat, lstat (no real), fstat (real; EBADF without), newfstatat NOFOLLOW / via dirfd / AT_EMPTY_PATH (real), statx mask: exact"
expect_eq 'by($root) | kind("access") | map(select(.path | startswith("/etc/") | not)) | proj('"$P"' | .mode |= sort)' \
	'[{event: "access", syscall: "access", path: "f.txt", abs: ($W + "/f.txt"), mode: ["R_OK", "W_OK"], ret: 0},
	  {event: "access", syscall: "access", path: "f.txt", abs: ($W + "/f.txt"), mode: ["F_OK"], ret: 0},
	  {event: "access", syscall: "faccessat", dirfd: "AT_FDCWD", path: "missing", abs: ($W + "/missing"), mode: ["X_OK"],
	   ret: -2, error: "ENOENT"},
	  {event: "access", syscall: "faccessat2", dirfd: 4, path: "../f.txt", abs: ($W + "/f.txt"), mode: ["R_OK"],
	   at_flags: ["AT_EACCESS"], ret: 0},
	  {event: "access", syscall: "faccessat2", dirfd: "AT_FDCWD", path: "lnk", abs: ($W + "/lnk"), mode: ["F_OK"],
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], ret: 0}]' \
	"access/faccessat/faccessat2: mode names, AT_EACCESS, AT_SYMLINK_NOFOLLOW, ENOENT with abs; no real"
expect_eq 'by($root) | kind("readdir") | proj('"$P"' | if .ret > 0 then .ret = "positive" else . end)' \
	'[{event: "readdir", syscall: "getdents64", fd: 4, real: ($W + "/d"), ret: "positive"},
	  {event: "readdir", syscall: "getdents64", fd: 4, real: ($W + "/d"), ret: 0},
	  {event: "readdir", syscall: "getdents", fd: 5, real: $W, ret: "positive"},
	  {event: "readdir", syscall: "getdents64", fd: 3, ret: -20, error: "ENOTDIR"}]' \
	"getdents64 on d (entries, then the end: 0), getdents on W, getdents64 on a file (ENOTDIR, no real): fd and real = the directory"
expect_eq 'by($root) | map(select(.syscall == "name_to_handle_at" or .syscall == "open_by_handle_at"))
	| proj(if .syscall == "open_by_handle_at" then del(.fd) else . end | '"$P"')' \
	'[{event: "stat", syscall: "name_to_handle_at", dirfd: "AT_FDCWD", path: "f.txt", abs: ($W + "/f.txt"), at_flags: [],
	   ret: -75, error: "EOVERFLOW"},
	  {event: "stat", syscall: "name_to_handle_at", dirfd: 4, path: "../f.txt", abs: ($W + "/f.txt"), at_flags: [], ret: 0},
	  {event: "open", syscall: "open_by_handle_at", real: ($W + "/f.txt"), flags: ["O_RDONLY"], ret: 6}]' \
	"name_to_handle_at (EOVERFLOW probe, then via dirfd 4): stat events; open_by_handle_at: open event, real = the file (fd: next checks)"
no_dup_keys "no key appears twice in one event's JSON object (open_by_handle_at: the mount fd vs the new fd)"
expect_eq 'by($root) | map(select(.syscall == "open_by_handle_at")) | map(.fd)' '[6]' \
	"open_by_handle_at: fd (as jq reads it) = the new descriptor 6, as for every open"
expect_none '(.event == "stat" or .event == "access") and has("real") and (.syscall != "fstat" and .path != "")' \
	"no real on a stat/access by path (only fstat and the AT_EMPTY_PATH forms)"
expect_eq 'by($root) | past(.syscall == "open_by_handle_at") | proj({event, fd, ret, code})' \
	'[{event: "close", fd: 6, ret: 0}, {event: "close", fd: 5, ret: 0}, {event: "close", fd: 4, ret: 0},
	  {event: "close", fd: 3, ret: 0}, {event: "exit", code: 0}]' "then the closes of 6, 5, 4, 3 and exit 0"
expect_none '.event == "write"' "no write event"
expect_none '.pid != $root' "no event from another process"
