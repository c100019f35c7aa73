// SPDX-License-Identifier: MIT
// Opens a `trail report` page in headless Chromium (Debian's, driven by
// playwright-core from build/node_modules) with the network cut off, and
// checks what a person would see against expectations that t_report.sh
// computed from `trail show --json`, `trail summary` and `trail deps` of the
// same recording.  Prints one PASS/FAIL line per check (lib.sh's format).
//
//   node report_check.js MODE REPORT EXPECT.json SCREENSHOT TEST
//   MODE: full (every section), caps (the page made with --max), hostile
//   (strings that look like markup stay text), names (t_escape's every-byte
//   names; EXPECT is then the recording's `trail show --json` lines), hazards
//   (EXPECT is `trail lint --format json` of the recording)
'use strict';
const path = require('path');
const fs = require('fs');

const [mode, report, expectFile, shot, T] = process.argv.slice(2);
const root = path.resolve(__dirname, '../..');
let failed = 0;

function pass(what) { console.log(`PASS ${T}: ${what}`); }
function fail(what, why) {
	failed++;
	why = String(why).replace(/[\n\t]/g, ' ');
	if (why.length > 400) why = why.slice(0, 400) + '...';
	console.log(`FAIL ${T}: ${what} (${why})`);
}
function same(what, got, want) {
	const g = JSON.stringify(got), w = JSON.stringify(want);
	if (g === w) return pass(what), true;
	if (Array.isArray(got) && Array.isArray(want)) {
		let i = 0;
		while (i < got.length && i < want.length && JSON.stringify(got[i]) === JSON.stringify(want[i])) i++;
		fail(what, `got ${got.length} items, want ${want.length}; first difference at [${i}]: got ` +
		     `${JSON.stringify(got[i])}, want ${JSON.stringify(want[i])}`);
	} else {
		fail(what, `got ${g}, want ${w}`);
	}
	return false;
}
function check(what, ok, why) { ok ? pass(what) : fail(what, why); }

async function main() {
	let pw;
	try {
		pw = require(path.join(root, 'build/node_modules/playwright-core'));
	} catch (e) {
		return fail('playwright-core is installed', 'sh scripts/install-node-deps.sh: ' + e.message);
	}
	const text = fs.readFileSync(expectFile, 'utf8');
	const want = mode === 'names' ? text.trim().split('\n').map((l) => JSON.parse(l)) : JSON.parse(text);
	const browser = await pw.chromium.launch({ executablePath: '/usr/bin/chromium',
						   args: ['--no-sandbox'] });
	const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const url = 'file://' + path.resolve(report);
	const requests = [], blocked = [], consoleErrors = [], pageErrors = [], dialogs = [];

	// every request but the page itself is refused, and counted
	await context.route('**/*', (route) => {
		const u = route.request().url();
		if (u === url) return route.continue();
		blocked.push(u);
		return route.abort();
	});
	page.on('request', (r) => requests.push(r.url()));
	page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
	page.on('pageerror', (e) => pageErrors.push(e.message));
	page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });

	await page.goto(url, { waitUntil: 'load' });
	await page.waitForSelector('#file-count:not(:empty)', { timeout: 10000 });

	try {
		if (mode === 'full') await full(page, want);
		else if (mode === 'caps') await caps(page, want);
		else if (mode === 'hostile') await hostile(page, want);
		else if (mode === 'names') await names(page, want);
		else if (mode === 'hazards') await hazards(page, want);
		else fail('mode', 'unknown mode ' + mode);
	} catch (e) {
		fail(`the ${mode} checks ran to the end`, e.stack || e);
	}

	same('no request other than the page itself was attempted', requests.filter((u) => u !== url), []);
	same('no request was blocked', blocked, []);
	same('no console error or warning', consoleErrors, []);
	same('no uncaught JavaScript exception', pageErrors, []);
	same('no dialog opened', dialogs, []);
	if (shot) {
		fs.mkdirSync(path.dirname(shot), { recursive: true });
		await page.screenshot({ path: shot, fullPage: true });
		check(`screenshot saved: ${shot}`, fs.statSync(shot).size > 10000, 'tiny file');
	}
	await browser.close();
}

