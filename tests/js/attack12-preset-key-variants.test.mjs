// attack12: the `<vendor>-personal-keys` rules gate personal data by key name, but only the exact
// snake_case spellings the presets list (`street`, `first_name`, `phone_number`, `postal_code`,
// `notes`, ...). The same keys written as apps and vendor specs write them (camelCase `firstName`
// / `postalCode` as in Segment's own spec, Capitalized `Street`, UPPER `FIRST_NAME`, kebab
// `first-name`, prefixed `shipping_address`) pass under `analytics` alone, though the README says
// "Traits, names, addresses, notes and titles need personalization; the presets gate them by key".
// Names and street addresses are exactly what no detector can find (README "Detection has
// limits"), so the key rule is the only guard there is.
//
// Class: key-name gating is an exact, case-sensitive match on one spelling; every other spelling
// of the same personal field is unguarded. Leak: names, street addresses, phone-number fields and
// notes, under consent { analytics } (no personalization), on both routes (the presets are shared
// by the hook integrations and intercept(guard)).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';

// Each value is planted once and is not detectable (no email, phone or card shape), as names and
// addresses are not.
const VARIANTS = {
  firstName: 'Ophelia KVFIRST',
  lastName: 'KVLAST Quartermain',
  FIRST_NAME: 'Upperca KVUPPER',
  'first-name': 'Kebabine KVKEBAB',
  Street: '41 KVCAPSTREET Road',
  streetAddress: '7 KVCAMELSTREET Way',
  shipping_address: '9 KVSHIPADDR Lane',
  billingAddress: '3 KVBILLADDR Court',
  postalCode: 'KVPOST 1AA',
  phoneNumber: 'KVPHONE-ext-44',
  Notes: 'KVNOTES call after six',
};

// Where each preset puts an event's free-form properties.
const EVENTS = {
  posthog: (p) => [{ event: 'checkout', properties: p }],
  segment: (p) => [{ type: 'track', event: 'Order Completed', properties: p }],
  mixpanel: (p) => [{ event: 'checkout', properties: p }],
  amplitude: (p) => [{ event_type: 'checkout', event_properties: p }],
  otel: (p) => [{ name: 'checkout', attributes: p }],
  sentry: (p) => [{ type: 'event', extra: p }, { name: 'event' }],
};

for (const [preset, make] of Object.entries(EVENTS)) {
  test(`${preset}: personal keys in another spelling need personalization, as their snake_case twins do`, () => {
    const guard = createGuardSync({ preset, consent: { analytics: true } });
    // The snake_case spelling is gated: the preset does mean to gate these fields.
    const twin = JSON.stringify(guard.redact(...make({ first_name: 'Twin KVTWIN', street: '1 KVTWINSTREET', plan: 'pro' })));
    assert.ok(!twin.includes('KVTWIN'), `snake_case keys are gated: ${twin}`);
    assert.ok(twin.includes('"plan":"pro"'), 'the event is kept');
    const out = JSON.stringify(guard.redact(...make({ ...VARIANTS, plan: 'pro' })));
    const leaked = Object.entries(VARIANTS).filter(([, v]) => out.includes(v)).map(([k]) => k);
    assert.deepEqual(leaked, [], `${preset} sent personal fields without personalization: ${leaked.join(', ')}`);
    guard.free();
  });
}
