// posthog-js demo: posthogConfig (before_send and the other hooks) on the hook route, the interceptor on the other.
import { route, guard, mountPanel, captured, CANARY } from './page.js';
import posthog from 'posthog-js';
import { posthogConfig } from 'consent-guard/integrations';

const config = {
  api_host: `${location.origin}/posthog`,
  persistence: 'memory',
  autocapture: true,
  capture_pageview: true,
  capture_pageleave: true,
  disable_session_recording: true,
  disable_surveys: true,
  disable_external_dependency_loading: true,
  request_batching: false,
  opt_out_useragent_filter: true, // headless Chromium in the tests looks like a bot
  debug: new URLSearchParams(location.search).has('debug'),
};
// The hook route: before_send and the logs/metrics hooks, memory persistence until storage is
// allowed, /flags off (it passes no hook).
posthog.init('phc_TESTPROJECTTOKEN', route === 'hook' ? posthogConfig(guard, config, { posthog }) : config);

const actions = {
  'Identify': () => {
    posthog.identify('user-123', CANARY.traits);
    captured('identify', CANARY.traits);
  },
  'Track checkout': () => {
    posthog.capture('checkout', CANARY.properties);
    captured('checkout', CANARY.properties);
  },
  [`Email ${CANARY.email}`]: () => captured('click', 'autocaptured button'),
};
// For bench/hooks.mjs: one capture() call of this SDK.
window.__capture = () => posthog.capture('checkout', CANARY.properties);
mountPanel('posthog', actions);
window.__flush = async () => {};
actions.Identify();
actions['Track checkout']();
