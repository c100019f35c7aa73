#!/bin/sh
# make demo: record the build of examples/hello, then show its process
# tree and a summary of the recording.
set -e
cd "$(dirname "$0")/.."
make -s -C examples/hello clean
echo "== trail record -o build/demo.trail -- make -C examples/hello"
build/trail record --force -o build/demo.trail -- make -C examples/hello
echo
echo "== trail tree build/demo.trail"
build/trail tree build/demo.trail
echo
echo "== trail summary build/demo.trail"
build/trail summary build/demo.trail
echo
echo "== trail lint build/demo.trail"
build/trail lint build/demo.trail
echo
echo "Next: build/trail show build/demo.trail   (or --json, --event exec, --failed ...)"
