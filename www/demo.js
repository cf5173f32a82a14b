// The demo: pick a preset and consent, edit an event, see what would leave the page.
import { createGuard, presetNames, BUILTIN_PURPOSES } from '/pkg/index.js';

const SAMPLES = {
  posthog: { event: '$pageview', properties: {
    $current_url: 'https://shop.example.com/checkout?utm_source=newsletter&token=PAGETOKEN456&email=jane.doe%40example.com',
    $referrer: 'https://search.example.com/results?q=jane+doe+4111111111111111',
    title: 'Checkout - Jane Doe (jane.doe@example.com)',
    $raw_user_agent: navigator.userAgent,
    $el_text: 'Email jane.doe@example.com',
    $set: { email: 'jane.doe@example.com', name: 'Jane Doe' },
    distinct_id: 'user-123', $browser_version: 156, $time: 1795357980.827 },
    timestamp: '2026-11-22T14:33:00.794Z' },
  segment: { type: 'identify', userId: 'user-123',
    traits: { email: 'jane.doe@example.com', name: 'Jane Doe', phone: '+1 415 555 0132' },
    context: { page: { url: 'https://shop.example.com/checkout?utm_source=newsletter&token=PAGETOKEN456',
      title: 'Checkout - Jane Doe', referrer: 'https://search.example.com/results?q=jane+doe' },
      userAgent: navigator.userAgent, ip: '203.0.113.77' } },
  sentry: { level: 'error', exception: { values: [{ type: 'Error', value: 'Payment failed for jane.doe@example.com card 4111 1111 1111 1111' }] },
    request: { url: 'https://shop.example.com/checkout?token=SECRETTOKEN123&utm_source=mail',
      headers: { Referer: 'https://search.example.com/results?q=jane', 'User-Agent': navigator.userAgent } },
    user: { id: 'user-123', email: 'jane.doe@example.com', ip_address: '203.0.113.77' } },
  amplitude: { event_type: 'checkout', user_id: 'user-123', ip: '$remote', user_agent: navigator.userAgent,
    event_properties: { '[Amplitude] Page Location': 'https://shop.example.com/checkout?utm_source=a&email=jane%40example.com',
      '[Amplitude] Page Title': 'Checkout - Jane Doe', email: 'jane.doe@example.com' } },
  mixpanel: { event: 'purchase', properties: { $current_url: 'https://shop.example.com/u/123/orders?email=jane%40example.com',
    $referrer: 'https://search.example.com/results?q=jane', email: 'jane.doe@example.com', time: 1795358035.23 } },
  otel: { name: 'checkout', attributes: { 'url.full': 'https://shop.example.com/api/orders/42?token=T', 'user.email': 'jane.doe@example.com',
    'http.user_agent': navigator.userAgent }, startTime: 1795358047025 },
  'scan-all': { event: 'support_ticket', message: 'Call me at +1 415 555 0132 or jane.doe@example.com; IBAN DE89 3704 0044 0532 0130 00',
    auth: 'Bearer abcDEF1234567890.xyz', ua: navigator.userAgent, t: 1795357980827 },
};

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
