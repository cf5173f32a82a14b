// Shared by the attack14 reproducers (not a test file). Bundles fixture page scripts with esbuild
// into www/dist/attack14/ (git-ignored, like every other bundle) and writes a bare HTML page for
// each. Server, browser and wire helpers are attack12's (tests/e2e/attack12-support.mjs).
//
// `format: 'esm'` bundles keep `import.meta.url`, so the default entry `consent-guard` fetches its
// .wasm from www/dist/attack14/wasm/ next to the bundle (copied there), exactly as an app bundled
// by esbuild with `--format=esm` does (README "Bundlers"). `entries` maps an output name to any
// source file (the fixtures, or the www/sdk pages); `syncToDefault` rewrites imports of
// 'consent-guard/sync' to the default entry 'consent-guard'; `dir` puts the pages in a
// subdirectory (www/sdk/page.js takes its vendor from the page's file name).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const OUT = 'www/dist/attack14';

export async function bundle(entries, { format = 'iife', syncToDefault = false, module = false, dir = '' } = {}) {
  const out = dir ? `${OUT}/${dir}` : OUT;
  mkdirSync(`${root}${out}/wasm`, { recursive: true });
  const plugins = syncToDefault ? [{
    name: 'consent-guard-default-entry',
    setup(b) {
      b.onResolve({ filter: /^consent-guard\/sync$/ }, () => ({ path: `${root}pkg/index.js` }));
    },
  }] : [];
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: out,
    bundle: true,
    format,
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    logOverride: { 'empty-import-meta': 'silent' },
    plugins,
  });
  copyFileSync(`${root}pkg/wasm/consent_guard_bg.wasm`, `${root}${out}/wasm/consent_guard_bg.wasm`);
  for (const name of Object.keys(entries)) {
    writeFileSync(`${root}${out}/${name}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout - Jane Doe (attack14 ${name})</title>
<script ${module ? 'type="module"' : 'defer'} src="/${out.slice(4)}/${name}.js"></script></head><body><h1>${name}</h1><div id="app"></div>
<form id="f"><input id="text" type="text" name="note" autocomplete="off"></form></body></html>`);
  }
}
