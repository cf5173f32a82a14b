// Shared by the SDK demo pages: reads the page's settings from its URL, starts consent-guard on
// the chosen route, plants the canary PII, and renders what the app captured next to what the
// local collector received. Each SDK entry imports this module first, so on the interceptor
// route fetch/XHR/sendBeacon are wrapped before the SDK's own module runs.
//
//   ?route=hook|intercept|none   which way consent-guard is wired in (none: the page's own guard off)
//   ?consent=necessary|analytics|all
//   ?delay=ms                    hold the engine back this long (hook route; default 300)
import { createGuard, createGuardSync, blockTelemetry, BUILTIN_PURPOSES } from 'consent-guard/sync';

const params = new URLSearchParams(location.search);
export const route = params.get('route') ?? 'hook';
export const consentName = params.get('consent') ?? 'analytics';
const delay = Number(params.get('delay') ?? (route === 'hook' ? 300 : 0));

const GRANTS = {
  necessary: [],
  analytics: ['analytics'],
  all: BUILTIN_PURPOSES.filter((p) => p !== 'necessary'),
};

/** Every purpose decided: the named ones granted, the rest denied. */
export function consentFor(name) {
  const granted = GRANTS[name] ?? [];
  return Object.fromEntries(BUILTIN_PURPOSES.filter((p) => p !== 'necessary').map((p) => [p, granted.includes(p)]));
}

/** The personal data every page plants. None of it may reach the collector unless permitted. */
export const CANARY = {
  email: 'jane.doe@example.com',
  phone: '+1 415 555 0132',
  card: '4111 1111 1111 1111',
  name: 'Jane Doe',
  traits: { email: 'jane.doe@example.com', name: 'Jane Doe', phone: '+1 415 555 0132' },
  properties: { plan: 'pro', contact: 'jane.doe@example.com', phone: '+1 415 555 0132', card: '4111 1111 1111 1111' },
  error: 'payment failed for jane.doe@example.com',
};

const state = {
  route,
  consent: consentName,
  startedAt: performance.timeOrigin + performance.now(),
  readyAt: null,
  failed: null,
  receipts: [],
  captured: [],
};
window.__cg = state;

function remember(receipt, request) {
  state.receipts.push({
    via: request?.transport ?? 'hook',
    events: receipt.events,
    kept: receipt.kept,
    dropped: receipt.dropped.length,
    reasons: receipt.dropped.map((d) => d.reason),
    changes: receipt.changes.length,
    format: receipt.format ?? null,
  });
}

/** This page's collector endpoint for a vendor: same origin, under /<vendor>/. */
export function collectorEndpoint(vendor) {
  return { vendor, hosts: [location.host], prefix: `/${vendor}` };
}

/**
 * Starts the guard for `vendor` on this page's route. Returns a Promise of the Guard (the hook
 * route hands this Promise to the integration, which holds events until it resolves).
 */
export function startGuard(vendor) {
  const options = { preset: vendor, consent: consentFor(consentName), onReceipt: route === 'hook' ? remember : undefined };
  const ready = (guard) => {
    state.readyAt = performance.timeOrigin + performance.now();
    window.__guard = guard;
    // bench/hooks.mjs times the hook's work on a real event this SDK handed to it.
    const own = guard.forPreset(vendor);
    const redact = own.redact.bind(own);
    own.redact = (event, options) => {
      window.__sample ??= JSON.parse(JSON.stringify(event));
      return redact(event, options);
    };
    // Sentry's integration redacts whole envelopes at its transport.
    const redactBody = own.redactBody.bind(own);
    own.redactBody = (body, options) => {
      window.__sampleBody ??= typeof body === 'string' ? body : body.slice(0);
      return redactBody(body, options);
    };
    return guard;
  };
  const failed = (e) => {
    state.failed = e?.code ?? String(e);
    throw e;
  };
  if (route === 'intercept') {
    const endpoints = [collectorEndpoint(vendor)];
    try {
      const guard = createGuardSync(options);
      guard.intercept({ endpoints, onReceipt: remember });
      return Promise.resolve(ready(guard));
    } catch (e) {
      // The engine cannot run here (a CSP without 'wasm-unsafe-eval'): block, never send raw.
      blockTelemetry({ endpoints });
      return Promise.reject(e).catch(failed);
    }
  }
  if (route === 'none') return new Promise(() => {});
  const promise = new Promise((r) => setTimeout(r, delay)).then(() => createGuard(options)).then(ready, failed);
  promise.catch(() => {});
  return promise;
}

