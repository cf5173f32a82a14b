// The pre-consent queue: events that arrive before the engine has loaded, or while the
// purposes they need are still undecided, wait here in memory (bounded, never persisted),
// as the original objects with their own timestamps, until a decision re-evaluates them.

export class PendingQueue {
  #items = [];
  #max;
  #overflowed = 0;

  constructor({ max = 500 } = {}) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError('PendingQueue: max must be a positive integer');
    this.#max = max;
  }

  /** Holds `event` until released; `send(redacted)` delivers it then. Oldest goes when full. */
  push(event, send) {
    if (typeof send !== 'function') throw new TypeError('PendingQueue.push: send must be a function');
    if (this.#items.length >= this.#max) {
      this.#items.shift();
      this.#overflowed++;
    }
    this.#items.push({ event, send, heldAt: Date.now() });
  }

  get size() {
    return this.#items.length;
  }

  /** Events dropped because the queue was full. */
  get overflowed() {
    return this.#overflowed;
  }

  /** Moves every held event out (for a guard to re-evaluate). */
  take() {
    return this.#items.splice(0);
  }

  /** Drops every held event; returns how many. */
  clear() {
    return this.#items.splice(0).length;
  }
}
