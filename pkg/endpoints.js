// The telemetry endpoints the interceptor knows: each vendor's hosts and request paths, and the
// preset its bodies are redacted with. Apps add self-hosted hosts and their own endpoints.

/**
 * @typedef {{ vendor: string, preset?: string, hosts: string[], paths?: string[], prefix?: string,
 *             okBody?: string }} Endpoint
 */

// `okBody`: what a request that consent-guard answered itself (every event dropped) returns, in
// the shape the SDK reads as success, so it does not retry events it may never send.
export const VENDORS = Object.freeze({
  posthog: {
    hosts: ['*.posthog.com'],
    // /flags/ carries person_properties, which never pass before_send.
    paths: ['/e/', '/i/v0/e/', '/flags/', '/decide/', '/s/', '/batch/', '/capture/', '/engage/', '/track/'],
    okBody: '{"status":1}',
  },
  segment: {
    hosts: ['api.segment.io', 'api.segment.com', 'events.eu1.segmentapis.com'],
    paths: ['/v1/*'],
    okBody: '{"success":true}',
  },
  sentry: {
    hosts: ['*.sentry.io'],
    paths: ['/api/*/envelope/', '/api/*/store/'],
    okBody: '{}',
  },
  amplitude: {
    hosts: ['api2.amplitude.com', 'api.amplitude.com', 'api.eu.amplitude.com'],
    paths: ['/2/httpapi', '/batch'],
    okBody: '{"code":200,"events_ingested":0}',
  },
  mixpanel: {
    hosts: ['api.mixpanel.com', 'api-js.mixpanel.com', 'api-eu.mixpanel.com', 'api-in.mixpanel.com'],
    paths: ['/track/', '/engage/', '/groups/', '/track', '/engage', '/groups'],
    okBody: '{"status":1,"error":null}',
  },
  otel: {
    // Collectors are self-hosted: no default host; add yours with { vendor: 'otel', hosts: [...] }.
    hosts: [],
    paths: ['/v1/traces'],
    okBody: '{}',
  },
});

function globToRegExp(glob) {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`, 'i');
}

function hostRegExp(glob) {
  // `*.posthog.com` also covers `posthog.com`; a host with a port must match host:port.
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/^\\\.|\*\\\./, '(?:[^/]*\\.)?').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Compiles the built-in table (unless `builtin: false`) plus the app's entries; app entries first. */
export function compileEndpoints(extra = [], { builtin = true } = {}) {
  if (!Array.isArray(extra)) throw new TypeError('intercept: `endpoints` must be an array');
  const entries = [...extra];
  if (builtin) for (const [vendor, v] of Object.entries(VENDORS)) entries.push({ vendor, hosts: v.hosts });
  return entries.map((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.vendor !== 'string') {
      throw new TypeError(`intercept: endpoints[${i}] needs a \`vendor\` string`);
    }
    const known = VENDORS[e.vendor];
    const preset = e.preset ?? (known ? e.vendor : undefined);
    if (!preset) throw new TypeError(`intercept: endpoints[${i}]: unknown vendor "${e.vendor}" needs a \`preset\``);
    const paths = e.paths ?? known?.paths;
    if (!Array.isArray(e.hosts) || !Array.isArray(paths)) {
      throw new TypeError(`intercept: endpoints[${i}] needs \`hosts\` (and \`paths\` for a custom vendor)`);
    }
    const prefix = e.prefix ?? '';
    return {
      vendor: e.vendor,
      preset,
      okBody: e.okBody ?? known?.okBody ?? '{}',
      hosts: e.hosts.map(hostRegExp),
      paths: paths.map((p) => globToRegExp(prefix + p)),
    };
  });
}

/** The endpoint a URL is bound for, or null. */
export function matchEndpoint(table, url) {
  for (const e of table) {
    if (!e.hosts.some((h) => h.test(url.host) || h.test(url.hostname))) continue;
    if (e.paths.some((p) => p.test(url.pathname))) return e;
  }
  return null;
}