/** The page's vendor, from its file name (/sdk/posthog.html). */
export const vendor = location.pathname.split('/').pop().replace(/\.html$/, '');

/**
 * Started while this module evaluates, before the SDK module that imports it next: on the
 * interceptor route fetch, XHR, sendBeacon and Blob are wrapped before the SDK keeps its own
 * reference to fetch.
 */
export const guard = startGuard(vendor);

/** Notes what the app handed to its SDK, for the "captured" panel. */
export function captured(kind, payload) {
  state.captured.push({ kind, payload });
  render();
}

// ---- the panel --------------------------------------------------------------------------------

let vendorName = '';

export function mountPanel(vendor, actions) {
  vendorName = vendor;
  const root = document.getElementById('app');
  const el = (tag, props = {}, children = []) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };
  const links = el('p', {}, ['Route: ',
    ...['hook', 'intercept'].flatMap((r) => [el('a', { href: with_({ route: r }), textContent: r, className: r === route ? 'on' : '' }), ' ']),
    ' Consent: ',
    ...Object.keys(GRANTS).flatMap((c) => [el('a', { href: with_({ consent: c }), textContent: c, className: c === consentName ? 'on' : '' }), ' ']),
  ]);
  const toggles = el('p', { id: 'toggles' }, BUILTIN_PURPOSES.filter((p) => p !== 'necessary').map((p) => {
    const box = el('input', { type: 'checkbox', checked: consentFor(consentName)[p], id: `purpose-${p}` });
    box.addEventListener('change', () => window.__guard?.setConsent({ [p]: box.checked }));
    return el('label', {}, [box, ` ${p} `]);
  }));
  const buttons = el('p', {}, Object.entries(actions).map(([label, fn]) => {
    const b = el('button', { textContent: label, id: `act-${label.split(' ')[0].toLowerCase()}` });
    b.addEventListener('click', () => fn());
    return b;
  }));
  root.append(
    links,
    toggles,
    buttons,
    el('p', { id: 'status' }),
    el('div', { className: 'columns' }, [
      el('section', {}, [el('h2', { textContent: 'Captured by the app' }), el('pre', { id: 'captured' })]),
      el('section', {}, [el('h2', { textContent: 'Received by the collector' }), el('pre', { id: 'received' })]),
    ]),
  );
  render();
  setInterval(refresh, 1000);
}

function with_(change) {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(change)) p.set(k, v);
  return `?${p}`;
}

function render() {
  const out = document.getElementById('captured');
  if (!out) return;
  out.textContent = state.captured.map((c) => `${c.kind}: ${JSON.stringify(c.payload, null, 1)}`).join('\n\n');
  const status = document.getElementById('status');
  status.textContent = state.failed ? `consent-guard failed to start (${state.failed}): telemetry blocked`
    : state.readyAt ? `consent-guard ready (${route}); receipts: ${state.receipts.length}` : 'consent-guard loading: events are held';
}

async function refresh() {
  try {
    const records = await (await fetch(`/__collector?vendor=${vendorName}`)).json();
    document.getElementById('received').textContent = records
      .map((r) => `${r.method} /${vendorName}${r.path} [${r.format}, ${r.events} events]\n${JSON.stringify(r.body, null, 1)}`)
      .join('\n\n');
  } catch { /* the collector is optional for the panel */ }
  render();
}
