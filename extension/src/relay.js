// ISOLATED world, document_start, every frame: the bridge between the page's MAIN-world script
// and the service worker. Sends this site's settings in (again on every change), takes bodies
// the page could not redact (its CSP blocks Wasm) synchronously and forwards them, and forwards
// receipt summaries (never values) for the popup's counts.
import { normalize, forSite, summarize } from './settings.js';
import { SETTINGS, RELAY, RECEIPT } from './channel.js';

const host = location.hostname;

function push(stored) {
  const detail = JSON.stringify(forSite(normalize(stored), host));
  document.dispatchEvent(new CustomEvent(SETTINGS, { detail }));
}

chrome.storage.local.get('settings').then(({ settings }) => push(settings));
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) push(changes.settings.newValue);
});

document.addEventListener(RELAY, (e) => {
  let message;
  try {
    message = { type: 'relay', host, ...JSON.parse(e.detail) };
  } catch {
    return; // not taken: the page blocks the request
  }
  e.preventDefault(); // taken: the MAIN world answers the SDK; the worker sends the redacted copy
  chrome.runtime.sendMessage(message).catch(() => {});
});

document.addEventListener(RECEIPT, (e) => {
  try {
    const { receipt, request } = JSON.parse(e.detail);
    chrome.runtime.sendMessage({ type: 'receipt', host, vendor: request?.vendor, summary: summarize(receipt) }).catch(() => {});
  } catch { /* counting is best effort */ }
});
