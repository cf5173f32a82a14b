// Bundles the SDK demo pages (www/sdk/<sdk>.js, each with the real npm SDK and consent-guard
// from pkg/) into www/dist/ with esbuild. Run by scripts/build.sh after pkg/ is built.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];
const root = fileURLToPath(new URL('..', import.meta.url));

const started = Date.now();
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
  // pkg/wasm's default loader names import.meta.url; the package loads the embedded module instead.
  logOverride: { 'empty-import-meta': 'silent' },
});
console.log(`www/dist/: ${SDKS.length} SDK demo bundles in ${Date.now() - started} ms`);
