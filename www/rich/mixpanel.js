// mixpanel-browser rich mode: autocapture (clicks, inputs, submits, dead/rage clicks, scroll,
// page views with the full URL), track_pageview, identify ($identify is sent with skip_hooks),
// alias ($create_alias, skip_hooks), people.set / set_once / union, groups (set_group,
// get_group().set: /groups/), session recording (record_sessions_percent: 100: /record/, with
// console, network and heatmap data), feature flags (/flags/) and remote settings (/settings/).
//   ?variant=default (batched JSON-in-form, /track/ /engage/ /groups/)
//          | nobatch (batch_requests: false) | get (api_method: 'GET', ?data= in the query)
//          | beacon (api_transport: 'sendBeacon')
import { route, guard } from '../sdk/page.js';
import mixpanel from 'mixpanel-browser';
import { mixpanelConfig } from 'consent-guard/integrations';
import { CANARIES, NESTED, TRAITS, GROUP_TRAITS, variant, mountFixture, appTraffic, throwUncaught, rejectUnhandled, throwInline, spaNavigate, consoleNoise, step } from './rich.js';

mountFixture();
const config = {
  api_host: `${location.origin}/mixpanel`,
  persistence: 'localStorage',
  track_pageview: 'full-url',
  autocapture: {
    pageview: 'full-url',
    click: true,
    dead_click: true,
    input: true,
    rage_click: true,
    scroll: true,
    submit: true,
    capture_text_content: true,
    capture_extra_attrs: ['data-customer'],
  },
  batch_requests: variant !== 'nobatch' && variant !== 'get',
  batch_flush_interval_ms: 500,
  api_method: variant === 'get' ? 'GET' : 'POST',
  api_transport: variant === 'beacon' ? 'sendBeacon' : 'XHR',
  record_sessions_percent: 100,
  // unmasked on purpose: the fixtures show where typed values and text sit in the recording
  record_mask_all_inputs: false,
  record_mask_all_text: false,
  record_network: true,
  record_console: true,
  record_heatmap_data: true,
  record_min_ms: 0,
  flags: true,
  remote_settings_mode: 'fallback',
  debug: new URLSearchParams(location.search).has('debug'),
};
mixpanel.init('MIXPANELRICHTOKEN', route === 'hook' ? mixpanelConfig(guard, config, { mixpanel }) : config);

window.__rich = {
  sdk: 'mixpanel',
  async api() {
    mixpanel.identify(CANARIES.user_id);
    mixpanel.people.set(TRAITS);
    mixpanel.people.set_once({ first_email: CANARIES.trait_email });
    mixpanel.people.union({ tags: [CANARIES.prop_email] });
    mixpanel.register({ customer_email: CANARIES.prop_email });
    mixpanel.set_group('company', CANARIES.group_key);
    mixpanel.get_group('company', CANARIES.group_key).set(GROUP_TRAITS);
    mixpanel.track('checkout', NESTED);
    mixpanel.track_pageview({ page: 'checkout' });
    mixpanel.alias(CANARIES.alias);
    consoleNoise();
    await appTraffic();
    throwUncaught();
    rejectUnhandled();
    throwInline();
    step('api');
  },
  spa: spaNavigate,
  async flush() {
    await new Promise((r) => setTimeout(r, 2000));
  },
};
window.__flush = () => window.__rich.flush();
