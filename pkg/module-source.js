// Where the Wasm module comes from. Each entry registers its way once, when it is imported:
// index.js fetches the .wasm file (compiling as it streams), sync.js decodes the copy embedded
// in JS, lean.js fetches the lean .wasm (no request-body codecs or signal decoders). Importing
// several is fine: the module still loads once per realm (api.js keeps it). A whole module's
// source is preferred to the lean one, but only among those registered when the first load
// starts: an entry imported later (a lazy chunk) gets the module already loaded.

const sources = { bytes: [], compile: [] };

/**
 * Registers a synchronous source (returns the bytes, or null where it cannot) and/or an async
 * compiler. `lean` sources are tried after every whole one.
 */
export function addModuleSource({ bytes, compile, lean = false }) {
  const add = (list, fn) => {
    list.push({ fn, lean });
    list.sort((a, b) => a.lean - b.lean); // stable: registration order within each kind
  };
  if (bytes) add(sources.bytes, bytes);
  if (compile) add(sources.compile, compile);
}

/** `{ bytes, lean }` from the first synchronous source that has them, or null. */
export function moduleBytes() {
  for (const { fn, lean } of sources.bytes) {
    const bytes = fn();
    if (bytes) return { bytes, lean };
  }
  return null;
}

/** `{ module, lean }`: compiled from the embedded bytes when an entry has them, else by the first compiler. */
export async function compileModule() {
  const found = moduleBytes();
  if (found) return { module: await WebAssembly.compile(found.bytes), lean: found.lean };
  if (sources.compile.length === 0) throw new Error('no module source: import consent-guard from its package entry');
  const { fn, lean } = sources.compile[0];
  return { module: await fn(), lean };
}

/**
 * A .wasm file as a source: `wasmUrl()` makes its URL (each entry writes the
 * `new URL('./…wasm', import.meta.url)` itself, the pattern bundlers follow to ship the file).
 * In Node the file is read from disk, so createGuardSync works there without a load; browsers
 * fetch it and compile as it streams.
 */
export function wasmFile(wasmUrl) {
  function bytes() {
    const fs = globalThis.process?.getBuiltinModule?.('node:fs');
    if (!fs) return null;
    let url;
    try {
      url = wasmUrl();
    } catch {
      return null; // a bundle without import.meta (an IIFE)
    }
    return url.protocol === 'file:' ? fs.readFileSync(url) : null;
  }
  async function compile() {
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
  return { bytes, compile };
}
