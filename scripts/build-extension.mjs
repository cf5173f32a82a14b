// Builds the browser extension: bundles extension/src/ (with the package from pkg/) into
// extension/build/consent-guard/ and zips it to extension/build/consent-guard.zip. Run by
// scripts/build.sh after pkg/ is built; load the folder as an unpacked extension.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'extension/src');
const out = join(root, 'extension/build/consent-guard');
rmSync(join(root, 'extension/build'), { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { bundle: true, platform: 'browser', target: 'chrome140', minify: true, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };
// Content scripts are classic scripts; the worker and the extension pages are modules.
await build({ ...common, entryPoints: [join(src, 'main.js'), join(src, 'relay.js')], outdir: out, format: 'iife' });
await build({ ...common, entryPoints: [join(src, 'sw.js'), join(src, 'popup.js'), join(src, 'options.js'), join(src, 'receipts.js')], outdir: out, format: 'esm' });
// The worker's engine: the package's .wasm file, which the default entry fetches beside the
// bundle (new URL('./wasm/…', import.meta.url)). Pages never get it (no web_accessible_resources).
mkdirSync(join(out, 'wasm'));
copyFileSync(join(root, 'pkg/wasm/consent_guard_bg.wasm'), join(out, 'wasm/consent_guard_bg.wasm'));
copyFileSync(join(root, 'extension/manifest.json'), join(out, 'manifest.json'));
for (const f of ['popup.html', 'options.html', 'receipts.html', 'ui.css']) copyFileSync(join(src, f), join(out, f));

// A zip (deflate) written here: no zip tool is needed on the build machine.
function zip(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const p of files) {
    const name = Buffer.from(relative(dir, p));
    const data = readFileSync(p);
    const packed = deflateRawSync(data, { level: 9 });
    const head = Buffer.alloc(30);
    const central = Buffer.alloc(46);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    central.writeUInt16LE(0x21, 14);
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(name.length, 26);

    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, name, packed);
    centrals.push(central, name);
    offset += head.length + name.length + packed.length;
  }
  const dirBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}
const archive = zip(out);
writeFileSync(join(root, 'extension/build/consent-guard.zip'), archive);
console.log(`extension/build/consent-guard/ and consent-guard.zip (${(archive.length / 1024).toFixed(0)} KiB)`);
