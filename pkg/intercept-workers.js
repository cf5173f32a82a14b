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
    const hosts = ctx.table.flatMap((e) => e.hosts).map((re) => [re.source, re.flags]);
    const prelude = `(${workerPrelude.toString()})(${JSON.stringify(hosts)}, ${JSON.stringify(nonce)});\n`;
    const blobUrl = (text) => createObjectURL.call(win.URL, new win.Blob([text], { type: 'text/javascript' }));
    // A module worker: static imports evaluate in order and before the worker takes messages, so
    // the prelude is a module of its own, imported first.
    const wrapperUrl = module
      ? blobUrl(`import ${JSON.stringify(blobUrl(prelude))};\nimport ${JSON.stringify(scriptUrl)};\n`)
      : blobUrl(`${prelude}importScripts(${JSON.stringify(scriptUrl)});\n`);
    const worker = Reflect.construct(Original, [wrapperUrl, options], new.target === Worker ? Original : new.target);
    const channel = new win.MessageChannel();
    channel.port1.onmessage = (e) => {
      const message = e.data;
      Promise.resolve()
        .then(() => relay(message))
        .catch(() => ({ ok: false }))
        .then((reply) => channel.port1.postMessage({ ...reply, id: message?.id }));
    };
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
 * failure. XMLHttpRequest to a telemetry host fails: workers' telemetry uses fetch.
 */
function workerPrelude(hostSources, nonce) {
  const scope = self;
  const nativeFetch = scope.fetch;
  const hosts = hostSources.map(([source, flags]) => new RegExp(source, flags));
  const telemetry = (url) => {
    const host = url.host.toLowerCase().replace(/\.(?=(:\d+)?$)/, '');
    const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
    return hosts.some((re) => re.test(host) || re.test(hostname));
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
        const done = pending.get(m.data.id);
        pending.delete(m.data.id);
        if (done) done(m.data);
      };
      resolve();
    };
    scope.addEventListener('message', take, true);
  });
  const blocked = () => new TypeError('Failed to fetch');
  scope.fetch = function fetch(input, init) {
    let request;
    try {
      request = new Request(input, init);
    } catch (e) {
      return Promise.reject(e);
    }
    const url = new URL(request.url);
    if (!telemetry(url)) return nativeFetch.call(this, input, init);
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
  };
  scope.fetch.toString = () => 'function fetch() { [native code] }';
  if (typeof scope.XMLHttpRequest === 'function') {
    const open = scope.XMLHttpRequest.prototype.open;
    const send = scope.XMLHttpRequest.prototype.send;
    const marked = new WeakSet();
    scope.XMLHttpRequest.prototype.open = function (method, url) {
      try {
        if (telemetry(new URL(String(url), scope.location.href))) marked.add(this);
        else marked.delete(this);
      } catch { /* open itself throws on a bad URL */ }
      return open.apply(this, arguments);
    };
    scope.XMLHttpRequest.prototype.send = function () {
      if (marked.has(this)) throw new DOMException('consent-guard: a worker request to a telemetry host must use fetch', 'NetworkError');
      return send.apply(this, arguments);
    };
  }
}
