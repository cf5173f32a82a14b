// A page that imports consent-guard/lean and the default entry gets the whole module, in either
// order: nothing an entry offers goes missing because the other was imported too.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as lean from 'consent-guard/lean';
import { createGuard, consentFromSignals } from 'consent-guard';

test('imported after the lean entry, the default entry still has its codecs and signal decoders', async () => {
  const guard = await lean.createGuard({ preset: 'posthog', consent: { analytics: true } });
  const out = guard.redactBody('{"event":"$pageview","properties":{"email":"jane@example.com"}}');
  assert.equal(new TextDecoder().decode(out.body), '{"event":"$pageview","properties":{"email":"[email]"}}');
  assert.equal(consentFromSignals({ gpc: true }).consent.sale_sharing, 'denied');
  assert.ok((await createGuard({ preset: 'segment' })).consentFromSignals({ gpc: true }));
});
