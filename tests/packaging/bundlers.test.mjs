// The default entry through four bundlers, and consent-guard/lean through Vite. Each sample app in tests/packaging/<sample>/
// copied under target/, next to a node_modules/consent-guard holding exactly the files
// `npm pack` publishes (a real directory, as after `npm install`, not the repository's symlink),
// built with the bundler's own API and the sample's configuration, served on 127.0.0.1 and
// opened in headless Chromium. Each must: load the guard; fetch the .wasm file exactly once,
// as application/wasm through compileStreaming; ship the module once, byte-identical; redact
// the email; log no page error. Vite's dev server, which pre-bundles node_modules, is checked
// too. Sizes are reported (t.diagnostic), not asserted, except that a default-entry bundle must
// not carry the base64 copy of consent-guard/sync (JS < 100 KB).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launch } from '../e2e/browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const samples = join(root, 'tests/packaging');
const BUNDLERS = ['esbuild', 'vite', 'rollup', 'webpack'];
// Sample apps: the default entry through each bundler, and consent-guard/lean through Vite.
const SAMPLES = [
  ...BUNDLERS.map((name) => ({ name, bundler: name, entry: 'the default entry', wasm: 'consent_guard_bg.wasm' })),
  { name: 'vite-lean', bundler: 'vite', entry: 'consent-guard/lean', wasm: 'consent_guard_lean_bg.wasm' },
];
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
// A stretch from the middle of the embedded copy (consent-guard/sync): a bundle holding it would hold this.
const embedded = readFileSync(join(root, 'pkg/wasm/embedded.js'), 'utf8');
const base64Probe = embedded.slice(embedded.length >> 1, (embedded.length >> 1) + 120);
assert.match(base64Probe, /^[A-Za-z0-9+/]{120}$/, 'the probe is a stretch of base64');

// target/packaging-XXXX/{node_modules/consent-guard, src/<bundler>, out/<bundler>}
mkdirSync(join(root, 'target'), { recursive: true });
const work = mkdtempSync(join(root, 'target', 'packaging-'));
const src = join(work, 'src');
const out = join(work, 'out');
const installed = join(work, 'node_modules/consent-guard');
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error', join(root, 'pkg')], { encoding: 'utf8' }));
for (const { path } of packed.files) {
  mkdirSync(dirname(join(installed, path)), { recursive: true });
  cpSync(join(root, 'pkg', path), join(installed, path));
}
for (const { name } of SAMPLES) cpSync(join(samples, name), join(src, name), { recursive: true });

const browser = await launch();
test.after(async () => {
  await browser.close();
  if (!process.env.KEEP_PACKAGING_OUT) rmSync(work, { recursive: true, force: true });
});

// webpack's performance hints about the 435 KiB module are expected; any other warning is a
// packaging problem (an import.meta the bundler cannot keep, a dependency it cannot resolve).
const harmless = /exceed the recommended size limit|performance recommendations|limit the size of your bundles/;

function viteLogger(createLogger, warnings) {
  const logger = createLogger('warn');
  return { ...logger, warn: (msg) => warnings.push(msg), warnOnce: (msg) => warnings.push(msg) };
}

const builders = {
  async esbuild(dir, outDir) {
    const { build } = await import(pathToFileURL(join(dir, 'build.mjs')));
    const result = await build(outDir);
    return result.warnings.map((w) => w.text);
  },

  async vite(dir, outDir) {
    const { build, createLogger } = await import('vite');
    const warnings = [];
    // No vite.config: the sample is an index.html and app.js.
    await build({
      root: dir,
      configFile: false,
      logLevel: 'warn',
      customLogger: viteLogger(createLogger, warnings),
      build: { outDir, emptyOutDir: true },
    });
    return warnings;
  },

  async rollup(dir, outDir) {
    const { rollup } = await import('rollup');
    const { default: config } = await import(pathToFileURL(join(dir, 'rollup.config.mjs')));
    const warnings = [];
    const bundle = await rollup({ ...config, onwarn: (w) => warnings.push(w.message) });
    try {
      await bundle.write({ ...config.output, dir: outDir });
    } finally {
      await bundle.close();
    }
    cpSync(join(dir, 'index.html'), join(outDir, 'index.html'));
    return warnings;
  },

  async webpack(dir, outDir) {
    const { default: webpack } = await import('webpack');
    const { default: config } = await import(pathToFileURL(join(dir, 'webpack.config.mjs')));
    const stats = await new Promise((resolve, reject) => {
      webpack({ ...config, output: { ...config.output, path: outDir } }, (err, s) => (err ? reject(err) : resolve(s)));
    });
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    assert.deepEqual(info.errors.map((e) => e.message), [], 'webpack errors');
    cpSync(join(dir, 'index.html'), join(outDir, 'index.html'));
    return info.warnings.map((w) => w.message);
  },
};

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves dir on 127.0.0.1 (random port), counting requests by path. */
async function serve(dir) {
  const hits = new Map();
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, hits, url: `http://127.0.0.1:${server.address().port}/` };
}

