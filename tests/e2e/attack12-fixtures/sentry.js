// @sentry/browser on the hook route as an app wires it. ?consent=<json> (default {}),
// ?scenario=offline: the app keeps Sentry's offline transport and, as sentryConfig's error
// message tells it, guards it with sentryTransport(guard, makeBrowserOfflineTransport(makeFetchTransport)).
// ?scenario=multiplexed: the same with makeMultiplexedTransport(makeFetchTransport, matcher).
// ?scenario=plain: sentryConfig as documented.
import { createGuard, intercept } from 'consent-guard/sync';
import * as Sentry from '@sentry/browser';
import { sentryConfig, sentryTransport } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const scenario = params.get('scenario') ?? 'plain';
const guard = createGuard({ preset: 'sentry', consent });
window.__guardReady = guard.then((g) => (window.__guard = g));
const config = {
  dsn: `${location.protocol}//PUBLICKEY123@${location.host}/sentry/1`,
  // ?tunnel=<path>: Sentry's `tunnel` option (envelopes POSTed to the app's own path).
  ...(params.get('tunnel') ? { tunnel: params.get('tunnel') } : {}),
  release: 'attack12@1.0.0',
  sendDefaultPii: true,
  defaultIntegrations: false,
  integrations: [Sentry.dedupeIntegration(), Sentry.httpContextIntegration()],
};
if (scenario === 'intercept') {
  // The interceptor route: every request (and resource load) to the collector's /sentry paths.
  guard.then((g) => intercept(g, { endpoints: [{ vendor: 'sentry', hosts: [location.host], prefix: '/sentry' }] }));
  Sentry.init(config);
} else if (scenario === 'offline') {
  Sentry.init({ ...config, transport: sentryTransport(guard, Sentry.makeBrowserOfflineTransport(Sentry.makeFetchTransport)) });
} else if (scenario === 'multiplexed') {
  // Sentry's documented way to route events to several DSNs (micro-frontends).
  Sentry.init({ ...config, transport: sentryTransport(guard, Sentry.makeMultiplexedTransport(Sentry.makeFetchTransport, () => [])) });
} else {
  Sentry.init(sentryConfig(guard, config, { sentry: Sentry }));
}
window.__Sentry = Sentry;
