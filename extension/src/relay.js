// ISOLATED world, document_start, every frame: the bridge between the page's MAIN-world script
// and the service worker, over the private channel (channel.js) that no page script can reach.
// Sends this frame's settings in (again on every change); takes the requests the MAIN world
// hands over synchronously: those that can wait go to the worker and their redacted copy comes
// back (the page sends it), the others the worker redacts and sends itself; and forwards
// receipts (paths and rule ids, never values) for the popup's counts. The worker decides host
// and level from the sender, so nothing here is trusted for that.
import { normalize, forSite } from './settings.js';
import { openFromIsolated, SETTINGS, RELAY, REDACT, REDACTED, RECEIPT } from './channel.js';

const channel = openFromIsolated();
// A page with no host of its own (a blob: page, an about:blank popup a site scripted) belongs to
// the origin that made it.
const host = location.hostname || hostOfOrigin(location.origin);
// The top-level page's host, for a frame of any origin (opaque ones too): a frame takes the
// stricter of its own level and its site's.
const ancestors = location.ancestorOrigins;
const topHost = ancestors && ancestors.length > 0 ? hostOf(ancestors[ancestors.length - 1]) : host;

function hostOfOrigin(origin) {
  try {
    return origin && origin !== 'null' ? new URL(origin).hostname : '';
  } catch {
    return '';
  }
}

function hostOf(origin) {
  return hostOfOrigin(origin) || host;
}

// The sites this document was given its level for. The worker takes the level from Chrome's
// record of the sender, and only tightens it with these: at pagehide the tab may already show
// the next page, whose level is not this document's.
const site = { frame: host, top: topHost };

// Whether the page is going away: then a relayed request must outlive it (keepalive), and only
// then, since keepalive requests share a small quota. Trusted events only: a page script can
// dispatch a `pagehide` of its own, which this world sees too.
let leaving = false;
addEventListener('pagehide', (e) => { if (e.isTrusted) leaving = true; }, true);
addEventListener('pageshow', (e) => { if (e.isTrusted) leaving = false; }, true);
const unloading = (transport) => transport === 'beacon' || transport === 'fetchLater' || leaving || document.visibilityState === 'hidden';

function push(stored) {
  channel.send(SETTINGS, JSON.stringify(forSite(normalize(stored), host, topHost)));
}

chrome.storage.local.get('settings').then(({ settings }) => push(settings));
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) push(changes.settings.newValue);
});

channel.on(RELAY, (detail, take) => {
  let message;
  try {
    const { url, transport, headers, body } = JSON.parse(detail);
    message = { type: 'relay', url, unloading: unloading(transport), headers, body, site };
  } catch {
    return; // not taken: the page blocks the request
  }
  take(); // taken: the MAIN world answers the SDK; the worker sends the redacted copy
  chrome.runtime.sendMessage(message).catch(() => {});
});

channel.on(REDACT, (detail, take) => {
  let id;
  let message;
  try {
    const { id: n, url, transport, headers, body } = JSON.parse(detail);
    id = n;
    message = { type: 'redact', url, transport, headers, body, site };
  } catch {
    return; // not taken: the page blocks the request
  }
  take(); // taken: the answer comes back on the channel, whatever happens
  const answer = (reply) => channel.send(REDACTED, JSON.stringify({ ...reply, id }));
  try {
    chrome.runtime.sendMessage(message).then(
      (reply) => answer(reply && typeof reply === 'object' ? reply : { error: 'the service worker did not redact' }),
      () => answer({ error: 'the service worker did not answer' }),
    );
  } catch {
    answer({ error: 'the extension is gone' }); // reloaded or removed: this frame's bridge is dead
  }
});

channel.on(RECEIPT, (detail) => {
  try {
    const { receipt, request } = JSON.parse(detail);
    chrome.runtime.sendMessage({ type: 'receipt', vendor: request?.vendor, request: { url: request?.url, transport: request?.transport }, receipt }).catch(() => {});
  } catch { /* counting is best effort */ }
});
