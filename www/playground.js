// The playground: a policy editor with live validation ("policy valid", or each diagnostic with
// its rule and path), preset and consent pickers, an event editor, and the redaction as a table
// of paths (before | after | what happened, from the receipt) with the receipt itself. When the
// policy or the event stops being valid, the last good result stays on screen, marked stale.
import { createGuard, loadModule, presetNames, presetPolicy, validatePolicy, BUILTIN_PURPOSES } from '/pkg/index.js';
import { SAMPLES } from './samples.js';
import { nodes, diffRows, diffTable } from './diff.js';

// The default entry fetches the .wasm; presetNames and validatePolicy below need it loaded.
await loadModule();

const $ = (id) => document.getElementById(id);
// The playground hands createGuard this key, so hash actions are valid here.
const KEY = 'playground-demo-key-0123456789';

/** The last result computed from a valid policy and event: { event, out, receipt }. */
let last = null;
/** Each update gets a number; an older one finishing late changes nothing. */
let generation = 0;

function consent() {
  return Object.fromEntries([...$('consent').querySelectorAll('input')].map((b) => [b.name, b.checked]));
}

function showDiagnostics(diagnostics) {
  const status = $('policy-status');
  status.className = diagnostics.length ? 'invalid' : 'valid';
  status.textContent = diagnostics.length
    ? `policy invalid: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}`
    : 'policy valid';
  $('diagnostics').replaceChildren(...diagnostics.map((d) => {
    const li = document.createElement('li');
    li.textContent = `${d.code} at ${d.path || '(root)'}${d.rule ? ` in rule ${d.rule}` : ''}: ${d.message}`;
    return li;
  }));
}

/** Why the result shown is not of the current input (null: it is). */
let staleWhy = null;

/** Keeps what is shown, marked stale, and says why (or clears the mark). */
function showStale() {
  const note = $('stale');
  note.hidden = staleWhy === null;
  note.textContent = staleWhy === null ? ''
    : last ? `Stale: ${staleWhy}. Showing the last valid result until it is fixed.` : `No result yet: ${staleWhy}.`;
  $('result').classList.toggle('stale', staleWhy !== null);
  $('result').dataset.stale = String(staleWhy !== null);
}

function markStale(why) {
  staleWhy = why;
  showStale();
}

function render() {
  showStale();
  if (!last) return;
  const { event, out, receipt } = last;
  const outcome = $('outcome');
  if (out === null) {
    const d = receipt.dropped[0];
    outcome.className = 'dropped';
    outcome.textContent = `Nothing is sent: ${d ? `${d.reason}${d.missing?.length ? ` (missing ${d.missing.join(', ')})` : ''}${d.detail ? ` (${d.detail})` : ''}` : 'dropped'}.`;
  } else {
    outcome.className = 'kept';
    outcome.textContent = `Sent, with ${receipt.changes.length} change${receipt.changes.length === 1 ? '' : 's'} in the receipt.`;
  }
  const rows = diffRows(nodes(event), out === null ? null : nodes(out), receipt, { unchanged: $('show-unchanged').checked });
  $('diff').replaceWith(diffTable(rows, { id: 'diff', empty: 'Sent as it is: no field changed.' }));
  $('output').textContent = out === null ? 'null: nothing is sent' : JSON.stringify(out, null, 2);
  $('receipt').textContent = JSON.stringify(receipt, null, 2);
}

async function update() {
  const mine = ++generation;
  const policyText = $('policy').value;
  let diagnostics;
  try {
    diagnostics = validatePolicy(policyText, { key: true });
  } catch (e) {
    diagnostics = [{ code: e.code ?? 'ERROR', message: e.message, path: '' }];
  }
  showDiagnostics(diagnostics);
  let event;
  try {
    event = JSON.parse($('event').value);
    $('event-error').textContent = '';
  } catch (e) {
    $('event-error').textContent = `Event is not JSON: ${e.message}`;
    if (!diagnostics.length) return markStale('the event is not JSON');
  }
  if (diagnostics.length) return markStale('the policy is invalid');
  let result;
  try {
    const guard = await createGuard({ policy: policyText, consent: consent(), key: KEY });
    try {
      result = guard.explain(event);
    } finally {
      guard.free();
    }
  } catch (e) {
    if (mine === generation) markStale(`the guard refused it (${e.code ?? 'ERROR'}: ${e.message})`);
    return;
  }
  if (mine !== generation) return;
  last = { event, out: result.event, receipt: result.receipt };
  staleWhy = null;
  render();
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
// Only the view changes: a stale result stays stale.
$('show-unchanged').addEventListener('change', render);
let timer;
for (const id of ['policy', 'event']) $(id).addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
});
loadPreset('posthog');
update();
