// The rich captures (tests/fixtures/captures/<sdk>/*.json, made by scripts/capture-sdk-traffic.mjs)
// turned back into requests as the SDK sent them, and guarded as intercept(guard) guards them:
// the endpoint table's classification, then redactRequest with the vendor's preset. Shared by
// the preset-coverage and channel tests.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync, gunzipSync, inflateSync } from 'node:zlib';
import { compileEndpoints, classify, VENDORS } from 'consent-guard/endpoints';

const ROOT = new URL('../../fixtures/captures/', import.meta.url);
/** The planted values, by where the capture page planted them (www/rich/rich.js). */
export const CANARIES = JSON.parse(readFileSync(new URL('summary.json', ROOT))).canaries;

/** Every capture, with its sdk folder. */
export function captures() {
  const out = [];
  for (const sdk of Object.keys(VENDORS)) {
    let files = [];
    try {
      files = readdirSync(new URL(`${sdk}/`, ROOT)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const f of files) out.push({ file: `${sdk}/${f}`, ...JSON.parse(readFileSync(new URL(`${sdk}/${f}`, ROOT))) });
  }
  return out;
}

// Headers the browser adds; the interceptor sees only what the page's code set.
const BROWSER_HEADERS = /^(cookie|referer|user-agent|origin|host|connection|content-length|accept(-.*)?|sec-.*|pragma|cache-control|priority)$/i;

/** The body bytes as the SDK sent them. */
export function bodyOf(c) {
  if (c.raw_base64 && !c.raw_truncated_from) return new Uint8Array(Buffer.from(c.raw_base64, 'base64'));
  const json = (v) => Buffer.from(JSON.stringify(v));
  switch (c.format) {
    case 'empty':
      return new Uint8Array(0);
    case 'json':
      return new Uint8Array(json(c.body));
    case 'gzip+json':
      return new Uint8Array(gzipSync(json(c.body)));
    case 'form-base64':
      return new Uint8Array(Buffer.from(`data=${encodeURIComponent(json(c.body).toString('base64'))}`));
    case 'form-urlencoded':
      return new Uint8Array(Buffer.from(`data=${encodeURIComponent(JSON.stringify(c.body))}`));
    case 'envelope': {
      // header, then item header / payload pairs; a `length` is set to the payload as written
      const lines = [JSON.stringify(c.body[0])];
      for (let i = 1; i + 1 < c.body.length; i += 2) {
        const payload = JSON.stringify(c.body[i + 1]);
        const head = { ...c.body[i] };
        if ('length' in head) head.length = Buffer.byteLength(payload);
        lines.push(JSON.stringify(head), payload);
      }
      return new Uint8Array(Buffer.from(`${lines.join('\n')}\n`));
    }
    default:
      return null; // truncated or unreadable: not reconstructible
  }
}

/** The request the SDK made: URL on a stand-in collector host, page-set headers, body. */
export function requestOf(c) {
  const url = new URL(`https://collector.test/${c.sdk}${c.path}`);
  for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, v);
  const headers = Object.entries(c.headers ?? {}).filter(([n]) => !BROWSER_HEADERS.test(n)).map(([n, v]) => [n, String(v)]);
  return { url, headers, body: bodyOf(c) };
}

const tables = new Map();
function table(sdk) {
  if (!tables.has(sdk)) tables.set(sdk, compileEndpoints([{ vendor: sdk, hosts: ['collector.test'], prefix: `/${sdk}` }], { builtin: false }));
  return tables.get(sdk);
}

/** Guards one capture as the interceptor would: `{ kind, sent: text | null, receipt }`. */
export function guardCapture(guard, c) {
  const req = requestOf(c);
  const hit = classify(table(c.sdk), req.url);
  if (!hit) return { kind: 'not telemetry', sent: null };
  if (hit.kind === 'unknown') return { kind: 'blocked', sent: null };
  if (req.body === null) return { kind: 'unreadable', sent: null };
  if (hit.kind === 'config' && req.body.length > 0) return { kind: 'blocked', sent: null };
  const out = guard.forPreset(hit.endpoint.preset).redactRequest({
    path: req.url.pathname,
    query: req.url.search.slice(1),
    params: hit.endpoint.params,
    headers: req.headers,
    body: req.body,
    name: hit.name,
  });
  if (!out.body) return { kind: 'dropped', sent: null, receipt: out.receipt };
  return { kind: 'sent', sent: `${readable(out.body)}\n${decodeURIComponent(out.query)}\n${JSON.stringify(out.headers)}`, receipt: out.receipt };
}

/** A body as text a person would search: gzip inflated, base64 forms decoded, zlib items inflated. */
export function readable(bytes) {
  let buf = Buffer.from(bytes);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  let text = buf.toString('latin1');
  const data = /(?:^|&)data=([^&]*)/.exec(text);
  if (data) {
    const raw = decodeURIComponent(data[1]);
    text += `\n${/^[[{]/.test(raw) ? raw : Buffer.from(raw, 'base64').toString('utf8')}`;
  }
  // zlib streams inside (Sentry replay recordings): 0x78 0x9c / 0x78 0xda
  for (let i = buf.indexOf(0x78); i >= 0 && i < buf.length - 1; i = buf.indexOf(0x78, i + 1)) {
    if (buf[i + 1] === 0x9c || buf[i + 1] === 0xda || buf[i + 1] === 0x01) {
      try {
        text += `\n${inflateSync(buf.subarray(i)).toString('utf8')}`;
      } catch { /* not a stream */ }
    }
  }
  return text;
}

/**
 * Everything a body holds, decoded as deep as a collector could: gzip, base64 forms, zlib
 * streams, and inside JSON, strings holding JSON text or gzip bytes as latin1 (PostHog replay).
 */
export function deepText(bytes) {
  const text = readable(bytes);
  const out = [text];
  const visit = (v, depth) => {
    if (depth > 6) return;
    if (typeof v === 'string') {
      if (v.charCodeAt(0) === 0x1f && v.charCodeAt(1) === 0x8b) {
        try {
          const inner = gunzipSync(Buffer.from(v, 'latin1')).toString('utf8');
          out.push(inner);
          visit(JSON.parse(inner), depth + 1);
        } catch { /* not gzip JSON */ }
      } else if (/^[[{]/.test(v)) {
        try {
          visit(JSON.parse(v), depth + 1);
        } catch { /* plain text */ }
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        visit(x, depth);
      }
    }
  };
  for (const part of text.split('\n')) {
    try {
      visit(JSON.parse(part), 0);
    } catch { /* not JSON */ }
  }
  return out.join('\n');
}
