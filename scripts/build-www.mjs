// Bundles with esbuild, run by scripts/build.sh after pkg/ is built and npm packages installed:
// - pkg/consent-guard.global.js: the package as one classic script (global `consentGuard`), for
//   the top of <head>, where it runs before any SDK snippet (a module script would run after);
// - the SDK demo pages (www/sdk/<sdk>.js, each with the real npm SDK) into www/dist/.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
const root = fileURLToPath(new URL('..', import.meta.url));

const started = Date.now();
// pkg/wasm's default loader and pkg/index.js name import.meta.url; these bundles load the embedded module.
const logOverride = { 'empty-import-meta': 'silent' };
await build({
  absWorkingDir: root,
  entryPoints: ['pkg/sync.js'],
  outfile: 'pkg/consent-guard.global.js',
  bundle: true,
  format: 'iife',
  globalName: 'consentGuard',
  // A bundler that imports this file as a module would keep `var consentGuard` local.
  footer: { js: 'globalThis.consentGuard = consentGuard;' },
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
  logOverride,
});
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(SDKS.map((s) => [s, `www/sdk/${s}.js`])),
  outdir: 'www/dist',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  logOverride,
});
// The rich pages (every feature of each SDK that sends data): tests/e2e/rich.test.mjs and
// scripts/capture-sdk-traffic.mjs drive them.
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(SDKS.map((s) => [s, `www/rich/${s}.js`])),
  outdir: 'www/dist/rich',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  logOverride,
});
console.log(`pkg/consent-guard.global.js and www/dist/: ${SDKS.length} SDK demo bundles in ${Date.now() - started} ms`);
