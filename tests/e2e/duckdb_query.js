// Runs one SQL query in DuckDB (npm @duckdb/node-api, installed into
// build/node_modules by scripts/install-node-deps.sh) and prints its rows,
// one JSON object a line, for the fleet test (t_fleet.sh) to compare.
//
//   node duckdb_query.js DIR < query.sql
//
// DIR is the working directory the query's relative file names are read
// from.  Exit status 1, with DuckDB's message on stderr, when the query
// fails.
'use strict';
const path = require('path');
const fs = require('fs');
const { DuckDBInstance } = require(path.join(__dirname, '../../build/node_modules/@duckdb/node-api'));

async function main() {
	const sql = fs.readFileSync(0, 'utf8');
	process.chdir(process.argv[2] || '.');
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const reader = await conn.runAndReadAll(sql);
	// counts are BIGINT: numbers in JSON (exact below 2^53)
	const num = (k, v) => (typeof v === 'bigint' ? Number(v) : v);
	for (const row of reader.getRowObjectsJS())
		process.stdout.write(JSON.stringify(row, num) + '\n');
}

main().catch((e) => {
	process.stderr.write(`duckdb_query: ${e.message}\n`);
	process.exit(1);
});