/** Opens the sample page and checks what every bundle must do; returns the .wasm URLs fetched. */
async function checkPage(url) {
  const page = await browser.newPage();
  const errors = [];
  const wasmRequests = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on('request', (r) => new URL(r.url()).pathname.endsWith('.wasm') && wasmRequests.push(r.url()));
  // Which compile path ran: streaming is the point of serving a .wasm file.
  await page.addInitScript(() => {
    const calls = (globalThis.__wasmCalls = { compileStreaming: 0, compile: 0 });
    const { compileStreaming, compile } = WebAssembly;
    WebAssembly.compileStreaming = function (...args) { calls.compileStreaming++; return compileStreaming.apply(this, args); };
    WebAssembly.compile = function (...args) { calls.compile++; return compile.apply(this, args); };
  });
  try {
    await page.goto(url);
    await page.waitForSelector('#out[data-status]', { timeout: 15_000 });
    const status = await page.getAttribute('#out', 'data-status');
    const text = await page.textContent('#out');
    assert.equal(status, 'ok', `the guard did not load: ${text}`);

    const safe = JSON.parse(text);
    assert.ok(safe !== null && typeof safe === 'object', `redact sent nothing: ${text}`);
    assert.equal(safe.event, 'signup');
    assert.equal(safe.properties.plan, 'pro', 'an ordinary property is kept');
    assert.equal(safe.properties.contact, '[email]', 'the email property is redacted');
    assert.ok(!text.includes('jane.doe'), `the email leaked: ${text}`);

    assert.equal(wasmRequests.length, 1, `the .wasm was requested ${wasmRequests.length} times: ${wasmRequests.join(', ')}`);
    assert.deepEqual(await page.evaluate(() => globalThis.__wasmCalls), { compileStreaming: 1, compile: 0 });
    assert.deepEqual(errors, []);
    return wasmRequests;
  } finally {
    await page.close();
  }
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const size = (files) => {
  const raw = files.reduce((n, f) => n + statSync(f).size, 0);
  const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { raw, gzip, text: `${kb(raw)} (gzip ${kb(gzip)})` };
};

for (const { name, bundler, entry, wasm: wasmFile } of SAMPLES) {
  test(`${name}: ${entry} bundles, loads its .wasm once and redacts in Chromium`, async (t) => {
    const pkgWasm = readFileSync(join(root, 'pkg/wasm', wasmFile));
    const outDir = join(out, name);
    const started = Date.now();
    const warnings = await builders[bundler](join(src, name), outDir);
    const buildMs = Date.now() - started;
    assert.deepEqual(warnings.filter((w) => !harmless.test(w)), [], `${name} warned`);

    const files = filesUnder(outDir);
    const js = files.filter((f) => /\.m?js$/.test(f));
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    assert.ok(js.length >= 1, `${name} wrote no JS: ${files.join(', ')}`);
    assert.equal(wasm.length, 1, `${name} must ship the module exactly once: ${wasm.join(', ')}`);
    assert.equal(sha256(readFileSync(wasm[0])), sha256(pkgWasm), `${name} shipped a different .wasm than ${wasmFile}`);
    const jsSize = size(js);
    const wasmSize = size(wasm);
    t.diagnostic(`${name}: built in ${buildMs} ms; JS ${jsSize.text} in ${js.length} file(s); wasm ${wasmSize.text} at ${relative(outDir, wasm[0])}`);
    assert.ok(jsSize.raw < 100_000, `${name}: the JS is ${jsSize.raw} bytes: the default entry must not embed the module`);
    for (const f of js) assert.ok(!readFileSync(f, 'utf8').includes(base64Probe), `${relative(outDir, f)} holds the base64 module`);

    const { server, hits, url } = await serve(outDir);
    try {
      await checkPage(url);
      const wasmPath = `/${relative(outDir, wasm[0]).split(sep).join('/')}`;
      assert.equal(hits.get(wasmPath), 1, `the server saw ${hits.get(wasmPath)} request(s) for ${wasmPath}`);
    } finally {
      server.close();
    }
  });
}

test('vite dev server: consent-guard is pre-bundled from node_modules and still fetches its .wasm', async (t) => {
  const { createServer: createViteServer, createLogger } = await import('vite');
  const warnings = [];
  const cacheDir = join(work, 'vite-cache');
  const server = await createViteServer({
    root: join(src, 'vite'),
    configFile: false,
    cacheDir,
    logLevel: 'warn',
    customLogger: viteLogger(createLogger, warnings),
    server: { host: '127.0.0.1', port: 0, hmr: false },
  });
  await server.listen();
  try {
    const [wasmUrl] = await checkPage(server.resolvedUrls.local[0]);
    // The optimizer rewrote the package into its cache; the module URL must still reach the real file.
    assert.ok(existsSync(join(cacheDir, 'deps/consent-guard.js')), 'vite did not pre-bundle consent-guard');
    assert.match(new URL(wasmUrl).pathname, /\/node_modules\/consent-guard\/wasm\/consent_guard_bg\.wasm$/);
    assert.deepEqual(warnings, []);
    t.diagnostic(`vite dev: ${new URL(wasmUrl).pathname}`);
  } finally {
    await server.close();
  }
});
