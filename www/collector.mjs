// A local telemetry collector: answers every vendor's ingestion paths under /<vendor>/... and
// records each request it receives, raw and decoded (gzip, data= forms, Sentry envelopes, JSON),
// so pages and tests can see exactly what left the browser. In memory only; loopback only
// (served by www/serve.mjs).
//
//   GET    /__collector            every record so far (JSON)
//   GET    /__collector?vendor=x   one vendor's records
//   DELETE /__collector            forget everything
//   *      /app-api/...            the demo app's own API (fetch/XHR the SDKs instrument): answers
//                                  200 (500 under /app-api/fail) with a JSON body carrying a
//                                  planted value; not recorded
//
// Rich mode (www/rich/, scripts/capture-sdk-traffic.mjs): a PostHog token containing RICH gets a
// remote config that switches on session recording, heatmaps, web vitals, exception autocapture,
// dead clicks and console logs; Amplitude's and Mixpanel's config endpoints switch on session
// replay. A GET with a `data=` query (Mixpanel's GET mode) is decoded as if it were the body.
import { gunzipSync } from 'node:zlib';

export const VENDORS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];

// PostHog's remote config (/array/<token>/config and /flags/) for a rich-mode token.
const POSTHOG_RICH_CONFIG = {
  supportedCompression: ['gzip', 'gzip-js'],
  autocapture_opt_out: false,
  elementsChainAsString: true,
  sessionRecording: {
    endpoint: '/s/',
    consoleLogRecordingEnabled: true,
    recorderVersion: 'v2',
    networkPayloadCapture: { recordHeaders: true, recordBody: true },
    minimumDurationMilliseconds: 0,
  },
  heatmaps: true,
  capturePerformance: { web_vitals: true, network_timing: true },
  autocaptureExceptions: true,
  captureDeadClicks: true,
  surveys: false,
  logs: { captureConsoleLogs: true },
  hasFeatureFlags: true,
  siteApps: [],
};
const POSTHOG_RICH_FLAGS = {
  featureFlags: { 'rich-flag': true },
  featureFlagPayloads: {},
  flags: { 'rich-flag': { key: 'rich-flag', enabled: true, metadata: { id: 1, version: 1 }, reason: { code: 'condition_match', description: 'Matched condition set 1', condition_index: 0 } } },
  errorsWhileComputingFlags: false,
  requestId: 'rich-request',
};
// Amplitude's remote config (session replay and the browser SDK read `configs`).
const AMPLITUDE_RICH_CONFIG = {
  configs: {
    sessionReplay: {
      sr_sampling_config: { capture_enabled: true, sample_rate: 1 },
      sr_privacy_config: { defaultMaskLevel: 'light' },
      sr_interaction_config: { enabled: true },
      sr_logging_config: { console: { enabled: true, levels: ['info', 'log', 'warn', 'error'] } },
    },
    analyticsSDK: { browserSDK: {} },
    diagnostics: { browserSDK: { sampleRate: 1, enabled: true } },
  },
};

// What each vendor's SDK expects back, so it neither retries nor complains. `text` is the raw
// body: the rich PostHog token is in the path (config) or the body (flags).
const REPLIES = {
  posthog: (path, text = '') => {
    const rich = /RICH/.test(path) || /RICH/.test(text);
    if (path.includes('/flags') || path.includes('/decide')) {
      return rich ? { ...POSTHOG_RICH_FLAGS, ...POSTHOG_RICH_CONFIG } : { featureFlags: {}, flags: {}, errorsWhileComputingFlags: false };
    }
    if (path.endsWith('/config')) {
      return rich ? POSTHOG_RICH_CONFIG : { supportedCompression: ['gzip', 'gzip-js'], autocapture_opt_out: false, sessionRecording: false, heatmaps: false, surveys: false };
    }
    return { status: 1 };
  },
  segment: () => ({ success: true }),
  sentry: () => ({}),
  amplitude: (path) => {
    if (path.startsWith('/config')) return AMPLITUDE_RICH_CONFIG;
    return { code: 200, events_ingested: 1, payload_size_bytes: 1, server_upload_time: Date.now() };
  },
  mixpanel: (path) => {
    if (path.startsWith('/settings')) return { sdk_config: { config: { record_sessions_percent: 100 } } };
    if (path.startsWith('/flags')) return { flags: {} };
    return { status: 1, error: null };
  },
  otel: () => ({}),
};

/** The demo app's own API response: JSON carrying a planted value (see www/rich/rich.js). */
const APP_API_REPLY = JSON.stringify({ ok: true, customer: { email: 'resp.jane@example.com' } });

function decodeForm(text) {
  const params = new URLSearchParams(text);
  const data = params.get('data');
  if (data === null) return { format: 'form', value: Object.fromEntries(params) };
  const trimmed = data.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { format: 'form-urlencoded', value: JSON.parse(trimmed) };
  return { format: 'form-base64', value: JSON.parse(Buffer.from(data, 'base64').toString('utf8')) };
}

