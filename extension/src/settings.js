// The person's choices, shared by every part of the extension. Stored in chrome.storage.local
// under `settings`; nothing here is ever a value from a page.
import { VENDORS } from '../../pkg/endpoints.js';

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
  // Extra telemetry endpoints (self-hosted or proxied), as for intercept(guard, { endpoints }).
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
  if (Array.isArray(s.endpoints)) out.endpoints = s.endpoints.filter(isEndpoint);
  return out;
}

/**
 * An endpoint every reader can use: a known vendor, host names, an optional path prefix. (One
 * the endpoint table would refuse must not cost the person every other setting.)
 */
function isEndpoint(e) {
  return typeof e === 'object' && e !== null && Object.hasOwn(VENDORS, e.vendor)
    && Array.isArray(e.hosts) && e.hosts.length > 0 && e.hosts.every((h) => typeof h === 'string' && /^[*a-z0-9.:-]+$/i.test(h))
    && (e.prefix === undefined || (typeof e.prefix === 'string' && e.prefix.startsWith('/')));
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
 * What one frame needs to know, sent to its MAIN-world script: the level, the endpoints to
 * intercept, GPC. A frame inside a site takes the stricter of its own level and the site's
 * (`topHost`: the top-level page's host). The policies and consent stay with the service worker,
 * which alone redacts.
 */
export function forSite(settings, host, topHost = host) {
  const level = stricter(levelFor(settings, host), levelFor(settings, topHost));
  return { level, endpoints: settings.endpoints, gpc: settings.gpc };
}
