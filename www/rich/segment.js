// @segment/analytics-next rich mode: page/identify/group/track/alias with nested properties and
// traits, trackLink on the page's leaving link, and the SDK's own metrics (/m).
//   ?variant=default (one request per event: /t /p /i /g /a) | batching (deliveryStrategy
//   batching: /b)
import { route, guard } from '../sdk/page.js';
import { AnalyticsBrowser } from '@segment/analytics-next';
import { segmentPlugin, segmentLoadOptions } from 'consent-guard/integrations';
import { CANARIES, NESTED, TRAITS, GROUP_TRAITS, variant, mountFixture, appTraffic, throwUncaught, rejectUnhandled, throwInline, spaNavigate, consoleNoise, step } from './rich.js';

const box = mountFixture();
const apiHost = `${location.host}/segment/v1`;
const protocol = location.protocol.slice(0, -1);
const segmentIo = {
  apiKey: 'SEGMENTRICHKEY',
  apiHost,
  protocol,
  ...(variant === 'batching' ? { deliveryStrategy: { strategy: 'batching', config: { size: 10, timeout: 500 } } } : {}),
};
const analytics = AnalyticsBrowser.load(
  {
    writeKey: 'SEGMENTRICHKEY',
    cdnSettings: { integrations: { 'Segment.io': segmentIo }, metrics: { sampleRate: 1, flushTimer: 1000 } },
    plugins: route === 'hook' ? [segmentPlugin(guard)] : [],
  },
  route === 'hook' ? segmentLoadOptions(guard, { integrations: { 'Segment.io': { apiHost, protocol } } }) : { integrations: { 'Segment.io': { apiHost, protocol } } },
);
analytics.page('Checkout', { step: 1, order: NESTED.order });
// trackLink/trackSubmit navigate (or submit) themselves after tracking, whatever the page's own
// handlers do: only the leaving link gets one (trackSubmit would post the form away mid-run).
analytics.trackLink(box.querySelector('#rich-next'), 'Leave link clicked', (el) => ({ href: el.href, customer: CANARIES.prop_email }));

window.__rich = {
  sdk: 'segment',
  async api() {
    await analytics.identify(CANARIES.user_id, TRAITS);
    await analytics.group(CANARIES.group_key, GROUP_TRAITS);
    await analytics.track('checkout', NESTED, { context: { traits: { email: CANARIES.trait_email } } });
    await analytics.alias(CANARIES.alias);
    consoleNoise();
    await appTraffic();
    throwUncaught();
    rejectUnhandled();
    throwInline();
    step('api');
  },
  spa() {
    spaNavigate();
    analytics.page('Checkout step 2');
  },
  async flush() {
    await new Promise((r) => setTimeout(r, 1500));
  },
};
window.__flush = () => window.__rich.flush();
