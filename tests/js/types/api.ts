// The core API's types under --strict, compiled by tests/js/types.test.mjs: what redact returns
// says that any field may be gone, and the other results say what they hold. Each
// `@ts-expect-error` line is a wrong use that must fail (tsc also fails if one of them compiles).
import {
  createGuardSync, consentFromSignals, validatePolicy, presetPolicy,
  type Redacted, type Policy, type UspFlag, type ConsentModeType,
} from 'consent-guard';

const guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
const event = {
  event: '$pageview',
  properties: {
    $current_url: 'https://shop.example.com/checkout?utm_source=mail',
    count: 3,
    paid: true,
    at: new Date(0),
    tags: ['a', 'b'],
    user: { email: 'jane@example.com', address: { city: 'Berlin' } },
  },
};

// --- redact: null when nothing may be sent, and every field may be gone ------------------------
const out = guard.redact(event);
// @ts-expect-error null when nothing may be sent
void out.event;
if (out !== null) {
  // @ts-expect-error a top-level field may have been dropped
  const name: string = out.event;
  // @ts-expect-error `properties` may have been dropped as a whole
  void out.properties.$current_url;
  // @ts-expect-error a nested object may have been dropped
  void out.properties?.user.email;
  // @ts-expect-error a deeply nested field may have been dropped
  const city: string = out.properties?.user?.address?.city;
  // @ts-expect-error a number may come back as text (masked, hashed, replaced)
  const count: number | undefined = out.properties?.count;
  // @ts-expect-error a boolean may come back as text
  const paid: boolean | undefined = out.properties?.paid;
  // @ts-expect-error the event crossed as JSON: a Date comes back as its text
  const at: Date | undefined = out.properties?.at;
  // @ts-expect-error array items are redacted too
  const tags: string[] = out.properties?.tags;

  // Read as optional, it compiles.
  const url: string | undefined = out.properties?.$current_url;
  const city2: string | undefined = out.properties?.user?.address?.city;
  const count2: number | string | undefined = out.properties?.count;
  const at2: string | undefined = out.properties?.at;
  const tags2: string[] | undefined = out.properties?.tags;
  void [name, city, count, paid, at, tags, url, city2, count2, at2, tags2];
}

// Redacted<T> by itself.
type R = Redacted<{ readonly a: { b: number[] }; f: () => void; m: Map<string, string> }>;
const r: R = {};
// @ts-expect-error functions do not cross as JSON
const withFn: R = { f: () => undefined };
// @ts-expect-error array items keep their type: numbers, or text
const wrong: R = { a: { b: [{}] } };
void [r, withFn, wrong];

// redact takes objects, with an optional event name for the event rules.
guard.redact([event], { name: 'batch' });
// @ts-expect-error an event is an object or array (raw JSON text goes to redactJson)
guard.redact('{"event":"x"}');
// @ts-expect-error the name is a string
guard.redact(event, { name: 1 });

// explain: text in, text out; an object in, a Redacted object out.
const fromText: string | null = guard.explain('{"a":1}').event;
const explained = guard.explain(event);
// @ts-expect-error explain's event is redacted (and null when nothing may be sent)
void explained.event.properties;
const kept: boolean = explained.receipt.kept;
const json: string | null = guard.redactJson('{"a":1}');
void [fromText, kept, json];

// --- validatePolicy: `key` is whether a key will be given: true, or the key itself -------------
const policy: Policy = { version: 1, rules: [{ id: 'email', select: 'email', denied: { type: 'hash', normalize: 'email' } }] };
validatePolicy(policy, { key: true });
validatePolicy(policy, { key: 'a site key that is long enough' });
validatePolicy(policy, { key: new TextEncoder().encode('a site key that is long enough') });
validatePolicy(JSON.stringify(presetPolicy('segment')));
// @ts-expect-error a number is no key
validatePolicy(policy, { key: 42 });
// @ts-expect-error policies are version 1
validatePolicy({ version: 2 });

// --- consentFromSignals: sources are present only when given; each detail has its shape --------
const { consent, sources } = consentFromSignals({ usp: '1YNN', gpc: true, consentMode: [['consent', 'default', { ad_storage: 'denied' }]] });
const analytics: 'granted' | 'denied' | 'unknown' | undefined = consent.analytics;
const optedOut: UspFlag | undefined = sources.usp?.detail?.optedOutOfSale;
const ad: 'granted' | 'denied' | undefined = sources.consent_mode?.detail?.ad_storage;
const ignored: ConsentModeType[] | undefined = sources.consent_mode?.detail?.regionGrantsIgnored;
const vendors: number[] | undefined = sources.tcf?.detail?.vendorConsents;
const usnat: number | boolean | number[] | undefined = sources.gpp?.detail?.sections.usnat?.SaleOptOut;
const errorMessage: string | undefined = sources.tcf?.error?.message;
void [analytics, optedOut, ad, ignored, vendors, usnat, errorMessage];
// @ts-expect-error a source is reported only when it was given
void sources.usp.detail;
// @ts-expect-error GPC has no decoded detail
void sources.gpc?.detail?.value;
// @ts-expect-error US Privacy flags are Y, N or -
const yes: boolean | undefined = sources.usp?.detail?.notice;
// @ts-expect-error not a source
void sources.ccpa;
void yes;

export {};