/* The process tree as drawn: each node's pid, its parent node's pid, argv
 * (one span per argument), whether it exec'd, its status; in DOM order. */
function drawnTree(page) {
	return page.$$eval('#tree .proc', (nodes) => nodes.map((n) => {
		const row = n.querySelector(':scope > summary > .row, :scope > .row');
		const up = n.parentElement.closest('.proc');
		return {
			pid: Number(n.dataset.pid),
			parent: up ? Number(up.dataset.pid) : null,
			argv: Array.from(row.querySelectorAll('.cmd .arg')).map((a) => a.textContent),
			exec: !row.querySelector('.fork'),
			status: row.querySelector('.status').textContent,
		};
	}));
}

async function visiblePids(page, sel) {
	const out = [];
	for (const n of await page.$$(sel))
		if (await n.isVisible()) out.push(Number(await n.getAttribute('data-pid')));
	return out;
}

async function fileRows(page) {
	return page.$$eval('#files tbody tr', (trs) => trs.map((tr) => ({
		path: tr.querySelector('td.path').textContent,
		roles: tr.querySelector('td.roles').textContent,
		run: tr.querySelector('td.run').textContent,
		cmds: tr.querySelector('td.users').dataset.cmds.split(',').filter((x) => x).map(Number),
		more: Number(tr.querySelector('td.users').dataset.more),
		users: tr.querySelector('td.users').textContent,
		visible: !tr.hidden,
	})));
}

async function summaryValue(page, k, attr) {
	return page.$eval(`#summary dd[data-k="${k}"]`, (d, a) => (a ? d.dataset.v : d.textContent), attr);
}

