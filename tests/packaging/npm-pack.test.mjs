// The published package as a user gets it: `npm pack pkg/`, then `npm install <tarball>` into a
// fresh project under target/ (offline: the package has no dependencies, so npm fetches nothing).
// Checks: every entry resolves and works from the installed copy (Node ESM), CommonJS
// `require('consent-guard')` works through require(esm) where this Node has it, and the tarball
// holds the Wasm module as a .wasm file once, with the base64 copies only where
// consent-guard/sync and consent-guard/global need them, and the lean module (consent-guard/lean,
// a build of its own) as a .wasm file once. Sizes are reported, not asserted.
//
// require(esm), by Node version: unflagged from 20.19.0, 22.12.0 and 23.0.0; behind
// --experimental-require-module from 20.17.0 and 22.0.0; absent before (20.16, the package's
// `engines` floor, can only import it).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
const wasmBytes = readFileSync(join(root, 'pkg/wasm/consent_guard_bg.wasm'));
const wasmBase64 = wasmBytes.toString('base64');
const LEAN = 'wasm/consent_guard_lean_bg.wasm';
const leanBytes = readFileSync(join(root, 'pkg', LEAN));

mkdirSync(join(root, 'target'), { recursive: true });
const work = mkdtempSync(join(root, 'target', 'npm-pack-'));
test.after(() => {
  if (!process.env.KEEP_PACKAGING_OUT) rmSync(work, { recursive: true, force: true });
});

