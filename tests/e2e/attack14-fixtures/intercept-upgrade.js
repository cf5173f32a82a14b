// The default entry cannot make a guard before the SDKs load (createGuardSync throws
// MODULE_NOT_LOADED until the .wasm has arrived), so a page that installs first does what needs no
// Wasm: blockTelemetry() at once, then, once `createGuard` resolves, swaps it for intercept(guard).
// Meanwhile an SDK transport has opened an XHR to its collector and sends it after an await, as
// Amplitude's XHRTransport does with enableRequestBodyCompression (open, await gzip via
// CompressionStream, setRequestHeader + send). ?consent=<json> (default {}).
import { createGuard, blockTelemetry, intercept } from 'consent-guard';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const endpoints = [{ vendor: 'amplitude', hosts: [location.host], prefix: '/amplitude' }];
const body = (contact) => JSON.stringify({
  api_key: 'AMPLITUDEATTACK14',
  events: [{ event_type: 'checkout', device_id: 'dev-1', event_properties: { plan: 'pro', contact, note: 'x'.repeat(2048) } }],
});

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

// An SDK transport: open, compress (async), then headers and send.
function sdkSend(contact, beforeSend = async () => {}) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/amplitude/2/httpapi', true);
    xhr.onloadend = () => resolve(xhr.status);
    (async () => {
      const compressed = await gzip(body(contact));
      await beforeSend();
      xhr.setRequestHeader('Content-Type', 'application/json');
      xhr.setRequestHeader('Content-Encoding', 'gzip');
      xhr.send(compressed);
    })();
  });
}

const unblock = blockTelemetry({ endpoints });
const loaded = createGuard({ preset: 'amplitude', consent }).then((guard) => {
  unblock();
  intercept(guard, { endpoints });
  return guard;
});
window.__loaded = loaded.then(() => 'ok', (e) => e?.code ?? String(e));
// Opened now, in the same task as blockTelemetry (createGuard cannot have resolved yet), and sent
// once the guard's interceptor has replaced it.
const during = sdkSend('xhrswap14.jane@example.com', () => loaded);
window.__run = async () => {
  const swapped = await during;
  // Control: opened and sent under the guard's interceptor.
  const after = await sdkSend('xhrafter14.jane@example.com');
  return { during: swapped, after };
};
