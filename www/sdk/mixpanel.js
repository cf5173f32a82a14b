// mixpanel-browser demo: mixpanelConfig (every before_send hook, no skipped hooks) on the hook
// route, the interceptor on the other.
import { route, guard, mountPanel, captured, CANARY } from './page.js';
import mixpanel from 'mixpanel-browser';
import { mixpanelConfig } from 'consent-guard/integrations';

const config = {
  api_host: `${location.origin}/mixpanel`,
  persistence: 'localStorage',
  track_pageview: true,
  batch_requests: true,
  batch_flush_interval_ms: 300,
};
mixpanel.init('MIXPANELTOKEN', route === 'hook' ? mixpanelConfig(guard, config, { mixpanel }) : config);

const actions = {
  'Identify': () => {
    mixpanel.identify('user-123');
    mixpanel.people.set(CANARY.traits);
    captured('identify', CANARY.traits);
  },
  'Track checkout': () => {
    mixpanel.track('checkout', CANARY.properties);
    captured('checkout', CANARY.properties);
  },
  [`Email ${CANARY.email}`]: () => {
    mixpanel.track('button clicked', { text: `Email ${CANARY.email}` });
    captured('click', { text: `Email ${CANARY.email}` });
  },
};
// For bench/hooks.mjs: one capture() call of this SDK.
window.__capture = () => mixpanel.track('checkout', CANARY.properties);
mountPanel('mixpanel', actions);
window.__flush = async () => {};
actions.Identify();
actions['Track checkout']();
