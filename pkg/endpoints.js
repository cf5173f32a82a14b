// The telemetry endpoints the interceptor knows: each vendor's hosts, its ingestion paths (whose
// requests are redacted with the vendor's preset), the configuration paths a page may fetch
// without a body, and the query parameters its requests may carry. On a telemetry host, a path
// in neither list is blocked: an SDK update that adds a channel must not open a way around.

/**
 * @typedef {{ vendor: string, preset?: string, hosts: string[], paths?: string[], config?: string[],
 *             params?: string[], names?: Record<string, string>, prefix?: string, okBody?: string }} Endpoint
 */

// `okBody`: what a request that consent-guard answered itself (every event dropped) returns, in
// the shape the SDK reads as success, so it does not retry events it may never send.
// Paths are matched after normalization (see normalizePath): no trailing slash, single slashes.
export const VENDORS = Object.freeze({
  posthog: {
    hosts: ['*.posthog.com'],
    // /flags carries person_properties, which never pass before_send; /s is session replay;
    // /i/v1/logs and /i/v1/metrics are posthog-js's own logs and metrics.
    paths: ['/e', '/i/v0/e', '/batch', '/capture', '/engage', '/track', '/s', '/flags', '/decide', '/i/v1/logs', '/i/v1/metrics'],
    config: ['/array/**', '/static/**', '/api/**'],
    params: ['ip', '_', 'ver', 'compression', 'v', 'config', 'retry_count', 'sent_at', 'token', 'stage'],
    // What a channel's body is, when its events do not say: the preset's event rules go by it.
    names: { '/flags': '$flags', '/decide': '$flags', '/s': '$snapshot' },
    okBody: '{"status":1}',
  },
  segment: {
    hosts: ['api.segment.io', 'api.segment.com', 'events.eu1.segmentapis.com'],
    paths: ['/v1/*'],
    config: [],
    params: [],
    okBody: '{"success":true}',
  },
  sentry: {
    hosts: ['*.sentry.io'],
    paths: ['/api/*/envelope', '/api/*/store', '/api/*/security', '/api/*/minidump', '/api/*/unreal', '/api/*/otlp/v1/*', '/api/*/integration/otlp/v1/*'],
    config: [],
    params: ['sentry_key', 'sentry_version', 'sentry_client', 'sentry_timestamp'],
    okBody: '{}',
  },
  amplitude: {
    hosts: ['api2.amplitude.com', 'api.amplitude.com', 'api.eu.amplitude.com', 'api-sr.amplitude.com', 'api-sr.eu.amplitude.com',
      'sr-client-cfg.amplitude.com', 'sr-client-cfg.eu.amplitude.com'],
    // /sessions/v2/track is session replay.
    paths: ['/2/httpapi', '/batch', '/identify', '/groupidentify', '/sessions/v2/track', '/sessions/track'],
    config: ['/config', '/config/**'],
    params: ['api_key', 'config_keys', 'config_group', 'device_id', 'session_id', 'type', 'seq_number'],
    names: { '/sessions/v2/track': '$replay', '/sessions/track': '$replay' },
    okBody: '{"code":200,"events_ingested":0}',
  },
  mixpanel: {
    hosts: ['api.mixpanel.com', 'api-js.mixpanel.com', 'api-eu.mixpanel.com', 'api-in.mixpanel.com'],
    // /record is session replay; /groups carries group profiles (before_send_groups).
    paths: ['/track', '/engage', '/groups', '/record', '/flags', '/decide', '/import'],
    // Remote settings (sdk_config): a GET without a body.
    config: ['/settings'],
    // /record (replay) sends its batch's identity and timing in the query.
    params: ['ip', '_', 'verbose', 'img', 'test', 'callback', 'format', 'mp_lib', '$lib_version', 'sdk_config', 'distinct_id', '$device_id', '$user_id',
      'seq', 'replay_id', 'replay_length_ms', 'replay_start_time', 'batch_start_time'],
    names: { '/record': '$replay', '/flags': '$flags', '/decide': '$flags' },
    okBody: '{"status":1,"error":null}',
  },
  otel: {
    // Collectors are self-hosted: no default host; add yours with { vendor: 'otel', hosts: [...] }.
    hosts: [],
    paths: ['/v1/traces', '/v1/logs', '/v1/metrics'],
    config: [],
    params: [],
    okBody: '{}',
  },
});

