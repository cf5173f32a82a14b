// Stands in for an SDK snippet loaded after the head snippet: it keeps its own reference to
// fetch at load time, as posthog-js does, and sends when the page asks.
(function () {
  var cachedFetch = window.fetch;
  var event = { event: 'checkout', properties: { contact: 'jane.doe@example.com', plan: 'pro', $current_url: location.href } };
  window.sendTelemetry = function () {
    return cachedFetch('/posthog/e/', { method: 'POST', body: JSON.stringify({ batch: [event] }) });
  };
  window.sendBeaconTelemetry = function () {
    return navigator.sendBeacon('/posthog/e/', new Blob([JSON.stringify({ batch: [event] })], { type: 'text/plain' }));
  };
})();
