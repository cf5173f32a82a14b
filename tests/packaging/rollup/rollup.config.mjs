// Rollup needs two things: node-resolve to find `consent-guard` in node_modules, and the .wasm
// file next to the bundle. Rollup keeps `new URL('./wasm/consent_guard_bg.wasm',
// import.meta.url)` as it is, so the module is fetched from wasm/ beside the output chunk; the
// small plugin below emits it there. (terser only minifies, as the other bundlers do by default.)
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { defineConfig } from 'rollup';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wasm = createRequire(import.meta.url).resolve('consent-guard/wasm/consent_guard_bg.wasm');

export default defineConfig({
  input: join(here, 'app.js'),
  output: { dir: join(here, 'dist'), format: 'es', plugins: [terser()] },
  plugins: [
    nodeResolve(),
    {
      name: 'consent-guard-wasm',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'wasm/consent_guard_bg.wasm', source: readFileSync(wasm) });
      },
    },
  ],
});
