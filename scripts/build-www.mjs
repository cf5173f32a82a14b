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
// Every bundle here: one classic script per entry, for the browser.
const iife = {
  absWorkingDir: root,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
};
await build({
  ...iife,
  entryPoints: ['pkg/sync.js'],
  outfile: 'pkg/consent-guard.global.js',
  globalName: 'consentGuard',
  // A bundler that imports this file as a module would keep `var consentGuard` local.
  footer: { js: 'globalThis.consentGuard = consentGuard;' },
});
// Each SDK page with its real npm SDK, built as production.
const pages = (dir, outdir) => build({
  ...iife,
  entryPoints: Object.fromEntries(SDKS.map((s) => [s, `${dir}/${s}.js`])),
  outdir,
  define: { 'process.env.NODE_ENV': '"production"' },
});
await pages('www/sdk', 'www/dist');
// The rich pages (every feature of each SDK that sends data): tests/e2e/rich.test.mjs and
// scripts/capture-sdk-traffic.mjs drive them.
await pages('www/rich', 'www/dist/rich');
console.log(`pkg/consent-guard.global.js and www/dist/: ${SDKS.length} SDK demo bundles in ${Date.now() - started} ms`);
