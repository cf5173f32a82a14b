// Session replay, from the rich captures: PostHog /s/ ($snapshot, with gzip bytes held in latin1
// strings inside the JSON), Sentry replay_event and replay_recording (a zlib stream after a
// header line), Mixpanel /record (gzip JSON), Amplitude /sessions/v2/track (rrweb events as JSON
// text in strings). By default the policy blocks replay: nothing of it is sent. With
// `replay: "redact"`, it is decoded as deep as it goes, every string in it is redacted like any
// other, and no planted value that must never leave survives, however deep it was.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';
import { captures, guardCapture, deepText, CANARIES } from './support/captures.mjs';

const ALL = { analytics: true, functional: true, marketing: true, personalization: true, ai_training: true, sale_sharing: true };
const NEVER = ['url_token', 'url_hash', 'referrer_token', 'link_token', 'form_token', 'fetch_token', 'xhr_token', 'fail_token',
  'spa_token', 'next_token', 'cookie_value', 'typed_password'].map((k) => CANARIES[k])
  .concat(Object.values(CANARIES).flatMap((v) => v.split(' ').filter((w) => w.includes('@'))))
  .concat([CANARIES.trait_phone]);

const isReplay = (c) => (c.sdk === 'posthog' && c.channel === 's') || (c.sdk === 'mixpanel' && c.channel === 'record')
  || (c.sdk === 'amplitude' && c.channel.startsWith('sessions')) || (c.sdk === 'sentry' && /replay/.test(c.channel));

const replays = captures().filter(isReplay);

test('the captures hold replay from all four SDKs that record', () => {
  assert.deepEqual([...new Set(replays.map((c) => c.sdk))].sort(), ['amplitude', 'mixpanel', 'posthog', 'sentry']);
});

test('by default, replay is blocked: nothing of it is sent', () => {
  for (const c of replays) {
    const guard = createGuardSync({ preset: c.sdk, consent: ALL });
    const { sent, receipt } = guardCapture(guard, c);
    if (c.sdk === 'sentry' && sent !== null) {
      // An envelope may carry other items; none of them is replay.
      assert.ok(!/"type":"replay_(event|recording)"/.test(sent), `${c.file}: a replay item was sent`);
      continue;
    }
    assert.equal(sent, null, `${c.file} was sent`);
    if (receipt) assert.ok(receipt.dropped.some((d) => d.reason === 'policy' && d.detail === 'replay'), `${c.file}: ${JSON.stringify(receipt.dropped)}`);
  }
});

test('with replay: "redact", replay is decoded, redacted all the way down, and sent', () => {
  const sent = new Set();
  for (const c of replays) {
    const guard = createGuardSync({ policy: { version: 1, extends: c.sdk, replay: 'redact' }, consent: ALL });
    const out = guardCapture(guard, c);
    if (out.sent === null) continue;
    sent.add(c.sdk);
    const deep = deepText(Buffer.from(out.sent, 'latin1'));
    for (const canary of NEVER) assert.ok(!out.sent.includes(canary) && !deep.includes(canary), `${c.file}: ${canary} survived in replay`);
  }
  assert.deepEqual([...sent].sort(), ['amplitude', 'mixpanel', 'posthog', 'sentry'], 'replay from every SDK arrives when allowed');
});
