// The popup: this site's counts (from receipts: never values), the fields changed, and the
// level switch. `?site=host` shows another site (used by the tests).
import { normalize, LEVELS } from './settings.js';

const $ = (id) => document.getElementById(id);

async function currentHost() {
  const param = new URLSearchParams(location.search).get('site');
  if (param) return param;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  try {
    return new URL(tab?.url ?? '').hostname;
  } catch {
    return '';
  }
}

async function render(host) {
  const settings = normalize((await chrome.storage.local.get('settings')).settings);
  const { counts = {} } = await chrome.storage.session.get('counts');
  const c = counts[host] ?? {};
  $('site').textContent = host || '(no site)';
  $('global').textContent = settings.level;
  const own = settings.sites[host] ?? 'default';
  for (const input of document.querySelectorAll('input[name=level]')) input.checked = input.value === own;
  for (const key of ['sent', 'blocked', 'events', 'dropped', 'redacted']) $(key).textContent = String(c[key] ?? 0);
  const fields = Object.entries(c.fields ?? {}).sort((a, b) => b[1] - a[1]);
  $('fields').replaceChildren(...fields.map(([path, n]) => Object.assign(document.createElement('li'), { textContent: `${path} (${n})` })));
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
chrome.storage.onChanged.addListener(() => render(host));
render(host);
