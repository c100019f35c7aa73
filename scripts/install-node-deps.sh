#!/bin/sh
# Installs into build/node_modules the npm packages the tests need:
# playwright-core, which drives Debian's chromium (installed by
# scripts/install-deps.sh --test) for the browser test of `trail report`,
# and @duckdb/node-api, which ships the DuckDB engine, for the fleet query
# over exports (tests/e2e/t_fleet.sh).  Safe to re-run: does nothing when
# the pinned versions are there.  Fails when the npm registry can't be
# reached, so the tests fail instead of skipping.
set -eu
cd "$(dirname "$0")/.."

# the newest release that still runs on Debian 12's Node.js 18
PW=1.57.0
# Node-API bindings with a prebuilt engine for linux x64 and arm64 (glibc
# and musl), no Node.js version pinned by the package; tested on Node.js 20
DUCK=1.5.6-r.1

version() {
	node -p "require('./build/node_modules/$1/package.json').version" 2>/dev/null || true
}
[ "$(version playwright-core)" = "$PW" ] && [ "$(version @duckdb/node-api)" = "$DUCK" ] && exit 0
if ! command -v npm >/dev/null; then
	echo "install-node-deps: npm not found (sh scripts/install-deps.sh --test installs it)" >&2
	exit 1
fi
mkdir -p build
echo "install-node-deps: installing playwright-core@$PW and @duckdb/node-api@$DUCK into build/node_modules" >&2
# both in one call: npm removes from node_modules what a call does not name
npm install --prefix build --no-save --no-audit --no-fund --no-update-notifier --loglevel=error \
	"playwright-core@$PW" "@duckdb/node-api@$DUCK" >&2
for p in playwright-core @duckdb/node-api; do
	if [ -z "$(version $p)" ]; then
		echo "install-node-deps: $p is not in build/node_modules after npm install" >&2
		exit 1
	fi
done
