// Reading the consent signals a page already has, once (readSignals) or live (followSignals).
// Decoding and combining happen in the Wasm core (consentFromSignals); this file only talks to
// the page's APIs: navigator, __tcfapi, __gpp, __uspapi and dataLayer. Whatever the page hands
// over is copied into plain data first, so a getter that throws, a cycle or a BigInt in the
// page's objects becomes that source's error in the core, never an exception here.

/** What a value that could not be read is passed as: the core reports it and fails safe. */
const UNREADABLE = '[unreadable]';
const MAX_KEYS = 64;
const MAX_REGIONS = 512;

/** A CMP call that answers through a callback, given up after `ms` (a missing answer is no signal). */
function ask(fn, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    try {
      fn((value) => {
        clearTimeout(timer);
        resolve(value ?? null);
      });
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
}

/** A navigator flag as the core reads it (strings and odd types fail safe to on there). */
function flagValue(nav, key) {
  let v;
  try {
    v = nav[key];
  } catch {
    return UNREADABLE;
  }
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  return UNREADABLE;
}

function navigatorSignals(win, into) {
  let nav;
  try {
    nav = win.navigator ?? {};
  } catch {
    nav = {};
  }
  const gpc = flagValue(nav, 'globalPrivacyControl');
  if (gpc !== undefined) into.gpc = gpc;
  const dnt = flagValue(nav, 'doNotTrack');
  if (dnt !== undefined) into.dnt = dnt;
  return into;
}

/** A settings value as plain JSON: strings, booleans, numbers and null as they are. */
function plain(v) {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return `[${typeof v}]`;
}

/** A copy of a consent command's settings object that JSON.stringify cannot choke on. */
function copySettings(s) {
  if (s === undefined || s === null) return null;
  if (typeof s !== 'object') return plain(s);
  try {
    const entries = [];
    for (const k of Object.keys(s).slice(0, MAX_KEYS)) {
      const v = s[k];
      if (k === 'region' && Array.isArray(v)) {
        entries.push([k, v.slice(0, MAX_REGIONS).map((r) => (typeof r === 'string' ? r : `[${typeof r}]`))]);
      } else {
        entries.push([k, plain(v)]);
      }
    }
    // fromEntries defines own properties, so a "__proto__" key stays a plain key.
    return Object.fromEntries(entries);
  } catch {
    return UNREADABLE;
  }
}

/**
 * One dataLayer entry as a consent command (a plain array), or null when it is not one.
 * gtag pushes `arguments` objects; anything indexable is read the same way. An entry that
 * cannot be read becomes a malformed consent command, so the core blocks Consent Mode grants.
 */
function commandOf(entry) {
  if (entry === null || (typeof entry !== 'object' && typeof entry !== 'function')) return null;
  let first;
  try {
    first = entry[0];
  } catch {
    return ['consent', UNREADABLE, null];
  }
  if (first !== 'consent') return null;
  try {
    return ['consent', plain(entry[1]), copySettings(entry[2])];
  } catch {
    return ['consent', UNREADABLE, null];
  }
}

/** Only the `consent` commands of a dataLayer, copied as plain data (null if not an array). */
export function consentCommands(dataLayer) {
  if (!Array.isArray(dataLayer)) return null;
  return commandsIn(dataLayer, 0);
}

function commandsIn(dl, from) {
  const out = [];
  let len;
  try {
    len = dl.length;
  } catch {
    return [['consent', UNREADABLE, null]];
  }
  for (let i = from; i < len; i++) {
    let entry;
    try {
      entry = dl[i];
    } catch {
      out.push(['consent', UNREADABLE, null]);
      continue;
    }
    const c = commandOf(entry);
    if (c) out.push(c);
  }
  return out;
}

function tcStringOf(tcData, success) {
  if (!success || !tcData) return null;
  // gdprApplies false: TCF does not apply here, so it says nothing.
  if (tcData.gdprApplies === false) return null;
  return typeof tcData.tcString === 'string' && tcData.tcString ? tcData.tcString : null;
}

/**
 * What a TCF listener call means for the `tcf` signal: a TC string, null (TCF says nothing:
 * GDPR does not apply, or no string yet), or `{ error }` when the CMP failed. An error is
 * passed on so the core blocks what TCF governs: a CMP failing after a grant never leaves it.
 */
function tcfValue(tcData, success) {
  try {
    if (success === false) return { error: 'the CMP reported success=false' };
    if (!tcData || typeof tcData !== 'object') return { error: 'the CMP sent no TC data' };
    if (tcData.gdprApplies === false) return null;
    const s = tcData.tcString;
    if (s === undefined || s === null || s === '') return null;
    return typeof s === 'string' ? s : { error: 'tcString is not a string' };
  } catch {
    return { error: 'the TC data could not be read' };
  }
}

/** The same for a GPP event: a GPP string, null, `{ error }`, or undefined for no change. */
function gppValue(event, success) {
  try {
    if (success === false) return { error: 'the CMP reported success=false' };
    if (event?.eventName === 'error') return { error: 'the CMP reported an error event' };
    const s = event?.pingData?.gppString;
    if (s === undefined) return undefined;
    if (s === null || s === '') return null;
    return typeof s === 'string' ? s : { error: 'gppString is not a string' };
  } catch {
    return { error: 'the GPP event could not be read' };
  }
}

/** The signals present in `win`, read once. Resolves within `timeoutMs` even if a CMP never answers. */
export async function readSignals(win = globalThis, { timeoutMs = 500 } = {}) {
  const signals = navigatorSignals(win, {});
  const call = (name, fn) => {
    let api;
    try {
      api = win[name];
    } catch {
      return null;
    }
    return typeof api === 'function' ? ask((done) => fn(api, done), timeoutMs) : null;
  };
  const [tcf, gpp, usp] = await Promise.all([
    call('__tcfapi', (api, done) => api('getTCData', 2, (d, ok) => done(tcStringOf(d, ok)))),
    call('__gpp', (api, done) => api('ping', (d) => done(typeof d?.gppString === 'string' ? d.gppString || null : null))),
    call('__uspapi', (api, done) => api('getUSPData', 1, (d, ok) => done(ok && typeof d?.uspString === 'string' ? d.uspString : null))),
  ]);
  if (tcf) signals.tcf = tcf;
  if (gpp) signals.gpp = gpp;
  if (usp) signals.usp = usp;
  let dl;
  try {
    dl = win.dataLayer;
  } catch {
    dl = undefined;
  }
  const commands = consentCommands(dl);
  if (commands?.length) signals.consentMode = commands;
  return signals;
}

// Array methods of the dataLayer that are wrapped; all but push may move existing entries.
const METHODS = ['push', 'unshift', 'splice', 'pop', 'shift'];

/**
 * Keeps `apply(signals)` called with the page's current signals: now, and whenever the TCF or
 * GPP CMP reports a change or the dataLayer changes. Returns unsubscribe, with a `poll()` that
 * applies any dataLayer write no hook saw (call it before each event; it costs three reads).
 *
 * The dataLayer is watched however the page writes it: `window.dataLayer` becomes an accessor
 * (a reassigned array is seen); `push` on each array it holds becomes an accessor that wraps
 * whatever function is assigned (gtag and GTM replace it; code may assign it on a reference it
 * kept); `unshift`, `splice`, `pop` and `shift` are wrapped too. Index writes, `length` writes
 * and arrays defined where no hook can go are found by `poll()`, which compares the array, its
 * length and its last entry with the last read.
 */
export function followSignals(win, apply) {
  const current = navigatorSignals(win, {});
  let stopped = false;
  let busy = false;
  let pending = false;
  const undo = [];

  // Applies `current` when it changed; a change that arrives while applying (a send callback
  // that pushes) is applied right after, never lost and never re-entrant.
  let dirty = true;
  const flush = () => {
    if (stopped) return;
    if (busy) {
      pending = true;
      return;
    }
    busy = true;
    try {
      for (let round = 0; round < 16; round++) {
        pending = false;
        if (syncDataLayer()) dirty = true;
        if (dirty) {
          dirty = false;
          try {
            apply({ ...current });
          } catch { /* the caller's failure is not the page's */ }
        }
        if (!pending) break;
      }
    } finally {
      busy = false;
    }
  };
  const update = (patch) => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === undefined) delete current[k];
      else current[k] = v;
    }
    dirty = true;
    flush();
  };

  // dataLayer state as last read: the array, how far it was scanned, its last entry, and the
  // consent commands found (with their JSON, to tell a change from a rewrite to the same).
  const seen = { arr: undefined, len: 0, last: undefined, commands: [], key: '[]' };
  let structural = true;
  const readWindow = () => {
    try {
      return win.dataLayer;
    } catch {
      return undefined;
    }
  };
  // Reads the dataLayer (only what was appended, when nothing else moved). True when its
  // consent commands changed.
  function syncDataLayer() {
    const dl = readWindow();
    if (dl !== null && typeof dl === 'object') hookArray(dl);
    let len = 0;
    let last;
    let commands = [];
    if (Array.isArray(dl)) {
      try {
        len = dl.length;
        last = len > 0 ? dl[len - 1] : undefined;
        const appended = !structural && dl === seen.arr && len >= seen.len
          && (seen.len === 0 || dl[seen.len - 1] === seen.last);
        if (appended) {
          const added = commandsIn(dl, seen.len);
          commands = added.length ? seen.commands.concat(added) : seen.commands;
        } else {
          commands = commandsIn(dl, 0);
        }
      } catch {
        commands = [['consent', UNREADABLE, null]];
      }
    }
    structural = false;
    Object.assign(seen, { arr: dl, len, last });
    if (commands === seen.commands) return false;
    seen.commands = commands;
    const key = JSON.stringify(commands);
    if (key === seen.key) return false;
    seen.key = key;
    if (commands.length) current.consentMode = commands;
    else delete current.consentMode;
    return true;
  }
  const changed = (isStructural) => {
    if (stopped) return;
    if (isStructural) structural = true;
    flush();
  };

  // window.dataLayer as an accessor (chained to one that is already there).
  try {
    if (win.dataLayer === undefined || win.dataLayer === null) win.dataLayer = [];
  } catch { /* a page that forbids it keeps its own */ }
  (() => {
    let own;
    try {
      own = Object.getOwnPropertyDescriptor(win, 'dataLayer');
    } catch {
      return;
    }
    if (own && !own.configurable) return; // `var dataLayer`: poll() still sees reassignments
    let value = own && !own.get ? own.value : undefined;
    const get = function () {
      return own?.get ? own.get.call(win) : value;
    };
    const set = function (v) {
      if (own?.set) own.set.call(win, v);
      else if (!own?.get) value = v;
      changed(true);
    };
    try {
      Object.defineProperty(win, 'dataLayer', { configurable: true, enumerable: own?.enumerable ?? true, get, set });
    } catch {
      return;
    }
    undo.push(() => {
      if (Object.getOwnPropertyDescriptor(win, 'dataLayer')?.get !== get) return; // redefined since
      Object.defineProperty(win, 'dataLayer', own?.get ? own
        : { value, writable: true, enumerable: own?.enumerable ?? true, configurable: true });
    });
  })();

  // Each array ever seen as window.dataLayer keeps its hooks until unsubscribe.
  const hooked = new WeakSet();
  function hookArray(arr) {
    if (hooked.has(arr)) return;
    hooked.add(arr);
    for (const name of METHODS) hookMethod(arr, name, name !== 'push');
  }
  function hookMethod(arr, name, isStructural) {
    let own;
    try {
      own = Object.getOwnPropertyDescriptor(arr, name);
      if (own && !own.configurable) return;
    } catch {
      return;
    }
    let inner;
    try {
      inner = own ? (own.get ? undefined : own.value) : arr[name];
    } catch {
      return;
    }
    const original = inner;
    // One wrapper per function, so a function that calls the wrapper it read earlier (GTM's
    // push calls the push it replaced) never calls itself.
    const wrappers = new WeakMap();
    const wrap = (fn) => {
      if (typeof fn !== 'function') return fn;
      let w = wrappers.get(fn);
      if (!w) {
        w = function (...args) {
          try {
            return fn.apply(this, args);
          } finally {
            changed(isStructural);
          }
        };
        wrappers.set(fn, w);
      }
      return w;
    };
    const get = function () {
      return wrap(own?.get ? own.get.call(this) : inner);
    };
    const set = function (fn) {
      if (own?.set) own.set.call(this, fn);
      else if (!own?.get) inner = fn;
      changed(isStructural);
    };
    try {
      Object.defineProperty(arr, name, { configurable: true, enumerable: own?.enumerable ?? false, get, set });
    } catch {
      return; // a frozen array: poll() still sees its changes
    }
    undo.push(() => {
      if (Object.getOwnPropertyDescriptor(arr, name)?.get !== get) return;
      if (own) Object.defineProperty(arr, name, own.get ? own : { ...own, value: inner });
      else if (inner === original) delete arr[name];
      else Object.defineProperty(arr, name, { value: inner, writable: true, enumerable: true, configurable: true });
    });
  }

  // The CMPs last: one may answer synchronously, and everything above must exist by then.
  if (typeof win.__tcfapi === 'function') {
    let listenerId = null;
    const onTc = (tcData, success) => {
      try {
        if (tcData && tcData.listenerId !== undefined) listenerId = tcData.listenerId;
      } catch { /* the listener id is only needed to unsubscribe */ }
      update({ tcf: tcfValue(tcData, success) });
    };
    try {
      win.__tcfapi('addEventListener', 2, onTc);
      undo.push(() => win.__tcfapi('removeEventListener', 2, () => {}, listenerId));
    } catch { /* a broken CMP is no signal */ }
  }
  if (typeof win.__gpp === 'function') {
    let listenerId = null;
    const onGpp = (event, success) => {
      try {
        if (event && event.listenerId !== undefined) listenerId = event.listenerId;
      } catch { /* as above */ }
      const gpp = gppValue(event, success);
      if (gpp !== undefined) update({ gpp });
    };
    try {
      win.__gpp('addEventListener', onGpp);
      undo.push(() => win.__gpp('removeEventListener', () => {}, listenerId));
    } catch { /* a broken CMP is no signal */ }
  }
  if (typeof win.__uspapi === 'function') {
    try {
      win.__uspapi('getUSPData', 1, (d, ok) => {
        if (ok && typeof d?.uspString === 'string' && d.uspString) update({ usp: d.uspString });
      });
    } catch { /* no signal */ }
  }

  flush();

  const unsubscribe = () => {
    stopped = true;
    undo.splice(0).reverse().forEach((fn) => {
      try {
        fn();
      } catch { /* unsubscribing must not throw */ }
    });
  };
  /** Applies any dataLayer change no hook saw. Cheap: the array, its length and last entry. */
  unsubscribe.poll = () => {
    if (stopped || busy) return;
    const dl = readWindow();
    if (dl !== seen.arr) return changed(true);
    if (!Array.isArray(dl)) return;
    try {
      const len = dl.length;
      if (len !== seen.len || (len > 0 && dl[len - 1] !== seen.last)) changed(false);
    } catch {
      changed(true);
    }
  };
  return unsubscribe;
}
