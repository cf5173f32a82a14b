// Shared by the attack15 reproducers: one loopback server for made-up hosts (*.test, mapped to
// 127.0.0.1 by Chromium's host resolver) that serves the pages a test registers and records the
// exact bytes of every request that reaches a telemetry path (`/posthog/...` on any host, or any
// path of `us.i.posthog.com`), and Debian's Chromium with the built extension loaded. A page
// asked for with `?csp=strict` gets a CSP without 'wasm-unsafe-eval' (scripts: self, inline and
// blob:, so the tests' inline scripts and blob: workers run).
//
// A test plants distinctive values and asks `leaks(marker)` for every record whose URL, query
// values, headers or body (raw, gunzipped, and base64-decoded where a value or body is base64,
// as SDKs send `data=`) hold the marker's bytes.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../browser.mjs';
import { EXTENSION, setSettings, settled, resetCounts, countsFor, waitUntil } from '../extension.mjs';

export { setSettings, settled, resetCounts, countsFor, waitUntil };

/** Starts the server and the browser. `pages`: path -> html (or a function of the URL returning { headers, body }). */
export async function start() {
  const pages = new Map();
  const records = [];
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').toLowerCase();
    const url = new URL(req.url, `http://${host}`);
    const telemetry = url.pathname.startsWith('/posthog/') || host.startsWith('us.i.posthog.com');
    if (telemetry) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let inflated = null;
        try {
          if (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b) inflated = gunzipSync(body);
        } catch { /* not gzip after all */ }
        if (req.method !== 'OPTIONS') {
          records.push({ host, method: req.method, url: req.url, headers: req.headers, body, inflated, at: Date.now() });
        }
        res.writeHead(200, {
          'access-control-allow-origin': req.headers.origin ?? '*',
          'access-control-allow-credentials': 'true',
          'access-control-allow-headers': '*',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'application/json',
          'cache-control': 'no-store',
        }).end(url.pathname.endsWith('.js') ? '/* vendor script */' : '{"status":1}');
      });
      return;
    }
    const page = pages.get(url.pathname);
    if (!page) return res.writeHead(404).end('not found');
    const out = typeof page === 'function' ? page(url) : { body: page };
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(out.headers ?? {}) };
    if (url.searchParams.get('csp') === 'strict') {
      headers['content-security-policy'] = "default-src 'self'; script-src 'self' 'unsafe-inline' blob:; connect-src *; img-src *; frame-src *; child-src * blob:; worker-src * blob:";
    }
    res.writeHead(200, headers).end(out.body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const port = server.address().port;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-attack15-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.test 127.0.0.1, MAP us.i.posthog.com 127.0.0.1',
      `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
  });
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  if (process.env.ATTACK_DEBUG) worker.on('console', (m) => console.log('WORKER', m.text()));

  const safe = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  /** Every text a collector could read out of a record: URL, query values, headers, body (raw, gunzipped), and base64 in any of them. */
  const texts = (r) => {
    const out = [r.url, safe(r.url), JSON.stringify(r.headers)];
    const bodies = [r.body.toString('latin1'), r.inflated?.toString('latin1') ?? ''];
    out.push(...bodies);
    const values = [];
    try {
      for (const [, v] of new URL(r.url, 'http://x').searchParams) values.push(v);
    } catch { /* not a URL */ }
    for (const b of bodies) {
      try {
        for (const [, v] of new URLSearchParams(b)) values.push(v);
      } catch { /* not a form */ }
      values.push(b.trim());
    }
    for (const v of values) {
      out.push(v);
      if (/^[A-Za-z0-9+/_=-]{8,}$/.test(v)) out.push(Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
    }
    return out.join('\n');
  };
  /** Every record holding `marker` anywhere (URL, headers, body, gunzipped body, base64 inside them). */
  const leaks = (marker) => records.filter((r) => texts(r).includes(String(marker)));
  const show = (rs) => rs.map((r) => `${r.method} ${r.host}${r.url} (Origin: ${r.headers.origin ?? 'none'})\n  ${(r.inflated ?? r.body).toString('utf8').slice(0, 400)}`).join('\n');

  return {
    port,
    pages,
    records,
    context,
    worker,
    leaks,
    show,
    /** Forgets the records and the worker's counts. */
    async fresh() {
      records.length = 0;
      await resetCounts(worker);
    },
    /** A new page (its console echoed under ATTACK_DEBUG). */
    async page() {
      const page = await context.newPage();
      if (process.env.ATTACK_DEBUG) page.on('console', (m) => console.log('PAGE', m.text()));
      return page;
    },
    /** Waits until no request has reached a telemetry path for `ms` (at most `max` ms). */
    async quiet(ms = 600, max = 8000) {
      const end = Date.now() + max;
      let seen = -1;
      let since = Date.now();
      while (Date.now() < end) {
        if (records.length !== seen) {
          seen = records.length;
          since = Date.now();
        } else if (Date.now() - since >= ms) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await context.close();
      server.close();
    },
  };
}
