// Shared by the attack12 reproducers: bundles a fixture page script (tests/e2e/attack12-fixtures/
// <name>.js, which imports the real SDKs and consent-guard by name, as an app does) with esbuild
// into www/dist/attack12/ (git-ignored, like every other bundle), writes a bare HTML page that
// loads it, and starts the demo server with its collector (no CSP: the SDKs' blob: workers start,
// as on many sites) and headless Chromium.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles the named fixtures; each is served at /dist/attack12/<name>.html. `head[name]` is HTML put
 * before the fixture's script (an SDK's loader snippet); `copy` maps file names to copy into
 * www/dist/attack12/ (an SDK's CDN build, for its snippet to load); `banner` is script text run at
 * the top of every bundle of this call, in the same task as the fixture (an SDK's loader snippet,
 * so that no async script it inserts can run between the two).
 */
export async function bundle(names, { head = {}, copy = {}, banner } = {}) {
  mkdirSync(`${root}www/dist/attack12`, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(names.map((n) => [n, `tests/e2e/attack12-fixtures/${n}.js`])),
    outdir: 'www/dist/attack12',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    logOverride: { 'empty-import-meta': 'silent' },
    ...(banner ? { banner: { js: banner } } : {}),
  });
  for (const [to, from] of Object.entries(copy)) copyFileSync(`${root}${from}`, `${root}www/dist/attack12/${to}`);
  for (const n of names) {
    writeFileSync(`${root}www/dist/attack12/${n}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>attack12 ${n}</title>
${head[n] ?? ''}<script src="/dist/attack12/${n}.js"></script></head><body><h1>${n}</h1>
<form id="f"><input id="text" type="text" name="note" autocomplete="off"></form></body></html>`);
  }
}

/** Server (loopback, no CSP) + Chromium; `close()` stops both. */
export async function start() {
  const server = await startServer({ port: 0, csp: null });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  return {
    server,
    base,
    browser,
    records: (vendor) => server.collector.records.filter((r) => !vendor || r.vendor === vendor),
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/**
 * Everything a collector record carried (method, path, query, headers, raw body, decoded text).
 * `skipHeaders`: headers the page cannot control on the hook route (README "Headers the page
 * cannot control": Referer and cookies), left out as tests/e2e/rich.test.mjs leaves them out.
 */
export function wireText(records, { skipHeaders = [] } = {}) {
  const headers = (h) => JSON.stringify(Object.fromEntries(Object.entries(h ?? {}).filter(([n]) => !skipHeaders.includes(n))));
  return records.map((r) => [r.method, r.path, JSON.stringify(r.query), headers(r.headers), Buffer.from(r.raw ?? '', 'base64').toString('latin1'), r.text ?? '', JSON.stringify(r.body ?? null)].join('\n')).join('\n');
}

/** Everything the page keeps on the device: localStorage, sessionStorage, cookies and IndexedDB. */
export function deviceStorage(page) {
  return page.evaluate(async () => {
    const dump = (s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    const out = [...dump(localStorage).map((l) => `local:${l}`), ...dump(sessionStorage).map((l) => `session:${l}`), `cookie:${document.cookie}`];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      for (const store of db.objectStoreNames) {
        const all = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => ok([]); });
        out.push(`idb:${name}/${store}=${JSON.stringify(all)}`);
      }
      db.close();
    }
    return out.join('\n');
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
