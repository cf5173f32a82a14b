// Reading the consent signals a page already has, once (readSignals) or live (followSignals).
// Decoding and combining happen in the Wasm core (consentFromSignals); this file only talks to
// the page's APIs: navigator, __tcfapi, __gpp, __uspapi and dataLayer.

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

/** Only the `consent` commands of a dataLayer, copied (gtag pushes `arguments` objects). */
export function consentCommands(dataLayer) {
  if (!Array.isArray(dataLayer)) return null;
  const out = [];
  for (const entry of dataLayer) {
    const args = entry && typeof entry === 'object' && entry[0] === 'consent' ? Array.from(entry) : null;
    if (args && (args[1] === 'default' || args[1] === 'update')) out.push(args.slice(0, 3));
  }
  return out;
}

function tcStringOf(tcData, success) {
  if (!success || !tcData) return null;
  // gdprApplies false: TCF does not apply here, so it says nothing.
  if (tcData.gdprApplies === false) return null;
  return typeof tcData.tcString === 'string' && tcData.tcString ? tcData.tcString : null;
}

/** The signals present in `win`, read once. Resolves within `timeoutMs` even if a CMP never answers. */
export async function readSignals(win = globalThis, { timeoutMs = 500 } = {}) {
  const nav = win.navigator ?? {};
  const signals = {};
  if (typeof nav.globalPrivacyControl === 'boolean') signals.gpc = nav.globalPrivacyControl;
  if (typeof nav.doNotTrack === 'string') signals.dnt = nav.doNotTrack;
  const [tcf, gpp, usp] = await Promise.all([
    typeof win.__tcfapi === 'function'
      ? ask((done) => win.__tcfapi('getTCData', 2, (d, ok) => done(tcStringOf(d, ok))), timeoutMs)
      : null,
    typeof win.__gpp === 'function'
      ? ask((done) => win.__gpp('ping', (d) => done(d?.gppString || null)), timeoutMs)
      : null,
    typeof win.__uspapi === 'function'
      ? ask((done) => win.__uspapi('getUSPData', 1, (d, ok) => done(ok ? d?.uspString ?? null : null)), timeoutMs)
      : null,
  ]);
  if (tcf) signals.tcf = tcf;
  if (gpp) signals.gpp = gpp;
  if (usp) signals.usp = usp;
  const commands = consentCommands(win.dataLayer);
  if (commands?.length) signals.consentMode = commands;
  return signals;
}

/**
 * Keeps `apply(signals)` called with the page's current signals: now, and whenever the TCF or
 * GPP CMP reports a change or a consent command is pushed to dataLayer. Returns unsubscribe.
 */
export function followSignals(win, apply) {
  const nav = win.navigator ?? {};
  const current = {};
  if (typeof nav.globalPrivacyControl === 'boolean') current.gpc = nav.globalPrivacyControl;
  if (typeof nav.doNotTrack === 'string') current.dnt = nav.doNotTrack;
  const update = (patch) => {
    Object.assign(current, patch);
    for (const k of Object.keys(current)) if (current[k] === null) delete current[k];
    apply({ ...current });
  };
  const undo = [];

  if (typeof win.__tcfapi === 'function') {
    let listenerId = null;
    const onTc = (tcData, success) => {
      if (tcData && tcData.listenerId !== undefined) listenerId = tcData.listenerId;
      update({ tcf: tcStringOf(tcData, success) });
    };
    try {
      win.__tcfapi('addEventListener', 2, onTc);
      undo.push(() => win.__tcfapi('removeEventListener', 2, () => {}, listenerId));
    } catch { /* a broken CMP is no signal */ }
  }
  if (typeof win.__gpp === 'function') {
    let listenerId = null;
    const onGpp = (event) => {
      if (event && event.listenerId !== undefined) listenerId = event.listenerId;
      const gpp = event?.pingData?.gppString;
      if (gpp !== undefined) update({ gpp: gpp || null });
    };
    try {
      win.__gpp('addEventListener', onGpp);
      undo.push(() => win.__gpp('removeEventListener', () => {}, listenerId));
    } catch { /* a broken CMP is no signal */ }
  }
  if (typeof win.__uspapi === 'function') {
    try {
      win.__uspapi('getUSPData', 1, (d, ok) => ok && d?.uspString && update({ usp: d.uspString }));
    } catch { /* no signal */ }
  }
  // dataLayer: read what is there, then see every later push. gtag and GTM replace push too,
  // so ours forwards to whatever push was there before it.
  win.dataLayer = win.dataLayer ?? [];
  const dl = win.dataLayer;
  const commands = consentCommands(dl);
  if (commands?.length) current.consentMode = commands;
  const previous = dl.push;
  const ours = function (...entries) {
    const result = previous.apply(this, entries);
    if (entries.some((e) => e && typeof e === 'object' && e[0] === 'consent')) {
      update({ consentMode: consentCommands(dl) });
    }
    return result;
  };
  dl.push = ours;
  undo.push(() => {
    if (dl.push === ours) dl.push = previous;
  });

  apply({ ...current });
  return () => undo.splice(0).forEach((fn) => {
    try {
      fn();
    } catch { /* unsubscribing must not throw */ }
  });
}
