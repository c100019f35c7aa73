#!/bin/bash
# Scenario 5: opening through symlinks: path as passed, abs the link's absolute
# (lexically folded) path, real the kernel's path of the target.
. "$(dirname "$0")/lib.sh"
need openpaths
echo target >"$W/target.txt"
ln -s target.txt "$W/link"
ln -s "$W/target.txt" "$W/alink"
ln -s link "$W/link2"
mkdir -p "$W/realdir/sub"
echo two >"$W/realdir/file2"
ln -s realdir/sub "$W/ldir"

record links -- "$S/openpaths" link "$W/alink" link2 ldir/../file2
expect_status "$REC_STATUS" 0 "every open succeeded (exit 0)"
expect_eq 'by($root) | map(select(.event == "open" and ((.abs // "") | startswith($W)))) | proj({path, abs, real, ret, error})' \
	'[{path: "link", abs: ($W + "/link"), real: ($W + "/target.txt"), ret: 3},
	  {path: ($W + "/alink"), abs: ($W + "/alink"), real: ($W + "/target.txt"), ret: 3},
	  {path: "link2", abs: ($W + "/link2"), real: ($W + "/target.txt"), ret: 3},
	  {path: "ldir/../file2", abs: ($W + "/file2"), real: ($W + "/realdir/file2"), ret: 3}]' \
	"relative link, absolute link, link to a link, .. through a dir symlink: path/abs/real exact"
expect_none '.event == "open" and ((.real // "") | test("/(link|alink|link2|ldir)(/|$)"))' "no real path names a symlink"
