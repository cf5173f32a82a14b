// The receipts page, for developers: the raw receipts the worker kept for one site
// (`?site=host`), newest first, as the engine wrote them (rule ids, paths, detectors, reasons).
import { siteOf } from './settings.js';
import { vendorName } from './plain-words.js';

const host = siteOf(new URLSearchParams(location.search).get('site') ?? '');
const el = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });

async function render() {
  const { receipts = {} } = await chrome.storage.session.get('receipts');
  const list = (receipts[host] ?? []).slice().reverse();
  document.getElementById('site').textContent = host || '(no site)';
  document.getElementById('receipts').replaceChildren(...list.map((r) => {
    const item = document.createElement('li');
    item.dataset.outcome = r.outcome;
    const title = `${new Date(r.at).toLocaleTimeString()} · ${r.vendor ? vendorName(r.vendor) : 'unknown'} · ${r.outcome}${r.failure ? ` (${r.failure})` : ''} · ${r.url ?? ''}`;
    item.append(el('strong', title), el('pre', JSON.stringify(r.receipt, null, 2)));
    return item;
  }));
  if (list.length === 0) document.getElementById('receipts').replaceChildren(el('li', 'No receipts for this site in this session.'));
  document.body.dataset.ready = 'true';
}

let rendering = Promise.resolve();
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'session') rendering = rendering.then(render).catch(() => {});
});
rendering = rendering.then(render);
