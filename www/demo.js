// The demo: pick a preset and consent, edit an event, see what would leave the page.
import { createGuard, loadModule, presetNames, BUILTIN_PURPOSES } from '/pkg/index.js';

// The default entry fetches the .wasm; presetNames below needs it loaded.
await loadModule();
import { SAMPLES } from './samples.js';


const $ = (id) => document.getElementById(id);
let guard;

function consentFromBoxes() {
  const consent = {};
  for (const box of $('consent').querySelectorAll('input')) consent[box.name] = box.checked;
  delete consent.necessary;
  return consent;
}

async function rebuild() {
  guard?.free();
  guard = await createGuard({ preset: $('preset').value, consent: consentFromBoxes() });
  render();
}

function render() {
  let event;
  try {
    event = JSON.parse($('input').value);
    $('input-error').textContent = '';
  } catch (e) {
    $('input-error').textContent = `Not JSON: ${e.message}`;
    return;
  }
  guard.setConsent(consentFromBoxes());
  const { event: out, receipt } = guard.explain(event);
  $('before').textContent = JSON.stringify(event, null, 2);
  $('after').textContent = out === null ? 'null: nothing is sent' : JSON.stringify(out, null, 2);
  const status = $('status');
  if (receipt.kept) {
    status.className = 'kept';
    status.textContent = `Sent, with ${receipt.changes.length} change(s).`;
  } else {
    const d = receipt.dropped[0];
    status.className = 'dropped';
    status.textContent = `Dropped: ${d.reason}${d.missing ? ` (missing ${d.missing.join(', ')})` : ''}${d.detail ? ` (${d.detail})` : ''}`;
  }
  const rows = $('changes');
  rows.replaceChildren(...receipt.changes.map((c) => {
    const tr = document.createElement('tr');
    for (const v of [c.rule, c.path, c.action, c.detector ?? '']) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    return tr;
  }));
  const c = guard.counters;
  $('counters').textContent = `This guard so far: ${c.events_seen} seen, ${c.events_kept} kept, ${c.events_dropped} dropped.`;
}

function setup() {
  for (const name of presetNames()) $('preset').append(new Option(name, name));
  for (const p of BUILTIN_PURPOSES) {
    const label = document.createElement('label');
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: p, checked: p === 'necessary' || p === 'analytics' });
    box.disabled = p === 'necessary';
    box.addEventListener('change', render);
    label.append(box, ` ${p}`);
    $('consent').append(label);
  }
  $('preset').addEventListener('change', () => {
    $('input').value = JSON.stringify(SAMPLES[$('preset').value], null, 2);
    rebuild();
  });
  $('input').addEventListener('input', render);
  $('input').value = JSON.stringify(SAMPLES.posthog, null, 2);
  rebuild();
}

setup();
