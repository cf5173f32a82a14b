// @segment/analytics-next demo: a `before` plugin on the hook route, the interceptor on the other.
import { route, guard, mountPanel, captured, CANARY } from './page.js';
import { AnalyticsBrowser } from '@segment/analytics-next';
import { segmentPlugin, segmentLoadOptions } from 'consent-guard/integrations';

const analytics = AnalyticsBrowser.load(
  {
    writeKey: 'SEGMENTWRITEKEY',
    cdnSettings: {
      integrations: { 'Segment.io': { apiKey: 'SEGMENTWRITEKEY', apiHost: `${location.host}/segment/v1`, protocol: location.protocol.slice(0, -1) } },
    },
    plugins: route === 'hook' ? [segmentPlugin(guard)] : [],
  },
  (route === 'hook' ? (o) => segmentLoadOptions(guard, o) : (o) => o)({ integrations: { 'Segment.io': { apiHost: `${location.host}/segment/v1`, protocol: location.protocol.slice(0, -1) } } }),
);

const actions = {
  'Identify': () => {
    analytics.identify('user-123', CANARY.traits);
    captured('identify', CANARY.traits);
  },
  'Track checkout': () => {
    analytics.track('checkout', CANARY.properties);
    captured('checkout', CANARY.properties);
  },
  [`Email ${CANARY.email}`]: () => {
    analytics.track('button clicked', { text: `Email ${CANARY.email}` });
    captured('click', { text: `Email ${CANARY.email}` });
  },
};
// For bench/hooks.mjs: one capture() call of this SDK.
window.__capture = () => analytics.track('checkout', CANARY.properties);
mountPanel('segment', actions);
window.__flush = async () => {};
analytics.page();
actions.Identify();
actions['Track checkout']();
