// Loads the decoded SDK request bodies from bench/fixtures/sdk-payloads (or $FIXTURES) as
// { sdk, preset, body, events }: `body` is what goes on the wire (raw-body path), `events` the
// single events an SDK hook sees (object path).
import { readFileSync, readdirSync, existsSync } from 'node:fs';

// Decoded request bodies captured from the real SDKs (fake personal data), one file per request.
const DEFAULT_DIR = new URL('./fixtures/sdk-payloads/', import.meta.url);

export function fixtureDir() {
  const dir = process.env.FIXTURES ? new URL(`file://${process.env.FIXTURES.replace(/\/?$/, '/')}`) : DEFAULT_DIR;
  if (!existsSync(dir)) throw new Error(`SDK fixtures not found at ${dir.pathname}; set FIXTURES=/path/to/sdk-payloads`);
  return dir;
}

export function loadFixtures() {
  const dir = fixtureDir();
  const out = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const f = JSON.parse(readFileSync(new URL(file, dir)));
    let bodies;
    if (f.kind === 'form-urlencoded') bodies = [f.body.data.value];
    else if (f.kind === 'envelope') bodies = f.body.filter((_, i) => i >= 2 && i % 2 === 0);
    else bodies = [f.body];
    for (const body of bodies) {
      const events = Array.isArray(body) ? body : body.batch ?? body.events ?? [body];
      out.push({ file, sdk: f.sdk, preset: f.sdk, path: f.path, body, events });
    }
  }
  return out;
}

/** One capture file as recorded: `{ sdk, path, kind, body }` (envelopes as their lines). */
export function rawFixture(file) {
  return JSON.parse(readFileSync(new URL(file, fixtureDir())));
}
