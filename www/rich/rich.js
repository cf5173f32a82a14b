// Shared by the rich SDK pages (www/rich/<sdk>.html): the planted values (each a distinct
// canary, so a value found on the wire tells where it leaked from), the DOM every page carries
// (a link and a form whose URLs carry a query, inputs to type into, a button with text, an element
// with a data- attribute), and the app's own traffic (fetch and XHR to URLs with a query).
// scripts/capture-sdk-traffic.mjs drives these pages and searches every request for CANARIES.
//
// Each canary is a string that occurs nowhere else; emails use example.com so detectors see them.

/** Every planted value, keyed by where it was planted. */
export const CANARIES = {
  url_token: 'URLTOK-7c1d',                     // page URL query ?token=
  url_email: 'urlq.jane@example.com',           // page URL query ?email=
  url_hash: 'HASHTOK-0b8e',                     // page URL fragment
  title: 'Titus Canary TTL9',                   // document.title
  referrer_token: 'REFTOK-5b2a',                // the start page's URL (document.referrer)
  referrer_email: 'ref.jane@example.com',
  typed_email: 'typed.jane@example.com',        // typed into <input type=email>
  typed_text: 'TYPED-SECRET-8d2f',              // typed into <input type=text>
  typed_password: 'PWD-Hunter2-c9',             // typed into <input type=password>
  link_token: 'LINKTOK-4e7b',                   // <a href> query
  link_email: 'link.jane@example.com',
  form_token: 'FORMTOK-2a9c',                   // <form action> query
  form_email: 'form.jane@example.com',
  button_text: 'btn.jane@example.com',          // a button's text
  data_attr: 'attr.jane@example.com',           // data-customer="..." on a clicked element
  trait_email: 'trait.jane@example.com',        // identify traits / user properties
  trait_name: 'Traita Janeway',
  trait_phone: '+1 415 555 0199',
  user_id: 'user-UID-31f0',                     // identify id / distinct id
  alias: 'alias.jane@example.com',              // alias / second id
  prop_email: 'prop.jane@example.com',          // flat event property
  nested_email: 'nested.jane@example.com',      // nested event property
  nested_street: '12 Nested Lane NST4',
  nested_note: 'NOTE-NESTED-9e1',               // inside an array of objects
  group_key: 'GROUPKEY-acme-77',                // group id
  group_name: 'Acme Group GRP3 Inc',            // group properties
  group_email: 'group.admin@example.com',
  error_thrown: 'ERRTHROWN err.jane@example.com',        // uncaught throw (message)
  error_captured: 'ERRCAPTURED cap.jane@example.com',    // captureException(new Error(...))
  error_rejection: 'ERRREJECT rej.jane@example.com',     // unhandled promise rejection
  error_inline: 'ERRINLINE inline.jane@example.com',     // thrown from an inline script
  fetch_token: 'FETCHTOK-6c3d',                 // the app's fetch() URL query
  fetch_email: 'fetch.jane@example.com',
  fetch_body: 'FETCHBODY body.jane@example.com',// the app's fetch() request body
  fetch_header: 'hdr.jane@example.com',         // the app's fetch() request header x-app-user
  response_body: 'resp.jane@example.com',       // the app API's response body (collector /app-api/)
  xhr_token: 'XHRTOK-1a2b',                     // the app's XHR URL query
  fail_token: 'FAILTOK-5e5e',                   // the app's failing fetch (HTTP 500) URL query
  log_message: 'LOGMSG log.jane@example.com',   // an SDK logger message
  log_attr: 'logat.jane@example.com',           // an SDK logger attribute
  console_message: 'CONSOLE con.jane@example.com',// console.log / console.error
  spa_token: 'SPATOK-3f3f',                     // history.pushState URL query
  spa_email: 'spa.jane@example.com',
  next_token: 'NEXTTOK-9a9a',                   // the URL the page navigates to at the end
  cookie_value: 'COOKIE-SECRET-1f2e',           // document.cookie set by the app
  feedback: 'FEEDBACK fb.jane@example.com',     // user feedback message
  metric_attr: 'metric.jane@example.com',       // a metric attribute
  span_attr: 'spanat.jane@example.com',         // a manual span attribute
};

const params = new URLSearchParams(location.search);
/** Which variant of the SDK's setup this page runs (capture script: one run per variant). */
export const variant = params.get('variant') ?? 'default';

