// Request bodies and queries decoded in the page into the shape consent-guard's receipts name
// paths in (src/codec): JSON as it is, gzip unpacked, a `data=` form as its fields with `data`
// decoded, a Sentry envelope as { header, items: [payload, …] }, a query as its parameters.
// Never throws: what cannot be read is kept as text.

const utf8 = new TextDecoder();

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64Json(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/\s/g, '');
  const binary = atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '='));
  return JSON.parse(utf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

/** `data` as Mixpanel and PostHog send it: JSON, or base64 of JSON; else the text. */
function dataField(text) {
  const t = text.trim();
  try {
    return t.startsWith('{') || t.startsWith('[') ? JSON.parse(t) : base64Json(t);
  } catch {
    return text;
  }
}

/** A query string or form body as { name: value }, `data` decoded. */
export function decodeForm(text) {
  const out = {};
  for (const [name, value] of new URLSearchParams(text)) out[name] = name === 'data' ? dataField(value) : value;
  return out;
}

function envelope(bytes) {
  let pos = 0;
  const line = () => {
    let end = bytes.indexOf(10, pos);
    if (end < 0) end = bytes.length;
    const out = bytes.subarray(pos, end);
    pos = end + 1;
    return out;
  };
  const header = JSON.parse(utf8.decode(line()));
  const items = [];
  while (pos < bytes.length) {
    const text = utf8.decode(line()).trim();
    if (!text) continue;
    const itemHeader = JSON.parse(text);
    let payload;
    if (typeof itemHeader.length === 'number') {
      payload = bytes.subarray(pos, pos + itemHeader.length);
      pos += itemHeader.length;
      if (bytes[pos] === 10) pos++;
    } else {
      payload = line();
    }
    const p = utf8.decode(payload);
    let value = p;
    try {
      if (p.trim().startsWith('{')) value = JSON.parse(p);
    } catch { /* kept as text */ }
    items.push(value);
  }
  return { header, items };
}

const RESOURCES = ['resourceSpans', 'resource_spans', 'resourceLogs', 'resource_logs', 'resourceMetrics', 'resource_metrics'];
const KV_KEYS = ['attributes', 'filteredAttributes', 'filtered_attributes'];

/** An OTLP/JSON export as the engine reads it: key/value lists as objects (src/codec/otlp.rs). */
export function otlpView(node, kvHere = false) {
  if (Array.isArray(node)) {
    if (!kvHere) return node.map((v) => otlpView(v));
    const out = {};
    for (const item of node) {
      if (item && typeof item === 'object' && typeof item.key === 'string') out[item.key] = otlpView(item.value ?? null);
    }
    return out;
  }
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'kvlistValue' || k === 'kvlist_value') && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([ik, iv]) => [ik, otlpView(iv, ik === 'values')]));
    } else {
      out[k] = otlpView(v, KV_KEYS.includes(k));
    }
  }
  return out;
}

function isOtlp(value) {
  return value !== null && typeof value === 'object' && RESOURCES.some((k) => Array.isArray(value[k]));
}

/** { format, value } of a request body's bytes. */
export async function decodeBody(bytes, nested = false) {
  if (!bytes || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return { format: 'empty', value: undefined };
  if (!nested && bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const inner = await decodeBody(await gunzip(bytes), true);
      return { format: `gzip+${inner.format}`, value: inner.value };
    } catch {
      return { format: 'gzip (unreadable)', value: undefined };
    }
  }
  const text = utf8.decode(bytes);
  const t = text.trim();
  try {
    if (/^[\w.$-]+=/.test(t) && !t.startsWith('{')) return { format: 'form', value: decodeForm(t) };
    try {
      const value = JSON.parse(t);
      return isOtlp(value) ? { format: 'otlp-json', value: otlpView(value) } : { format: 'json', value };
    } catch {
      return { format: 'envelope', value: envelope(bytes) };
    }
  } catch {
    return { format: 'text', value: text };
  }
}
