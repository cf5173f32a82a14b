// What happened to each site's telemetry, for the popup and the receipts page: a summary per
// request (its outcome and the kinds of data removed, never a value) added to per-site counts,
// and the last receipts themselves (paths and rule ids, never values). Kept by the service
// worker in memory and written to chrome.storage.session (gone when the browser closes; only
// extension pages can read it).
import { kindOf, dropKindOf } from './plain-words.js';

const EVENT_DROPS = ['consent', 'consent_pending', 'limit', 'invalid_event', 'policy'];
const FAILURES = ['internal_error'];
/** How many receipts each site keeps, and how many sites. */
const RECEIPTS_PER_SITE = 100;
const SITES = 50;
/** A receipt's changes are listed up to this many (the count says how many there were). */
const CHANGES_PER_RECEIPT = 200;

/**
 * What one request came to, without values: `outcome` is `unchanged` (sent as the page made it),
 * `stripped` (sent with data removed or events dropped), `blocked` (nothing sent) or `failed`
 * (the engine or the delivery failed); `removed` counts the kinds of data removed.
 */
export function summarize(receipt, failure = null) {
  const dropped = Array.isArray(receipt?.dropped) ? receipt.dropped : [];
  const changes = Array.isArray(receipt?.changes) ? receipt.changes : [];
  const eventDrops = dropped.filter((d) => EVENT_DROPS.includes(d.reason));
  const removed = {};
  for (const c of changes) {
    const kind = kindOf(c);
    removed[kind] = (removed[kind] ?? 0) + 1;
  }
  for (const d of eventDrops) {
    const kind = dropKindOf(d);
    removed[kind] = (removed[kind] ?? 0) + 1;
  }
  const events = Number.isInteger(receipt?.events) ? receipt.events : 0;
  let outcome;
  if (failure || dropped.some((d) => FAILURES.includes(d.reason))) outcome = 'failed';
  else if (receipt?.kept !== true) outcome = 'blocked';
  else if (changes.length > 0 || eventDrops.length > 0) outcome = 'stripped';
  else outcome = 'unchanged';
  return { outcome, events, eventsSent: receipt?.kept === true ? Math.max(0, events - eventDrops.length) : 0, removed, failure };
}

/** A site's counts with one more request's summary. */
export function addTo(counts, summary, vendor) {
  const c = counts ?? { requests: 0, unchanged: 0, stripped: 0, blocked: 0, failed: 0, eventsSent: 0, removed: {}, vendors: {}, failures: {} };
  c.requests += 1;
  c[summary.outcome] += 1;
  c.eventsSent += summary.eventsSent;
  for (const [kind, n] of Object.entries(summary.removed)) c.removed[kind] = (c.removed[kind] ?? 0) + n;
  if (vendor) {
    const v = (c.vendors[vendor] ??= { unchanged: 0, stripped: 0, blocked: 0, failed: 0 });
    v[summary.outcome] += 1;
  }
  if (summary.failure) c.failures[summary.failure] = (c.failures[summary.failure] ?? 0) + 1;
  return c;
}

/**
 * Where a request went: its origin and path when it was sent (the vendor has them anyway), its
 * origin alone when it was not (a path can be why: the engine blocks one holding personal data).
 */
function addressOf(url, outcome) {
  if (typeof url !== 'string') return null;
  if (outcome === 'stripped' || outcome === 'unchanged') return url;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A receipt as the receipts page lists it: what the engine recorded, trimmed to a bound. */
function entryOf(receipt, vendor, request, summary) {
  const changes = Array.isArray(receipt?.changes) ? receipt.changes : [];
  return {
    at: Date.now(),
    vendor: vendor ?? null,
    url: addressOf(request?.url, summary.outcome),
    transport: request?.transport ?? null,
    outcome: summary.outcome,
    failure: summary.failure,
    receipt: {
      kept: receipt?.kept === true,
      events: summary.events,
      format: receipt?.format ?? null,
      dropped: Array.isArray(receipt?.dropped) ? receipt.dropped.slice(0, CHANGES_PER_RECEIPT) : [],
      changes: changes.slice(0, CHANGES_PER_RECEIPT),
      changesTotal: changes.length,
    },
  };
}

/**
 * The worker's tally, in memory once read from session storage. Each update is applied whole,
 * in the order requests were counted; the state is written back at most once per 20 ms, so a
 * burst of receipts costs one write. `idle()` resolves once everything counted is written.
 */
export class Tally {
  #storage;
  #state = null;
  #loading = null;
  #dirty = false;
  #writer = null;

  constructor(storage) {
    this.#storage = storage;
  }

  #loaded() {
    this.#loading ??= this.#storage.get(['counts', 'receipts']).then(({ counts = {}, receipts = {} }) => {
      this.#state = { counts, receipts };
    });
    return this.#loading;
  }

  #schedule() {
    this.#dirty = true;
    this.#writer ??= (async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      while (this.#dirty) {
        this.#dirty = false;
        await this.#storage.set(this.#state);
      }
    })()
      .catch((e) => console.warn(`consent-guard: counts not written: ${e?.message}`))
      .finally(() => {
        this.#writer = null;
      });
  }

  /** Counts one request for the top-level site `host`. */
  async add(host, vendor, receipt, { request = null, failure = null } = {}) {
    const summary = summarize(receipt, failure);
    await this.#loaded();
    const state = this.#state;
    state.counts[host] = addTo(state.counts[host], summary, vendor);
    const list = (state.receipts[host] ??= []);
    list.push(entryOf(receipt, vendor, request, summary));
    if (list.length > RECEIPTS_PER_SITE) list.splice(0, list.length - RECEIPTS_PER_SITE);
    const sites = Object.keys(state.receipts);
    for (const old of sites.slice(0, Math.max(0, sites.length - SITES))) delete state.receipts[old];
    this.#schedule();
  }

  /** Forgets every site's counts and receipts. */
  async reset() {
    await this.#loaded();
    this.#state = { counts: {}, receipts: {} };
    this.#schedule();
  }

  async idle() {
    await this.#loaded();
    while (this.#writer) await this.#writer;
  }
}
