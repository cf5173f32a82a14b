// Amplitude on the hook route, wired the ways attack14 tries (the real SDK, bundled as an app
// bundles it). ?consent=<json> (default {}), ?scenario=
//   readd      addAmplitudePlugin, then the app swaps the guard's plugin (remove 'consent-guard',
//              add amplitudePlugin(guard) again), then adds its own enrichment plugin
//   reinit     addAmplitudePlugin, then the app calls amplitude.init again (with amplitudeConfig)
//   replay     after init, the app adds a session replay plugin (plain options) and the guard's
//              plugin in the same tick, as `init().promise.then(() => { add(a); add(b) })` does
//   queued     the guard's plugin, an app enrichment plugin with no `type` and a `before` plugin
//              are all added before init (queued by the SDK); a createInstance() client
import { createGuard } from 'consent-guard/sync';
import * as amplitude from '@amplitude/analytics-browser';
import { sessionReplayPlugin } from '@amplitude/plugin-session-replay-browser';
import { addAmplitudePlugin, amplitudePlugin, amplitudeConfig } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const scenario = params.get('scenario') ?? 'readd';
const guard = createGuard({ preset: 'amplitude', consent });
window.__guardReady = Promise.resolve(guard).then((g) => (window.__guard = g));
const KEY = 'AMPLITUDEATTACK14';
const options = {
  serverUrl: `${location.origin}/amplitude/2/httpapi`,
  fetchRemoteConfig: false,
  flushIntervalMillis: 200,
  autocapture: false,
};
const replayOptions = {
  sampleRate: 1,
  configServerUrl: `${location.origin}/amplitude/config`,
  trackServerUrl: `${location.origin}/amplitude/sessions/v2/track`,
  privacyConfig: { defaultMaskLevel: 'light' },
  storeType: 'memory',
};
// The app's own enrichment: a contact address and the page URL (query included) on every event.
const appEnrichment = (name, contact, type = 'enrichment') => ({
  name,
  ...(type === undefined ? {} : { type }),
  execute: async (event) => ({ ...event, event_properties: { ...event.event_properties, contact, page: location.href } }),
});

let client = amplitude;
async function run() {
  if (scenario === 'readd') {
    await addAmplitudePlugin(amplitude, KEY, options, guard);
    await amplitude.remove('consent-guard').promise;
    await amplitude.add(amplitudePlugin(guard)).promise;
    await amplitude.add(appEnrichment('app-enrichment', 'readd.jane@example.com')).promise;
  } else if (scenario === 'reinit') {
    await addAmplitudePlugin(amplitude, KEY, options, guard);
    await amplitude.init(KEY, amplitudeConfig(guard, options)).promise;
  } else if (scenario === 'replay') {
    await amplitude.init(KEY, amplitudeConfig(guard, options)).promise.then(() => {
      amplitude.add(sessionReplayPlugin(replayOptions));
      return amplitude.add(amplitudePlugin(guard)).promise;
    });
  } else if (scenario === 'queued') {
    client = amplitude.createInstance();
    client.add(amplitudePlugin(guard));
    client.add(appEnrichment('app-untyped', 'queued.jane@example.com', undefined));
    client.add({ name: 'app-before', type: 'before', execute: async (event) => ({ ...event, event_properties: { ...event.event_properties, early: 'queuedbefore.jane@example.com' } }) });
    await client.init(KEY, amplitudeConfig(guard, options)).promise;
    await client.add(appEnrichment('app-later', 'queuedlater.jane@example.com', undefined)).promise;
  }
}
window.__ready = run();
window.__track = (props) => client.track('checkout', props);
window.__flush = () => client.flush().promise;
window.__amplitude = amplitude;
