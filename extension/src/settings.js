// The person's choices, shared by every part of the extension. Stored in chrome.storage.local
// under `settings`; nothing here is ever a value from a page.
import { policiesFor } from './minimal-policies.js';

export const LEVELS = ['block', 'strip', 'allow'];

/** What a new install starts with: strip personal data everywhere, deny the sensitive purposes, send GPC. */
export const DEFAULTS = Object.freeze({
  version: 1,
  level: 'strip',
  sites: {},
  // Under "strip": events flow for analytics, everything that needs more is removed.
  consent: { analytics: true, functional: false, personalization: false, marketing: false, ai_training: false, sale_sharing: false },
  gpc: true,
  // Per-vendor policy overrides (policy JSON); absent: the vendor's strip policy (minimal-policies.js).
  policies: {},
  // Extra telemetry endpoints (self-hosted or proxied), as for guard.intercept({ endpoints }).
  endpoints: [],
});

/** Settings with every field present and of the right type; unknown fields dropped. */
export function normalize(input) {
  const s = typeof input === 'object' && input !== null ? input : {};
  const out = structuredClone(DEFAULTS);
  if (LEVELS.includes(s.level)) out.level = s.level;
  if (typeof s.sites === 'object' && s.sites !== null) {
    for (const [host, level] of Object.entries(s.sites)) if (LEVELS.includes(level)) out.sites[siteOf(host)] = level;
  }
  if (typeof s.consent === 'object' && s.consent !== null) {
    for (const [p, v] of Object.entries(s.consent)) if (typeof v === 'boolean') out.consent[p] = v;
  }
  if (typeof s.gpc === 'boolean') out.gpc = s.gpc;
  if (typeof s.policies === 'object' && s.policies !== null) {
    for (const [vendor, policy] of Object.entries(s.policies)) if (typeof policy === 'object' && policy !== null) out.policies[vendor] = policy;
  }
  if (Array.isArray(s.endpoints)) out.endpoints = s.endpoints.filter((e) => typeof e === 'object' && e !== null && typeof e.vendor === 'string' && Array.isArray(e.hosts));
  return out;
}

/** A host as a person names a site: lower case, no trailing dot (`shop.test.` is `shop.test`). */
export function siteOf(host) {
  return String(host ?? '').toLowerCase().replace(/\.$/, '');
}

/** The level for a host: its own override, else the global level. */
export function levelFor(settings, host) {
  return settings.sites[siteOf(host)] ?? settings.level;
}

const STRICTNESS = ['allow', 'strip', 'block'];

/** The stricter of two levels. */
export function stricter(a, b) {
  return STRICTNESS.indexOf(a) >= STRICTNESS.indexOf(b) ? a : b;
}

/**
 * What one frame needs to know, sent to its MAIN-world script. A frame inside a site takes the
 * stricter of its own level and the site's (`topHost`: the top-level page's host).
 */
export function forSite(settings, host, topHost = host) {
  const level = stricter(levelFor(settings, host), levelFor(settings, topHost));
  return { level, consent: settings.consent, policies: policiesFor(settings), endpoints: settings.endpoints, gpc: settings.gpc };
}

const EVENT_DROPS = ['consent', 'consent_pending', 'limit', 'invalid_event'];
const BLOCKS = ['blocked', 'unreadable_body', 'internal_error'];

/**
 * A receipt summary without values: whether the request went out or was blocked, events seen
 * and dropped, fields changed and their paths (array indices folded).
 */
export function summarize(receipt) {
  const dropped = receipt.dropped ?? [];
  const paths = (receipt.changes ?? []).map((c) => c.path.replace(/\[\d+\]/g, '[]'));
  return {
    kept: receipt.kept === true,
    blocked: receipt.kept !== true && dropped.some((d) => BLOCKS.includes(d.reason)),
    events: receipt.events ?? 0,
    dropped: dropped.filter((d) => EVENT_DROPS.includes(d.reason)).length,
    changes: paths.length,
    fields: [...new Set(paths)],
  };
}

/** Adds a summary to a site's counts. */
export function addTo(counts, summary, vendor) {
  const c = counts ?? { requests: 0, sent: 0, blocked: 0, events: 0, dropped: 0, redacted: 0, fields: {}, vendors: {} };
  c.requests += 1;
  if (summary.kept) c.sent += 1;
  else if (summary.blocked) c.blocked += 1;
  c.events += summary.events;
  c.dropped += summary.dropped;
  c.redacted += summary.changes;
  for (const f of summary.fields) c.fields[f] = (c.fields[f] ?? 0) + 1;
  if (vendor) c.vendors[vendor] = (c.vendors[vendor] ?? 0) + 1;
  return c;
}
