// Where the Wasm module comes from. Each entry registers its way once, when it is imported:
// index.js fetches the .wasm file (compiling as it streams), sync.js decodes the copy embedded
// in JS. Importing both is fine: the module still loads once per realm (api.js keeps it).

const sources = { bytes: [], compile: [] };

/** Registers a synchronous source (returns the bytes, or null where it cannot) and/or an async compiler. */
export function addModuleSource({ bytes, compile }) {
  if (bytes) sources.bytes.push(bytes);
  if (compile) sources.compile.push(compile);
}

/** The module's bytes from the first synchronous source that has them, or null. */
export function moduleBytes() {
  for (const read of sources.bytes) {
    const bytes = read();
    if (bytes) return bytes;
  }
  return null;
}

/** A compiled module: the embedded bytes when an entry has them, else the first compiler. */
export async function compileModule() {
  const bytes = moduleBytes();
  if (bytes) return WebAssembly.compile(bytes);
  if (sources.compile.length === 0) throw new Error('no module source: import consent-guard from its package entry');
  return sources.compile[0]();
}
