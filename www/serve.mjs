// Serves the demo pages (www/), the SDK demo bundles (www/dist/), the built package (pkg/) and
// the local telemetry collector (www/collector.mjs) on loopback only.
// Pages are sent with a strict CSP that allows exactly what the package needs:
// `script-src 'self' 'wasm-unsafe-eval'` (see README, "Content-Security-Policy").
//
//   node www/serve.mjs            # http://127.0.0.1:8080/
//   PORT=0 node www/serve.mjs     # any free port; the first line printed names it
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, normalize, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from './collector.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";
/** What many sites send: Wasm cannot compile under it, so consent-guard must fail closed. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";

/** Maps a URL path to a file under www/ or pkg/, refusing anything outside them. */
function resolve(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  if (clean.startsWith('/pkg/')) return join(root, clean);
  return join(root, 'www', clean === '/' ? 'index.html' : clean);
}

/** Starts the server; `server.collector.records` holds what the collector received. */
export function startServer({ port = 8080, host = '127.0.0.1', csp = CSP } = {}) {
  const collector = createCollector();
  const server = createServer(async (req, res) => {
    if (collector.handle(req, res)) return;
    try {
      const path = resolve(new URL(req.url, 'http://x').pathname);
      if (!path.startsWith(join(root, 'www')) && !path.startsWith(join(root, 'pkg'))) throw new Error('outside');
      if (!(await stat(path)).isFile()) throw new Error('not a file');
      const body = await readFile(path);
      const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      // ?csp=strict serves a page as a site without 'wasm-unsafe-eval' would.
      const strict = new URL(req.url, 'http://x').searchParams.get('csp') === 'strict';
      if (extname(path) === '.html' && (csp || strict)) headers['content-security-policy'] = strict ? STRICT_CSP : csp;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  server.collector = collector;
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer({ port: Number(process.env.PORT ?? 8080) });
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}`;
  console.log(`consent-guard demo: ${base}/`);
  console.log(`  playground: ${base}/playground.html`);
  console.log(`  SDK pages:  ${['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'].map((s) => `${base}/sdk/${s}.html`).join('\n              ')}`);
  console.log(`  collector:  ${base}/__collector (what the pages sent)`);
}
