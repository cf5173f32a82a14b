// A local telemetry collector: answers every vendor's ingestion paths under /<vendor>/... and
// records each request it receives, raw and decoded (gzip, data= forms, Sentry envelopes, JSON),
// so pages and tests can see exactly what left the browser. In memory only; loopback only
// (served by www/serve.mjs).
//
//   GET    /__collector            every record so far (JSON)
//   GET    /__collector?vendor=x   one vendor's records
//   DELETE /__collector            forget everything
import { gunzipSync } from 'node:zlib';

export const VENDORS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];

// What each vendor's SDK expects back, so it neither retries nor complains.
const REPLIES = {
  posthog: (path) => {
    if (path.includes('/flags') || path.includes('/decide')) return { featureFlags: {}, flags: {}, errorsWhileComputingFlags: false };
    if (path.endsWith('/config')) return { supportedCompression: ['gzip', 'gzip-js'], autocapture_opt_out: false, sessionRecording: false, heatmaps: false, surveys: false };
    return { status: 1 };
  },
  segment: () => ({ success: true }),
  sentry: () => ({}),
  amplitude: () => ({ code: 200, events_ingested: 1, payload_size_bytes: 1, server_upload_time: Date.now() }),
  mixpanel: () => ({ status: 1, error: null }),
  otel: () => ({}),
};

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
        const decoded = decodeBody(raw, req.headers['content-encoding']);
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
          bytes: raw.length,
          raw: raw.toString('base64'),
          format: decoded.format,
          body: decoded.value,
          text: decoded.text,
          events: countEvents(vendor, path, decoded.value),
        });
      }
      res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(REPLIES[vendor](path)));
    });
    return true;
  }

  return { handle, records };
}
