// consent-guard's default entry: the API, with the Wasm module fetched from the .wasm file next
// to this one. `new URL('./…wasm', import.meta.url)` is the pattern bundlers (esbuild with a
// loader, Vite, Rollup, webpack 5, Parcel) follow to ship the file; browsers cache the compiled
// code. In Node the file is read from disk, so createGuardSync works there without a load.
import { addModuleSource, wasmFile } from './module-source.js';

// Made lazily: a bundle without import.meta (an IIFE) must still be able to import this file.
addModuleSource(wasmFile(() => new URL('./wasm/consent_guard_bg.wasm', import.meta.url)));

export * from './api.js';
