// @amplitude/analytics-browser rich mode: autocapture of everything (attribution, page views with
// SPA history changes, sessions, form interactions, element clicks with data- attributes,
// frustration clicks, network tracking of the app's fetch/XHR with any status, web vitals, page
// URL enrichment), identify with user-property operations, groups and group identify, revenue,
// remote config (the collector's /amplitude/config), and the session replay plugin
// (@amplitude/plugin-session-replay-browser: /amplitude/sessions/v2/track).
//   ?variant=default | noworker (replay compression on the main thread, no transport gzip)
import { route, guard } from '../sdk/page.js';
import * as amplitude from '@amplitude/analytics-browser';
import { sessionReplayPlugin } from '@amplitude/plugin-session-replay-browser';
import { addAmplitudePlugin, amplitudeReplayOptions } from 'consent-guard/integrations';
import { CANARIES, NESTED, TRAITS, GROUP_TRAITS, variant, mountFixture, appTraffic, throwUncaught, rejectUnhandled, throwInline, spaNavigate, consoleNoise, step } from './rich.js';

mountFixture();
const KEY = 'AMPLITUDERICHKEY1';
const options = {
  serverUrl: `${location.origin}/amplitude/2/httpapi`,
  remoteConfig: { fetchRemoteConfig: true, serverUrl: `${location.origin}/amplitude/config` },
  flushIntervalMillis: 300,
  autocapture: {
    attribution: true,
    pageViews: { trackHistoryChanges: 'all' },
    sessions: true,
    formInteractions: true,
    fileDownloads: true,
    elementInteractions: { dataAttributePrefix: 'data-' },
    frustrationInteractions: true,
    // The app's own API only: with the collector on the page's origin (as with a first-party
    // proxy) a catch-all rule also captures the SDK's own uploads, bodies included, each flush
    // nesting the last one (ignoreAmplitudeRequests knows only Amplitude's hosts).
    networkTracking: { captureRules: [{ urls: [/\/app-api\//], statusCodeRange: '0,100-599', requestHeaders: true, responseHeaders: true, requestBody: { allowlist: ['**'] }, responseBody: { allowlist: ['**'] } }] },
    webVitals: true,
    pageUrlEnrichment: true,
  },
  logLevel: new URLSearchParams(location.search).has('debug') ? amplitude.Types.LogLevel.Debug : amplitude.Types.LogLevel.Warn,
};
const replayOptions = {
  sampleRate: 1,
  configServerUrl: `${location.origin}/amplitude/config`,
  trackServerUrl: `${location.origin}/amplitude/sessions/v2/track`,
  privacyConfig: { defaultMaskLevel: 'light' },
  useWebWorker: variant !== 'noworker',
  enableTransportCompression: variant !== 'noworker',
};
// The hook route: replay uploads go through a guarded transport (handleSendEvents).
amplitude.add(sessionReplayPlugin(route === 'hook' ? amplitudeReplayOptions(guard, replayOptions) : replayOptions));
const ready = route === 'hook' ? addAmplitudePlugin(amplitude, KEY, options, guard) : amplitude.init(KEY, options).promise;

window.__rich = {
  sdk: 'amplitude',
  async api() {
    await ready.catch(() => {});
    amplitude.setUserId(CANARIES.user_id);
    const id = new amplitude.Identify();
    for (const [k, v] of Object.entries(TRAITS)) id.set(k, v);
    id.setOnce('first_email', CANARIES.trait_email).append('emails', CANARIES.prop_email).add('logins', 1);
    amplitude.identify(id);
    amplitude.setGroup('company', CANARIES.group_key);
    const gid = new amplitude.Identify();
    for (const [k, v] of Object.entries(GROUP_TRAITS)) gid.set(k, v);
    amplitude.groupIdentify('company', CANARIES.group_key, gid);
    amplitude.track('checkout', NESTED);
    amplitude.revenue(new amplitude.Revenue().setProductId('SKU-1').setPrice(42.5).setQuantity(1).setEventProperties({ customer: CANARIES.prop_email }));
    consoleNoise();
    await appTraffic();
    throwUncaught();
    rejectUnhandled();
    throwInline();
    step('api');
  },
  spa: spaNavigate,
  async flush() {
    await new Promise((r) => setTimeout(r, 1500));
    await amplitude.flush().promise;
  },
};
window.__flush = () => window.__rich.flush();