/** Decodes a body the way the vendors' servers do. Never throws: unknown stays text. */
export function decodeBody(bytes, contentEncoding = '') {
  let buf = bytes;
  let gzip = false;
  try {
    if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
      buf = gunzipSync(buf);
      gzip = true;
    }
  } catch {
    return { format: 'corrupt-gzip', value: null, text: '' };
  }
  const text = buf.toString('utf8');
  const tag = (format) => (gzip ? `gzip+${format}` : format);
  try {
    const t = text.trim();
    if (t === '') return { format: 'empty', value: null, text };
    if (/^[\w.$-]+=/.test(t) && !t.startsWith('{')) {
      const { format, value } = decodeForm(t);
      return { format: tag(format), value, text: JSON.stringify(value) };
    }
    const lines = t.split('\n');
    if (lines.length > 1 && !t.startsWith('[')) {
      try {
        return { format: tag('json'), value: JSON.parse(t), text };
      } catch {
        const value = lines.map((l) => JSON.parse(l));
        return { format: tag('envelope'), value, text };
      }
    }
    return { format: tag('json'), value: JSON.parse(t), text };
  } catch {
    return { format: tag(contentEncoding ? 'binary' : 'text'), value: null, text };
  }
}

/** Events in a decoded body, counted the way each vendor does. */
export function countEvents(vendor, path, value) {
  if (value === null || value === undefined) return 0;
  switch (vendor) {
    case 'posthog':
      if (/\/(flags|decide)\//.test(path)) return 0;
      return Array.isArray(value) ? value.length : Array.isArray(value.batch) ? value.batch.length : 1;
    case 'segment':
      return Array.isArray(value.batch) ? value.batch.length : 1;
    case 'sentry':
      // header, then item-header / payload pairs; client reports are the SDK's own bookkeeping
      return Array.isArray(value) ? value.slice(1).filter((x, i) => i % 2 === 0 && x.type !== 'client_report').length : 0;
    case 'amplitude':
      return Array.isArray(value.events) ? value.events.length : 0;
    case 'mixpanel':
      return Array.isArray(value) ? value.length : 1;
    case 'otel':
      return (value.resourceSpans ?? []).reduce((n, rs) => n + (rs.scopeSpans ?? []).reduce((m, ss) => m + (ss.spans ?? []).length, 0), 0);
    default:
      return 0;
  }
}

export function createCollector() {
  const records = [];
  let next = 1;

  function list(url) {
    const vendor = url.searchParams.get('vendor');
    return vendor ? records.filter((r) => r.vendor === vendor) : records;
  }

  /** Handles collector and vendor routes; returns false for anything else. */
  function handle(req, res) {
    const url = new URL(req.url, 'http://collector');
    if (url.pathname === '/__collector') {
      if (req.method === 'DELETE') records.length = 0;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(list(url)));
      return true;
    }
    if (url.pathname.startsWith('/app-api/')) {
      req.resume();
      req.on('end', () => {
        const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': '*' };
        if (req.method === 'OPTIONS') res.writeHead(204, cors).end();
        else res.writeHead(url.pathname.startsWith('/app-api/fail') ? 500 : 200, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(APP_API_REPLY);
      });
      return true;
    }
    const vendor = VENDORS.find((v) => url.pathname.startsWith(`/${v}/`));
    if (!vendor) return false;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = url.pathname.slice(vendor.length + 1);
      const headers = {
        'access-control-allow-origin': req.headers.origin ?? '*',
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
      };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, headers).end();
        return;
      }
      // Every request is recorded, GETs too: a query string leaves the page as surely as a body.
      {
        // Mixpanel's GET mode carries its payload as ?data=<base64 JSON>: decoded as its body.
        const queryData = raw.length === 0 && url.searchParams.has('data');
        const decoded = queryData ? decodeBody(Buffer.from(url.search.slice(1))) : decodeBody(raw, req.headers['content-encoding']);
        records.push({
          id: next++,
          at: Date.now(),
          vendor,
          method: req.method,
          path,
          query: Object.fromEntries(url.searchParams),
          contentType: req.headers['content-type'] ?? null,
          contentEncoding: req.headers['content-encoding'] ?? null,
          secGpc: req.headers['sec-gpc'] ?? null,
          referer: req.headers.referer ?? null,
          cookie: req.headers.cookie ?? null,
          headers: { ...req.headers },
          bytes: raw.length,
          raw: raw.toString('base64'),
          format: decoded.format,
          body: decoded.value,
          text: decoded.text,
          events: countEvents(vendor, path, decoded.value),
        });
      }
      res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(REPLIES[vendor](path, raw.toString('latin1'))));
    });
    return true;
  }

  return { handle, records };
}
