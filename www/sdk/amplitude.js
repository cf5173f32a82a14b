// @amplitude/analytics-browser demo: enrichment plugins (before and after init) on the hook
// route, the interceptor on the other.
import { route, guard, mountPanel, captured, CANARY } from './page.js';
import * as amplitude from '@amplitude/analytics-browser';
import { addAmplitudePlugin } from 'consent-guard/integrations';

const options = {
  serverUrl: `${location.origin}/amplitude/2/httpapi`,
  fetchRemoteConfig: false,
  flushIntervalMillis: 200,
  autocapture: { attribution: true, pageViews: true, sessions: true, formInteractions: true, elementInteractions: true, fileDownloads: false },
};
const ready = route === 'hook' ? addAmplitudePlugin(amplitude, 'AMPLITUDEAPIKEY123', options, guard) : amplitude.init('AMPLITUDEAPIKEY123', options).promise;

const actions = {
  'Identify': () => {
    amplitude.setUserId('user-123');
    const id = new amplitude.Identify();
    for (const [k, v] of Object.entries(CANARY.traits)) id.set(k, v);
    amplitude.identify(id);
    captured('identify', CANARY.traits);
  },
  'Track checkout': () => {
    amplitude.track('checkout', CANARY.properties);
    captured('checkout', CANARY.properties);
  },
  [`Email ${CANARY.email}`]: () => captured('click', 'autocaptured button'),
};
// For bench/hooks.mjs: one capture() call of this SDK.
window.__capture = () => amplitude.track('checkout', CANARY.properties);
mountPanel('amplitude', actions);
window.__flush = async () => {
  await ready.catch(() => {});
  await amplitude.flush().promise;
};
actions.Identify();
actions['Track checkout']();
