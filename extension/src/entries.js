// What a person types into the options page, checked before it is stored: a site, and a custom
// telemetry endpoint (a vendor, a host, a path prefix). Each returns `{ value }` or `{ error }`
// with a sentence saying what is wrong; nothing half-valid is stored.
import { VENDORS } from '../../pkg/endpoints.js';
import { siteOf } from './settings.js';

const HOST = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+\.?(:\d{1,5})?$/;

/** Reads "example.com", "Example.com." or a pasted address ("https://example.com/a?b") as a site. */
export function parseSite(text) {
  const raw = String(text ?? '').trim();
  if (!raw) return { error: 'Type a site, like example.com.' };
  let host = raw.toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) {
    try {
      host = new URL(host).hostname;
    } catch {
      return { error: `"${raw}" is not an address.` };
    }
  }
  if (host.includes(':') || host.includes('*') || !HOST.test(host)) return { error: `"${raw}" is not a site name (letters, digits, dots and dashes, like example.com).` };
  return { value: siteOf(host) };
}

/**
 * Reads an endpoint: `vendor` one of the known vendors, `host` a host name with an optional port
 * (`*.` for every subdomain; a pasted address gives its host, and its path as the prefix when
 * none is given), `prefix` empty or a path (`/ingest`). Value: `{ vendor, hosts: [host], prefix? }`.
 */
export function parseEndpoint({ vendor, host, prefix } = {}) {
  if (!Object.hasOwn(VENDORS, vendor)) return { error: `Choose a vendor (${Object.keys(VENDORS).join(', ')}).` };
  let h = String(host ?? '').trim().toLowerCase();
  let p = String(prefix ?? '').trim();
  if (!h) return { error: 'Type the host the page sends to, like t.example.com.' };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(h)) {
    try {
      const url = new URL(h);
      h = url.host;
      if (!p && url.pathname !== '/') p = url.pathname;
    } catch {
      return { error: `"${host}" is not an address.` };
    }
  }
  if (!HOST.test(h)) return { error: `"${host}" is not a host name (like t.example.com or localhost:8080).` };
  if (p && (!p.startsWith('/') || /[\s?#]/.test(p))) return { error: `The path prefix "${p}" must start with / and hold no spaces, ? or #.` };
  p = p.replace(/\/+$/, '');
  return { value: p ? { vendor, hosts: [h], prefix: p } : { vendor, hosts: [h] } };
}
