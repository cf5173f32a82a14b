// The package's types are ones users can trust:
// - every ```js, ```javascript, ```ts and ```typescript example in README.md compiles under
//   `tsc --strict` against the package's types and the real SDK packages in node_modules (what an
//   example leaves to the page, keys and exporters, is declared in tests/js/types/ambient.d.ts);
// - tests/js/types/*.ts (each integration wired to its SDK's real types; redact's result type;
//   wrong uses marked `@ts-expect-error`, which tsc fails on if they compile) compile too;
// - the shipped declarations (pkg/*.d.ts) say `any` nowhere.
// One tsc run checks all of it, in target/types-check/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/.bin/tsc');
const typesDir = join(root, 'tests/js/types');

const OPTIONS = {
  strict: true,
  noEmit: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2022',
  lib: ['es2022', 'dom'],
  // Only what the files import: no @types package enters unasked.
  types: [],
};

/** README code blocks in the languages tsc reads, with the line each starts on. */
function readmeExamples() {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const out = [];
  for (const m of text.matchAll(/^```(js|javascript|ts|typescript)\n([\s\S]*?)^```/gm)) {
    out.push({ lang: m[1], code: m[2], line: text.slice(0, m.index).split('\n').length + 1 });
  }
  return out;
}

/** Writes a fresh check directory; returns it with the README examples' file names. */
function writeProject(name, files) {
  const dir = join(root, 'target', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** Runs tsc on a project; resolves to its exit status and diagnostics. */
async function compile(dir, files) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: OPTIONS, files }, null, 2));
  try {
    await run(tsc, ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, maxBuffer: 16 << 20 });
    return { ok: true, output: '' };
  } catch (e) {
    if (typeof e.code !== 'number') throw e; // tsc did not run
    return { ok: false, output: `${e.stdout}${e.stderr}` };
  }
}

const examples = readmeExamples();

test('README has TypeScript-checkable examples', () => {
  assert.ok(examples.length >= 5, `found ${examples.length}`);
});

test('README examples and tests/js/types/*.ts compile under tsc --strict', async () => {
  const files = {};
  const where = {};
  examples.forEach((ex, i) => {
    // .mts: an ES module whatever it contains (top-level await works); `export {}` scopes a
    // block with no import to itself.
    const file = `readme-${i + 1}.mts`;
    files[file] = `${ex.code}\nexport {};\n`;
    where[file] = ex;
  });
  const dir = writeProject('types-check', files);
  const own = readdirSync(typesDir).filter((f) => f.endsWith('.ts')).map((f) => relative(dir, join(typesDir, f)));
  assert.ok(own.some((f) => f.endsWith('ambient.d.ts')) && own.some((f) => f.endsWith('integrations.ts')) && own.some((f) => f.endsWith('api.ts')));
  const shipped = readdirSync(join(root, 'pkg')).filter((f) => f.endsWith('.d.ts')).map((f) => relative(dir, join(root, 'pkg', f)));
  const { ok, output } = await compile(dir, [...Object.keys(files), ...own, ...shipped]);
  // Diagnostics in README blocks name the README line.
  const explained = output.replace(/^readme-(\d+)\.mts\((\d+),(\d+)\)/gm, (_, n, l, c) => {
    const ex = where[`readme-${n}.mts`];
    return `README.md:${ex.line + Number(l) - 1}:${c} (\`\`\`${ex.lang} block ${n})`;
  });
  assert.ok(ok, `tsc --strict failed:\n${explained}`);
});

test('the check is not vacuous: a wrong type against the package fails to compile', async () => {
  const dir = writeProject('types-check-negative', {
    'wrong.mts': [
      "import { createGuardSync } from 'consent-guard';",
      "const guard = createGuardSync({ preset: 'posthog' });",
      'const title: string = guard.redact({ title: 1 })?.title;',
      'export {};',
    ].join('\n'),
  });
  const { ok, output } = await compile(dir, ['wrong.mts']);
  assert.equal(ok, false);
  assert.match(output, /wrong\.mts\(3,7\): error TS2322/, output);
  assert.doesNotMatch(output, /TS2307/, 'consent-guard resolves');
});

/** Declaration text without comments or string literals. */
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (m) => m.replace(/[^\n]/g, ' '));
}

test('no `any` in the shipped declarations (pkg/*.d.ts)', () => {
  const files = readdirSync(join(root, 'pkg')).filter((f) => f.endsWith('.d.ts'));
  assert.ok(files.includes('index.d.ts') && files.includes('integrations.d.ts'), files.join());
  const found = [];
  for (const f of files) {
    code(readFileSync(join(root, 'pkg', f), 'utf8')).split('\n').forEach((line, i) => {
      if (/\bany\b/.test(line)) found.push(`pkg/${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
  // The scan sees code: it finds an `any` that a comment or string does not hide.
  assert.match(code("type X = any; // any\nconst s = 'any';"), /\bany\b/);
  assert.doesNotMatch(code("// any\n/* any */ const s = 'any';"), /\bany\b/);
});