async function full(page, want) {
	/* summary: the numbers trail summary prints for the same file */
	const s = want.summary;
	same('summary: processes as trail summary', Number(await summaryValue(page, 'processes', 'v')), s.processes);
	same('summary: events as trail summary', Number(await summaryValue(page, 'events', 'v')), s.events);
	same('summary: failed calls as trail summary', Number(await summaryValue(page, 'failed', 'v')), s.failed);
	same('summary: lost events as trail summary', Number(await summaryValue(page, 'lost', 'v')), s.lost);
	same('summary: duration as trail summary (ms)',
	     (Number(await summaryValue(page, 'duration', 'v')) / 1e9).toFixed(3), s.lasted);
	same('summary: start time as trail summary', await summaryValue(page, 'started'), s.started);
	same('summary: exit status as trail summary', await summaryValue(page, 'status'), s.status);
	same('summary: command as trail summary', await summaryValue(page, 'command'), s.command);
	same('summary: the recording is complete', await summaryValue(page, 'recording', 'v'), 'complete');
	same('summary: no incomplete or loss banner', await page.$$eval('#banners p', (p) => p.length), 0);

	/* the tree: exactly the recorded processes, nesting and argv */
	const tree = await drawnTree(page);
	const bypid = (a) => a.slice().sort((x, y) => x.pid - y.pid);
	same(`tree: exactly the ${want.procs.length} recorded processes, each under its parent, with its argv`,
	     bypid(tree.map((n) => ({ pid: n.pid, parent: n.parent, argv: n.argv, exec: n.exec }))),
	     bypid(want.procs.map((p) => ({ pid: p.pid, parent: p.parent, argv: p.argv, exec: p.exec }))));
	same('tree: every process with its exit status', bypid(tree.map((n) => ({ pid: n.pid, status: n.status }))),
	     bypid(want.procs.map((p) => ({ pid: p.pid, status: p.status }))));
	check('tree: nested at least 4 levels (make, sh or cc, cc1 or collect2, ld)',
	      Math.max(...tree.map((n) => { let d = 0, p = n; while (p.parent !== null) { d++; p = tree.find((x) => x.pid === p.parent); } return d; })) >= 3,
	      'too flat');
	const failing = want.procs.filter((p) => p.status !== 'exit 0');
	check('tree: the failing probe is there with its status', failing.some((p) => p.status === 'exit 3'),
	      JSON.stringify(failing));

	/* collapsing a node hides every process below it; expanding shows them */
	const node = want.collapse;	/* a process with grandchildren */
	const below = want.procs.filter((p) => isBelow(want.procs, p, node)).map((p) => p.pid).sort();
	const sel = `#tree details.proc[data-pid="${node}"]`;
	const visBelow = async () => (await visiblePids(page, `${sel} .proc`)).sort();
	same(`tree: before collapsing, the ${below.length} processes below ${node} are visible`, await visBelow(), below);
	await page.click(`${sel} > summary`);
	same(`tree: collapsing ${node} hides all of them`, await visBelow(), []);
	check(`tree: ${node} itself stays visible`, await page.isVisible(`${sel} > summary`), 'hidden');
	await page.click(`${sel} > summary`);
	same(`tree: expanding ${node} shows them again`, await visBelow(), below);
	await page.click('#collapse-all');
	same('tree: collapse all leaves only the root visible', await visiblePids(page, '#tree .proc'),
	     want.procs.filter((p) => p.parent === null).map((p) => p.pid));
	await page.click('#expand-all');
	same('tree: expand all shows every process', (await visiblePids(page, '#tree .proc')).length, want.procs.length);

	/* the timeline: one bar per process, in the tree's order, inside the run */
	const bars = await page.$$eval('#timeline .tl-row[data-pid]', (rows) => rows.map((r) => {
		const b = r.querySelector('.tl-bar');
		return { pid: Number(r.dataset.pid), left: parseFloat(b.style.left), width: parseFloat(b.style.width) };
	}));
	same('timeline: one bar per process, in tree order', bars.map((b) => b.pid), tree.map((n) => n.pid));
	check('timeline: every bar starts and ends inside the run',
	      bars.every((b) => b.left >= 0 && b.width >= 0 && b.left + b.width <= 100.0001), JSON.stringify(bars.slice(0, 3)));

	/* files: every path with its roles, as trail deps classifies them */
	const rows = await fileRows(page);
	const paths = Object.keys(want.files).sort();
	same(`files: exactly the ${paths.length} paths trail deps names`, rows.map((r) => r.path), paths);
	same('files: the whole-run role of each path is deps\'s',
	     rows.map((r) => [r.path, r.run]), paths.map((p) => [p, want.files[p].run.join(', ')]));
	const badUsers = rows.filter((r) => {
		const w = want.files[r.path].cmds;
		return !w || r.cmds.length + r.more !== w.length || r.cmds.some((c) => !w.includes(c)) ||
			(!r.more && JSON.stringify(r.cmds.slice().sort()) !== JSON.stringify(w.slice().sort()));
	});
	same('files: each path names the commands that used it (deps\'s per-command lists)',
	     badUsers.map((r) => [r.path, r.cmds, r.more, want.files[r.path].cmds]), []);
	for (const [p, role] of want.roles)
		check(`files: ${p.replace(/.*\//, '')} has role ${role}`,
		      rows.some((r) => r.path === p && r.roles.split(', ').includes(role)),
		      JSON.stringify(rows.find((r) => r.path === p)));

	/* the search box filters as one types */
	const search = page.locator('#file-search');
	for (const frag of want.fragments) {
		await search.fill('');
		await search.pressSequentially(frag);
		const shown = (await fileRows(page)).filter((r) => r.visible).map((r) => r.path);
		const exp = paths.filter((p) => p.toLowerCase().includes(frag.toLowerCase()));
		check(`search '${frag}': the fragment matches some rows and not all`, exp.length > 0 && exp.length < paths.length,
		      `${exp.length} of ${paths.length}`);
		same(`search '${frag}': exactly the ${exp.length} matching rows are visible`, shown, exp);
		same(`search '${frag}': the count says so`, await page.textContent('#file-count'),
		     `${exp.length} of ${paths.length} rows`);
	}
	await search.fill('');
	await search.pressSequentially('zq-no-such-path-qz');
	same('search for nonsense: no row visible', (await fileRows(page)).filter((r) => r.visible).length, 0);
	await search.fill('');
	same('search cleared: every row visible again', (await fileRows(page)).filter((r) => r.visible).length, paths.length);
	await page.selectOption('#file-class', 'missing');
	same('role filter "missing": exactly the missing paths',
	     (await fileRows(page)).filter((r) => r.visible).map((r) => r.path),
	     paths.filter((p) => want.files[p].run.includes('missing')));
	await page.selectOption('#file-class', '');

	/* failed calls: trail show --failed, in order */
	const calls = await page.$$eval('#failed tbody tr', (trs) => trs.map((tr) => ({
		pid: Number(tr.querySelector('.pid').textContent),
		comm: tr.querySelector('.comm').textContent,
		syscall: tr.querySelector('.syscall').textContent,
		path: tr.querySelector('.path').textContent,
		error: tr.querySelector('.error').textContent,
	})));
	const cap = 1000;	/* REPORT_MAX_FAILED */
	same(`failed calls: the first ${Math.min(cap, want.failed.length)} of trail show --failed's ${want.failed.length}, in order`,
	     calls, want.failed.slice(0, cap));
	if (want.failed.length > cap)
		same('failed calls: the note counts the rest', await page.textContent('#failed-note'),
		     `${want.failed.length - cap} more failed calls not shown (the first ${cap} are; trail show --failed lists them all)`);
	else
		check('failed calls: no "more" note when all are shown', await page.isHidden('#failed-note'), 'note shown');
	await hazards(page, want.lint);
	await page.evaluate(() => window.scrollTo(0, 0));
}

