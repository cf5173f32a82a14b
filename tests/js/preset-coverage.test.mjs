// Seam 4: presets cover what the SDKs really send. Every request the rich capture recorded
// (tests/fixtures/captures: the six SDKs with autocapture, heatmaps, web vitals, errors, logs,
// groups, replay and network tracking on, and values planted in the page URL, referrer, links,
// forms, typed inputs, traits, errors, the app's own requests) is guarded as intercept(guard)
// guards it. Whatever the consent, no planted value that must never leave does; and every string
// in a capture that holds a URL or a query is planted with one more token, which must not
// survive either: a field holding a URL that no URL rule covers fails here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';
import { captures, guardCapture, CANARIES } from './support/captures.mjs';

const ALL = { analytics: true, functional: true, marketing: true, personalization: true, ai_training: true, sale_sharing: true };

// Never sent, whatever the consent: tokens in URLs, the fragment, cookies, passwords, and every
// value a detector knows (emails, phones).
const NEVER = ['url_token', 'url_hash', 'referrer_token', 'link_token', 'form_token', 'fetch_token', 'xhr_token', 'fail_token',
  'spa_token', 'next_token', 'cookie_value', 'typed_password'].map((k) => CANARIES[k])
  .concat(Object.values(CANARIES).flatMap((v) => v.split(' ').filter((w) => w.includes('@'))))
  .concat([CANARIES.trait_phone, CANARIES.trait_phone.replace(/\D/g, '')]);

function guards(consent) {
  return createGuardSync({ preset: 'posthog', consent });
}

test('no planted URL token, cookie, password or detectable value leaves, whatever the consent', () => {
  const all = captures();
  assert.ok(all.length > 150, 'the captures are there');
  for (const consent of [{}, { analytics: true }, ALL]) {
    const guard = guards(consent);
    for (const c of all) {
      const { sent } = guardCapture(guard, c);
      if (sent === null) continue;
      for (const canary of NEVER) {
        assert.ok(!sent.includes(canary), `${c.file} (${JSON.stringify(consent)}): ${canary} left the page`);
      }
    }
  }
});

/** Plants `cgq=CGQTOKEN` into every URL or query held in a string value or key of `v`. */
function plant(v) {
  const url = /((?:[a-z][a-z0-9+.-]*:\/\/|\/|\?)[^\s"'<>`)\]}|\\]*)/gi;
  const add = (s) => s.replace(url, (m) => {
    if (!m.includes('://') && !m.includes('?')) return m;
    const [base, frag] = m.split('#');
    return `${base}${base.includes('?') ? '&' : '?'}cgq=CGQTOKEN${frag !== undefined ? `#${frag}` : ''}`;
  });
  if (typeof v === 'string') return add(v);
  if (Array.isArray(v)) return v.map(plant);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [add(k), plant(x)]));
  return v;
}

test('every URL or query a capture holds, in values and keys, is covered by a URL rule', () => {
  const guard = guards(ALL);
  let planted = 0;
  for (const c of captures()) {
    if (c.raw_base64 || !c.body || typeof c.body !== 'object') continue; // nested encodings: the replay tests
    const body = plant(c.body);
    const text = JSON.stringify(body);
    planted += text.split('CGQTOKEN').length - 1;
    const { sent } = guardCapture(guard, { ...c, body });
    if (sent === null) continue;
    assert.ok(!sent.includes('CGQTOKEN'), `${c.file}: a planted query survived:\n${sent.slice(Math.max(0, sent.indexOf('CGQTOKEN') - 300), sent.indexOf('CGQTOKEN') + 40)}`);
  }
  assert.ok(planted > 500, `planted ${planted} tokens`);
});
