// consent-guard's default entry: the API, with the Wasm module fetched from the .wasm file next
// to this one. `new URL('./…wasm', import.meta.url)` is the pattern bundlers (esbuild with a
// loader, Vite, Rollup, webpack 5, Parcel) follow to ship the file; browsers cache the compiled
// code. In Node the file is read from disk, so createGuardSync works there without a load.
import { addModuleSource } from './module-source.js';

// Made lazily: a bundle without import.meta (an IIFE) must still be able to import this file.
const wasmUrl = () => new URL('./wasm/consent_guard_bg.wasm', import.meta.url);

function fileBytes() {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) return null;
  let url;
  try {
    url = wasmUrl();
  } catch {
    return null;
  }
  return url.protocol === 'file:' ? fs.readFileSync(url) : null;
}

async function fetchAndCompile() {
  const url = wasmUrl();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url.pathname} answered ${response.status}`);
  // compileStreaming insists on the application/wasm type; a server that says otherwise still
  // gets a working page, compiled from the whole body instead.
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

addModuleSource({ bytes: fileBytes, compile: fetchAndCompile });

export * from './api.js';
