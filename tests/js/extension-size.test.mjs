// The script the extension injects into every frame stays small: the MAIN-world content script
// (which every frame parses and runs before its own scripts, telemetry or not) is at most 30 KB
// and holds no engine: no Wasm module, embedded or as base64, and no way to compile one. The
// engine lives in the service worker. Reads the built extension (scripts/build-extension.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('../../extension/build/consent-guard', import.meta.url));
const manifest = JSON.parse(readFileSync(join(BUILD, 'manifest.json'), 'utf8'));
const BUDGET = 30_000; // bytes, raw (30 KB)

const inFrames = (world) => manifest.content_scripts.filter((cs) => cs.all_frames && (cs.world ?? 'ISOLATED') === world);
const files = (world) => inFrames(world).flatMap((cs) => cs.js).map((f) => ({ name: f, bytes: readFileSync(join(BUILD, f)) }));

test('the MAIN-world script injected into every frame is at most 30 KB', () => {
  const main = files('MAIN');
  assert.ok(main.length > 0, 'the manifest injects a MAIN-world script into every frame');
  assert.ok(inFrames('MAIN').every((cs) => cs.matches.includes('<all_urls>') && cs.run_at === 'document_start'), 'every page, at document_start');
  const total = main.reduce((n, f) => n + f.bytes.length, 0);
  assert.ok(total <= BUDGET, `MAIN world: ${total} bytes (${main.map((f) => `${f.name} ${f.bytes.length}`).join(', ')}), over ${BUDGET}`);
});

test('the MAIN-world script holds no engine: no Wasm, no base64 module, no compiling', () => {
  for (const { name, bytes } of files('MAIN')) {
    const text = bytes.toString('latin1');
    assert.ok(!bytes.includes(Buffer.from('\0asm')), `${name}: a Wasm module`);
    // "\0asm" in base64 starts "AGFzbQ"; any long base64 run could be a module too.
    assert.ok(!text.includes('AGFzbQ'), `${name}: a base64 Wasm module`);
    const run = text.match(/[A-Za-z0-9+/]{2000,}={0,2}/);
    assert.equal(run, null, `${name}: a base64 run of ${run?.[0].length} characters`);
    assert.ok(!/WebAssembly/.test(text), `${name}: compiles Wasm`);
  }
});

test('the isolated-world script injected into every frame holds no engine either', () => {
  for (const { name, bytes } of files('ISOLATED')) {
    const text = bytes.toString('latin1');
    assert.ok(!text.includes('AGFzbQ') && !/WebAssembly/.test(text), `${name}: an engine`);
    assert.ok(bytes.length <= 10_000, `${name}: ${bytes.length} bytes`);
  }
});

test('no extension file is exposed to pages (web_accessible_resources): nothing for a page to fingerprint or load', () => {
  assert.equal(manifest.web_accessible_resources, undefined);
});