/** The app's own API (answered by the collector under /app-api/, never recorded as telemetry). */
export const FETCH_URL = `/app-api/orders?fetch_token=${CANARIES.fetch_token}&fetch_email=${encodeURIComponent(CANARIES.fetch_email)}`;
export const XHR_URL = `/app-api/profile?xhr_token=${CANARIES.xhr_token}`;
export const FAIL_URL = `/app-api/fail?fail_token=${CANARIES.fail_token}`;
export const LINK_URL = `/rich/next.html?link_token=${CANARIES.link_token}&link_email=${encodeURIComponent(CANARIES.link_email)}`;
export const FORM_ACTION = `/app-api/submit?form_token=${CANARIES.form_token}&form_email=${encodeURIComponent(CANARIES.form_email)}`;
export const SPA_URL = () => `${location.pathname}?${new URLSearchParams({ ...Object.fromEntries(params), spa_token: CANARIES.spa_token, spa_email: CANARIES.spa_email })}`;
export const NEXT_URL = `/rich/next.html?next_token=${CANARIES.next_token}`;

/** Nested event properties: objects in objects, arrays of objects. */
export const NESTED = {
  plan: 'pro',
  contact: CANARIES.prop_email,
  order: {
    id: 'ord-1',
    customer: { email: CANARIES.nested_email, address: { street: CANARIES.nested_street, city: 'Springfield' } },
    items: [{ sku: 'SKU-1', qty: 2, note: CANARIES.nested_note }],
  },
};
export const TRAITS = { email: CANARIES.trait_email, name: CANARIES.trait_name, phone: CANARIES.trait_phone, plan: 'pro' };
export const GROUP_TRAITS = { name: CANARIES.group_name, admin_email: CANARIES.group_email, employees: 77 };

document.title = `Checkout - ${CANARIES.title}`;
document.cookie = `app_session=${CANARIES.cookie_value}; path=/; SameSite=Lax`;

/** Builds the fixture DOM: a link, a form, inputs, a button and a data- attribute. */
export function mountFixture() {
  const box = document.createElement('section');
  box.id = 'rich';
  box.innerHTML = `
    <h2>Rich mode (${variant})</h2>
    <p><a id="rich-link" href="${LINK_URL.replace(/&/g, '&amp;')}">Order details</a>
       <a id="rich-next" href="${NEXT_URL}">Leave</a></p>
    <form id="rich-form" action="${FORM_ACTION.replace(/&/g, '&amp;')}" method="post">
      <label>Email <input id="rich-email" type="email" name="email" autocomplete="off"></label>
      <label>Note <input id="rich-text" type="text" name="note" autocomplete="off"></label>
      <label>Password <input id="rich-password" type="password" name="password" autocomplete="off"></label>
      <button id="rich-submit" type="submit">Pay now</button>
    </form>
    <p><button id="rich-button" type="button">Email ${CANARIES.button_text}</button>
       <span id="rich-data" data-customer="${CANARIES.data_attr}" class="customer-card">Customer card</span>
       <span id="rich-dead">Not a button (dead click)</span></p>`;
  // No live panel on rich pages: its refreshes would mutate the DOM every second (no dead clicks,
  // noise in every replay). What arrived is at /__collector.
  (document.getElementById('app') ?? document.body).append(box);
  // The link and the form stay on the page (the SDKs see the click and the submit); #rich-next
  // really navigates, at the end.
  box.querySelector('#rich-link').addEventListener('click', (e) => e.preventDefault());
  box.querySelector('#rich-form').addEventListener('submit', (e) => e.preventDefault());
  return box;
}

/** The app's own network traffic, seen by the SDKs' fetch/XHR instrumentation. */
export async function appTraffic() {
  try {
    await fetch(FETCH_URL, { method: 'POST', headers: { 'content-type': 'application/json', 'x-app-user': CANARIES.fetch_header }, body: JSON.stringify({ note: CANARIES.fetch_body }) });
  } catch { /* reported by the SDKs */ }
  try {
    await fetch(FAIL_URL);
  } catch { /* reported by the SDKs */ }
  await new Promise((done) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', XHR_URL);
    xhr.onloadend = done;
    xhr.send();
  });
}

/** Errors as apps make them: a caught-and-reported one is the SDK's own call; these escape. */
export function throwUncaught() {
  setTimeout(() => { throw new Error(CANARIES.error_thrown); }, 0);
}
export function rejectUnhandled() {
  Promise.reject(new Error(CANARIES.error_rejection));
}
/** Runs the inline script's thrower (rich pages carry one), so frames carry the page URL. */
export function throwInline() {
  window.__richInlineThrow?.();
}

/** An SPA navigation to a URL with a query. */
export function spaNavigate() {
  history.pushState({ step: 2 }, '', SPA_URL());
}

export function consoleNoise() {
  console.log(CANARIES.console_message, { email: CANARIES.console_message });
  console.warn(`${CANARIES.console_message} (warn)`);
}

const done = [];
/** The capture script waits for window.__richDone and reads window.__richSteps. */
export function step(name) {
  done.push(name);
  window.__richSteps = done;
}
