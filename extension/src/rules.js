// declarativeNetRequest rules from the settings and the same endpoint table the interceptor
// uses: `Sec-GPC: 1` on every request, and blocking of every known telemetry endpoint where
// the level is "block" (globally, or for one site as the initiator).
import { VENDORS } from '../../pkg/endpoints.js';

const GPC_RULE = 1;
const ALL_TYPES = ['main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other'];
// Every type that can carry data to a telemetry host but a top-level navigation (a person may
// visit a vendor's website): frames too, which a form post or a navigated iframe can fill.
const REQUEST_TYPES = ALL_TYPES.filter((t) => t !== 'main_frame');

const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

function hostPattern(glob) {
  // `*.posthog.com` covers posthog.com and its subdomains; a port must match when given; a
  // trailing dot (`us.i.posthog.com.`) is the same host.
  const leading = glob.startsWith('*.');
  const rest = escape(leading ? glob.slice(2) : glob).replace(/\*/g, '[^/:]*');
  return `${leading ? '([^/:]*\\.)?' : ''}${rest}${glob.includes(':') ? '' : '\\.?(:[0-9]+)?'}`;
}

/**
 * One RE2 regex per endpoint host: every path of a telemetry host (its paths change with SDK
 * versions; what the page's interceptor does not know it blocks too), or everything under an
 * entry's prefix on a host that also serves the site. One per host rather than per vendor:
 * Chrome refuses a regex over 2 KB once compiled.
 */
export function endpointRegexes(extra = []) {
  const entries = [...extra, ...Object.entries(VENDORS).map(([vendor, v]) => ({ vendor, hosts: v.hosts }))];
  return entries.flatMap((e) => {
    const prefix = typeof e.prefix === 'string' && e.prefix.replace(/\/+$/, '') ? escape(e.prefix.replace(/\/+$/, '')) : '';
    return e.hosts.map((host) => `^[a-z]+://${hostPattern(host)}${prefix}([/?#].*)?$`);
  });
}

export function buildRules(settings) {
  const rules = [];
  if (settings.gpc) {
    rules.push({
      id: GPC_RULE,
      priority: 1,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'Sec-GPC', operation: 'set', value: '1' }] },
      condition: { resourceTypes: ALL_TYPES },
    });
  }
  const regexes = endpointRegexes(settings.endpoints);
  // A site also under its fully qualified name (`shop.test.`), which servers answer alike.
  const withDot = (hosts) => hosts.flatMap((h) => [h, `${h}.`]);
  const blockedSites = withDot(Object.entries(settings.sites).filter(([, l]) => l === 'block').map(([h]) => h));
  const otherSites = withDot(Object.entries(settings.sites).filter(([, l]) => l !== 'block').map(([h]) => h));
  let id = GPC_RULE + 1;
  for (const regexFilter of regexes) {
    const condition = { regexFilter, resourceTypes: REQUEST_TYPES };
    if (settings.level === 'block') {
      rules.push({ id: id++, priority: 2, action: { type: 'block' }, condition: { ...condition, ...(otherSites.length ? { excludedInitiatorDomains: otherSites } : {}) } });
    } else if (blockedSites.length) {
      rules.push({ id: id++, priority: 2, action: { type: 'block' }, condition: { ...condition, initiatorDomains: blockedSites } });
    }
  }
  return rules;
}
