// Dedicated workers have a fetch of their own that no wrapper in the page reaches: Amplitude's
// session replay sends its uploads from a blob: worker. So a worker made from a blob: or data: URL
// starts with a prelude that sends every request bound for a telemetry host to the page over a
// private MessageChannel; the page's interceptor decides (classify, redact, block) and sends it
// with the realm's own fetch, as for any request of the page. Requests to other hosts leave from
// the worker as before.
//
// The prelude runs before the worker's own script: the worker is started from a new blob that
// holds the prelude and then loads the original script (importScripts, or import() for module
// workers) from a copy the page made, so an SDK that revokes its blob URL right after `new
// Worker(url)` still starts. Workers loaded from an http(s) URL are left as they are: wrapping
// them would change the base their own relative imports resolve against (see the README's limits).

/**
 * Wraps `win.Worker` (and `URL.createObjectURL`, to read back blob: scripts) for the interceptor.
 * `relay(message)` decides one request from a worker and resolves to the reply. Returns restore.
 */
export function wrapWorkers(env, relay) {
  const { win, ctx } = env;
  const Original = win.Worker;
  const createObjectURL = win.URL.createObjectURL;
  const scripts = new Map(); // blob: URL -> Blob, for the workers made from them
  win.URL.createObjectURL = function createObjectURL_(obj) {
    const url = createObjectURL.call(this, obj);
    try {
      if (obj instanceof win.Blob) scripts.set(url, obj);
    } catch { /* a MediaSource: not a script */ }
    return url;
  };
  Object.defineProperty(win.URL.createObjectURL, 'name', { value: 'createObjectURL' });
  win.URL.createObjectURL.toString = () => 'function createObjectURL() { [native code] }';

  // Answers a worker's requests on `port`; a worker that starts a worker of its own hands over
  // that one's port the same way.
  // Every port to a worker's prelude: a worker made before the page's settings arrived gets the
  // telemetry hosts once they are known.
  const ports = new Set();
  const hostList = () => ctx.table.flatMap((e) => e.hosts).map((re) => [re.source, re.flags]);
  let updating = null;
  function serve(port) {
    ports.add(port);
    if (ctx.hold) {
      updating ??= ctx.hold.then(() => {
        const hosts = hostList();
        for (const p of ports) p.postMessage({ __consentGuardHosts: hosts });
      }, () => {});
    }
    port.onmessage = (e) => {
      const message = e.data;
      if (message && message.__consentGuardNested === true && e.ports[0]) {
        serve(e.ports[0]);
        return;
      }
      Promise.resolve()
        .then(() => relay(message))
        .catch(() => ({ ok: false }))
        .then((reply) => port.postMessage({ ...reply, id: message?.id }));
    };
  }

  function Worker(url, options) {
    if (!new.target) throw new TypeError("Failed to construct 'Worker': Please use the 'new' operator");
    const href = String(url); // read once
    let target;
    try {
      target = new URL(href, win.document?.baseURI ?? win.location?.href);
    } catch {
      return Reflect.construct(Original, [href, options], new.target === Worker ? Original : new.target);
    }
    if (target.protocol !== 'blob:' && target.protocol !== 'data:') {
      return Reflect.construct(Original, [href, options], new.target === Worker ? Original : new.target);
    }
    const module = options?.type === 'module';
    // The script, from a URL the page owns: a copy of the Blob when it is known (the SDK may
    // revoke its own URL before the worker starts), else the URL itself.
    const known = target.protocol === 'blob:' ? scripts.get(target.href) : null;
    const scriptUrl = known ? createObjectURL.call(win.URL, known.slice(0, known.size, 'text/javascript')) : target.href;
    const nonce = `${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    // Made before the settings (ctx.hold): every fetch asks the page until the hosts come.
    const prelude = `(${workerPrelude.toString()})(${JSON.stringify(hostList())}, ${JSON.stringify(nonce)}, ${ctx.hold ? 'true' : 'false'});\n`;
    const blobUrl = (text) => createObjectURL.call(win.URL, new win.Blob([text], { type: 'text/javascript' }));
    // A module worker: static imports evaluate in order and before the worker takes messages, so
    // the prelude is a module of its own, imported first.
    const wrapperUrl = module
      ? blobUrl(`import ${JSON.stringify(blobUrl(prelude))};\nimport ${JSON.stringify(scriptUrl)};\n`)
      : blobUrl(`${prelude}importScripts(${JSON.stringify(scriptUrl)});\n`);
    const worker = Reflect.construct(Original, [wrapperUrl, options], new.target === Worker ? Original : new.target);
    const channel = new win.MessageChannel();
    serve(channel.port1);
    // First in the worker's queue, before anything the SDK posts: the prelude takes it.
    Original.prototype.postMessage.call(worker, { __consentGuard: nonce }, [channel.port2]);
    return worker;
  }
  Worker.prototype = Original.prototype;
  Object.setPrototypeOf(Worker, Original);
  Object.defineProperty(Worker, 'name', { value: 'Worker' });
  Worker.toString = () => 'function Worker() { [native code] }';
  win.Worker = Worker;
  return () => {
    if (win.Worker === Worker) win.Worker = Original;
    win.URL.createObjectURL = createObjectURL;
  };
}

/**
 * Runs first inside the worker (serialized with toString: it must not use anything from this
 * module). Requests to a telemetry host wait for the page's port, then go to the page; the page
 * answers with the response, `pass` (not telemetry after all: sent from here as asked) or a
 * failure. fetch is replaced where it is defined (the global scope's prototype), so no saved or
 * prototype reference reaches the original; XMLHttpRequest, importScripts, WebSocket and
 * EventSource to a telemetry host fail; a worker started from here gets this prelude too, and
 * its port is handed to the page.
 */
function workerPrelude(hostSources, nonce, provisionalAtStart) {
  const scope = self;
  let hosts = hostSources.map(([source, flags]) => new RegExp(source, flags));
  // Until the page's hosts arrive (a worker made before its settings), every fetch asks the page.
  let provisional = provisionalAtStart === true;
  const telemetry = (url) => {
    const host = url.host.toLowerCase().replace(/\.(?=(:\d+)?$)/, '');
    const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
    return hosts.some((re) => re.test(host) || re.test(hostname));
  };
  const urlOf = (raw) => {
    try {
      return new URL(String(raw), scope.location.href);
    } catch {
      return null;
    }
  };
  const refuse = (what) => new DOMException(`consent-guard blocked ${what} to a telemetry host`, 'NetworkError');
  const owner = (name) => {
    for (let o = scope; o; o = Object.getPrototypeOf(o)) if (Object.prototype.hasOwnProperty.call(o, name)) return o;
    return scope;
  };
  const native = (fn, name) => {
    Object.defineProperty(fn, 'name', { value: name });
    fn.toString = () => `function ${name}() { [native code] }`;
    return fn;
  };
  let port = null;
  const pending = new Map();
  let seq = 0;
  const ready = new Promise((resolve) => {
    const take = (e) => {
      if (!e.data || e.data.__consentGuard !== nonce) return;
      e.stopImmediatePropagation();
      scope.removeEventListener('message', take, true);
      port = e.ports[0];
      port.onmessage = (m) => {
        if (m.data && Array.isArray(m.data.__consentGuardHosts)) {
          hostSources = m.data.__consentGuardHosts;
          hosts = hostSources.map(([source, flags]) => new RegExp(source, flags));
          provisional = false;
          return;
        }
        const done = pending.get(m.data.id);
        pending.delete(m.data.id);
        if (done) done(m.data);
      };
      resolve();
    };
    scope.addEventListener('message', take, true);
  });
  const blocked = () => new TypeError('Failed to fetch');

  const fetchOwner = owner('fetch');
  const nativeFetch = fetchOwner.fetch;
  const guardedFetch = native(function fetch(input, init) {
    let request;
    try {
      request = new Request(input, init);
    } catch (e) {
      return Promise.reject(e);
    }
    const url = new URL(request.url);
    if (!provisional && !telemetry(url)) return nativeFetch.call(scope, request);
    return request.clone().arrayBuffer().then((buf) => ready.then(() => new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, (reply) => {
        if (reply.pass) resolve(nativeFetch.call(scope, request));
        else if (reply.ok) resolve(new Response([101, 204, 205, 304].includes(reply.status) ? null : reply.body, { status: reply.status, headers: reply.headers }));
        else reject(blocked());
      });
      port.postMessage({
        id, url: url.href, method: request.method, headers: [...request.headers], body: new Uint8Array(buf), keepalive: request.keepalive,
      });
    })), () => Promise.reject(blocked()));
  }, 'fetch');
  Object.defineProperty(fetchOwner, 'fetch', { value: guardedFetch, writable: true, configurable: true, enumerable: true });

  if (typeof scope.XMLHttpRequest === 'function') {
    const open = scope.XMLHttpRequest.prototype.open;
    const send = scope.XMLHttpRequest.prototype.send;
    const marked = new WeakSet();
    scope.XMLHttpRequest.prototype.open = native(function open_(method, url) {
      const u = urlOf(url);
      if (u && telemetry(u)) marked.add(this);
      else marked.delete(this);
      return open.apply(this, arguments);
    }, 'open');
    scope.XMLHttpRequest.prototype.send = native(function send_() {
      if (marked.has(this)) throw refuse('XMLHttpRequest');
      return send.apply(this, arguments);
    }, 'send');
  }

  const importOwner = owner('importScripts');
  const importScripts = importOwner.importScripts;
  if (typeof importScripts === 'function') {
    const guarded = native(function importScripts_(...urls) {
      for (const raw of urls) {
        const u = urlOf(raw);
        if (u && telemetry(u)) throw refuse('importScripts');
      }
      return importScripts.apply(scope, urls);
    }, 'importScripts');
    Object.defineProperty(importOwner, 'importScripts', { value: guarded, writable: true, configurable: true, enumerable: true });
  }

  for (const name of ['WebSocket', 'EventSource']) {
    const Original = scope[name];
    if (typeof Original !== 'function') continue;
    const Wrapped = native(function (url, ...rest) {
      if (!new.target) throw new TypeError(`Failed to construct '${name}': Please use the 'new' operator`);
      const u = urlOf(url);
      if (u && telemetry(u)) throw refuse(name);
      return Reflect.construct(Original, [url, ...rest], new.target === Wrapped ? Original : new.target);
    }, name);
    Wrapped.prototype = Original.prototype;
    Object.setPrototypeOf(Wrapped, Original);
    scope[name] = Wrapped;
  }

  // Workers started from here: blob: and data: scripts get this prelude; their port reaches the
  // page through this worker's.
  const NativeWorker = scope.Worker;
  if (typeof NativeWorker === 'function') {
    const createObjectURL = URL.createObjectURL;
    const scripts = new Map();
    URL.createObjectURL = native(function createObjectURL_(obj) {
      const url = createObjectURL.call(URL, obj);
      if (obj instanceof Blob) scripts.set(url, obj);
      return url;
    }, 'createObjectURL');
    const Worker = native(function (url, options) {
      if (!new.target) throw new TypeError("Failed to construct 'Worker': Please use the 'new' operator");
      const target = urlOf(url);
      if (!target || (target.protocol !== 'blob:' && target.protocol !== 'data:')) {
        return Reflect.construct(NativeWorker, [String(url), options], new.target === Worker ? NativeWorker : new.target);
      }
      const known = target.protocol === 'blob:' ? scripts.get(target.href) : null;
      const scriptUrl = known ? createObjectURL.call(URL, known.slice(0, known.size, 'text/javascript')) : target.href;
      const inner = `${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
      const prelude = `(${workerPrelude.toString()})(${JSON.stringify(hostSources)}, ${JSON.stringify(inner)}, ${provisional ? 'true' : 'false'});\n`;
      const blobUrl = (text) => createObjectURL.call(URL, new Blob([text], { type: 'text/javascript' }));
      const wrapperUrl = options?.type === 'module'
        ? blobUrl(`import ${JSON.stringify(blobUrl(prelude))};\nimport ${JSON.stringify(scriptUrl)};\n`)
        : blobUrl(`${prelude}importScripts(${JSON.stringify(scriptUrl)});\n`);
      const worker = Reflect.construct(NativeWorker, [wrapperUrl, options], new.target === Worker ? NativeWorker : new.target);
      const channel = new MessageChannel();
      NativeWorker.prototype.postMessage.call(worker, { __consentGuard: inner }, [channel.port1]);
      ready.then(() => port.postMessage({ __consentGuardNested: true }, [channel.port2]));
      return worker;
    }, 'Worker');
    Worker.prototype = NativeWorker.prototype;
    Object.setPrototypeOf(Worker, NativeWorker);
    scope.Worker = Worker;
  }
}
