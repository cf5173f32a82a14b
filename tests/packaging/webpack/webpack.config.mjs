// webpack 5 needs nothing for the .wasm file: it follows `new URL(…, import.meta.url)` and
// emits the module as an asset. This file only names the entry (the default is ./src/index.js).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default {
  mode: 'production',
  entry: join(here, 'app.js'),
  output: { path: join(here, 'dist') },
};