const npm = (args, cwd) => execFileSync('npm', [...args, '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const [packed] = JSON.parse(npm(['pack', join(root, 'pkg'), '--pack-destination', work, '--json'], work));
const tarball = join(work, packed.filename);
const app = join(work, 'app');
mkdirSync(app);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consent-guard-pack-check', private: true }));
npm(['install', tarball, '--offline', '--no-audit', '--no-fund'], app);
const installed = join(app, 'node_modules/consent-guard');

const EVENT = { event: 'signup', distinct_id: 'user-1', properties: { plan: 'pro', contact: 'jane.doe@example.com' } };
const OPTIONS = { preset: 'posthog', consent: { analytics: true } };
const EXPECTED = { event: 'signup', distinct_id: 'user-1', properties: { plan: 'pro', contact: '[email]' } };

function node(args, file, source) {
  writeFileSync(join(app, file), source);
  return spawnSync(process.execPath, [...args, file], { cwd: app, encoding: 'utf8' });
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const count = (text, needle) => text.split(needle).length - 1;

test('the tarball: the module as a .wasm file once, base64 only for consent-guard/sync and /global; the lean module once', (t) => {
  const files = packed.files.map((f) => f.path);
  t.diagnostic(`${packed.filename}: ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
  assert.equal(pkg.dependencies, undefined, 'the package has no dependencies (the offline install relies on it)');

  // Every entry point and its types are in the tarball.
  const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
  for (const target of targets) assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is exported but not packed`);

  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')).sort(), ['wasm/consent_guard_bg.wasm', LEAN]);
  assert.deepEqual(readFileSync(join(installed, 'wasm/consent_guard_bg.wasm')), wasmBytes, 'the packed .wasm is the built one');
  assert.deepEqual(readFileSync(join(installed, LEAN)), leanBytes, 'the packed lean .wasm is the built one');
  // The lean module shares code and data with the whole one, so only stretches of it the whole
  // module (raw or base64) does not hold can tell a copy of it: 64-byte probes every 2 000 bytes.
  const stretches = (buf) => Array.from({ length: Math.ceil(buf.length / 2_000) }, (_, i) => buf.subarray(i * 2_000, i * 2_000 + 64));
  const unique = (found, whole) => found.filter((p) => p.length === 64 && !whole.includes(p));
  const leanRaw = unique(stretches(leanBytes), wasmBytes);
  const leanB64 = unique(stretches(Buffer.from(leanBytes.toString('base64'), 'latin1')), Buffer.from(wasmBase64, 'latin1'));
  assert.ok(leanRaw.length > 20 && leanB64.length > 20, `enough probes tell the lean module apart: ${leanRaw.length}, ${leanB64.length}`);
  for (const file of files) {
    if (file === LEAN) continue;
    const bytes = readFileSync(join(installed, file));
    const found = leanRaw.filter((p) => bytes.includes(p)).length + leanB64.filter((p) => bytes.includes(p)).length;
    assert.equal(found, 0, `${file} holds a copy of the lean module (${found} probes)`);
  }

  // Every copy of the module, raw or base64, in any packed file.
  // Probes every 20 000 bytes of each encoding also catch a partial copy (of 20 KB or more).
  const probes = (whole, step) => Array.from({ length: Math.ceil(whole.length / step) }, (_, i) => whole.subarray(i * step, i * step + 64));
  const rawProbes = probes(wasmBytes, 20_000);
  const base64Probes = probes(Buffer.from(wasmBase64, 'latin1'), 20_000);
  const copies = [];
  for (const file of files) {
    if (file === LEAN) continue; // a build of its own, sharing code and data with the whole module
    const bytes = readFileSync(join(installed, file));
    const raw = rawProbes.filter((p) => bytes.includes(p)).length;
    if (raw) copies.push({ file, kind: 'raw', n: count(bytes.toString('latin1'), wasmBytes.toString('latin1')), probes: raw });
    const b64 = base64Probes.filter((p) => bytes.includes(p)).length;
    if (b64) copies.push({ file, kind: 'base64', n: count(bytes.toString('latin1'), wasmBase64), probes: b64 });
  }
  for (const c of copies) {
    const bytes = readFileSync(join(installed, c.file));
    t.diagnostic(`module copy (${c.kind}) in ${c.file}: file ${kb(bytes.length)}, gzip ${kb(gzipSync(bytes, { level: 9 }).length)}`);
  }
  for (const c of copies) assert.equal(c.n, 1, `${c.file} holds ${c.n} whole ${c.kind} copies (${c.probes} probes match)`);
  assert.deepEqual(copies.filter((c) => c.kind === 'raw').map((c) => c.file), ['wasm/consent_guard_bg.wasm']);
  for (const c of copies.filter((c) => c.kind === 'base64')) {
    assert.ok(['wasm/embedded.js', 'consent-guard.global.js'].includes(c.file), `${c.file} embeds the module`);
  }
  t.diagnostic(`copies of the module: ${copies.length} (${copies.map((c) => `${c.kind} in ${c.file}`).join('; ')})`);
});

test('Node ESM: every entry resolves to the installed copy and works', () => {
  const r = node([], 'esm.mjs', `
    import { realpathSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    import { createGuard, createGuardSync } from 'consent-guard';
    import * as sync from 'consent-guard/sync';
    import * as integrations from 'consent-guard/integrations';
    import * as endpoints from 'consent-guard/endpoints';
    import 'consent-guard/global';
    const event = ${JSON.stringify(EVENT)};
    const options = ${JSON.stringify(OPTIONS)};
    console.log(JSON.stringify({
      resolved: realpathSync(fileURLToPath(import.meta.resolve('consent-guard'))),
      async: (await createGuard(options)).redact(event),
      sync: createGuardSync(options).redact(event),
      syncEntry: sync.createGuardSync(options).redact(event),
      global: globalThis.consentGuard.createGuardSync(options).redact(event),
      integrations: Object.keys(integrations).length,
      endpoints: Object.keys(endpoints).length,
    }));
  `);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.equal(got.resolved, join(realpathSync(installed), 'index.js'), 'resolved outside the installed package');
  for (const k of ['async', 'sync', 'syncEntry', 'global']) assert.deepEqual(got[k], EXPECTED, k);
  assert.ok(got.integrations > 0 && got.endpoints > 0, 'the integrations and endpoints entries export something');
});

test('Node ESM: consent-guard/lean loads the lean module and redacts events as the default entry does', () => {
  const r = node([], 'lean.mjs', `
    import { createGuard, createGuardSync } from 'consent-guard/lean';
    const event = ${JSON.stringify(EVENT)};
    const options = ${JSON.stringify(OPTIONS)};
    const guard = await createGuard(options);
    console.log(JSON.stringify({
      async: guard.redact(event),
      sync: createGuardSync(options).redact(event),
      body: guard.redactBody(JSON.stringify(event)).receipt.dropped[0]?.reason,
    }));
  `);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  for (const k of ['async', 'sync']) assert.deepEqual(got[k], EXPECTED, k);
  assert.equal(got.body, 'unreadable_body', 'the lean module reads no request bodies');
});

test(`CommonJS: require('consent-guard') on Node ${process.versions.node}`, (t) => {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const unflagged = major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
  const flagged = unflagged || major === 22 || (major === 20 && minor >= 17);
  if (process.features.require_module !== undefined) assert.equal(process.features.require_module, unflagged, 'the version table agrees with process.features');

  const source = `
    const cg = require('consent-guard');
    const { createGuardSync } = require('consent-guard/sync');
    const event = ${JSON.stringify(EVENT)};
    const options = ${JSON.stringify(OPTIONS)};
    cg.createGuard(options).then((guard) => console.log(JSON.stringify({
      resolved: require.resolve('consent-guard'),
      async: guard.redact(event),
      sync: cg.createGuardSync(options).redact(event),
      syncEntry: createGuardSync(options).redact(event),
    })));
  `;
  const check = (r) => {
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    assert.equal(realpathSync(got.resolved), join(realpathSync(installed), 'index.js'));
    for (const k of ['async', 'sync', 'syncEntry']) assert.deepEqual(got[k], EXPECTED, k);
    t.diagnostic(`stderr: ${JSON.stringify(r.stderr.trim())}`);
  };

  const plain = node([], 'cjs.cjs', source);
  if (unflagged) {
    t.diagnostic(`Node ${process.versions.node}: require(esm) without a flag`);
    check(plain);
  } else {
    assert.notEqual(plain.status, 0, 'require(esm) worked on a Node that should not have it unflagged');
    assert.match(plain.stderr, /ERR_REQUIRE_ESM/);
    if (flagged) {
      t.diagnostic(`Node ${process.versions.node}: require(esm) needs --experimental-require-module`);
      check(node(['--experimental-require-module'], 'cjs.cjs', source));
    } else {
      t.diagnostic(`Node ${process.versions.node}: no require(esm); CommonJS must use import()`);
    }
  }
});
