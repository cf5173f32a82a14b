// Every ```js block in README.md runs as written (```javascript blocks are illustrations that
// need a page or an SDK, and are not run).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('README has runnable examples', () => assert.ok(blocks.length >= 1));

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs`, async () => {
    // Written next to the tests so `consent-guard` resolves through the repository's node_modules.
    const dir = mkdtempSync(join(new URL('.', import.meta.url).pathname, '.readme-'));
    const file = join(dir, 'example.mjs');
    const strict = code.replace(/console\.assert\(/g, 'assert.ok(');
    writeFileSync(file, `import assert from 'node:assert/strict';\n${strict}`);
    try {
      await import(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
