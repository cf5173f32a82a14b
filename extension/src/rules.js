// declarativeNetRequest rules from the settings and the same endpoint table the interceptor
// uses: `Sec-GPC: 1` on every request; where the level is "block" (globally, or for one site as
// the initiator), every request that can carry data to a known telemetry endpoint is blocked;
// where it is "strip", requests to them go without cookies and without Referer (the browser
// still sends Origin, the page's origin and nothing more), but for a vendor's own website's. These rules stop what the page's
// interceptor never sees: pixels, frames, forms, WebSockets, a Worker's own fetch.
import { VENDORS } from '../../pkg/endpoints.js';

const GPC_RULE = 1;
const RELAY_RULE = 2;
const ALL_TYPES = ['main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other'];
// Every type that can carry data to a telemetry host but a top-level navigation (a person may
// visit a vendor's website): frames too, which a form post or a navigated iframe can fill.
const REQUEST_TYPES = ALL_TYPES.filter((t) => t !== 'main_frame');
// A top-level navigation is blocked only when it posts a form, and to a vendor's own host only
// from another site (the person may use the vendor's own website).
const FORM_POST = { resourceTypes: ['main_frame'], requestMethods: ['post'] };
const STRIP_HEADERS = [{ header: 'cookie', operation: 'remove' }, { header: 'referer', operation: 'remove' }];

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
 * Chrome refuses a regex over 2 KB once compiled. `builtin`: a vendor's own host, which also
 * serves the vendor's website (a person may use it: its own pages are first party there).
 */
export function endpointRegexes(extra = []) {
  const entries = [...extra, ...Object.entries(VENDORS).map(([vendor, v]) => ({ vendor, hosts: v.hosts, builtin: true }))];
  return entries.flatMap((e) => {
    const prefix = typeof e.prefix === 'string' && e.prefix.replace(/\/+$/, '') ? escape(e.prefix.replace(/\/+$/, '')) : '';
    return e.hosts.map((host) => ({ regexFilter: `^[a-z]+://${hostPattern(host)}${prefix}([/?#].*)?$`, builtin: e.builtin === true }));
  });
}

/** The sites with a level of their own, also under their fully qualified names (`shop.test.`), which servers answer alike. */
function sitesAt(settings, test) {
  return Object.entries(settings.sites).filter(([, l]) => test(l)).flatMap(([h]) => [h, `${h}.`]);
}

/** Where a level holds: everywhere but the sites that differ, or only on the sites that have it. */
function scope(settings, level) {
  if (settings.level === level) {
    const others = sitesAt(settings, (l) => l !== level);
    return others.length ? { excludedInitiatorDomains: others } : {};
  }
  const these = sitesAt(settings, (l) => l === level);
  return these.length ? { initiatorDomains: these } : null;
}

/**
 * The rules for the settings. `extensionId`: the worker's own requests (relays) go without
 * Origin, Referer and cookies, so a vendor is not told which extension sent them.
 */
export function buildRules(settings, { extensionId = null } = {}) {
  const rules = [];
  if (extensionId) {
    rules.push({
      id: RELAY_RULE,
      priority: 4,
      action: { type: 'modifyHeaders', requestHeaders: [...STRIP_HEADERS, { header: 'origin', operation: 'remove' }] },
      condition: { initiatorDomains: [extensionId], resourceTypes: ['xmlhttprequest', 'other'] },
    });
  }
  if (settings.gpc) {
    rules.push({
      id: GPC_RULE,
      priority: 1,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'Sec-GPC', operation: 'set', value: '1' }] },
      condition: { resourceTypes: ALL_TYPES },
    });
  }
  const blocked = scope(settings, 'block');
  const stripped = scope(settings, 'strip');
  let id = RELAY_RULE + 1;
  for (const { regexFilter, builtin } of endpointRegexes(settings.endpoints)) {
    // On a vendor's own host, its own website's requests are first party: left alone by the
    // form-post block and the header removal. A host you named as an endpoint has no such pass.
    const party = builtin ? { domainType: 'thirdParty' } : {};
    if (blocked) {
      rules.push({ id: id++, priority: 3, action: { type: 'block' }, condition: { regexFilter, resourceTypes: REQUEST_TYPES, ...blocked } });
      rules.push({ id: id++, priority: 3, action: { type: 'block' }, condition: { regexFilter, ...FORM_POST, ...party, ...blocked } });
    }
    if (stripped) {
      rules.push({ id: id++, priority: 2, action: { type: 'modifyHeaders', requestHeaders: STRIP_HEADERS }, condition: { regexFilter, resourceTypes: REQUEST_TYPES, ...party, ...stripped } });
    }
  }
  return rules;
}
