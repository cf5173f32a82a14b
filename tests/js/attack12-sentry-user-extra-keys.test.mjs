// attack12: README "Identity" says "With `necessary` only ... Sentry error events carry no `user`
// (its id, email, name and username need `functional`)". The sentry preset gates a list of the
// user's keys (`user.id`, `user.email`, `user.username`, `user.name`, `user.phone`, `user.data`)
// instead of the `user` object: everything else Sentry.setUser accepts and sends rides along in
// every error event under consent {} — Sentry's own documented `user.geo` (city, region), and the
// "additional arbitrary data" its docs invite (`display_name`, `company`, an employee number,
// `fullName`). Error events are the one item type sent without analytics, so this is what leaves
// for a visitor who granted nothing.
//
// Class: a personal object is gated by an allowlist of its known sub-keys rather than as a
// whole; any other key inside it passes. Leak: the user's display name, city/region, employer and
// staff number, under consent {} (necessary only), on both routes (sentryConfig's transport and
// intercept(guard) both redact the envelope with this preset; checked here on the envelope as
// they hand it to the engine).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';

const PLANTED = {
  display_name: 'Dorothea SUXDISPLAY',
  fullName: 'SUXFULL Marlowe',
  company: 'SUXCOMPANY Holdings',
  employee_number: 'SUXEMP-40917',
  city: 'SUXCITY Falls',
  region: 'SUXREGION',
};

// An error event as @sentry/browser 11 builds it after Sentry.setUser({ id, email, username,
// geo, display_name, fullName, company, employee_number }) and captureException.
function envelope() {
  const event = {
    event_id: '4f1c9a6e2b7d4e0f8a3c5b6d7e8f9a0b',
    level: 'error',
    platform: 'javascript',
    timestamp: 1796000000.123,
    exception: { values: [{ type: 'Error', value: 'checkout failed', mechanism: { type: 'generic', handled: true } }] },
    user: {
      id: 'SUXUID-77',
      email: 'sux.user@example.com',
      username: 'sux_user',
      ip_address: '{{auto}}',
      geo: { city: PLANTED.city, region: PLANTED.region, country_code: 'US' },
      display_name: PLANTED.display_name,
      fullName: PLANTED.fullName,
      company: PLANTED.company,
      employee_number: PLANTED.employee_number,
    },
    sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
  };
  return [
    JSON.stringify({ event_id: event.event_id, sent_at: '2026-11-30T10:00:00.000Z', sdk: event.sdk }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(event),
    '',
  ].join('\n');
}

test('sentry: an error event under {} carries nothing of Sentry.setUser', () => {
  const guard = createGuardSync({ preset: 'sentry', consent: {} });
  const { body } = guard.redactBody(envelope());
  assert.ok(body, 'the error event is sent (errors need no consent beyond necessary)');
  const text = new TextDecoder().decode(body);
  assert.ok(text.includes('checkout failed'), 'the error itself arrives');
  for (const gated of ['SUXUID-77', 'sux.user@example.com', 'sux_user']) assert.ok(!text.includes(gated), `${gated} is gated (the listed keys are)`);
  const leaked = Object.entries(PLANTED).filter(([, v]) => text.includes(v)).map(([k]) => k);
  assert.deepEqual(leaked, [], `the user's other keys left under {}: ${leaked.join(', ')}\n${text}`);
  guard.free();
});
