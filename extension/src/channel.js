// The private channel between the extension's two content-script worlds in one frame.
//
// Both worlds share the page's DOM, and so would share any event on `document`: a page script
// could forge settings ("allow") or relays. So the isolated world makes a DOM node that is never
// in the document and hands it to the MAIN world once, at document_start, before any page
// script exists: as the `relatedTarget` of a handshake event (a DOM reference crosses worlds; a
// CustomEvent's `detail` would not). From then on the two worlds talk only by events on that
// node, which no page script can reach. Events dispatch synchronously, so a body handed over
// while the page unloads is with the isolated world before the page goes away (a MessagePort
// delivers asynchronously, and at unload too late).
//
// Whichever world runs first, the handshake completes inside document_start: the isolated world
// offers the node at once and, if nobody took it, answers exactly one hello from the MAIN world.
// The MAIN world keeps its own copies of the DOM functions it needs, so a page that later
// replaces dispatchEvent or the `detail` getter sees nothing of the channel.

const HANDSHAKE = 'consent-guard-extension:handshake';
const HELLO = 'consent-guard-extension:hello';
const ACK = 'ack';

// Captured at load, before any page script can replace them.
const dispatch = EventTarget.prototype.dispatchEvent;
const listen = EventTarget.prototype.addEventListener;
const unlisten = EventTarget.prototype.removeEventListener;
const NativeCustomEvent = CustomEvent;
const NativeMouseEvent = MouseEvent;
const detailOf = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get;
const relatedOf = Object.getOwnPropertyDescriptor(MouseEvent.prototype, 'relatedTarget').get;
const preventDefault = Event.prototype.preventDefault;
const stopImmediatePropagation = Event.prototype.stopImmediatePropagation;

/** Events on the private node: `send` (returns true when a listener cancelled it) and `on`. */
function channel(node) {
  return {
    send(type, detail, { cancelable = false } = {}) {
      return !dispatch.call(node, new NativeCustomEvent(type, { detail, cancelable }));
    },
    on(type, fn) {
      listen.call(node, type, (e) => fn(detailOf.call(e), () => preventDefault.call(e)));
    },
  };
}

/** Isolated world: makes the node and hands it over. Returns the channel. */
export function openFromIsolated(doc = document) {
  const node = doc.createElement('consent-guard-channel');
  let taken = false;
  listen.call(node, ACK, () => {
    taken = true;
  });
  const offer = () => dispatch.call(doc, new NativeMouseEvent(HANDSHAKE, { relatedTarget: node }));
  offer();
  if (!taken) {
    // The MAIN world has not run yet: answer its hello, once.
    const onHello = (e) => {
      stopImmediatePropagation.call(e);
      unlisten.call(doc, HELLO, onHello, true);
      if (!taken) offer();
    };
    listen.call(doc, HELLO, onHello, true);
  }
  return channel(node);
}

/** MAIN world: takes the node from the first handshake. Returns the channel (its sends wait for the node). */
export function openFromMain(doc = document) {
  let node = null;
  const pending = [];
  const ch = {
    send(type, detail, options) {
      return node ? channel(node).send(type, detail, options) : false;
    },
    on(type, fn) {
      if (node) channel(node).on(type, fn);
      else pending.push([type, fn]);
    },
    get open() {
      return node !== null;
    },
  };
  const onHandshake = (e) => {
    stopImmediatePropagation.call(e);
    const offered = relatedOf.call(e);
    if (node || !offered) return;
    node = offered;
    unlisten.call(doc, HANDSHAKE, onHandshake, true);
    for (const [type, fn] of pending.splice(0)) channel(node).on(type, fn);
    dispatch.call(node, new NativeCustomEvent(ACK));
  };
  listen.call(doc, HANDSHAKE, onHandshake, true);
  dispatch.call(doc, new NativeCustomEvent(HELLO));
  // The isolated world runs in the same document_start as this one; if it has not offered by
  // the next task, it will not, and a handshake after that can only be a page's forgery.
  if (!node) setTimeout(() => unlisten.call(doc, HANDSHAKE, onHandshake, true), 0);
  return ch;
}

export const SETTINGS = 'settings';
export const RELAY = 'relay';
export const REDACT = 'redact';
export const REDACTED = 'redacted';
export const RECEIPT = 'receipt';
