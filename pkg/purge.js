// Clearing what telemetry SDKs keep in the browser: PostHog, Segment, Mixpanel and Amplitude
// keep raw traits (and Mixpanel its unsent queue) in localStorage or cookies. Reports what was
// cleared by name, never values.

const KNOWN = [
  ['posthog', /^ph_/],
  ['posthog', /^__ph_opt_in_out_/],
  ['segment', /^ajs_/],
  ['segment', /^persisted-queue:v1:/],
  ['mixpanel', /^mp_.+_mixpanel$/],
  ['mixpanel', /^__mpq_/],
  ['mixpanel', /^__mp_opt_in_out_/],
  ['amplitude', /^AMP_/],
  ['amplitude', /^amplitude_/],
];

/** The SDK a storage key or cookie name belongs to, or undefined. */
export const sdkOf = (name) => KNOWN.find(([, re]) => re.test(name))?.[0];

/** Removes the known SDK keys from localStorage, sessionStorage and cookies. */
export function purgeStorage(win = globalThis) {
  const cleared = [];
  for (const store of ['localStorage', 'sessionStorage']) {
    let s;
    try {
      s = win[store];
    } catch {
      continue; // storage blocked: nothing to clear
    }
    if (!s) continue;
    const keys = [];
    for (let i = 0; i < s.length; i++) keys.push(s.key(i));
    for (const key of keys) {
      const sdk = sdkOf(key);
      if (sdk) {
        s.removeItem(key);
        cleared.push({ sdk, store, key });
      }
    }
  }
  const doc = win.document;
  if (doc && typeof doc.cookie === 'string') {
    const host = win.location?.hostname ?? '';
    // A cookie set for a parent domain is only removed with that domain attribute.
    const parts = host.split('.');
    const domains = [''];
    for (let i = 0; i < parts.length - 1; i++) domains.push(`; domain=.${parts.slice(i).join('.')}`);
    for (const part of doc.cookie.split(';')) {
      const name = part.split('=')[0].trim();
      const sdk = name && sdkOf(name);
      if (!sdk) continue;
      for (const domain of domains) doc.cookie = `${name}=; Max-Age=0; path=/${domain}`;
      cleared.push({ sdk, store: 'cookie', key: name });
    }
  }
  return cleared;
}
