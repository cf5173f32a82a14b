// Sends a redacted request from the service worker, and says whether it arrived.
//
// A keepalive request outlives its sender but counts against a small shared quota (64 KiB of
// bodies in flight); a response whose body is never read keeps its request in flight. So every
// response body is cancelled as soon as its status is known, keepalive is asked for only when
// the page is going away, and never beyond what the quota still holds: a request over it would
// fail outright, where a plain one still goes out while the worker lives.

const KEEPALIVE_QUOTA = 64 * 1024;
let keepaliveBytes = 0;

function contentType(format) {
  if (format?.includes('form')) return 'application/x-www-form-urlencoded';
  if (format?.startsWith('json') || format?.startsWith('gzip+json') || format?.includes('otlp')) return 'application/json';
  return 'text/plain;charset=UTF-8';
}

/**
 * POSTs `result.body` (redacted) to `target`: no cookies, no Referer (the worker's own address
 * is nobody's business). Resolves to null when the vendor accepted it, else why it failed.
 */
export async function deliver(target, result, { unloading = false } = {}) {
  const headers = new Headers();
  for (const [name, value] of Array.isArray(result.headers) ? result.headers : []) {
    try {
      headers.append(name, value);
    } catch { /* a header fetch refuses is not sent */ }
  }
  if (!headers.has('content-type')) headers.set('content-type', contentType(result.receipt?.format));
  const size = result.body.byteLength ?? result.body.length ?? 0;
  const keepalive = unloading && keepaliveBytes + size <= KEEPALIVE_QUOTA;
  if (keepalive) keepaliveBytes += size;
  try {
    const response = await fetch(target, {
      method: 'POST', body: result.body, headers, keepalive, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store',
    });
    response.body?.cancel().catch(() => {});
    return response.ok ? null : `the vendor answered ${response.status}`;
  } catch {
    return 'the request did not go out';
  } finally {
    if (keepalive) keepaliveBytes -= size;
  }
}
