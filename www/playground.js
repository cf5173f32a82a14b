// The playground: a policy editor with live validation, preset and consent pickers, an event
// editor, and the redacted output as a line diff with the receipt.
import { createGuard, loadModule, presetNames, presetPolicy, validatePolicy, BUILTIN_PURPOSES } from '/pkg/index.js';

// The default entry fetches the .wasm; presetNames and validatePolicy below need it loaded.
await loadModule();
import { SAMPLES } from './samples.js';

const $ = (id) => document.getElementById(id);

/** Lines of `a` and `b` aligned by their longest common subsequence: [' '|'-'|'+', line]. */
export function lineDiff(a, b) {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) out.push([' ', a[i++]]), j++;
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(['+', b[j++]]);
    else out.push(['-', a[i++]]);
  }
  return out;
}

function consent() {
  return Object.fromEntries([...$('consent').querySelectorAll('input')].map((b) => [b.name, b.checked]));
}

async function update() {
  $('diff').textContent = '';
  $('receipt').textContent = '';
  const policyText = $('policy').value;
  let diagnostics;
  try {
    diagnostics = validatePolicy(policyText);
  } catch (e) {
    diagnostics = [{ code: e.code ?? 'ERROR', message: e.message, path: '' }];
  }
  $('diagnostics').replaceChildren(...diagnostics.map((d) => Object.assign(document.createElement('li'), {
    textContent: `${d.code} at ${d.path || '(root)'}${d.rule ? ` in rule ${d.rule}` : ''}: ${d.message}`,
  })));
  if (diagnostics.length) return;
  let event;
  try {
    event = JSON.parse($('event').value);
    $('event-error').textContent = '';
  } catch (e) {
    $('event-error').textContent = `Event is not JSON: ${e.message}`;
    return;
  }
  const guard = await createGuard({ policy: policyText, consent: consent(), key: 'playground-demo-key-0123456789' });
  try {
    const { event: out, receipt } = guard.explain(event);
    const before = JSON.stringify(event, null, 2).split('\n');
    const after = out === null ? [] : JSON.stringify(out, null, 2).split('\n');
    $('diff').replaceChildren(...lineDiff(before, after).map(([op, line]) => Object.assign(document.createElement('div'), {
      textContent: `${op} ${line}`,
      className: op === '+' ? 'added' : op === '-' ? 'removed' : '',
    })));
    if (out === null) $('diff').prepend(Object.assign(document.createElement('div'), { textContent: 'Nothing is sent.', className: 'removed' }));
    $('receipt').textContent = JSON.stringify(receipt, null, 2);
  } finally {
    guard.free();
  }
}

function loadPreset(name) {
  $('policy').value = JSON.stringify(presetPolicy(name), null, 2);
  $('event').value = JSON.stringify(SAMPLES[name] ?? {}, null, 2);
}

const select = $('preset');
for (const name of presetNames()) select.append(new Option(name, name));
select.addEventListener('change', () => {
  loadPreset(select.value);
  update();
});
for (const p of BUILTIN_PURPOSES) {
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: p, checked: p === 'necessary' || p === 'analytics', disabled: p === 'necessary' });
  box.addEventListener('change', update);
  const label = document.createElement('label');
  label.append(box, ` ${p}`);
  $('consent').append(label);
}
let timer;
for (const id of ['policy', 'event']) $(id).addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
});
loadPreset('posthog');
update();
