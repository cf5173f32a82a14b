// While storage is not allowed, the SDKs' own writes to the device are dropped: localStorage and
// sessionStorage `setItem` and `document.cookie` assignments whose key is one of PostHog's,
// Segment's, Mixpanel's or Amplitude's (purge.js). SDK options cannot express every store (a
// batch queue, an identity cookie written by setUserId, a store the vendor's remote config turns
// on), and some cannot change after load: the gate holds whatever the SDK does. Keys of the page's
// own are never touched.

import { sdkOf } from './purge.js';

const GATE = Symbol.for('consent-guard.storage-gate');

/**
 * Installs the gate on `win` once; `denied()` is asked at every write of a known SDK key.
 * Returns a function that adds another predicate (any one denying drops the write).
 */
export function storageGate(win = globalThis) {
  if (win[GATE]) return win[GATE];
  const predicates = new Set();
  const denied = () => {
    for (const p of predicates) {
      try {
        if (p()) return true;
      } catch {
        return true; // cannot tell: fail closed
      }
    }
    return false;
  };
  const storage = win.Storage?.prototype;
  if (storage && typeof storage.setItem === 'function') {
    const setItem = storage.setItem;
    storage.setItem = function setItem_(key, value) {
      if (sdkOf(String(key)) && denied()) return undefined;
      return setItem.call(this, key, value);
    };
    Object.defineProperty(storage.setItem, 'name', { value: 'setItem' });
    storage.setItem.toString = () => 'function setItem() { [native code] }';
  }
  const doc = win.Document?.prototype;
  const cookie = doc && Object.getOwnPropertyDescriptor(doc, 'cookie');
  if (cookie?.set && cookie.get) {
    Object.defineProperty(doc, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable,
      get: cookie.get,
      set(value) {
        const name = String(value).split('=')[0].trim();
        // Expiring a cookie is always let through: it removes what was stored.
        const expiring = /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(String(value));
        if (sdkOf(name) && !expiring && denied()) return;
        cookie.set.call(this, value);
      },
    });
  }
  const add = (predicate) => {
    predicates.add(predicate);
    return () => predicates.delete(predicate);
  };
  Object.defineProperty(win, GATE, { value: add });
  return add;
}
