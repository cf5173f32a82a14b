// consent-guard/sync: the API with the Wasm module embedded in JS (base64), so createGuardSync
// works before anything is fetched: the top of <head>, an extension's content script, a
// worker that cannot wait. It costs a third more bytes than the .wasm file and holds the text
// in the JS heap; the default entry avoids both.
import { addModuleSource } from './module-source.js';
import { wasmBase64 } from './wasm/embedded.js';

function decodeBase64(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  if (typeof Buffer === 'function') return new Uint8Array(Buffer.from(b64, 'base64'));
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

addModuleSource({ bytes: () => decodeBase64(wasmBase64) });

export * from './api.js';