/* The hazards section: trail lint --format json's hazards (lint), in order,
 * each with its processes; the time is dur()'s text, left out here. */
async function hazards(page, lint) {
	const rows = await page.$$eval('#hazards tbody tr', (trs) => trs.map((tr) => ({
		kind: tr.querySelector('.kind').textContent,
		path: tr.querySelector('.path').textContent,
		procs: Array.from(tr.querySelectorAll('.proc')).map((d) => d.textContent),
	})));
	same(`hazards: trail lint's ${lint.hazards.length}, in order`, rows.map((r) => [r.kind, r.path]),
	     lint.hazards.map((h) => [h.kind, (h.file !== undefined ? h.file : h.peer) +
				     (h.target !== undefined ? ` (for ${h.target})` : '')]));
	same('hazards: each with its processes (what, [pid] argv)',
	     rows.map((r) => r.procs.map((t) => t.replace(/ at [^[]*\[/, ' ['))),
	     lint.hazards.map((h) => h.processes.map((p) => `${p.access} [${p.pid}] ${p.argv.join(' ')}`)));
	if (lint.total)
		check('hazards: no "none found" note', await page.isHidden('#hazards-note'), 'note shown');
	else
		check('hazards: the note says none was found',
		      (await page.textContent('#hazards-note')).startsWith('No hazard found'), 'no note');
}

function isBelow(procs, p, pid) {
	for (let q = p; q.parent !== null; q = procs.find((x) => x.pid === q.parent))
		if (q.parent === pid) return true;
	return false;
}

async function caps(page, want) {
	const n = want.max;
	same(`--max ${n}: ${n} processes in the tree`, (await drawnTree(page)).length, n);
	same(`--max ${n}: the note counts the processes left out`, await page.textContent('#tree-note'),
	     `${want.procs_total - n} more processes not shown (the report shows the first ${n} in tree order; ` +
	     'trail tree shows them all)');
	same(`--max ${n}: ${n} timeline bars`, await page.$$eval('#timeline .tl-row[data-pid]', (r) => r.length), n);
	same(`--max ${n}: ${n} file rows`, (await fileRows(page)).length, n);
	same(`--max ${n}: the note counts the files left out`, await page.textContent('#files-note'),
	     `${want.files_total - n} more files not shown (at most ${n} rows: outputs, deleted and missing files ` +
	     'first, then inputs; trail deps lists them all)');
	check(`--max ${n}: the rows kept are outputs, deleted or missing files`,
	      (await fileRows(page)).every((r) => /output|deleted|missing|temporary/.test(r.run)),
	      JSON.stringify(await fileRows(page)));
	same(`--max ${n}: ${n} failed calls, the first ones`,
	     await page.$$eval('#failed tbody tr .syscall', (t) => t.map((x) => x.textContent)),
	     want.failed.slice(0, n).map((c) => c.syscall));
	same(`--max ${n}: the note counts the failed calls left out`, await page.textContent('#failed-note'),
	     `${want.failed.length - n} more failed calls not shown (the first ${n} are; trail show --failed lists them all)`);
}

async function hostile(page, want) {
	same('no element injected: no img', await page.$$eval('img', (e) => e.length), 0);
	same('no element injected: no b', await page.$$eval('b', (e) => e.length), 0);
	same('only the page\'s own two scripts', await page.$$eval('script', (e) => e.length), 2);
	const tree = await drawnTree(page);
	const root = tree.find((n) => n.parent === null);
	same('the argv with markup and U+2028 is shown as text, exactly', root.argv, want.argv);
	const rows = await fileRows(page);
	check('the file named with <b> is a row, as text', rows.some((r) => r.path === want.file), JSON.stringify(rows.map((r) => r.path)));
	same('the title is the command as text', await page.title(), 'trail report: ' + want.command);
	const calls = await page.$$eval('#failed tbody tr .path', (t) => t.map((x) => x.textContent));
	check('the failed lookup of the markup path is shown as text', calls.includes(want.missing), JSON.stringify(calls));
}

/* Names with every byte, markup, terminal sequences: no element or
 * attribute came from them, and each is shown as text, exactly (a byte that
 * is not UTF-8 is a lone surrogate on both sides, \udcXX in trail's JSON). */
async function names(page, evs) {
	same('no element injected: no img', await page.$$eval('img', (e) => e.length), 0);
	same('only the page\'s own two scripts', await page.$$eval('script', (e) => e.length), 2);
	same('no element has an event handler, src or srcdoc attribute',
	     await page.$$eval('*', (els) => els.flatMap((e) => Array.from(e.attributes)
		.filter((a) => /^on/i.test(a.name) || a.name === 'src' || a.name === 'srcdoc')
		.map((a) => `${e.tagName} ${a.name}`))), []);
	const dir = evs.find((e) => e.event === 'exec' && e.ret === 0).cwd;
	const opened = [...new Set(evs.filter((e) => e.event === 'open' && e.ret >= 0 && e.abs &&
		e.abs.startsWith(dir + '/') && e.abs.length < 1000).map((e) => e.abs))];
	const rows = new Set((await fileRows(page)).map((r) => r.path));
	check(`each of the ${opened.length} names opened is a file row, as text`,
	      opened.length > 260 && opened.every((p) => rows.has(p)),
	      JSON.stringify(opened.filter((p) => !rows.has(p)).slice(0, 3)));
	check('the markup name is one of them', opened.some((p) => p.endsWith('/<img src=x onerror=alert(1)>.h-a')),
	      'not opened');
	const child = evs.find((e) => e.event === 'exec' && e.ret === 0 && e.argv.length > 3);
	const node = (await drawnTree(page)).find((n) => n.pid === child.pid);
	same('the child\'s argv (every byte, markup, escape sequences) is shown as text, exactly',
	     node ? node.argv : null, child.argv);
}

main().then(() => process.exit(failed ? 1 : 0), (e) => {
	fail('the browser check ran', e.stack || e);
	process.exit(1);
});