const escapeRe = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

// `*` is one path segment (or part of one); `**` any run of segments.
function pathRegExp(glob) {
  const body = escapeRe(glob).split('**').map((part) => part.replace(/\*/g, '[^/]*')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}

function hostRegExp(glob) {
  // `*.posthog.com` also covers `posthog.com`; a host with a port must match host:port.
  const escaped = escapeRe(glob).replace(/^\\\.|\*\\\./, '(?:[^/]*\\.)?').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * A path as a server reads it, for matching: unreserved percent-escapes decoded (`/%65` is `/e`),
 * runs of slashes collapsed, no trailing slash. Dot segments were already resolved by URL.
 */
export function normalizePath(pathname) {
  let p = pathname.replace(/%([0-9a-f]{2})/gi, (m, hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m;
  });
  p = p.replace(/\/{2,}/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p || '/';
}

/** A hostname as DNS reads it: lower case, no trailing dot. */
export function normalizeHost(host) {
  return host.toLowerCase().replace(/\.(?=(:\d+)?$)/, '');
}

/** The entries of a table (the app's first, then the built-ins), checked: throws on a bad one. */
function checkedEntries(extra, builtin) {
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
    // Read now, whole: a caller that changes its objects later changes nothing; a bad value throws here.
    const prefix = normalizePath(e.prefix ?? '/').replace(/^\/$/, '');
    return {
      vendor: e.vendor,
      preset,
      okBody: e.okBody ?? known?.okBody ?? '{}',
      hosts: e.hosts.map((h) => normalizeHost(h)),
      prefix,
      paths: paths.map((p) => normalizePath(prefix + p)),
      config: (e.config ?? known?.config ?? []).map((p) => normalizePath(prefix + p)),
      params: [...(e.params ?? known?.params ?? [])],
      names: Object.entries(e.names ?? known?.names ?? {}).map(([p, name]) => [normalizePath(prefix + p), name]),
    };
  });
}

function compileEntry(c) {
  return {
    vendor: c.vendor,
    preset: c.preset,
    okBody: c.okBody,
    hosts: c.hosts.map(hostRegExp),
    prefix: c.prefix ? pathRegExp(`${c.prefix}*`) : null,
    prefixText: c.prefix,
    paths: c.paths.map(pathRegExp),
    config: c.config.map(pathRegExp),
    params: c.params,
    names: c.names.map(([p, name]) => [pathRegExp(p), name]),
  };
}

/** Compiles the built-in table (unless `builtin: false`) plus the app's entries; app entries first. */
export function compileEndpoints(extra = [], { builtin = true } = {}) {
  return checkedEntries(extra, builtin).map(compileEntry);
}

/**
 * As compileEndpoints, but the app's entries are only checked now (a bad one throws here) and
 * the table (with the built-ins) is compiled on the first call of the function returned: an
 * interceptor installed in every frame (the browser extension) pays for the table only in a
 * frame that makes a request.
 */
export function lazyEndpoints(extra = [], { builtin = true } = {}) {
  const own = checkedEntries(extra, false);
  let table = null;
  return () => (table ??= [...own, ...(builtin ? checkedEntries([], true) : [])].map(compileEntry));
}

export function classify(table, url) {
  const host = normalizeHost(url.host);
  const hostname = normalizeHost(url.hostname);
  const path = normalizePath(url.pathname);
  for (const e of table) {
    if (!e.hosts.some((h) => h.test(host) || h.test(hostname))) continue;
    // Paths and hosts are compared without case (a proxy may route /INGEST like /ingest).
    const lower = path.toLowerCase();
    const prefix = e.prefixText.toLowerCase();
    if (e.prefix && !(lower === prefix || lower.startsWith(`${prefix}/`))) continue;
    if (e.paths.some((p) => p.test(path))) return { endpoint: e, kind: 'telemetry', name: e.names.find(([p]) => p.test(path))?.[1] };
    if (e.config.some((p) => p.test(path))) return { endpoint: e, kind: 'config' };
    return { endpoint: e, kind: 'unknown' };
  }
  return null;
}

/** The endpoint a URL is bound for when it is a telemetry path, or null (kept for callers of 0.1). */
export function matchEndpoint(table, url) {
  const c = classify(table, url);
  return c && c.kind === 'telemetry' ? c.endpoint : null;
}
