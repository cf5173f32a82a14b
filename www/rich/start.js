// /rich/start.html?to=<sdk>&ref_token=...&<the rich page's own query>: points #go at the rich page
// with the query minus `to` and `ref_*`, so that page's document.referrer is this URL.
const params = new URLSearchParams(location.search);
const to = params.get('to') ?? 'posthog';
const forward = new URLSearchParams([...params].filter(([k]) => k !== 'to' && !k.startsWith('ref_')));
document.getElementById('go').href = `/rich/${to}.html?${forward}${location.hash}`;
document.getElementById('go').textContent = `Go to ${to}`;
