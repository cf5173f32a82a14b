// What ships and what a page pays. Per file: raw, gzip -9 and brotli of the Wasm module, the
// wasm-bindgen glue, the API layer and the embedded (base64) copy that consent-guard/sync uses.
// Per route: the JS an app bundles (esbuild, minified, gzip -9) next to the .wasm it fetches,
// and which package files the JS is made of; what each feature adds to the JS.
//   node bench/size.mjs      (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

const pkg = new URL('../pkg/', import.meta.url);
const files = {
  wasm: 'wasm/consent_guard_bg.wasm',
  lean: 'wasm/consent_guard_lean_bg.wasm',
  glue: 'wasm/consent_guard.js',
  api: 'api.js',
  embedded: 'wasm/embedded.js',
};
const gzip = (b) => gzipSync(b, { level: 9 }).length;

export function run() {
  const rows = {};
  for (const [k, f] of Object.entries(files)) {
    const b = readFileSync(new URL(f, pkg));
    rows[k] = {
      file: f,
      raw: b.length,
      gzip: gzip(b),
      brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }
  return rows;
}

// What an app's bundle holds for each way of using the package.
const ROUTES = {
  'hook route: createGuard + posthogConfig': "import { createGuard } from 'consent-guard'; import { posthogConfig } from 'consent-guard/integrations'; globalThis.x = [createGuard, posthogConfig];",
  'hook route, consent-guard/lean: createGuard + posthogConfig': "import { createGuard } from 'consent-guard/lean'; import { posthogConfig } from 'consent-guard/integrations'; globalThis.x = [createGuard, posthogConfig];",
  'network route: createGuard + intercept + followSignals': "import { createGuard, intercept, followSignals } from 'consent-guard'; globalThis.x = [createGuard, intercept, followSignals];",
  'consent-guard/sync: createGuardSync': "import { createGuardSync } from 'consent-guard/sync'; globalThis.x = createGuardSync;",
};

// What each feature adds to the JS of a page that only calls createGuard (the .wasm is the same
// for all: the codecs and signal decoders are in the one module).
const BASE = "import { createGuard } from 'consent-guard'; globalThis.x = [createGuard";
const FEATURES = {
  'createGuard alone': [BASE + '];'],
  intercept: [BASE + ', intercept];', 'intercept'],
  followSignals: [BASE + ', followSignals];', 'followSignals'],
  purge: [BASE + ', purge];', 'purge'],
  'blockTelemetry': [BASE + ', blockTelemetry];', 'blockTelemetry'],
  'posthogConfig (each SDK integration is alike)': [BASE + "]; import { posthogConfig } from 'consent-guard/integrations'; globalThis.y = posthogConfig;"],
};

async function bundleGzip(contents) {
  const r = await build({
    stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false,
    logLevel: 'silent',
  });
  return gzip(r.outputFiles[0].contents);
}

/** Gzip bytes each feature adds to a bundle that imports createGuard alone. */
export async function features() {
  const out = [];
  let base = 0;
  for (const [name, [source, imported]] of Object.entries(FEATURES)) {
    const contents = imported ? source.replace('{ createGuard }', `{ createGuard, ${imported} }`) : source;
    const size = await bundleGzip(contents);
    if (name === 'createGuard alone') base = size;
    out.push({ name, gzip: size, added: size - base });
  }
  return out;
}

export async function routes() {
  const wasmGzip = gzip(readFileSync(new URL(files.wasm, pkg)));
  const leanGzip = gzip(readFileSync(new URL(files.lean, pkg)));
  const out = [];
  for (const [name, contents] of Object.entries(ROUTES)) {
    const r = await build({
      stdin: { contents, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
      bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, metafile: true,
      logLevel: 'silent',
    });
    const js = r.outputFiles[0].contents;
    const parts = Object.entries(r.metafile.outputs[Object.keys(r.metafile.outputs)[0]].inputs)
      .map(([path, v]) => [path.replace(/^.*pkg\//, ''), v.bytesInOutput])
      .sort((a, b) => b[1] - a[1]);
    const embedded = name.includes('sync');
    out.push({ name, jsGzip: gzip(js), wasmGzip: embedded ? 0 : name.includes('lean') ? leanGzip : wasmGzip, parts });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = run();
  const kb = (n) => (n / 1024).toFixed(1);
  console.log('| file | raw KiB | gzip -9 KiB | brotli KiB |\n|---|---|---|---|');
  for (const v of Object.values(r)) console.log(`| ${v.file} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.brotli)} |`);
  console.log('\n| route | JS bundle, minified, gzip KiB | .wasm gzip KiB | total KiB |\n|---|---|---|---|');
  const rs = await routes();
  for (const x of rs) console.log(`| ${x.name} | ${kb(x.jsGzip)} | ${x.wasmGzip ? kb(x.wasmGzip) : 'in the JS'} | ${kb(x.jsGzip + x.wasmGzip)} |`);
  console.log(`\nThe request-body codecs and consent-signal decoders are ${kb(r.wasm.gzip - r.lean.gzip)} KiB gzip of the whole module (consent-guard/lean leaves them out).`);
  console.log('\n| feature | JS gzip KiB added to createGuard alone |\n|---|---|');
  for (const f of await features()) console.log(`| ${f.name} | ${f.name === 'createGuard alone' ? kb(f.gzip) + ' (itself)' : '+' + kb(f.added)} |`);
  console.log('\nminified bytes in the hook-route bundle, by file:\n');
  console.log(rs[0].parts.filter(([, n]) => n > 0).map(([p, n]) => `${p} ${(n / 1024).toFixed(1)} KiB`).join(', '));
}
