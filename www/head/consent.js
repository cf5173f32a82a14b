// The site's own consent set-up, as a classic script right after consent-guard.global.js at the
// top of <head>: it runs before any SDK snippet below it. Falls back to blocking if the engine
// cannot start (a CSP without 'wasm-unsafe-eval').
(function () {
  var endpoints = [{ vendor: 'posthog', hosts: [location.host], prefix: '/posthog' }];
  try {
    var guard = consentGuard.createGuardSync({ preset: 'posthog', consent: { analytics: true } });
    consentGuard.intercept(guard, { endpoints: endpoints });
    window.consentGuardInstance = guard;
  } catch (e) {
    consentGuard.blockTelemetry({ endpoints: endpoints });
  }
})();
