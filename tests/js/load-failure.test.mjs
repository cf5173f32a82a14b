// If the module cannot compile, createGuard rejects and createGuardSync throws: nothing is
// ever redacted "best effort". Run in a child process where WebAssembly is unavailable.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const script = `
  globalThis.WebAssembly = { Module: function () { throw new Error('compile blocked'); },
                             compile: async () => { throw new Error('compile blocked'); } };
  const { createGuard, createGuardSync } = await import('consent-guard');
  const out = {};
  try { await createGuard({ preset: 'posthog' }); out.async = 'resolved'; } catch (e) { out.async = e.code; }
  try { createGuardSync({ preset: 'posthog' }); out.sync = 'returned'; } catch (e) { out.sync = e.code; }
  console.log(JSON.stringify(out));
`;

test('createGuard rejects when the module cannot load', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { async: 'MODULE_LOAD_FAILED', sync: 'MODULE_LOAD_FAILED' });
});
