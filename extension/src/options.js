// The options page: the global level and purposes, per-site levels and custom endpoints with form
// controls (checked by entries.js before they are stored), a policy editor per vendor checked
// live with validatePolicy, and export/import of all settings.
import { validatePolicy, loadModule, BUILTIN_PURPOSES } from '../../pkg/index.js';
import { VENDORS } from '../../pkg/endpoints.js';
import { normalize, LEVELS } from './settings.js';
import { MINIMAL_POLICIES } from './minimal-policies.js';
import { parseSite, parseEndpoint } from './entries.js';
import { vendorName } from './plain-words.js';

// The module comes from the extension's own .wasm file, as the worker's does (no base64 copy).
await loadModule();

const $ = (id) => document.getElementById(id);
const load = async () => normalize((await chrome.storage.local.get('settings')).settings);
const save = (settings) => chrome.storage.local.set({ settings: normalize(settings) });

function diagnosticsOf(text) {
  try {
    return validatePolicy(text);
  } catch (e) {
    return [{ code: e.code ?? 'ERROR', path: '', message: e.message }];
  }
}

function cell(content) {
  const td = document.createElement('td');
  td.append(content);
  return td;
}

async function render() {
  const s = await load();
  $('level').value = s.level;
  $('gpc').checked = s.gpc;
  $('consent').replaceChildren($('consent').querySelector('legend'), ...BUILTIN_PURPOSES.filter((p) => p !== 'necessary').map((p) => {
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: s.consent[p] === true });
    box.addEventListener('change', async () => {
      const next = await load();
      next.consent[p] = box.checked;
      await save(next);
    });
    const label = document.createElement('label');
    label.append(box, ` ${p}`);
    return label;
  }));
  $('sites').replaceChildren(...Object.entries(s.sites).map(([host, level]) => {
    const row = document.createElement('tr');
    row.dataset.site = host;
    const select = document.createElement('select');
    select.setAttribute('aria-label', `Level for ${host}`);
    for (const l of LEVELS) select.append(new Option(l, l, false, l === level));
    select.addEventListener('change', async () => {
      const next = await load();
      next.sites[host] = select.value;
      await save(next);
    });
    const remove = Object.assign(document.createElement('button'), { textContent: 'Remove' });
    remove.addEventListener('click', async () => {
      const next = await load();
      delete next.sites[host];
      await save(next);
      render();
    });
    row.append(cell(host), cell(select), cell(remove));
    return row;
  }));
  $('endpoints').replaceChildren(...s.endpoints.map((e, i) => {
    const row = document.createElement('tr');
    row.dataset.endpoint = String(i);
    const remove = Object.assign(document.createElement('button'), { textContent: 'Remove' });
    remove.addEventListener('click', async () => {
      const next = await load();
      next.endpoints.splice(i, 1);
      await save(next);
      render();
    });
    row.append(cell(vendorName(e.vendor)), cell(e.hosts.join(', ')), cell(e.prefix ?? ''), cell(remove));
    return row;
  }));
  showPolicy(s);
}

function showPolicy(s) {
  const vendor = $('vendor').value;
  const policy = s.policies[vendor] ?? MINIMAL_POLICIES[vendor];
  $('policy').value = JSON.stringify(policy, null, 2);
  $('policy-status').textContent = s.policies[vendor] ? 'Your policy.' : 'The built-in strip policy (counts only).';
  check();
}

function check() {
  const diagnostics = diagnosticsOf($('policy').value);
  $('diagnostics').replaceChildren(...diagnostics.map((d) => Object.assign(document.createElement('li'), {
    textContent: `${d.code} at ${d.path || '(root)'}${d.rule ? ` in rule ${d.rule}` : ''}: ${d.message}`,
  })));
  $('save-policy').disabled = diagnostics.length > 0;
  return diagnostics;
}

for (const vendor of Object.keys(VENDORS)) $('vendor').append(new Option(vendorName(vendor), vendor));
$('vendor').addEventListener('change', async () => showPolicy(await load()));
$('policy').addEventListener('input', check);
$('save-policy').addEventListener('click', async () => {
  if (check().length) return;
  const s = await load();
  s.policies[$('vendor').value] = JSON.parse($('policy').value);
  await save(s);
  $('policy-status').textContent = 'Saved.';
});
$('reset-policy').addEventListener('click', async () => {
  const s = await load();
  delete s.policies[$('vendor').value];
  await save(s);
  showPolicy(s);
});
$('level').addEventListener('change', async () => {
  const s = await load();
  s.level = $('level').value;
  await save(s);
});
$('gpc').addEventListener('change', async () => {
  const s = await load();
  s.gpc = $('gpc').checked;
  await save(s);
});
$('add-site').addEventListener('click', async () => {
  const site = parseSite($('new-site').value);
  $('site-error').textContent = site.error ?? '';
  if (site.error || !LEVELS.includes($('new-level').value)) return;
  const s = await load();
  s.sites[site.value] = $('new-level').value;
  await save(s);
  $('new-site').value = '';
  render();
});
for (const vendor of Object.keys(VENDORS)) $('new-endpoint-vendor').append(new Option(vendorName(vendor), vendor));
$('add-endpoint').addEventListener('click', async () => {
  const endpoint = parseEndpoint({ vendor: $('new-endpoint-vendor').value, host: $('new-endpoint-host').value, prefix: $('new-endpoint-prefix').value });
  $('endpoint-error').textContent = endpoint.error ?? '';
  if (endpoint.error) return;
  const s = await load();
  s.endpoints.push(endpoint.value);
  await save(s);
  $('new-endpoint-host').value = '';
  $('new-endpoint-prefix').value = '';
  render();
});
$('export').addEventListener('click', async () => {
  $('io').value = JSON.stringify(await load(), null, 2);
  $('io-status').textContent = 'Copy this text to keep your settings.';
});
$('import').addEventListener('click', async () => {
  let parsed;
  try {
    parsed = JSON.parse($('io').value);
  } catch (e) {
    $('io-status').textContent = `Not JSON: ${e.message}`;
    return;
  }
  const endpoints = Array.isArray(parsed?.endpoints) ? parsed.endpoints : [];
  const problems = endpoints.map((e) => {
    const hosts = Array.isArray(e?.hosts) && e.hosts.length > 0 ? e.hosts : [''];
    return hosts.map((host) => parseEndpoint({ vendor: e?.vendor, host, prefix: e?.prefix }).error).find(Boolean);
  });
  const wrong = problems.findIndex(Boolean);
  if (wrong >= 0) {
    $('io-status').textContent = `Not imported: endpoint ${wrong + 1}: ${problems[wrong]}`;
    return;
  }
  const next = normalize(parsed);
  const bad = Object.entries(next.policies).filter(([, p]) => diagnosticsOf(JSON.stringify(p)).length > 0).map(([v]) => v);
  if (bad.length) {
    $('io-status').textContent = `Not imported: the policy for ${bad.join(', ')} does not validate.`;
    return;
  }
  await save(next);
  $('io-status').textContent = 'Imported.';
  render();
});
render();
