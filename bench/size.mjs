// Compressed size of what ships: the Wasm module, the wasm-bindgen glue, the API layer, and the
// embedded (base64) copy that createGuardSync uses. gzip -9 and brotli (max quality).
//   node bench/size.mjs      (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const pkg = new URL('../pkg/', import.meta.url);
const files = {
  wasm: 'wasm/consent_guard_bg.wasm',
  glue: 'wasm/consent_guard.js',
  api: 'index.js',
  embedded: 'wasm/embedded.js',
};

export function run() {
  const rows = {};
  for (const [k, f] of Object.entries(files)) {
    const b = readFileSync(new URL(f, pkg));
    rows[k] = {
      file: f,
      raw: b.length,
      gzip: gzipSync(b, { level: 9 }).length,
      brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = run();
  const kb = (n) => (n / 1024).toFixed(1);
  console.log('| file | raw KiB | gzip -9 KiB | brotli KiB |\n|---|---|---|---|');
  for (const v of Object.values(r)) console.log(`| ${v.file} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.brotli)} |`);
  const sum = (keys, k) => keys.reduce((n, key) => n + r[key][k], 0);
  console.log(`| **.wasm + glue + API** | ${kb(sum(['wasm', 'glue', 'api'], 'raw'))} | ${kb(sum(['wasm', 'glue', 'api'], 'gzip'))} | ${kb(sum(['wasm', 'glue', 'api'], 'brotli'))} |`);
  console.log(`| **as shipped (embedded + glue + API)** | ${kb(sum(['embedded', 'glue', 'api'], 'raw'))} | ${kb(sum(['embedded', 'glue', 'api'], 'gzip'))} | ${kb(sum(['embedded', 'glue', 'api'], 'brotli'))} |`);
}
