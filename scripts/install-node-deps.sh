#!/bin/sh
# Installs into build/node_modules the npm package that the browser test of
# `trail report` needs: playwright-core, which drives Debian's chromium
# (installed by scripts/install-deps.sh --test).  Safe to re-run: does
# nothing when the pinned version is there.  Fails when the npm registry
# can't be reached, so the test fails instead of skipping.
set -eu
cd "$(dirname "$0")/.."

# the newest release that still runs on Debian 12's Node.js 18
PW=1.57.0

have=$(node -p "require('./build/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
[ "$have" = "$PW" ] && exit 0
if ! command -v npm >/dev/null; then
	echo "install-node-deps: npm not found (sh scripts/install-deps.sh --test installs it)" >&2
	exit 1
fi
mkdir -p build
echo "install-node-deps: installing playwright-core@$PW into build/node_modules" >&2
npm install --prefix build --no-save --no-audit --no-fund --no-update-notifier --loglevel=error \
	"playwright-core@$PW" >&2
