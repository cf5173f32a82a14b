// posthog-js rich mode: the bundle that inlines every lazily loaded extension
// (posthog-js/full/no-external: replay recorder, exception autocapture, web vitals, dead clicks,
// logs), with everything that sends data on. The collector's remote config (token phc_RICH...)
// switches on session recording (with console and network payloads), heatmaps, web vitals,
// exception autocapture, dead clicks and console-log capture. Logs (/i/v1/logs) and metrics
// (/i/v1/metrics, with network metrics of the app's requests) are OTLP JSON.
//   ?variant=default | nobatch (request_batching: false) | nocompress (disable_compression: true)
import { route, guard } from '../sdk/page.js';
import posthog from 'posthog-js/full/no-external';
import { posthogConfig } from 'consent-guard/integrations';
import { CANARIES, NESTED, TRAITS, GROUP_TRAITS, variant, mountFixture, appTraffic, throwUncaught, rejectUnhandled, throwInline, spaNavigate, consoleNoise, step } from './rich.js';

mountFixture();
const config = {
  api_host: `${location.origin}/posthog`,
  persistence: 'localStorage+cookie',
  person_profiles: 'always',
  autocapture: true,
  capture_pageview: 'history_change',
  capture_pageleave: true,
  rageclick: true,
  capture_heatmaps: { flush_interval_milliseconds: 1000 },
  capture_dead_clicks: true,
  capture_exceptions: { capture_unhandled_errors: true, capture_unhandled_rejections: true, capture_console_errors: true },
  capture_performance: { web_vitals: true, network_timing: true },
  disable_session_recording: false,
  enable_recording_console_log: true,
  // Unmasked on purpose: the fixtures show where typed values and text sit in the rrweb stream.
  session_recording: { maskAllInputs: false, recordHeaders: true, recordBody: true },
  logs: { captureConsoleLogs: true, flushIntervalMs: 500 },
  metrics: { flushIntervalMs: 1000, network: true }, // /i/v1/metrics (OTLP JSON)
  disable_surveys: true,
  disable_external_dependency_loading: true,
  request_batching: variant !== 'nobatch',
  disable_compression: variant === 'nocompress',
  opt_out_useragent_filter: true, // headless Chromium looks like a bot
  debug: new URLSearchParams(location.search).has('debug'),
};
posthog.init('phc_RICHTOKEN', route === 'hook' ? posthogConfig(guard, config, { posthog }) : config);

window.__rich = {
  sdk: 'posthog',
  async api() {
    posthog.identify(CANARIES.user_id, TRAITS, { first_seen_email: CANARIES.trait_email });
    posthog.setPersonProperties({ phone: CANARIES.trait_phone });
    posthog.group('company', CANARIES.group_key, GROUP_TRAITS);
    posthog.capture('checkout', NESTED);
    posthog.alias(CANARIES.alias);
    posthog.isFeatureEnabled('rich-flag'); // $feature_flag_called
    posthog.captureException(new Error(CANARIES.error_captured), { order: NESTED.order });
    posthog.logger?.info?.(CANARIES.log_message, { customer: CANARIES.log_attr });
    posthog.captureLog?.({ body: `${CANARIES.log_message} (captureLog)`, level: 'warn', attributes: { customer: CANARIES.log_attr } });
    posthog.metrics?.count('checkout', 1, { attributes: { customer: CANARIES.metric_attr } });
    posthog.metrics?.histogram('cart_value', 42.5, { unit: 'none', attributes: { customer: CANARIES.metric_attr } });
    consoleNoise();
    console.error(`${CANARIES.console_message} (error)`);
    await appTraffic();
    throwUncaught();
    rejectUnhandled();
    throwInline();
    step('api');
  },
  spa: spaNavigate,
  async flush() {
    await new Promise((r) => setTimeout(r, 1500));
  },
};
window.__flush = () => window.__rich.flush();
