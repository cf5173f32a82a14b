// The popup: for the current site, which companies received data and how much, what kinds of
// data were removed (in words, from receipts: never values), what went out unchanged and what
// failed, a link to the full receipts, and the level switch. `?site=host` shows another site
// (used by the tests).
import { normalize, LEVELS, siteOf } from './settings.js';
import { vendorName, describe } from './plain-words.js';

const $ = (id) => document.getElementById(id);
const el = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

async function currentHost() {
  const param = new URLSearchParams(location.search).get('site');
  if (param) return siteOf(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  try {
    return siteOf(new URL(tab?.url ?? '').hostname);
  } catch {
    return '';
  }
}

/** A list of names as a person writes it: "PostHog, Segment and Sentry". */
function names(list) {
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

function show(host, settings, c) {
  $('site').textContent = host || '(no site)';
  $('global').textContent = settings.level;
  const own = settings.sites[host] ?? 'default';
  for (const input of document.querySelectorAll('input[name=level]')) input.checked = input.value === own;

  const vendors = Object.entries(c?.vendors ?? {}).sort((a, b) => vendorName(a[0]).localeCompare(vendorName(b[0])));
  const received = vendors.filter(([, v]) => v.stripped + v.unchanged > 0).map(([vendor]) => vendorName(vendor));
  $('received').textContent = received.length ? `${names(received)} received data from this site.` : 'No company received telemetry from this site.';
  $('vendors').tBodies[0].replaceChildren(...vendors.map(([vendor, v]) => {
    const row = document.createElement('tr');
    row.dataset.vendor = vendor;
    row.append(el('th', vendorName(vendor)), ...['stripped', 'unchanged', 'blocked', 'failed'].map((k) => Object.assign(el('td', String(v[k])), { className: k })));
    return row;
  }));
  $('vendors').hidden = vendors.length === 0;
  const requests = c?.requests ?? 0;
  $('events').textContent = requests === 0 ? '' : `${plural(requests, 'request', 'requests')} seen: ${c.stripped} sent with data removed, ${c.unchanged} sent unchanged, ${c.blocked} blocked, ${c.failed} failed. ${plural(c.eventsSent, 'event', 'events')} went out.`;

  const removed = describe(c?.removed);
  $('removed').replaceChildren(...(removed.length ? removed : ['Nothing.']).map((p) => el('li', p)));

  const unchanged = vendors.filter(([, v]) => v.unchanged > 0).map(([vendor, v]) => `${plural(v.unchanged, 'request', 'requests')} to ${vendorName(vendor)}`);
  $('unchanged').textContent = unchanged.length ? `${names(unchanged)}, exactly as the page made them.` : 'Nothing.';

  const failed = vendors.filter(([, v]) => v.failed > 0).map(([vendor, v]) => `${plural(v.failed, 'request', 'requests')} to ${vendorName(vendor)}`);
  const why = Object.entries(c?.failures ?? {}).map(([reason, n]) => `${reason} (${n})`);
  $('failed').replaceChildren(...(failed.length ? [...failed, ...why] : ['Nothing.']).map((p) => el('li', p)));

  $('receipts-link').href = `receipts.html?site=${encodeURIComponent(host)}`;
  document.body.dataset.requests = String(requests);
}

async function render(host) {
  const settings = normalize((await chrome.storage.local.get('settings')).settings);
  const { counts = {} } = await chrome.storage.session.get('counts');
  show(host, settings, counts[host]);
  document.body.dataset.ready = 'true';
}

const host = await currentHost();
for (const input of document.querySelectorAll('input[name=level]')) {
  input.addEventListener('change', async () => {
    const settings = normalize((await chrome.storage.local.get('settings')).settings);
    if (LEVELS.includes(input.value)) settings.sites[host] = input.value;
    else delete settings.sites[host];
    await chrome.storage.local.set({ settings });
  });
}
// Renders one after another, so an older read never lands after a newer one.
let rendering = Promise.resolve();
const rerender = () => {
  rendering = rendering.then(() => render(host)).catch(() => {});
};
chrome.storage.onChanged.addListener(rerender);
rerender();
