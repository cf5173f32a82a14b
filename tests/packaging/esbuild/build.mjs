// esbuild does not follow `new URL('./wasm/consent_guard_bg.wasm', import.meta.url)`: it keeps
// the expression as it is, so in an ESM bundle the module is fetched from wasm/ next to the
// bundle. The build copies it there. Run: node build.mjs [outdir]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = dirname(createRequire(import.meta.url).resolve('consent-guard/package.json'));

export async function build(outdir) {
  const result = await esbuild.build({
    entryPoints: [join(here, 'app.js')],
    bundle: true,
    format: 'esm', // keeps import.meta.url, which locates the .wasm file
    minify: true,
    outdir,
    logLevel: 'warning',
  });
  mkdirSync(join(outdir, 'wasm'), { recursive: true });
  copyFileSync(join(pkgDir, 'wasm/consent_guard_bg.wasm'), join(outdir, 'wasm/consent_guard_bg.wasm'));
  copyFileSync(join(here, 'index.html'), join(outdir, 'index.html'));
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build(process.argv[2] ?? join(here, 'dist'));
