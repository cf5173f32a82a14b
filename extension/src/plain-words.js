// Receipts in words a person reads: which company, and what kind of data was removed
// ("2 email addresses, 1 page address with its query"). Receipts name rules, detectors and
// paths; this maps them to kinds, and kinds to phrases. Never a value: receipts hold none.

/** The companies behind the vendors, as people know them. */
export const VENDOR_NAMES = Object.freeze({
  posthog: 'PostHog',
  segment: 'Segment',
  sentry: 'Sentry',
  amplitude: 'Amplitude',
  mixpanel: 'Mixpanel',
  otel: 'OpenTelemetry',
});

export function vendorName(vendor) {
  return VENDOR_NAMES[vendor] ?? String(vendor ?? 'an unknown service');
}

// Detectors (src/detect) by the kind of data they find.
const DETECTOR_KINDS = {
  email: 'email', phone: 'phone', card: 'card', iban: 'iban', ssn: 'ssn', ipv4: 'ip', ipv6: 'ip', mac: 'device-id', imei: 'device-id',
  jwt: 'secret', aws_key: 'secret', github_token: 'secret', stripe_key: 'secret', slack_token: 'secret', google_api_key: 'secret',
  private_key: 'secret', bearer_token: 'secret', basic_auth: 'secret', url_credentials: 'secret',
};

// Rules, by the end of their id (presets name them `<vendor>-<what>`; the strip policies reuse
// those ids and add `minimal-*`).
const RULE_KINDS = [
  [/-urls$/, 'page-address'],
  [/-url-fragment$/, 'page-address'],
  [/-referrers?$/, 'referrer'],
  [/-title$/, 'title'],
  [/-(person|traits|profile|user-properties|user)$/, 'profile'],
  [/-personal-keys$/, 'personal'],
  [/^minimal-identity$|-flags-identity$/, 'identifier'],
  [/-user-agent$/, 'browser'],
  [/-(user-)?ip$/, 'ip'],
  [/-(headers|secrets)$/, 'headers'],
  [/-network-payloads$/, 'network'],
];

/** The kind of data one receipt change removed or changed. */
export function kindOf(change) {
  const detector = typeof change?.detector === 'string' ? change.detector : '';
  if (detector) return DETECTOR_KINDS[detector] ?? (detector.startsWith('pattern') ? 'pattern' : 'other-detected');
  const path = typeof change?.path === 'string' ? change.path : '';
  if (path === 'query' || path.startsWith('query.')) return 'query';
  if (path.startsWith('headers.')) return 'headers';
  const rule = typeof change?.rule === 'string' ? change.rule : '';
  if (rule === '@scan' && change.action === 'url') return 'address-in-text';
  for (const [re, kind] of RULE_KINDS) if (re.test(rule)) return kind;
  return 'other';
}

/** The kind of a dropped event. */
export function dropKindOf(drop) {
  if (drop?.reason === 'policy') return drop.detail === 'replay' ? 'replay' : 'not-sent-kind';
  if (drop?.reason === 'consent' || drop?.reason === 'consent_pending') return 'needs-consent';
  if (drop?.reason === 'limit') return 'oversized';
  return 'unreadable';
}

// Singular and plural, in the order the popup lists them: personal data first, the rest after.
const PHRASES = {
  email: ['email address', 'email addresses'],
  phone: ['phone number', 'phone numbers'],
  card: ['card number', 'card numbers'],
  iban: ['bank account number', 'bank account numbers'],
  ssn: ['social security number', 'social security numbers'],
  secret: ['password, token or key', 'passwords, tokens or keys'],
  ip: ['IP address', 'IP addresses'],
  'device-id': ['hardware identifier', 'hardware identifiers'],
  pattern: ['value matching your own pattern', 'values matching your own patterns'],
  'other-detected': ['detected personal value', 'detected personal values'],
  'page-address': ['page address with its query', 'page addresses with their query'],
  'address-in-text': ['web address inside a text', 'web addresses inside texts'],
  referrer: ['address of the page you came from', 'addresses of pages you came from'],
  title: ['page title', 'page titles'],
  profile: ['profile detail (name, email, traits)', 'profile details (name, email, traits)'],
  personal: ['personal detail (address, name, phone, note)', 'personal details (address, name, phone, note)'],
  identifier: ['identifier that could follow you', 'identifiers that could follow you'],
  browser: ['full browser description (kept: browser and system)', 'full browser descriptions (kept: browser and system)'],
  headers: ['request header', 'request headers'],
  network: ['recorded network request', 'recorded network requests'],
  query: ['address parameter', 'address parameters'],
  'needs-consent': ['event that needs consent you have not given', 'events that need consent you have not given'],
  replay: ['session recording', 'session recordings'],
  'not-sent-kind': ['event of a kind that is never sent', 'events of a kind that is never sent'],
  oversized: ['oversized event', 'oversized events'],
  unreadable: ['unreadable part', 'unreadable parts'],
  other: ['other detail not needed for counting', 'other details not needed for counting'],
};
const ORDER = Object.keys(PHRASES);

/** "2 email addresses", or the kind itself for one this file does not know. */
export function phrase(kind, n) {
  const [one, many] = PHRASES[kind] ?? [kind, kind];
  return `${n} ${n === 1 ? one : many}`;
}

const rank = (kind) => (ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length);

/** Counts of removed kinds as phrases, personal data first. */
export function describe(removed) {
  return Object.entries(removed ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([kind, n]) => phrase(kind, n));
}
